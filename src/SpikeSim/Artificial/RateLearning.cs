using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Artificial;

/// <summary>
/// The rate-based Hebbian projections (<c>"rule": "hebb" | "oja" | "bcm"</c>) of an artificial run: their live
/// weights, one per synapse in the table's order, and BCM's thresholds, one per target neuron.
/// </summary>
/// <remarks>
/// One <see cref="Learn"/> applies exactly the update of <see cref="Plasticity.RateRule.Apply"/> to every synapse
/// that exists (a sparse projection learns only on its synapses; a missing synapse does not grow): with x the source
/// neuron's value and y the target neuron's value,
/// hebb w += η y x; oja w += η y (x − y w); bcm w += η y (y − θ) x, then θ += (y² − θ) / τ_θ after every weight of
/// the step; each weight is clipped to [w_min, w_max]. Weights are in the projection's unit (plain numbers onto
/// activation neurons; mV or pA onto lif_rate, whose x and y are rates in Hz).
/// </remarks>
internal sealed class RateLearning
{
    private readonly Network _network;
    private readonly int[] _projection;        // index in network.Projections of each learning projection
    private readonly RateRuleSpec[] _rule;
    private readonly double[][] _theta;        // per learning projection: one threshold per target neuron

    /// <summary>Live weights of every projection (null for the fixed ones), in table order.</summary>
    public readonly double[]?[] Weights;

    private RateLearning(Network network, List<int> projections)
    {
        _network = network;
        _projection = [.. projections];
        _rule = new RateRuleSpec[_projection.Length];
        _theta = new double[_projection.Length][];
        Weights = new double[network.Projections.Count][];
        for (int l = 0; l < _projection.Length; l++)
        {
            int j = _projection[l];
            SynapseTable table = network.Projections[j];
            _rule[l] = (RateRuleSpec)network.Spec.Projections[j].Plasticity!;
            _theta[l] = new double[network.Populations[table.ToPopulation].Size];
            var w = new double[table.Count];
            for (int k = 0; k < w.Length; k++) w[k] = table.WeightOf(k);
            Weights[j] = w;
        }
    }

    /// <summary>The learning projections of <paramref name="network"/>, or null when none has a rate rule.</summary>
    public static RateLearning? Create(Network network)
    {
        var list = new List<int>();
        for (int j = 0; j < network.Spec.Projections.Count; j++)
            if (network.Spec.Projections[j].Plasticity is RateRuleSpec) list.Add(j);
        return list.Count == 0 ? null : new RateLearning(network, list);
    }

    /// <summary>Indices (in <see cref="Network.Projections"/>) of the learning projections.</summary>
    public int[] Projections => _projection;

    /// <summary>
    /// One update of every learning projection from source values <paramref name="pre"/> and target values
    /// <paramref name="post"/> (global neuron index; they may be the same array).
    /// </summary>
    public void Learn(double[] pre, double[] post)
    {
        for (int l = 0; l < _projection.Length; l++)
        {
            int j = _projection[l];
            SynapseTable table = _network.Projections[j];
            double[] w = Weights[j]!;
            double[] theta = _theta[l];
            RateRuleSpec rule = _rule[l];
            double eta = rule.Eta, lo = rule.WMin, hi = rule.WMax;
            int fromOffset = _network.Populations[table.FromPopulation].Offset, sources = _network.Populations[table.FromPopulation].Size;
            int toOffset = _network.Populations[table.ToPopulation].Offset;
            for (int s = 0; s < sources; s++)
            {
                double x = pre[fromOffset + s];
                (int start, int end) = table.RowOf(s);
                for (int k = start; k < end; k++)
                {
                    int target = table.TargetOf(k);
                    double y = post[target], v = w[k];
                    // The same expressions, in the same order, as RateRule.Apply.
                    v = rule.Kind switch
                    {
                        RateRuleKind.Hebb => v + eta * y * x,
                        RateRuleKind.Oja => v + eta * y * (x - y * v),
                        _ => v + eta * y * (y - theta[target - toOffset]) * x,
                    };
                    w[k] = v < lo ? lo : v > hi ? hi : v;
                }
            }
            if (rule.Kind == RateRuleKind.Bcm)
                for (int i = 0; i < theta.Length; i++)
                {
                    double y = post[toOffset + i];
                    theta[i] += (y * y - theta[i]) / rule.TauTheta;
                }
        }
    }
}
