namespace SpikeSim.Engine;

/// <summary>
/// Counts spikes per neuron, optionally only those at or after a start time (a warm-up left out, e.g. the silent
/// first 30 ms before a network's activity settles). To count beside another observer, put both in a
/// <see cref="Runs.ObserverFanOut"/> (or in <see cref="Runs.RunOptions.Observers"/>).
/// </summary>
/// <param name="neuronCount">Neurons of the network.</param>
/// <param name="fromMs">Spikes before this time, ms, are not counted (default 0: every spike).</param>
public sealed class SpikeCounter(int neuronCount, double fromMs = 0) : ISimulationObserver
{
    /// <summary>Spikes of each neuron (global index) at t ≥ <see cref="FromMs"/> so far.</summary>
    public long[] Counts { get; } = new long[neuronCount];

    /// <summary>The start of the counted window, ms.</summary>
    public double FromMs { get; } = fromMs;

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        ReadOnlySpan<double> times = slice.SpikeTimesMs;
        ReadOnlySpan<int> neurons = slice.SpikeNeurons;
        for (int i = 0; i < neurons.Length; i++)
            if (times[i] >= FromMs) Counts[neurons[i]]++;
    }
}
