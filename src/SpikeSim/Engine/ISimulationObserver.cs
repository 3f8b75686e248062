namespace SpikeSim.Engine;

/// <summary>
/// Receives what the simulator produced, one time slice at a time, in time order. The engine knows nothing of
/// files: recorders (see the Recording folder) implement this to stream results to disk with bounded memory.
/// Spans are only valid during the call.
/// </summary>
public interface ISimulationObserver : IRunObserver
{
    /// <summary>Called once per slice [StartMs, EndMs), after every neuron has been advanced to EndMs.</summary>
    void OnSlice(in SliceOutput slice);
}

/// <summary>
/// An observer that also looks at the synapses (weights of plastic projections, synapse counts of structural ones)
/// at fixed times: every multiple of each of its <see cref="SnapshotIntervalsMs"/>, from t = 0.
/// </summary>
public interface ISynapseObserver : ISimulationObserver
{
    /// <summary>Intervals of the snapshots, ms (each positive).</summary>
    IReadOnlyList<double> SnapshotIntervalsMs { get; }

    /// <summary>
    /// Called at <paramref name="timeMs"/>, a multiple of one of the intervals, after every event before that time
    /// (and none at or after it) and after any structural update due at that time. The tables are only valid during
    /// the call.
    /// </summary>
    void OnSnapshot(double timeMs, IReadOnlyList<Synapses.SynapseTable> projections);
}

/// <summary>What happened during one slice [<see cref="StartMs"/>, <see cref="EndMs"/>).</summary>
public readonly ref struct SliceOutput
{
    /// <summary>Slice start, ms.</summary>
    public double StartMs { get; init; }

    /// <summary>Slice end (exclusive), ms.</summary>
    public double EndMs { get; init; }

    /// <summary>Spike times in ms, ordered by time, then by global neuron index (population order, then neuron).</summary>
    public ReadOnlySpan<double> SpikeTimesMs { get; init; }

    /// <summary>Global neuron index of each spike (parallel to <see cref="SpikeTimesMs"/>).</summary>
    public ReadOnlySpan<int> SpikeNeurons { get; init; }

    /// <summary>Sampled membrane potentials, ordered by time, then global neuron index.</summary>
    public ReadOnlySpan<VoltageSample> Samples { get; init; }

    /// <summary>
    /// Sampled state variables (<see cref="Modeling.RecordSpec.State"/>), ordered by time, global neuron index, record
    /// and variable (the record's order).
    /// </summary>
    public ReadOnlySpan<StateSample> StateSamples { get; init; }
}

/// <summary>The exact membrane potential of one neuron at one sampling time.</summary>
/// <param name="TimeMs">Sampling time, ms.</param>
/// <param name="Neuron">Global neuron index.</param>
/// <param name="VMv">Membrane potential, mV.</param>
public readonly record struct VoltageSample(double TimeMs, int Neuron, double VMv);

/// <summary>The exact value of one state variable of one neuron at one sampling time.</summary>
/// <param name="TimeMs">Sampling time, ms.</param>
/// <param name="Neuron">Global neuron index.</param>
/// <param name="Record">Index of the state recording in <see cref="Modeling.RecordSpec.State"/>.</param>
/// <param name="Variable">Index of the variable in that recording's <see cref="Modeling.StateRecordSpec.Variables"/>.</param>
/// <param name="Value">The value, in the variable's internal unit (<see cref="Modeling.RecordableVariable.Unit"/>).</param>
public readonly record struct StateSample(double TimeMs, int Neuron, int Record, int Variable, double Value);
