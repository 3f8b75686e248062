namespace SpikeSim.Analysis;

/// <summary>
/// Online inter-spike-interval (ISI) statistics of every neuron of a network, in O(neurons) memory however long
/// the run: per neuron the last spike time, the spike count and the running mean and sum of squared deviations
/// of its ISIs (Welford's algorithm). Spikes of each neuron must be added in non-decreasing time order.
/// </summary>
public sealed class IsiStatistics
{
    private readonly double[] _lastSpikeMs;
    private readonly long[] _spikes;
    private readonly double[] _meanIsiMs;
    private readonly double[] _m2;

    /// <summary>Creates empty statistics for <paramref name="neuronCount"/> neurons (global indices 0..count-1).</summary>
    public IsiStatistics(int neuronCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neuronCount);
        _lastSpikeMs = new double[neuronCount];
        _spikes = new long[neuronCount];
        _meanIsiMs = new double[neuronCount];
        _m2 = new double[neuronCount];
    }

    /// <summary>Number of neurons tracked.</summary>
    public int NeuronCount => _spikes.Length;

    /// <summary>Records a spike of neuron <paramref name="neuron"/> at <paramref name="timeMs"/> (ms).</summary>
    public void Add(int neuron, double timeMs)
    {
        long n = _spikes[neuron]++;
        if (n > 0)
        {
            double isi = timeMs - _lastSpikeMs[neuron];
            // Welford: n ISIs after this one is added.
            double delta = isi - _meanIsiMs[neuron];
            double mean = _meanIsiMs[neuron] + delta / n;
            _m2[neuron] += delta * (isi - mean);
            _meanIsiMs[neuron] = mean;
        }
        _lastSpikeMs[neuron] = timeMs;
    }

    /// <summary>Spikes recorded for the neuron.</summary>
    public long SpikeCount(int neuron) => _spikes[neuron];

    /// <summary>Inter-spike intervals recorded for the neuron (spikes - 1, or 0).</summary>
    public long IsiCount(int neuron) => Math.Max(0, _spikes[neuron] - 1);

    /// <summary>Mean ISI of the neuron, ms; NaN when it has no ISI.</summary>
    public double MeanIsiMs(int neuron) => IsiCount(neuron) > 0 ? _meanIsiMs[neuron] : double.NaN;

    /// <summary>Population variance (divided by n) of the neuron's ISIs, ms²; NaN when it has no ISI.</summary>
    public double IsiVarianceMs2(int neuron)
    {
        long n = IsiCount(neuron);
        return n > 0 ? _m2[neuron] / n : double.NaN;
    }

    /// <summary>
    /// Coefficient of variation of the neuron's ISIs, std / mean with the population standard deviation
    /// (dimensionless); NaN when the neuron has fewer than 2 ISIs or a zero mean ISI.
    /// </summary>
    public double CvIsi(int neuron)
    {
        long n = IsiCount(neuron);
        if (n < 2) return double.NaN;
        double mean = _meanIsiMs[neuron];
        if (!(mean > 0)) return double.NaN;
        return Math.Sqrt(Math.Max(0.0, _m2[neuron] / n)) / mean;
    }

    /// <summary>
    /// Mean of <see cref="CvIsi"/> over the neurons <paramref name="offset"/> .. offset+count-1 that have at least
    /// 2 ISIs (dimensionless), or null when none qualifies.
    /// </summary>
    public double? MeanCvIsi(int offset, int count)
    {
        double sum = 0;
        long qualifying = 0;
        for (int i = offset; i < offset + count; i++)
        {
            double cv = CvIsi(i);
            if (double.IsNaN(cv)) continue;
            sum += cv;
            qualifying++;
        }
        return qualifying > 0 ? sum / qualifying : null;
    }
}
