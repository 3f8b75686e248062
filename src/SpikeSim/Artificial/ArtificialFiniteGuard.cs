using System.Globalization;
using SpikeSim.Engine;

namespace SpikeSim.Artificial;

/// <summary>
/// Stops an artificial run whose activations or learned weights leave the finite doubles (a recurrent ReLU network
/// that grows without bound, a Hebbian rule with a large rate), naming the population and neuron (or projection and
/// synapse), the step, and what to change; without it the run would report <c>r = NaN</c> as if it were a result.
/// </summary>
internal static class ArtificialFiniteGuard
{
    /// <summary>Throws <see cref="NonFiniteValueException"/> if an activation of <paramref name="y"/> is not finite after step <paramref name="step"/>.</summary>
    public static void CheckActivations(Network network, double[] y, int step)
    {
        int bad = NonFiniteValueException.FirstNonFinite(y);
        if (bad < 0) return;
        PopulationRange pop = network.Populations[network.PopulationOf(bad)];
        throw new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"the activation of population \"{pop.Name}\", neuron {bad - pop.Offset} became {y[bad]} at step {step}: the network diverges; use smaller weights or gain, or a saturating activation (sigmoid, tanh, lif_rate)"));
    }

    /// <summary>Throws <see cref="NonFiniteValueException"/> if a learned weight of projection <paramref name="j"/> is not finite after step <paramref name="step"/>.</summary>
    public static void CheckWeights(Network network, int j, double[] w, int step)
    {
        int bad = NonFiniteValueException.FirstNonFinite(w);
        if (bad < 0) return;
        var table = network.Projections[j];
        PopulationRange target = network.Populations[table.ToPopulation];
        throw new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"the weight of projection \"{table.Name}\", synapse {bad} (onto neuron {table.TargetOf(bad) - target.Offset} of \"{target.Name}\") became {w[bad]} at step {step}; use a smaller learning rate, set w_max, or a rule that bounds the weights (oja, bcm)"));
    }
}
