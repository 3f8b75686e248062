using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Runs;

/// <summary>Which engine runs a model.</summary>
public enum RunMode
{
    /// <summary>The event-driven spiking engine (<see cref="Simulator"/>).</summary>
    Spiking,

    /// <summary>Real-valued neurons updated synchronously (<see cref="Artificial.ArtificialSimulator"/>).</summary>
    Artificial,
}

/// <summary>How <see cref="RunFolder.Run(ModelSpec, string, RunOptions?)"/> runs a model.</summary>
public sealed record RunOptions
{
    /// <summary>The engine (default spiking).</summary>
    public RunMode Mode { get; init; } = RunMode.Spiking;

    /// <summary>Worker threads of the spiking engine; 0 (the default) uses every core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Receives the spiking engine's progress, or null.</summary>
    public IProgress<SimulationProgress>? Progress { get; init; }

    /// <summary>Wall-clock seconds between progress reports.</summary>
    public double ProgressIntervalS { get; init; } = 1.0;

    /// <summary>In the artificial mode, what each spiking <c>lif</c> population becomes (default lif_rate).</summary>
    public NeuronModel LifSubstitute { get; init; } = NeuronModel.LifRate;

    /// <summary>Observers that see the run beside the run folder's writers (after them, in this order).</summary>
    public IReadOnlyList<IRunObserver> Observers { get; init; } = [];

    /// <summary>
    /// Spiking engine: a state file to continue from (<see cref="Simulator.LoadState(Network, string, SimulationOptions)"/>), or null
    /// to start at t = 0. The run then simulates the model's duration more, and its outputs carry absolute times.
    /// </summary>
    public string? LoadStatePath { get; init; }

    /// <summary>
    /// Spiking engine: where to save the state at the end of the run (<see cref="Simulator.SaveState(string)"/>,
    /// atomically), or null. Its folder is checked before the run.
    /// </summary>
    public string? SaveStatePath { get; init; }

    /// <summary>Stops the run (it then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }
}
