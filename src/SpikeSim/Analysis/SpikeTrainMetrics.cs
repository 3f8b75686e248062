using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Analysis;

/// <summary>
/// <c>rate_hz.POP</c>: the population's mean firing rate, Hz: spikes at t ≥ warmup divided by
/// (neurons × (simulated time − warmup)).
/// </summary>
public sealed class RateMetric(MetricSettings settings) : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "rate_hz";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec) => MetricColumns.PerPopulation(Name, spec);

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) => new Probe(network, settings.WarmupMs);

    private sealed class Probe(Network network, double warmupMs) : IRunProbe
    {
        private readonly long[] _spikes = new long[network.Populations.Count];

        public void OnSlice(in SliceOutput slice)
        {
            ReadOnlySpan<double> times = slice.SpikeTimesMs;
            ReadOnlySpan<int> neurons = slice.SpikeNeurons;
            for (int i = 0; i < times.Length; i++)
                if (times[i] >= warmupMs) _spikes[network.PopulationOf(neurons[i])]++;
        }

        public void Complete(SimulationResult result, Span<double> values)
        {
            double seconds = (result.SimulatedMs - warmupMs) / 1000.0;
            for (int p = 0; p < _spikes.Length; p++)
            {
                int size = network.Populations[p].Size;
                values[p] = seconds > 0 && size > 0 ? _spikes[p] / (size * seconds) : double.NaN;
            }
        }
    }
}

/// <summary>
/// <c>cv_isi.POP</c>: the coefficient of variation of inter-spike intervals, std/mean (population standard
/// deviation) of each neuron's ISIs between its spikes at t ≥ warmup, averaged over the neurons with at least two
/// ISIs; NaN when no neuron has two. 1 for a Poisson train, 0 for a regular one.
/// </summary>
public sealed class CvIsiMetric(MetricSettings settings) : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "cv_isi";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec) => MetricColumns.PerPopulation(Name, spec);

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) => new Probe(network, settings.WarmupMs);

    private sealed class Probe(Network network, double warmupMs) : IRunProbe
    {
        private readonly IsiStatistics _isi = new(network.NeuronCount);

        public void OnSlice(in SliceOutput slice)
        {
            ReadOnlySpan<double> times = slice.SpikeTimesMs;
            ReadOnlySpan<int> neurons = slice.SpikeNeurons;
            for (int i = 0; i < times.Length; i++)
                if (times[i] >= warmupMs) _isi.Add(neurons[i], times[i]);
        }

        public void Complete(SimulationResult result, Span<double> values)
        {
            for (int p = 0; p < network.Populations.Count; p++)
            {
                var range = network.Populations[p];
                values[p] = _isi.MeanCvIsi(range.Offset, range.Size) ?? double.NaN;
            }
        }
    }
}
