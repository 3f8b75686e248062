namespace SpikeSim.Engine;

/// <summary>
/// An engine that runs a built <see cref="Engine.Network"/>: the event-driven spiking <see cref="Simulator"/>, the
/// synchronous <see cref="Artificial.ArtificialSimulator"/>, and later other backends (a GPU one). The model never
/// asks which engine runs it; what an engine produces goes to the observer interfaces it understands.
/// </summary>
public interface ISimulator
{
    /// <summary>The network being run (as built; an engine keeps what changes during a run to itself).</summary>
    Network Network { get; }

    /// <summary>
    /// Runs <paramref name="durationMs"/> ms of biological time. The observer (which may be an
    /// <see cref="Runs.ObserverFanOut"/>) receives what this engine produces through the interfaces of
    /// <see cref="IRunObserver"/> the engine knows: the spiking engine slices (<see cref="ISimulationObserver"/>) and
    /// synapse snapshots (<see cref="ISynapseObserver"/>), the artificial engine steps
    /// (<see cref="Artificial.IArtificialObserver"/>) and weights (<see cref="Artificial.IArtificialWeightsObserver"/>);
    /// an engine ignores the interfaces it does not produce.
    /// </summary>
    /// <param name="durationMs">Biological time to simulate, ms.</param>
    /// <param name="observer">What sees the run, or null.</param>
    /// <returns>The engine's result (<see cref="SimulationResult"/> or <see cref="Artificial.ArtificialResult"/>).</returns>
    IRunResult Run(double durationMs, IRunObserver? observer);
}

/// <summary>
/// Something that watches a run. Observers implement one or more of the derived interfaces
/// (<see cref="ISimulationObserver"/>, <see cref="ISynapseObserver"/>, <see cref="Artificial.IArtificialObserver"/>,
/// <see cref="Artificial.IArtificialWeightsObserver"/>); an engine calls those it produces.
/// </summary>
public interface IRunObserver;

/// <summary>What every engine's result tells.</summary>
public interface IRunResult
{
    /// <summary>Biological time the run covered, ms.</summary>
    double SimulatedMs { get; }

    /// <summary>Wall-clock time of the run, s.</summary>
    double WallS { get; }
}
