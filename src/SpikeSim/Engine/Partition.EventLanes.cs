using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpikeSim.Neurons;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Up to LaneCapacity neurons of one population waiting to be advanced together: global index, the time their
    // state refers to, and their next event's time and weight (their indices in the population are taken at the
    // flush). They go through the model's EventLanes eight at a time, two calls back to back: the calls are
    // independent, so the processor overlaps their chains of exponential and divisions.
    private const int LaneWidth = 8, LaneCapacity = 2 * LaneWidth;
    private readonly int[] _laneNeuron = new int[LaneCapacity], _laneLocal = new int[LaneCapacity];
    private readonly double[] _laneStart = new double[LaneCapacity], _laneTime = new double[LaneCapacity], _laneWeight = new double[LaneCapacity];
    private int _lanes;
    private int _laneCallStart; // the first queued neuron of the EventLanes call under way (0 or LaneWidth)

    /// <summary>The bounds of a flush's two calls of lanes, in order.</summary>
    [InlineArray(LaneCapacity)]
    private struct LaneBounds
    {
        private double _first;

        /// <summary>Lanes [0, 8).</summary>
        public Vector512<double> Low { set => Unsafe.As<double, Vector512<double>>(ref _first) = value; }

        /// <summary>Lanes [8, 16).</summary>
        public Vector512<double> High { set => Unsafe.As<double, Vector512<double>>(ref Unsafe.Add(ref _first, LaneWidth)) = value; }
    }

    /// <summary>The neuron (global index) whose dynamics gave up: the lane's (<see cref="DynamicsOverflowException.Lane"/>) or the one visited.</summary>
    private int GaveUp(DynamicsOverflowException e) => e.Lane >= 0 ? _laneNeuron[_laneCallStart + e.Lane] : _visiting;

    /// <summary>
    /// The common visit of a network without external inputs (cuba, benchmark4, coba), done eight neurons at a time
    /// for a model that has <see cref="INeuronDynamics.EventLanes"/>, one event at a time: a neuron whose only inputs
    /// are synaptic events, with no plastic inputs, with an event in the slice, free at its time (not refractory,
    /// unless the model's lanes take refractory neurons: <see cref="INeuronDynamics.EventLanesWhileRefractory"/>)
    /// and with no threshold crossing possible before its first event (its comparison bound,
    /// <see cref="NeuronState.NotBefore"/>, is not earlier). Such a neuron is queued here; when
    /// <see cref="LaneCapacity"/> are queued, or at the end of the population's range (other neurons visited in
    /// between: neurons are independent within a slice, and the slice's spikes are sorted afterwards), the queued ones
    /// are advanced to their first events, receive them and get their next bound in passes of vector arithmetic over
    /// eight, the scalar loop's arithmetic lane by lane: every state and spike time is the one
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
        QueueLane(n, t, te, table.Weight[e]);
        return true;
    }

    /// <summary>
    /// Whether the lanes take the event at <paramref name="te"/> (ms) of a neuron whose state refers to time t (ms), of
    /// comparison bound <paramref name="notBefore"/> (ms), and index <paramref name="local"/> in its population: the
    /// event comes at or after its time (at it: another input came at that instant, as V jumps by their sum before a
    /// crossing counts), no crossing is possible before it, and the neuron is free at its time (or its model's lanes
    /// follow the refractory period).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LanesTake<TDyn>(double t, double te, double notBefore, double[] refractoryUntil, int local)
        where TDyn : struct, INeuronDynamics =>
        te >= t && notBefore >= te && (TDyn.EventLanesWhileRefractory || t >= refractoryUntil[local]);

    /// <summary>Queues neuron n, whose state refers to time t, for its event at <paramref name="te"/> of weight <paramref name="w"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void QueueLane(int n, double t, double te, double w)
    {
        int k = _lanes++;
        _laneNeuron[k] = n;
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
        int[] neuron = _laneNeuron, local = _laneLocal;
        for (int k = 0; k < count; k++) local[k] = neuron[k] - pop.Offset;
        // Lanes past the queued ones repeat the first of their call's (they are not stored).
        for (int k = count; k < (count <= LaneWidth ? LaneWidth : LaneCapacity); k++)
        {
            int first = k & -LaneWidth;
            neuron[k] = neuron[first];
            local[k] = local[first];
            _laneStart[k] = _laneStart[first];
            _laneTime[k] = _laneTime[first];
            _laneWeight[k] = _laneWeight[first];
        }
        _laneCallStart = 0;
        // Each lane's bound after its event, stored once for the loop below (an element of a vector by a variable
        // index is a copy of the whole vector through the stack, each time).
        LaneBounds bounds = default;
        int stoppedHigh = -1;
        double reachedHigh = 0;
        bounds.Low = LanesFrom(pop, 0, count, out int stoppedLow, out double reachedLow, out bool finite);
        if (count > LaneWidth)
        {
            _laneCallStart = LaneWidth;
            bounds.High = LanesFrom(pop, LaneWidth, count, out stoppedHigh, out reachedHigh, out bool finiteHigh);
            finite &= finiteHigh;
            if (stoppedHigh >= 0) stoppedHigh += LaneWidth;
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
        if (direct)
            EndDirect(pop, neuron, local, _laneTime, count, bounds, finite, TDyn.EventLanesStopShort ? stoppedLow : -1,
                      TDyn.EventLanesStopShort ? stoppedHigh : -1, queued: true, frame);
        else for (int k = 0; k < count; k++)
        {
            if (TDyn.EventLanesStopShort && (k == stoppedLow || k == stoppedHigh)) continue;
            int n = neuron[k], i = local[k];
            time[n] = _laneTime[k];
            double notBefore = bounds[k];
            _state.SetBound(n, notBefore);
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
    /// The ends of direct lanes (<see cref="FlushLanes{TDyn, TEvents}"/> from delivery, <see cref="TrySixteenAtOnce{TDyn, TTarget}"/>):
    /// lane k is neuron <paramref name="neuron"/>[k] (<paramref name="local"/>[k] in its population), advanced to its
    /// event at <paramref name="eventTime"/>[k], of bound <paramref name="bounds"/>[k]; the stopped ones
    /// (<paramref name="skipLow"/>, <paramref name="skipHigh"/>; -1: none) are left out; <paramref name="queued"/>: they
    /// came through the lane queue, and leave it. A lane whose state is not finite stops the run, unless its bound falls
    /// in the slice (phase A then finds it).
    /// </summary>
    private void EndDirect(PopulationDynamics pop, int[] neuron, int[] local, double[] eventTime, int count, in LaneBounds bounds, bool finite,
                           int skipLow, int skipHigh, bool queued, in SliceFrame frame)
    {
        for (int k = 0; k < count && !finite; k++)
        {
            if (k == skipLow || k == skipHigh || bounds[k] < frame.T1) continue;
            if (!StateIsFinite(pop.State, local[k])) throw NonFiniteState(pop, neuron[k], local[k], frame.T1);
        }
        EndDirectLanes(neuron, eventTime, count, bounds, skipLow, skipHigh, queued, frame);
    }

    /// <summary>
    /// <see cref="EndDirect"/> past its finiteness check, in a loop with no call, so that its values stay in registers:
    /// each neuron's time, bound and wake, and it leaves the lane queue where it came through it; a bound in the slice
    /// marks it for phase A (the crossing search, and the later events it gets in its list), a later one schedules its
    /// wake.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EndDirectLanes(int[] neuron, double[] eventTime, int count, in LaneBounds bounds, int skipLow, int skipHigh, bool queued,
                                in SliceFrame frame)
    {
        double[] time = _state.Time, wake = _state.Wake;
        ulong[] queue = _laneQueued;
        ArrivalTable table = frame.Table;
        double t1 = frame.T1, reach = _wakes.Reach(frame.Slice);
        long next = frame.Slice + 1;
        int first = First;
        for (int k = 0; k < count; k++)
        {
            if (k == skipLow || k == skipHigh) continue;
            int n = neuron[k], i = n - first;
            double notBefore = bounds[k];
            time[n] = eventTime[k];
            _state.SetBound(n, notBefore);
            wake[n] = notBefore;
            if (queued) queue[i >> 6] &= ~(1UL << i);
            if (notBefore < t1) table.Mark(n);
            else _wakes.Schedule(n, notBefore, next, reach);
        }
    }

    /// <summary>
    /// The lanes' call for the queued neurons [start, start + 8) of <paramref name="count"/>:
    /// <see cref="INeuronDynamics.EventLanesUntil"/> for a model whose lanes stop short (<paramref name="stopped"/>
    /// counts from <paramref name="start"/>), else <see cref="INeuronDynamics.EventLanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> LanesFrom<TDyn>(PopulationDynamics<TDyn> pop, int start, int count, out int stopped, out double reached, out bool finite)
        where TDyn : struct, INeuronDynamics
    {
        (stopped, reached) = (-1, 0);
        ReadOnlySpan<int> local = _laneLocal.AsSpan(start, LaneWidth);
        int lanes = Math.Min(count - start, LaneWidth);
        // (the template through a plain reference, as in Lanes.EventLanes: no copy of it)
        return TDyn.EventLanesStopShort
            ? Unsafe.AsRef(in pop.Template).EventLanesUntil(pop.State, local, lanes, EightFrom(_laneStart, start), EightFrom(_laneTime, start), EightFrom(_laneWeight, start),
                                           out stopped, out reached, out finite)
            : Lanes.EventLanes(in pop.Template, pop.State, local, lanes, EightFrom(_laneStart, start), EightFrom(_laneTime, start),
                               EightFrom(_laneWeight, start), out finite);
    }

    /// <summary>
    /// Elements [start, start + 8) of a queue array as a vector, read one by one: they were just written one by one,
    /// and a vector load of values still on their way to memory waits until they get there (the store buffer does not
    /// forward several stores to one load), where each load takes its value from its store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> EightFrom(double[] queue, int start) =>
        Lanes.Join(Vector256.Create(queue[start], queue[start + 1], queue[start + 2], queue[start + 3]),
                   Vector256.Create(queue[start + 4], queue[start + 5], queue[start + 6], queue[start + 7]));

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
            QueueLane(n, reached, te, w);
        }
        else if (!TryQueueFirstEvent<TDyn>(pop.State, n - pop.Offset, n, frame.Events[n], frame.Table, frame.T1))
            throw new InvalidOperationException($"neuron {n}, stopped short of its event at {reached} ms, did not qualify for the lanes again");
    }
}
