using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Recording;

/// <summary>
/// What a run folder needs to know about a built network: its populations' places in the global neuron numbering
/// and the size of its synapse tables.
/// </summary>
/// <param name="Populations">Populations with their global neuron ranges, in model order.</param>
/// <param name="SynapseCount">Total number of synapses.</param>
/// <param name="SynapseBytes">Bytes used by the synapse tables, bytes.</param>
public sealed record NetworkShape(IReadOnlyList<PopulationRange> Populations, long SynapseCount, long SynapseBytes)
{
    /// <summary>Total number of neurons (one past the highest global index of any population).</summary>
    public int NeuronCount
    {
        get
        {
            int n = 0;
            foreach (var p in Populations) n = Math.Max(n, p.Offset + p.Size);
            return n;
        }
    }

    /// <summary>The shape of a built network.</summary>
    public static NetworkShape Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new(network.Populations, network.SynapseCount, network.SynapseBytes);
    }

    /// <summary>
    /// The shape implied by a model without building it: populations numbered one after the other in model order,
    /// with the given synapse counts (for tests and tools that replay recorded spikes).
    /// </summary>
    public static NetworkShape FromSpec(ModelSpec spec, long synapseCount = 0, long synapseBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ranges = new PopulationRange[spec.Populations.Count];
        int offset = 0;
        for (int i = 0; i < ranges.Length; i++)
        {
            var p = spec.Populations[i];
            ranges[i] = new PopulationRange(p.Name, offset, p.Size);
            offset = checked(offset + p.Size);
        }
        return new(ranges, synapseCount, synapseBytes);
    }
}
