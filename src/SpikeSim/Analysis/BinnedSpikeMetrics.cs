using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Analysis;

/// <summary>
/// <c>fano.POP</c>: the spike-count Fano factor. Time from warmup on is cut into whole windows of
/// <see cref="MetricSettings.FanoBinMs"/> (a last partial window is dropped); for each neuron F = Var(n)/Mean(n)
/// of its counts n over the windows (population variance); the column is the mean of F over the neurons that
/// fired in some window. 1 for Poisson trains, below 1 for regular ones, above 1 for bursty or co-modulated ones.
/// </summary>
public sealed class FanoMetric(MetricSettings settings) : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "fano";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec) => MetricColumns.PerPopulation(Name, spec);

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) =>
        new Probe(network, new BinnedSpikeCounts(network, settings, settings.FanoBinMs, durationMs, withPopulation: false));

    private sealed class Probe(Network network, BinnedSpikeCounts counts) : IRunProbe
    {
        public void OnSlice(in SliceOutput slice) => counts.Add(slice);

        public void Complete(SimulationResult result, Span<double> values)
        {
            counts.Flush();
            for (int p = 0; p < network.Populations.Count; p++)
            {
                var range = network.Populations[p];
                double sum = 0;
                long qualifying = 0;
                for (int i = range.Offset; i < range.Offset + range.Size; i++)
                {
                    double mean = counts.Mean(i);
                    if (!(mean > 0)) continue;
                    sum += counts.Variance(i) / mean;
                    qualifying++;
                }
                values[p] = qualifying > 0 ? sum / qualifying : double.NaN;
            }
        }
    }
}

/// <summary>
/// <c>chi.POP</c>: the synchrony measure chi of Golomb (2007, Scholarpedia "Neuronal synchrony measures"), on
/// binned spike counts. Time from warmup on is cut into whole bins of <see cref="MetricSettings.ChiBinMs"/>;
/// n_i(k) is neuron i's spike count in bin k and A(k) = (1/N) Σ_i n_i(k) the population activity. Then
/// chi² = Var_k[A] / ((1/N) Σ_i Var_k[n_i]) (population variances over bins). chi is 1 when all neurons fire
/// together and about 1/√N for independent neurons; NaN when no neuron fired.
/// </summary>
public sealed class ChiMetric(MetricSettings settings) : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "chi";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec) => MetricColumns.PerPopulation(Name, spec);

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) =>
        new Probe(network, new BinnedSpikeCounts(network, settings, settings.ChiBinMs, durationMs, withPopulation: true));

    private sealed class Probe(Network network, BinnedSpikeCounts counts) : IRunProbe
    {
        public void OnSlice(in SliceOutput slice) => counts.Add(slice);

        public void Complete(SimulationResult result, Span<double> values)
        {
            counts.Flush();
            for (int p = 0; p < network.Populations.Count; p++)
            {
                var range = network.Populations[p];
                long bins = counts.Bins;
                if (bins == 0 || range.Size == 0)
                {
                    values[p] = double.NaN;
                    continue;
                }
                double meanOfVariances = 0;
                for (int i = range.Offset; i < range.Offset + range.Size; i++) meanOfVariances += counts.Variance(i);
                meanOfVariances /= range.Size;
                long[] population = counts.PopulationCounts(p);
                double sumA = 0, sumA2 = 0;
                for (long k = 0; k < bins; k++)
                {
                    double a = population[k] / (double)range.Size;
                    sumA += a;
                    sumA2 += a * a;
                }
                double meanA = sumA / bins;
                double varianceA = Math.Max(0.0, sumA2 / bins - meanA * meanA);
                values[p] = meanOfVariances > 0 ? Math.Sqrt(varianceA / meanOfVariances) : double.NaN;
            }
        }
    }
}

/// <summary>
/// Per-neuron spike counts in whole bins of a fixed width from warmup on, kept online in O(neurons) memory: each
/// neuron's current bin and count, and the sum and sum of squares of its finished bins' counts (empty bins add
/// nothing). Optionally also each population's count per bin. Spikes must come in time order per neuron.
/// </summary>
internal sealed class BinnedSpikeCounts
{
    private readonly Network _network;
    private readonly double _warmupMs;
    private readonly double _binMs;
    private readonly long[] _currentBin;
    private readonly long[] _currentCount;
    private readonly long[] _sum;
    private readonly double[] _sumOfSquares;
    private readonly long[][]? _population;

    public BinnedSpikeCounts(Network network, MetricSettings settings, double binMs, double durationMs, bool withPopulation)
    {
        _network = network;
        _warmupMs = settings.WarmupMs;
        _binMs = binMs;
        Bins = settings.WholeBins(durationMs, binMs);
        int n = network.NeuronCount;
        _currentBin = new long[n];
        Array.Fill(_currentBin, -1L);
        _currentCount = new long[n];
        _sum = new long[n];
        _sumOfSquares = new double[n];
        if (withPopulation)
        {
            _population = new long[network.Populations.Count][];
            for (int p = 0; p < _population.Length; p++) _population[p] = new long[Bins];
        }
    }

    /// <summary>Number of whole bins.</summary>
    public long Bins { get; }

    public void Add(in SliceOutput slice)
    {
        ReadOnlySpan<double> times = slice.SpikeTimesMs;
        ReadOnlySpan<int> neurons = slice.SpikeNeurons;
        for (int s = 0; s < times.Length; s++)
        {
            double t = times[s];
            if (t < _warmupMs) continue;
            long bin = (long)Math.Floor((t - _warmupMs) / _binMs);
            if (bin >= Bins) continue;
            int i = neurons[s];
            if (_currentBin[i] != bin)
            {
                Close(i);
                _currentBin[i] = bin;
            }
            _currentCount[i]++;
            if (_population is not null) _population[_network.PopulationOf(i)][bin]++;
        }
    }

    /// <summary>Closes every neuron's open bin (call once, after the run).</summary>
    public void Flush()
    {
        for (int i = 0; i < _currentBin.Length; i++) Close(i);
    }

    /// <summary>Mean count per bin of neuron <paramref name="i"/>; NaN without bins.</summary>
    public double Mean(int i) => Bins > 0 ? _sum[i] / (double)Bins : double.NaN;

    /// <summary>Population variance of neuron <paramref name="i"/>'s counts over the bins; NaN without bins.</summary>
    public double Variance(int i)
    {
        if (Bins == 0) return double.NaN;
        double mean = _sum[i] / (double)Bins;
        return Math.Max(0.0, _sumOfSquares[i] / Bins - mean * mean);
    }

    /// <summary>Spike count of population <paramref name="p"/> in each bin.</summary>
    public long[] PopulationCounts(int p) => _population![p];

    private void Close(int i)
    {
        long c = _currentCount[i];
        if (c == 0) return;
        _sum[i] += c;
        _sumOfSquares[i] += (double)c * c;
        _currentCount[i] = 0;
    }
}
