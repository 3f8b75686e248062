namespace SpikeSim.Engine;

/// <summary>Counts spikes per neuron, optionally passing every slice on to another observer.</summary>
public sealed class SpikeCounter(int neuronCount, ISimulationObserver? next = null) : ISimulationObserver
{
    /// <summary>Spikes of each neuron (global index) so far.</summary>
    public long[] Counts { get; } = new long[neuronCount];

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        foreach (int n in slice.SpikeNeurons) Counts[n]++;
        next?.OnSlice(slice);
    }
}
