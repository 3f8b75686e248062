namespace SpikeSim.Engine;

/// <summary>How to run a simulation (not what: that is the <see cref="Network"/>).</summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// Worker threads; 0 chooses by the work a slice is expected to hold: one thread per
    /// <see cref="Simulator.EventsPerAutoThread"/> expected events, at most every core (a network with little work per
    /// slice, a few hundred neurons with 0.1 ms slices, loses more at the per-slice barrier than it gains). Results do not depend on it, bit for bit.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Receives progress about once per <see cref="ProgressIntervalS"/> of wall time, or null.</summary>
    public IProgress<SimulationProgress>? Progress { get; init; }

    /// <summary>Wall-clock seconds between progress reports.</summary>
    public double ProgressIntervalS { get; init; } = 1.0;

    /// <summary>Stops the run early (it then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Entries a slice's arrival table holds before its event lists' references take four bytes instead of two
    /// (<see cref="ArrivalTable"/>); lower only in tests, so that small networks take the widening path.
    /// </summary>
    internal int ArrivalNarrowLimit { get; init; } = ArrivalTable.NarrowLimit;

    /// <summary>
    /// Neurons per delivery block, at most (<see cref="Simulator.DeliveryBlockNeurons"/>); lower only in tests, so that
    /// small networks are delivered a block at a time.
    /// </summary>
    internal int DeliveryBlockNeurons { get; init; } = Simulator.DeliveryBlockNeurons;

    /// <summary>
    /// Whether phase B gives the events of populations that allow it straight to their targets' state
    /// (<see cref="Partition.DirectPopulations"/>) rather than to their event lists; off only in tests, which compare the two.
    /// </summary>
    internal bool DirectArrivals { get; init; } = true;

    /// <summary>
    /// Whether all-to-all STDP keeps its presynaptic traces once per source where the projection allows it
    /// (<see cref="Plasticity.PlasticProjection.PerSourceTraces"/>) rather than per synapse; off only in tests, which
    /// compare the two.
    /// </summary>
    internal bool SourceTraces { get; init; } = true;

    /// <summary>The number of threads asked for (0: every core); a small network may use fewer (see <see cref="Threads"/>).</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

/// <summary>Progress of a running simulation.</summary>
/// <param name="DoneMs">Biological time simulated so far, ms.</param>
/// <param name="TotalMs">Biological time to simulate, ms.</param>
/// <param name="WallS">Wall-clock time so far, s.</param>
public readonly record struct SimulationProgress(double DoneMs, double TotalMs, double WallS)
{
    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => TotalMs > 0 ? Math.Min(1.0, DoneMs / TotalMs) : 1.0;

    /// <summary>Estimated wall-clock seconds left.</summary>
    public double RemainingS => DoneMs > 0 ? WallS * (TotalMs - DoneMs) / DoneMs : double.NaN;
}

/// <summary>Counts of a finished (or stopped) run.</summary>
/// <param name="SimulatedMs">Biological time simulated, ms.</param>
/// <param name="WallS">Wall-clock time of the simulation loop, s.</param>
/// <param name="SpikesPerPopulation">Spike count of each population, in model order.</param>
/// <param name="RecurrentEvents">Synaptic events delivered through the network's synapses.</param>
/// <param name="InputEvents">Events delivered from external spike inputs (spike_times, Poisson).</param>
/// <param name="Threads">Threads used.</param>
public sealed record SimulationResult(double SimulatedMs, double WallS, long[] SpikesPerPopulation, long RecurrentEvents, long InputEvents, int Threads) : IRunResult;
