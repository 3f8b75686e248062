using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// What every <c>"model": "lif"</c> model shares, whatever its psc: the membrane parameters (and every group in
/// <see cref="SpikingModels.LifGroups"/>), the typed <see cref="LifSpec"/> and its extra parameters, the state arrays'
/// first columns (<see cref="LifState"/>), v_reset below v_th, and the LIF's rate curve. A psc model (its own folder)
/// adds its parameters (<see cref="OwnParameters"/>), its state variables, its weight dimension, its charge per
/// spike and its dynamics (<see cref="SpikingModel.CreatePopulation"/>).
/// <para>A group of parameters that every psc takes (e.g. adaptation: a, b, tau_w) is declared once, in its own file,
/// and listed by one line in <see cref="SpikingModels.LifGroups"/>; every lif model then reads it, and its values
/// reach the models through <see cref="LifSpec.Parameter"/> (kept in <see cref="LifSpec.Extra"/>). A psc model whose
/// dynamics change with such a group picks, in <see cref="SpikingModel.CreatePopulation"/>, the struct that
/// implements them only when the group is switched on (for adaptation: a != 0 or b != 0), so that with the group
/// at its defaults the model runs exactly as before.</para>
/// </summary>
public abstract class LifModel : SpikingModel
{
    /// <summary>The model file's <c>"model"</c> value of the family.</summary>
    public const string Name = "lif";

    private IReadOnlyList<NeuronParameter>? _parameters;

    /// <inheritdoc/>
    public sealed override string Model => Name;

    /// <summary>The parameters of this psc beyond the shared groups, in reading order.</summary>
    protected abstract IReadOnlyList<NeuronParameter> OwnParameters { get; }

    /// <inheritdoc/>
    public sealed override IReadOnlyList<NeuronParameter> Parameters =>
        _parameters ??= [.. SpikingModels.LifGroups.SelectMany(g => g), .. OwnParameters];

    private IReadOnlyList<StateVariable>? _stateVariables;

    /// <summary>This psc's own state variables, v first; the adaptation current w follows them.</summary>
    protected abstract IReadOnlyList<StateVariable> OwnStateVariables { get; }

    /// <summary>
    /// The psc's own variables, then the adaptation current w (<see cref="LifAdaptation.W"/>), which every lif neuron
    /// has: 0 at all times when a = b = 0, so that a recording of w works whatever the parameters.
    /// </summary>
    public sealed override IReadOnlyList<StateVariable> StateVariables => _stateVariables ??= [.. OwnStateVariables, LifAdaptation.W];

    /// <summary>The membrane potential, first state variable of every lif model.</summary>
    protected static StateVariable MembranePotential { get; } = new("v", Dimension.Voltage, "Membrane potential V_m");

    /// <inheritdoc/>
    public override double RateHz(LifSpec neuron, double currentPa) =>
        LifAdaptation.IsOn(neuron) ? AdaptedRateCurve.RateHz(neuron, currentPa) : LifRateCurve.RateHz(neuron, currentPa);

    /// <inheritdoc/>
    public override IEnumerable<ParameterConflict> Conflicts(LifSpec neuron)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        if (neuron.VResetMv >= neuron.VThMv)
            yield return new(["v_reset", "v_th"],
                $"v_reset ({Quantity.Format(neuron.VResetMv, Dimension.Voltage)}) must be below v_th ({Quantity.Format(neuron.VThMv, Dimension.Voltage)})");
    }

    /// <inheritdoc/>
    public sealed override double Value(LifSpec neuron, string name)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        switch (name)
        {
            case "tau_m": return neuron.TauMMs;
            case "c_m": return neuron.CmPf;
            case "e_l": return neuron.ELMv;
            case "v_reset": return neuron.VResetMv;
            case "v_th": return neuron.VThMv;
            case "t_ref": return neuron.TRefMs;
            case "i_e": return neuron.IEPa;
            case "tau_syn_ex": return neuron.TauSynExMs;
            case "tau_syn_in": return neuron.TauSynInMs;
        }
        if (neuron.Extra.TryGet(name, out double value)) return value;
        foreach (NeuronParameter p in Parameters)
            if (p.Name == name) return p.Default;
        throw new ArgumentException($"{this} has no parameter \"{name}\"", nameof(name));
    }

    /// <inheritdoc/>
    public sealed override LifSpec CreateSpec(IReadOnlyDictionary<string, double> values, ValueSpec vInit)
    {
        ArgumentNullException.ThrowIfNull(values);
        double Get(string name)
        {
            if (values.TryGetValue(name, out double v)) return v;
            foreach (NeuronParameter p in Parameters) if (p.Name == name) return p.Default;
            foreach (NeuronParameter p in LifMembrane.SynapticTimeConstants) if (p.Name == name) return p.Default;
            throw new ArgumentException($"no default for \"{name}\"", nameof(values));
        }
        // Parameters without a typed field go into Extra when they differ from their default, so that a spec
        // equals the one built from the same values whether or not the defaults were written out.
        var extra = new List<KeyValuePair<string, double>>();
        foreach (NeuronParameter p in Parameters)
            if (!IsTyped(p.Name) && values.TryGetValue(p.Name, out double v) && !v.Equals(p.Default)) extra.Add(new(p.Name, v));
        return new LifSpec(Psc, Get("tau_m"), Get("c_m"), Get("e_l"), Get("v_reset"), Get("v_th"), Get("t_ref"), Get("i_e"),
                           vInit, Get("tau_syn_ex"), Get("tau_syn_in")) { Extra = ParameterSet.Of(extra) };
    }

    private static bool IsTyped(string name) =>
        name is "tau_m" or "c_m" or "e_l" or "v_reset" or "v_th" or "t_ref" or "i_e" or "tau_syn_ex" or "tau_syn_in";
}
