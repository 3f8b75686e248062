using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpikeSim.Neurons;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Up to LaneCapacity neurons of one population waiting to be advanced together: global index, index in the
    // population, the time their state refers to, and their next event's time and weight. They go through the model's
    // lanes four (EventLanes) or eight (EventLanesWide) at a time, two calls back to back: the calls are independent,
    // so the processor overlaps their chains of exponential and divisions.
    private const int MaxLaneCapacity = 16;
    private readonly int[] _laneNeuron = new int[MaxLaneCapacity], _laneLocal = new int[MaxLaneCapacity];
    private readonly double[] _laneStart = new double[MaxLaneCapacity], _laneTime = new double[MaxLaneCapacity], _laneWeight = new double[MaxLaneCapacity];
    private int _lanes;
    private int _laneCallStart; // the first queued neuron of the lanes' call under way (0, 4 or 8)

    /// <summary>The lanes of one call of <typeparamref name="TDyn"/>'s: eight with <see cref="INeuronDynamics.WideEventLanes"/>, else four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LaneWidth<TDyn>() where TDyn : struct, INeuronDynamics => TDyn.WideEventLanes ? 8 : 4;

    /// <summary>How many neurons of <typeparamref name="TDyn"/> wait for the lanes: two calls' worth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LaneCapacity<TDyn>() where TDyn : struct, INeuronDynamics => 2 * LaneWidth<TDyn>();

    /// <summary>The neuron (global index) whose dynamics gave up: the lane's (<see cref="DynamicsOverflowException.Lane"/>) or the one visited.</summary>
    private int GaveUp(DynamicsOverflowException e) => e.Lane >= 0 ? _laneNeuron[_laneCallStart + e.Lane] : _visiting;

    /// <summary>
    /// The common visit of a network without external inputs (cuba, benchmark4, coba), done four or eight neurons at a
    /// time for a model that has <see cref="INeuronDynamics.EventLanes"/> (or its wide form), one event at a time: a neuron whose only inputs
    /// are synaptic events, with no plastic inputs, with an event in the slice, free at its time (not refractory,
    /// unless the model's lanes take refractory neurons: <see cref="INeuronDynamics.EventLanesWhileRefractory"/>)
    /// and with no threshold crossing possible before its first event (its comparison bound,
    /// <see cref="NeuronState.NotBefore"/>, is not earlier). Such a neuron is queued here; when
    /// <see cref="LaneCapacity{TDyn}"/> are queued, or at the end of the population's range (other neurons visited in
    /// between: neurons are independent within a slice, and the slice's spikes are sorted afterwards), the queued ones
    /// are advanced to their first events, receive them and get their next bound in passes of vector arithmetic over
    /// four or eight, the scalar loop's arithmetic lane by lane: every state and spike time is the one
    /// <see cref="RunNeuron{T, TInputs}"/> computes. A neuron with more events is queued again for the next one when
    /// it qualifies in turn; otherwise, or when its new bound falls in the slice, it goes on through the scalar loop
    /// from its new state (the exact crossing search, its remaining events). Returns false, queuing nothing, when the
    /// neuron does not qualify.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryQueueLane<TDyn>(double[][] model, int local, int n, ref EventList list, ArrivalTable table, double t1)
        where TDyn : struct, INeuronDynamics
    {
        if (list.Count == 0 || (_synapticOnly[(n - First) >> 6] & (1UL << (n - First))) == 0) return false;
        return TryQueueFirstEvent<TDyn>(model, local, n, list, table, t1);
    }

    /// <summary><see cref="TryQueueLane{TDyn}"/> past its test of the neuron's inputs: the test of its state and first event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryQueueFirstEvent<TDyn>(double[][] model, int local, int n, in EventList list, ArrivalTable table, double t1)
        where TDyn : struct, INeuronDynamics
    {
        int e = list.At(0, table.Wide);
        double te = table.Time[e], t = _state.Time[n];
        if (!(te < t1 && LanesTake<TDyn>(t, te, _state.NotBefore[n], model[LifState.RefractoryUntil], local))) return false;
        QueueLane(n, local, t, te, table.Weight[e]);
        return true;
    }

    /// <summary>
    /// Whether the lanes take the event at <paramref name="te"/> (ms) of a neuron whose state refers to time t (ms), of
    /// comparison bound <paramref name="notBefore"/> (ms), and index <paramref name="local"/> in its population: the
    /// event comes after its time, no crossing is possible before it, and the neuron is free at its time (or its model's
    /// lanes follow the refractory period).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LanesTake<TDyn>(double t, double te, double notBefore, double[] refractoryUntil, int local)
        where TDyn : struct, INeuronDynamics =>
        te > t && notBefore >= te && (TDyn.EventLanesWhileRefractory || t >= refractoryUntil[local]);

    /// <summary>Queues neuron n (<paramref name="local"/> in its population), whose state refers to time t, for its event at <paramref name="te"/> of weight <paramref name="w"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void QueueLane(int n, int local, double t, double te, double w)
    {
        int k = _lanes++;
        _laneNeuron[k] = n;
        _laneLocal[k] = local;
        _laneStart[k] = t;
        _laneTime[k] = te;
        _laneWeight[k] = w;
    }

    /// <summary>
    /// Advances the queued neurons (<see cref="TryQueueLane{TDyn}"/>, or <see cref="TryQueueDirect{TDyn}"/> when
    /// <typeparamref name="TEvents"/> is <see cref="FromDelivery"/>) to their events, then finishes each one's visit as
    /// the event loop would; a direct one whose crossing is possible before the slice ends is left to phase A, marked.
    /// </summary>
    private void FlushLanes<TDyn, TEvents>(PopulationDynamics<TDyn> pop, int population, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics where TEvents : struct
    {
        bool direct = typeof(TEvents) == typeof(FromDelivery); // a constant of each compiled specialisation
        int count = _lanes;
        _lanes = 0;
        double[][] model = pop.State;
        double[] time = _state.Time;
        int[] neuron = _laneNeuron;
        // Lanes past the queued ones repeat the first of their call's (they are not stored).
        int width = LaneWidth<TDyn>();
        for (int k = count; k < (count <= width ? width : 2 * width); k++)
        {
            int first = k & -width;
            neuron[k] = neuron[first];
            _laneLocal[k] = _laneLocal[first];
            _laneStart[k] = _laneStart[first];
            _laneTime[k] = _laneTime[first];
            _laneWeight[k] = _laneWeight[first];
        }
        _laneCallStart = 0;
        // Each lane's bound after its event: lanes [0, 4) and [4, 8), or [0, 8) and [8, 16) when eight wide.
        Vector256<double> low = default, high = default;
        Vector512<double> lowWide = default, highWide = default;
        bool finite;
        int stoppedLow = -1, stoppedHigh = -1;
        double reachedLow = 0, reachedHigh = 0;
        if (TDyn.WideEventLanes)
        {
            lowWide = LanesFrom(pop, 0, count, out stoppedLow, out reachedLow, out finite);
            if (count > 8)
            {
                _laneCallStart = 8;
                highWide = LanesFrom(pop, 8, count, out stoppedHigh, out reachedHigh, out bool finiteHigh);
                finite &= finiteHigh;
                if (stoppedHigh >= 0) stoppedHigh += 8;
            }
        }
        else
        {
            low = pop.Template.EventLanes(model, _laneLocal.AsSpan(0, 4), Math.Min(count, 4), FourFrom(_laneStart, 0),
                FourFrom(_laneTime, 0), FourFrom(_laneWeight, 0), out finite);
            if (count > 4)
            {
                _laneCallStart = 4;
                high = pop.Template.EventLanes(model, _laneLocal.AsSpan(4, 4), count - 4, FourFrom(_laneStart, 4),
                    FourFrom(_laneTime, 4), FourFrom(_laneWeight, 4), out bool finiteHigh);
                finite &= finiteHigh;
            }
        }
        // A lane stopped short of its event (at most one per call) is queued again after the others (which may
        // overwrite the queue's entries as they go round again): its neuron, taken now.
        int neuronLow = TDyn.EventLanesStopShort && stoppedLow >= 0 ? neuron[stoppedLow] : -1;
        int neuronHigh = TDyn.EventLanesStopShort && stoppedHigh >= 0 ? neuron[stoppedHigh] : -1;
        (double timeLow, double weightLow) = neuronLow >= 0 ? (_laneTime[stoppedLow], _laneWeight[stoppedLow]) : default;
        (double timeHigh, double weightHigh) = neuronHigh >= 0 ? (_laneTime[stoppedHigh], _laneWeight[stoppedHigh]) : default;
        RecurrentEvents += count;
        if (direct) DirectEvents += count;
        double t1 = frame.T1;
        long next = frame.Slice + 1;
        for (int k = 0; k < count; k++)
        {
            if (TDyn.EventLanesStopShort && (k == stoppedLow || k == stoppedHigh)) continue;
            int n = neuron[k], i = _laneLocal[k];
            time[n] = _laneTime[k];
            double notBefore = TDyn.WideEventLanes ? LaneOf(lowWide, highWide, k) : LaneOf(low, high, k);
            _state.SetBound(n, notBefore);
            if (direct)
            {
                _laneQueued[(n - First) >> 6] &= ~(1UL << (n - First));
                _state.Wake[n] = notBefore;
                if (notBefore < t1)
                {
                    frame.Table.Mark(n); // phase A goes on from here: the crossing search, and the later events it gets in its list
                    continue;
                }
                if (!finite && !StateIsFinite(model, i)) throw NonFiniteState(pop, n, i, t1);
                _wakes.Schedule(n, notBefore, next, frame.Slice);
                continue;
            }
            ref EventList list = ref frame.Events[n];
            list.RemoveFirst(1, frame.Table.Wide); // its first event is processed
            // A neuron with more events goes round again when the next one qualifies (queued at or before k: every
            // lane up to k has been read).
            if (list.Count > 0 && TryQueueFirstEvent<TDyn>(model, i, n, list, frame.Table, t1)) continue;
            if (notBefore < t1 || list.Count > 0)
            {
                // A crossing is possible before the slice ends, or an event remains that the lanes do not take: the
                // scalar loop goes on from the new state.
                _visiting = n;
                TDyn dyn = pop.Template;
                dyn.Load(model, i, time[n]);
                int processed = RunNeuron<TDyn, SynapticInputsOnly>(ref dyn, n, population, null, ref list, frame.Table, t1, frame.RunEnd, frame.Spikes, frame.Samples, frame.StateSamples);
                dyn.Store(model, i);
                time[n] = dyn.Time;
                list.RemoveFirst(processed, frame.Table.Wide);
                if (!StateIsFinite(model, i)) throw NonFiniteState(pop, n, i, t1);
            }
            else
            {
                _state.Wake[n] = notBefore;
                if (!finite && !StateIsFinite(model, i)) throw NonFiniteState(pop, n, i, t1);
            }
            _wakes.Schedule(n, _state.Wake[n], next, frame.Slice);
        }
        if (TDyn.EventLanesStopShort)
        {
            GoOnFrom(pop, neuronLow, reachedLow, timeLow, weightLow, direct, frame);
            GoOnFrom(pop, neuronHigh, reachedHigh, timeHigh, weightHigh, direct, frame);
        }
    }

    /// <summary>
    /// Elements [start, start + 4) of a queue array as a vector, read one by one: they were just written one by one,
    /// and a vector load of values still on their way to memory waits until they get there (the store buffer does not
    /// forward four stores to one load), where four loads each take their value from its store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> FourFrom(double[] queue, int start) =>
        Vector256.Create(queue[start], queue[start + 1], queue[start + 2], queue[start + 3]);

    /// <summary>
    /// The wide lanes' call for the queued neurons [start, start + 8) of <paramref name="count"/>: <see
    /// cref="INeuronDynamics.EventLanesUntil"/> for a model whose lanes stop short (<paramref name="stopped"/> counts
    /// from <paramref name="start"/>), else <see cref="INeuronDynamics.EventLanesWide"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> LanesFrom<TDyn>(PopulationDynamics<TDyn> pop, int start, int count, out int stopped, out double reached, out bool finite)
        where TDyn : struct, INeuronDynamics
    {
        (stopped, reached) = (-1, 0);
        ReadOnlySpan<int> local = _laneLocal.AsSpan(start, 8);
        int lanes = Math.Min(count - start, 8);
        return TDyn.EventLanesStopShort
            ? pop.Template.EventLanesUntil(pop.State, local, lanes, EightFrom(_laneStart, start), EightFrom(_laneTime, start), EightFrom(_laneWeight, start),
                                           out stopped, out reached, out finite)
            : pop.Template.EventLanesWide(pop.State, local, lanes, EightFrom(_laneStart, start), EightFrom(_laneTime, start), EightFrom(_laneWeight, start),
                                          out finite);
    }

    /// <summary>Lane k of the eight in <paramref name="low"/> and <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LaneOf(Vector256<double> low, Vector256<double> high, int k) => k < 4 ? low.GetElement(k) : high.GetElement(k - 4);

    /// <summary>Lane k of the sixteen in <paramref name="low"/> and <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LaneOf(Vector512<double> low, Vector512<double> high, int k) => k < 8 ? low.GetElement(k) : high.GetElement(k - 8);

    /// <summary>Elements [start, start + 8) of a queue array as a vector (<see cref="FourFrom"/>, twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> EightFrom(double[] queue, int start) => Vector512.Create(FourFrom(queue, start), FourFrom(queue, start + 4));

    /// <summary>
    /// Queues neuron n (-1: none), stopped short of its event (at <paramref name="te"/> ms, of weight
    /// <paramref name="w"/>: its list's first, or a direct one) at <paramref name="reached"/> (ms), again for the same
    /// event: it still qualifies (free, its bound unchanged and not before the event, the event in the slice).
    /// </summary>
    private void GoOnFrom<TDyn>(PopulationDynamics<TDyn> pop, int n, double reached, double te, double w, bool direct, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        if (n < 0) return;
        RecurrentEvents--; // (counted when it arrives)
        _state.Time[n] = reached;
        if (direct)
        {
            DirectEvents--;
            QueueLane(n, n - pop.Offset, reached, te, w);
        }
        else if (!TryQueueFirstEvent<TDyn>(pop.State, n - pop.Offset, n, frame.Events[n], frame.Table, frame.T1))
            throw new InvalidOperationException($"neuron {n}, stopped short of its event at {reached} ms, did not qualify for the lanes again");
    }
}
