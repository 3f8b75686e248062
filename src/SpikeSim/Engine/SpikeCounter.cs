namespace SpikeSim.Engine;

/// <summary>
/// Counts spikes per neuron. To count beside another observer, put both in a <see cref="Runs.ObserverFanOut"/>
/// (or in <see cref="Runs.RunOptions.Observers"/>).
/// </summary>
public sealed class SpikeCounter(int neuronCount) : ISimulationObserver
{
    /// <summary>Spikes of each neuron (global index) so far.</summary>
    public long[] Counts { get; } = new long[neuronCount];

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        foreach (int n in slice.SpikeNeurons) Counts[n]++;
    }
}
