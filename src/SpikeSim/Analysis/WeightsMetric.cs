using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Analysis;

/// <summary>
/// <c>weights</c>: statistics of each projection's synaptic weights at the end of the run, three columns per
/// projection PROJ: <c>synapses.PROJ</c> (the number of synapses), <c>weight_mean_U.PROJ</c> and
/// <c>weight_sd_U.PROJ</c> (mean and population standard deviation), where U is the target's weight unit, mV for
/// <c>psc: delta</c> and pA for <c>psc: exp</c>. Weights are read through <see cref="Synapses.SynapseTable.WeightOf"/>
/// after the run, so a plastic projection reports its learnt weights; NaN for a projection without synapses.
/// </summary>
public sealed class WeightsMetric : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "weights";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec)
    {
        var names = new List<string>();
        foreach (var p in spec.Projections)
        {
            string unit = spec.Populations.First(q => q.Name == p.To).Neuron.Model.WeightUnit;
            names.Add("synapses." + p.Name);
            names.Add($"weight_mean_{unit}.{p.Name}");
            names.Add($"weight_sd_{unit}.{p.Name}");
        }
        return names;
    }

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) => new Probe(network);

    private sealed class Probe(Network network) : IRunProbe
    {
        public void OnSlice(in SliceOutput slice)
        {
        }

        public void Complete(SimulationResult result, Span<double> values)
        {
            for (int j = 0; j < network.Projections.Count; j++)
            {
                var table = network.Projections[j];
                int n = table.Count;
                double mean = 0, m2 = 0;
                for (int k = 0; k < n; k++)
                {
                    // Welford: stable for millions of nearly equal weights.
                    double w = table.WeightOf(k);
                    double delta = w - mean;
                    mean += delta / (k + 1);
                    m2 += delta * (w - mean);
                }
                values[3 * j] = n;
                values[3 * j + 1] = n > 0 ? mean : double.NaN;
                values[3 * j + 2] = n > 0 ? Math.Sqrt(Math.Max(0.0, m2 / n)) : double.NaN;
            }
        }
    }
}
