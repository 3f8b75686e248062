using SpikeSim.Engine;

namespace SpikeSim.Analysis;

/// <summary>
/// Counts each neuron's spikes at or after a start time (a warm-up left out, e.g. the silent first 30 ms before
/// a network's activity settles), optionally passing every slice on to another observer.
/// </summary>
/// <param name="neuronCount">Neurons of the network.</param>
/// <param name="fromMs">Spikes before this time, ms, are not counted.</param>
/// <param name="next">An observer that sees every slice after this one, or null.</param>
public sealed class WindowedSpikeCounter(int neuronCount, double fromMs, ISimulationObserver? next = null) : ISimulationObserver
{
    /// <summary>Spikes of each neuron (global index) at t ≥ <see cref="FromMs"/> so far.</summary>
    public long[] Counts { get; } = new long[neuronCount];

    /// <summary>The start of the counted window, ms.</summary>
    public double FromMs { get; } = fromMs;

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        var times = slice.SpikeTimesMs;
        var neurons = slice.SpikeNeurons;
        for (int i = 0; i < neurons.Length; i++)
            if (times[i] >= FromMs) Counts[neurons[i]]++;
        next?.OnSlice(slice);
    }
}
