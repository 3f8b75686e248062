using SpikeSim.Neurons;
using SpikeSim.Units;

namespace SpikeSim.Modeling;

/// <summary>What a recorded state variable is computed from.</summary>
public enum RecordableKind
{
    /// <summary>A state variable of the neuron's model: <see cref="RecordableVariable.Index"/> is its index in <see cref="SpikingModel.StateVariables"/>.</summary>
    Neuron,
    /// <summary>The mean short-term utilisation u of the neuron's incoming synapses of projection <see cref="RecordableVariable.Index"/> (see <see cref="RecordableVariables"/>).</summary>
    ShortTermU,
    /// <summary>The mean short-term resources x of the neuron's incoming synapses of projection <see cref="RecordableVariable.Index"/>.</summary>
    ShortTermX,
}

/// <summary>A variable that a state recording (<see cref="StateRecordSpec"/>) of a population may name.</summary>
/// <param name="Name">The name in the model file and in state.csv's <c>variable</c> column, e.g. <c>i_syn_ex</c>.</param>
/// <param name="Dimension">Its dimension: state.csv's value is in the dimension's internal unit (<see cref="Unit"/>).</param>
/// <param name="Description">One sentence.</param>
/// <param name="Kind">What it is computed from.</param>
/// <param name="Index">The model's state-variable index (<see cref="RecordableKind.Neuron"/>) or the projection's index in model order.</param>
public sealed record RecordableVariable(string Name, Dimension Dimension, string Description, RecordableKind Kind, int Index)
{
    /// <summary>The unit of the values in state.csv, e.g. <c>mV</c> (empty for a pure number).</summary>
    public string Unit => UnitTable.InternalUnit(Dimension);
}

/// <summary>
/// The variables a state recording can name, from the neuron registry and the model's projections: the neuron
/// model's own state variables (<see cref="SpikingModel.StateVariables"/>, declared by each model with their units),
/// then, for each projection with short-term plasticity onto the population, <c>stp_u:PROJECTION</c> and
/// <c>stp_x:PROJECTION</c>.
/// </summary>
/// <remarks>
/// <para><b>Short-term plasticity</b> (Tsodyks-Markram in NEST <c>tsodyks2_synapse</c>'s form): at its n-th spike a
/// synapse transmits w u_n x_n. Its state at a time t between spikes is written as what a spike arriving at t would
/// use: u(t) = U + u_n (1 - U) e^(-(t - t_n)/tau_fac) (U when tau_fac = 0) and
/// x(t) = 1 + (x_n (1 - u_n) - 1) e^(-(t - t_n)/tau_rec), x recovering towards 1 since the last spike t_n; before the
/// first spike u = U, x = 1. So w u(t) x(t) is the weight a spike at t would transmit, and at a spike's arrival time
/// (sampled before the arrival, like every sample) u and x are exactly that spike's u_n and x_n.
/// <c>stp_u:P</c> and <c>stp_x:P</c> are the means of u(t) and x(t) over the neuron's incoming synapses of
/// projection P (summed in slot order; NaN when the neuron has none): one number per neuron and projection, as the
/// neuron sees its inputs, rather than one per synapse.</para>
/// </remarks>
public static class RecordableVariables
{
    /// <summary>Prefix of the mean short-term utilisation of a projection: <c>stp_u:PROJECTION</c>.</summary>
    public const string ShortTermUPrefix = "stp_u:";

    /// <summary>Prefix of the mean short-term resources of a projection: <c>stp_x:PROJECTION</c>.</summary>
    public const string ShortTermXPrefix = "stp_x:";

    /// <summary>
    /// Every variable a state recording of <paramref name="population"/> can name, in order: its model's state
    /// variables, then <c>stp_u:P</c>, <c>stp_x:P</c> for each projection P with short-term plasticity onto it.
    /// </summary>
    /// <param name="population">The recorded population (a spiking one).</param>
    /// <param name="projections">The model's projections, in model order.</param>
    public static IReadOnlyList<RecordableVariable> Of(PopulationSpec population, IReadOnlyList<ProjectionSpec> projections)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(projections);
        var list = new List<RecordableVariable>();
        IReadOnlyList<StateVariable> own = SpikingModels.Of(population.Neuron).StateVariables;
        for (int i = 0; i < own.Count; i++)
            list.Add(new RecordableVariable(own[i].Name, own[i].Dimension, own[i].Description, RecordableKind.Neuron, i));
        for (int j = 0; j < projections.Count; j++)
        {
            ProjectionSpec p = projections[j];
            if (p.ShortTerm is null || p.To != population.Name) continue;
            list.Add(new RecordableVariable(ShortTermUPrefix + p.Name, Dimension.Dimensionless,
                $"Mean short-term utilisation u that a spike arriving now through projection \"{p.Name}\" would use", RecordableKind.ShortTermU, j));
            list.Add(new RecordableVariable(ShortTermXPrefix + p.Name, Dimension.Dimensionless,
                $"Mean short-term resources x that a spike arriving now through projection \"{p.Name}\" would find", RecordableKind.ShortTermX, j));
        }
        return list;
    }

    /// <summary>
    /// The unit state.csv gives variable <paramref name="name"/> in: empty for <c>stp_u:</c>/<c>stp_x:</c>, otherwise
    /// the unit of the first registered model that declares a state variable of that name; null when none does.
    /// </summary>
    public static string? UnitOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(ShortTermUPrefix, StringComparison.Ordinal) || name.StartsWith(ShortTermXPrefix, StringComparison.Ordinal))
            return UnitTable.InternalUnit(Dimension.Dimensionless);
        foreach (SpikingModel model in SpikingModels.All)
            foreach (StateVariable v in model.StateVariables)
                if (v.Name == name) return UnitTable.InternalUnit(v.Dimension);
        return null;
    }
}
