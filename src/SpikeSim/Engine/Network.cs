using SpikeSim.Modeling;
namespace SpikeSim.Engine;

// TEMPORARY surface (being written): the engine author replaces this file.
/// <summary>A concrete network built from a <see cref="ModelSpec"/> and its seed.</summary>
public sealed class Network
{
    /// <summary>The model this network was built from.</summary>
    public ModelSpec Spec { get; }
    /// <summary>Populations with their global neuron ranges, in model order.</summary>
    public IReadOnlyList<PopulationRange> Populations { get; }
    /// <summary>Total number of neurons.</summary>
    public int NeuronCount { get; }
    /// <summary>Total number of synapses.</summary>
    public long SynapseCount { get; }
    /// <summary>Bytes used by the synapse tables (targets, weights, delays, row offsets).</summary>
    public long SynapseBytes { get; }
    private Network(ModelSpec spec) { Spec = spec; Populations = []; }
    /// <summary>Builds the network: draws connectivity, weights, delays and initial potentials from the spec's seed.</summary>
    public static Network Build(ModelSpec spec) => throw new NotImplementedException();
}

/// <summary>A population's place in the global neuron numbering: neurons Offset .. Offset+Size-1.</summary>
public readonly record struct PopulationRange(string Name, int Offset, int Size);

/// <summary>Runs a network event by event.</summary>
public sealed class Simulator
{
    /// <summary>Prepares a simulation of the network.</summary>
    public Simulator(Network network, SimulationOptions options) { _ = network; _ = options; }
    /// <summary>Simulates from the current time for durationMs, reporting each slice to the observer.</summary>
    public SimulationResult Run(double durationMs, ISimulationObserver? observer) => throw new NotImplementedException();
}
