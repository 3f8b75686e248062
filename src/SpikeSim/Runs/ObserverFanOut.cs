using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Synapses;

namespace SpikeSim.Runs;

/// <summary>
/// Hands one run to several observers: every call an engine makes goes to each member that implements the
/// interface called, in the order given. Slices (<see cref="ISimulationObserver"/>), steps
/// (<see cref="IArtificialObserver"/>) and weights (<see cref="IArtificialWeightsObserver"/>) go to every such
/// member; synapse snapshots (<see cref="ISynapseObserver"/>) are taken at the union of the members' intervals and
/// each member sees only those at multiples of its own. A fan-out may hold other fan-outs. Allocates nothing per call.
/// </summary>
public sealed class ObserverFanOut : ISynapseObserver, IArtificialObserver, IArtificialWeightsObserver
{
    private readonly IRunObserver[] _all;
    private readonly ISimulationObserver[] _slices;
    private readonly ISynapseObserver[] _synapses;
    private readonly IArtificialObserver[] _steps;
    private readonly IArtificialWeightsObserver[] _weights;
    private readonly double[] _intervals;

    /// <summary>Fans out to <paramref name="observers"/> (null entries are skipped).</summary>
    public ObserverFanOut(params IEnumerable<IRunObserver?> observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        var all = new List<IRunObserver>();
        foreach (IRunObserver? o in observers)
            if (o is not null) all.Add(o);
        _all = [.. all];
        _slices = [.. all.OfType<ISimulationObserver>()];
        _synapses = [.. all.OfType<ISynapseObserver>()];
        _steps = [.. all.OfType<IArtificialObserver>()];
        _weights = [.. all.OfType<IArtificialWeightsObserver>()];
        var intervals = new SortedSet<double>();
        foreach (ISynapseObserver s in _synapses)
            foreach (double interval in s.SnapshotIntervalsMs) intervals.Add(interval);
        _intervals = [.. intervals];
    }

    /// <summary>The members, in order.</summary>
    public IReadOnlyList<IRunObserver> Observers => _all;

    /// <inheritdoc/>
    public IReadOnlyList<double> SnapshotIntervalsMs => _intervals;

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        foreach (ISimulationObserver o in _slices) o.OnSlice(slice);
    }

    /// <inheritdoc/>
    public void OnSnapshot(double timeMs, IReadOnlyList<SynapseTable> projections)
    {
        foreach (ISynapseObserver o in _synapses)
            if (IsDue(o.SnapshotIntervalsMs, timeMs)) o.OnSnapshot(timeMs, projections);
    }

    /// <inheritdoc/>
    public void OnStep(int step, ReadOnlySpan<double> values)
    {
        foreach (IArtificialObserver o in _steps) o.OnStep(step, values);
    }

    /// <inheritdoc/>
    public void OnWeights(int step, double tMs, ArtificialSimulator simulator)
    {
        foreach (IArtificialWeightsObserver o in _weights) o.OnWeights(step, tMs, simulator);
    }

    /// <summary>
    /// Whether <paramref name="timeMs"/> is a snapshot time of one of <paramref name="intervals"/>: the engine computes
    /// the k-th time of an interval in decimal (as sampling times, so 3 × 0.1 ms is 0.3 ms), and so does this test.
    /// </summary>
    private static bool IsDue(IReadOnlyList<double> intervals, double timeMs)
    {
        foreach (double interval in intervals)
        {
            long k = (long)Math.Round(timeMs / interval);
            if ((double)((decimal)interval * k) == timeMs) return true;
        }
        return false;
    }
}
