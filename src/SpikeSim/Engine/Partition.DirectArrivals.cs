using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SpikeSim.Neurons;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Direct arrivals. When every synapse into a population is static and has the slice's length as its one delay
    // (cuba, benchmark4, coba), each spike of slice k arrives in slice k + 1, and all of slice k + 1's events into the
    // population are known once slice k's spikes are: they are the spikes' rows, already in time order. Phase B of
    // slice k then gives each event straight to its target's state in the event lanes, in spike order, instead of
    // writing it into the target's list for phase A(k + 1) to find, read and queue (the scatter, the scan and the list
    // were most of a small network's cost per event). A neuron the lanes do not take at that moment (other inputs,
    // refractory when its model's lanes do not take that, a crossing possible before the event) gets the event in its
    // list as before, and so does every later event of the slice for it: its list is marked, and phase A(k + 1)
    // visits it from the state the lanes left, exactly as the scalar loop goes on after a lane (every path gives a
    // neuron the same bits). A lane whose new bound falls in the slice is marked too, for the
    // exact crossing search in phase A. A target's events still arrive in spike order; lanes are not spikes (a neuron
    // spikes only in phase A), so nothing here depends on another partition. Where sixteen consecutive targets of a row
    // all qualify, they skip the queue: their states are read eight at once and both calls of the lanes made at once.

    /// <summary>The <c>TEvents</c> of <see cref="FlushLanes{TDyn, TEvents}"/> for neurons queued from their event lists in phase A.</summary>
    private struct FromLists;

    /// <summary>The <c>TEvents</c> of <see cref="FlushLanes{TDyn, TEvents}"/> for neurons queued in phase B (<see cref="DeliverDirect{TDyn}"/>).</summary>
    private struct FromDelivery;

    /// <summary>Per population: its events take the direct path (<see cref="Simulator"/> decides: <see cref="DirectPopulations"/>).</summary>
    private readonly bool[] _directInto;

    /// <summary>Per table: its target population's events take the direct path.</summary>
    private readonly bool[] _directTable;

    /// <summary>Whether a population with direct arrivals has neurons in this partition.</summary>
    private readonly bool _anyDirect;

    /// <summary>Partition-local bitset of the neurons queued for the lanes by <see cref="DeliverDirect{TDyn}"/> and not yet flushed.</summary>
    private readonly ulong[] _laneQueued;

    /// <summary>
    /// Which populations take direct arrivals: none unless <paramref name="allowed"/> (not when a projection learns or
    /// changes, so every table is static); otherwise each population whose model has event lanes, whose neurons mostly
    /// have synaptic events as their only input (the others go through their lists, and a population of them gains
    /// nothing), and every projection into which has one delay equal to the slice (<paramref name="sliceMs"/>) and
    /// weights kept as floats or one constant.
    /// </summary>
    internal static bool[] DirectPopulations(Network network, NeuronState state, SynapseTable[] tables, double sliceMs, bool allowed)
    {
        var direct = new bool[network.Populations.Count];
        if (!allowed) return direct;
        for (int p = 0; p < direct.Length; p++)
        {
            PopulationRange range = network.Populations[p];
            int synapticOnly = 0;
            for (int n = range.Offset; n < range.Offset + range.Size; n++) if (IsSynapticOnly(network, n)) synapticOnly++;
            direct[p] = state.Populations[p].HasEventLanes && 2 * synapticOnly > range.Size;
        }
        foreach (SynapseTable t in tables)
        {
            if (t.Delay is not null || t.Delay64 is not null || t.Weight64 is not null || t.DelayConstant != sliceMs)
                direct[t.ToPopulation] = false;
        }
        return direct;
    }

    /// <summary>
    /// How many of the slice's first spikes (in <paramref name="order"/>) arrive directly: all those whose arrival falls
    /// in the next slice, before <paramref name="nextEnd"/> (its end, or the run's when the run ends in it; NaN when
    /// the run ends with this slice, whose spikes then wait in the lists for the next run). Arrival times grow with the
    /// spikes', so those that do not are the last ones.
    /// </summary>
    private int DirectSpikes(long slice, SpikeList order, double nextEnd)
    {
        if (!_anyDirect || !(nextEnd > 0)) return 0;
        int direct = 0;
        while (direct < order.Count)
        {
            double arrival = order.Times[direct] + _sliceMs;
            if (!(arrival < nextEnd) || _ring.SliceOf(arrival, slice + 1) != slice + 1) break;
            direct++;
        }
        return direct;
    }

    /// <summary>Gives the first <paramref name="spikes"/> spikes of <paramref name="order"/> to the direct populations' neurons of this partition (see above).</summary>
    private void DeliverDirectPopulations(long slice, SpikeList order, int spikes, int[][] splits, double nextEnd, double runEnd)
    {
        long next = slice + 1;
        var frame = new SliceFrame(next, _ring.Slot(next), _ring.Farthest(next), _ring.Table(next, Index), _wakes.Slot(next), nextEnd, runEnd,
                                   Spikes[next & 1], Samples[next & 1], StateSamples[next & 1]);
        PopulationDynamics[] populations = _state.Populations;
        for (int population = 0; population < populations.Length; population++)
        {
            PopulationDynamics pop = populations[population];
            if (!_directInto[population] || !Holds(pop.Offset, pop.Size)) continue;
            try
            {
                pop.DeliverDirect(this, population, order, spikes, splits, frame); // one virtual call per population
            }
            catch (DynamicsOverflowException e)
            {
                throw NonFiniteValueException.Dynamics(_network, GaveUp(e), e, nextEnd);
            }
        }
    }

    /// <summary>
    /// The direct arrivals into one population (<see cref="DeliverDirectPopulations"/>), specialised on its dynamics:
    /// spike by spike, each synapse of the spike's rows into the population and this partition's neurons, in order.
    /// </summary>
    internal void DeliverDirect<TDyn>(PopulationDynamics<TDyn> pop, int population, SpikeList order, int spikes, int[][] splits, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        double[] times = order.Times;
        (int firstBlock, int endBlock) = (_blocks.Start.Value, _blocks.End.Value);
        for (int i = 0; i < spikes; i++)
        {
            if (i + DeliverAhead < spikes) PrefetchRows(_tables, splits, _network.Outgoing[_spikePopulation[i + DeliverAhead]], _spikeRow[i + DeliverAhead] + firstBlock);
            int[] outgoing = _network.Outgoing[_spikePopulation[i]];
            int row = _spikeRow[i];
            for (int o = 0; o < outgoing.Length; o++)
            {
                int j = outgoing[o];
                SynapseTable synapses = _tables[j];
                if (synapses.ToPopulation != population) continue;
                int lo = splits[j][row + firstBlock], hi = splits[j][row + endBlock];
                if (lo >= hi) continue;
                var arrival = new DirectArrival(times[i] + synapses.DelayConstant, synapses.WeightConstant, synapses.Weight, lo);
                SynapseTargets targets = synapses.Targets;
                if (targets.Offsets is { } offsets) DirectRow<TDyn, ushort>(pop, population, offsets.AsSpan(lo, hi - lo), targets.Base, ref arrival, frame);
                else DirectRow<TDyn, int>(pop, population, targets.Indices.AsSpan(lo, hi - lo), 0, ref arrival, frame);
            }
        }
        while (_lanes > 0) FlushLanes<TDyn, FromDelivery>(pop, population, frame);
    }

    /// <summary>
    /// What the synapses of one spike's row have in common: the arrival time (ms), the weight (mV or pA: the constant, or
    /// per synapse from <see cref="Weights"/>, whose index <see cref="First"/> is the row part's first synapse), and the
    /// spike's entry in the slice's table for the targets that take their lists (-1 until the first one does).
    /// </summary>
    private struct DirectArrival(double time, double weight, float[]? weights, int first)
    {
        public readonly double Time = time, Weight = weight;
        public readonly float[]? Weights = weights;
        public readonly int First = first;
        public int Shared = -1;

        public readonly double WeightOf(int k) => Weights is null ? Weight : Weights[First + k];
    }

    /// <summary>
    /// The events of one row part (targets <paramref name="targetBase"/> + <paramref name="targets"/>[k]): each to the
    /// lanes when they take it now, sixteen at once (<see cref="TrySixteenAtOnce{TDyn, TTarget}"/>) or through the
    /// queue (<see cref="QueueWhileLanesTake{TDyn, TTarget}"/>, <see cref="TryQueueDirect{TDyn}"/>), else to its
    /// target's list.
    /// </summary>
    private void DirectRow<TDyn, TTarget>(PopulationDynamics<TDyn> pop, int population, ReadOnlySpan<TTarget> targets, int targetBase,
                                          ref DirectArrival arrival, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        for (int k = 0; k < targets.Length;)
        {
            // Sixteen at once where they qualify; otherwise these sixteen (or the rest) one by one, through the queue.
            if (k + LaneCapacity <= targets.Length && TrySixteenAtOnce(pop, targets.Slice(k, LaneCapacity), targetBase, arrival, k, frame))
            {
                k += LaneCapacity;
                continue;
            }
            ReadOnlySpan<TTarget> window = targets[..Math.Min(k + LaneCapacity, targets.Length)];
            while (k < window.Length)
            {
                k = QueueWhileLanesTake<TDyn, TTarget>(pop, window, k, targetBase, arrival, frame.Table.Targets);
                if (_lanes == LaneCapacity) FlushFull(pop, population, frame);
                else if (k < window.Length)
                {
                    DirectOther(pop, population, targetBase + int.CreateTruncating(window[k]), ref arrival, k, frame);
                    k++;
                }
            }
        }
    }

    // The lanes of TrySixteenAtOnce: their neurons, indices in the population and event time.
    private readonly int[] _directNeuron = new int[LaneCapacity], _directLocal = new int[LaneCapacity];
    private readonly double[] _directTime = new double[LaneCapacity];

    /// <summary>
    /// The commonest case of <see cref="DirectRow{TDyn, TTarget}"/>, with no queue: when the lanes take each of sixteen
    /// consecutive targets of a row part (<paramref name="sixteen"/>, the part's events k to k + 15) now, as
    /// <see cref="QueueWhileLanesTake{TDyn, TTarget}"/> would one by one, and they are sixteen neurons (a multapse
    /// repeats a target, side by side in the sorted row), they receive their event in two calls of the lanes back to
    /// back, as a full queue's flush does: the same arithmetic, their states and times read eight at once, the event's
    /// time and weight the row's. Returns false, changing nothing, otherwise (and where the processor lacks AVX-512 or
    /// the model's lanes stop short).
    /// </summary>
    private bool TrySixteenAtOnce<TDyn, TTarget>(PopulationDynamics<TDyn> pop, ReadOnlySpan<TTarget> sixteen, int targetBase,
                                                 in DirectArrival arrival, int k, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        if (TDyn.EventLanesStopShort || !TDyn.EventLanesWhileRefractory || !Avx2.IsSupported || !Avx512F.IsSupported) return false;
        if (!LanesTakeEight(sixteen, targetBase, arrival.Time, frame, out Vector256<int> lowNeurons, out Vector512<double> lowTimes)
            || !LanesTakeEight(sixteen[LaneWidth..], targetBase, arrival.Time, frame, out Vector256<int> highNeurons, out Vector512<double> highTimes)
            || lowNeurons.GetElement(LaneWidth - 1) == highNeurons.GetElement(0))
            return false;
        Vector512<double> te = Vector512.Create(arrival.Time), lowWeights, highWeights;
        if (arrival.Weights is { } weights)
        {
            lowWeights = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref weights[arrival.First + k]));
            highWeights = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref weights[arrival.First + k + LaneWidth]));
        }
        else lowWeights = highWeights = Vector512.Create(arrival.Weight);
        Vector256<int> offset = Vector256.Create(pop.Offset);
        (lowNeurons - offset).StoreUnsafe(ref _directLocal[0]);
        (highNeurons - offset).StoreUnsafe(ref _directLocal[LaneWidth]);
        lowNeurons.StoreUnsafe(ref _directNeuron[0]);
        highNeurons.StoreUnsafe(ref _directNeuron[LaneWidth]);
        te.StoreUnsafe(ref _directTime[0]);
        te.StoreUnsafe(ref _directTime[LaneWidth]);
        LaneBounds bounds = default;
        bounds.Low = Lanes.EventLanes(in pop.Template, pop.State, _directLocal.AsSpan(0, LaneWidth), LaneWidth, lowTimes, te, lowWeights, out bool finite);
        bounds.High = Lanes.EventLanes(in pop.Template, pop.State, _directLocal.AsSpan(LaneWidth), LaneWidth, highTimes, te, highWeights, out bool finiteHigh);
        RecurrentEvents += LaneCapacity;
        DirectEvents += LaneCapacity;
        EndDirect(pop, _directNeuron, _directLocal, _directTime, LaneCapacity, bounds, finite & finiteHigh, -1, -1, queued: false, frame);
        return true;
    }

    /// <summary>
    /// <see cref="TrySixteenAtOnce{TDyn, TTarget}"/>'s test of eight targets (<paramref name="eight"/>, from
    /// <paramref name="targetBase"/>) for an event at <paramref name="te"/> (ms): each has no list, only synaptic
    /// inputs and is not queued, the lanes take it now (<see cref="LanesTake{TDyn}"/> of a model whose lanes follow the
    /// refractory period), and no two are one. The neurons (global indices) and the times their states refer to are
    /// returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe bool LanesTakeEight<TTarget>(ReadOnlySpan<TTarget> eight, int targetBase, double te, in SliceFrame frame,
                                               out Vector256<int> n, out Vector512<double> t)
        where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        n = (typeof(TTarget) == typeof(ushort)
            ? Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.As<TTarget, ushort>(ref MemoryMarshal.GetReference(eight))))
            : Vector256.LoadUnsafe(ref Unsafe.As<TTarget, int>(ref MemoryMarshal.GetReference(eight)))) + Vector256.Create(targetBase);
        Vector256<int> i = n - Vector256.Create(First), word = Vector256.ShiftRightArithmetic(i, 6);
        Vector512<double> notBefore;
        Vector512<ulong> blocked;
        fixed (double* time = _state.Time, bounds = _state.NotBefore)
        fixed (ulong* marked = frame.Table.Targets, synapticOnly = _synapticOnly, queued = _laneQueued)
        {
            t = Gather(time, n);
            notBefore = Gather(bounds, n);
            blocked = Gather(marked, word) | ~Gather(synapticOnly, word) | Gather(queued, word);
        }
        Vector512<ulong> bit = Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, Avx512F.ConvertToVector512UInt64(i.AsUInt32()) & Vector512.Create(63UL));
        Vector512<double> at = Vector512.Create(te);
        // LanesTake, lane by lane, for lanes that follow the refractory period: te >= t, notBefore >= te.
        Vector512<double> take = Vector512.GreaterThanOrEqual(at, t) & Vector512.GreaterThanOrEqual(notBefore, at);
        // A multapse: equal targets side by side.
        uint repeated = Vector256.Equals(n, Avx2.PermuteVar8x32(n, Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6))).ExtractMostSignificantBits() & ~1u;
        return (blocked & bit) == Vector512<ulong>.Zero && Vector512.EqualsAll(take.AsUInt64(), Vector512<ulong>.AllBitsSet) && repeated == 0;
    }

    /// <summary>Eight values of <paramref name="values"/> at the indices <paramref name="index"/>, in two gathers of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<double> Gather(double* values, Vector256<int> index) =>
        Lanes.Join(Avx2.GatherVector256(values, index.GetLower(), 8), Avx2.GatherVector256(values, index.GetUpper(), 8));

    /// <summary>Eight words of <paramref name="words"/> at the indices <paramref name="index"/>, in two gathers of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<ulong> Gather(ulong* words, Vector256<int> index) =>
        Avx2.GatherVector256(words, index.GetLower(), 8).ToVector512Unsafe().WithUpper(Avx2.GatherVector256(words, index.GetUpper(), 8));

    /// <summary>
    /// The common case of <see cref="DirectRow{TDyn, TTarget}"/>, in a loop with no call (so that its values stay in
    /// registers): from event k on, queues each event whose target has no list (<paramref name="marked"/>), only
    /// synaptic inputs, is not queued yet, and whose event the lanes take now. Stops at the first event that is not
    /// queued (returning its index) or when the queue is full (returning the index after the last one queued).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int QueueWhileLanesTake<TDyn, TTarget>(PopulationDynamics<TDyn> pop, ReadOnlySpan<TTarget> targets, int k, int targetBase,
                                                  in DirectArrival arrival, ulong[] marked)
        where TDyn : struct, INeuronDynamics where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        ulong[] synapticOnly = _synapticOnly, queued = _laneQueued;
        double[] time = _state.Time, notBefore = _state.NotBefore, refractoryUntil = pop.State[LifState.RefractoryUntil];
        int[] laneNeuron = _laneNeuron;
        double[] laneStart = _laneStart, laneTime = _laneTime, laneWeight = _laneWeight;
        double te = arrival.Time;
        int first = First, offset = pop.Offset, lanes = _lanes;
        for (; k < targets.Length; k++)
        {
            int n = targetBase + int.CreateTruncating(targets[k]);
            int i = n - first, word = i >> 6;
            ulong bit = 1UL << i;
            double t = time[n];
            if (((marked[word] | ~synapticOnly[word] | queued[word]) & bit) != 0 || !LanesTake<TDyn>(t, te, notBefore[n], refractoryUntil, n - offset)) break;
            laneNeuron[lanes] = n;
            laneStart[lanes] = t;
            laneTime[lanes] = te;
            laneWeight[lanes] = arrival.WeightOf(k);
            queued[word] |= bit;
            if (++lanes == LaneCapacity)
            {
                k++;
                break;
            }
        }
        _lanes = lanes;
        return k;
    }

    /// <summary>Flushes a full lane queue (a flush may queue a lane stopped short again).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushFull<TDyn>(PopulationDynamics<TDyn> pop, int population, in SliceFrame frame) where TDyn : struct, INeuronDynamics
    {
        while (_lanes == LaneCapacity) FlushLanes<TDyn, FromDelivery>(pop, population, frame);
    }

    /// <summary>
    /// Event k of a row part whose target n the lanes do not take at once: a neuron already queued is flushed first (its
    /// events go in order) and tried again (<see cref="TryQueueDirect{TDyn}"/>); otherwise, or when it does not
    /// qualify, the event goes to its list (and so do the neuron's later events of the slice: the list marks it).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DirectOther<TDyn>(PopulationDynamics<TDyn> pop, int population, int n, ref DirectArrival arrival, int k, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        double w = arrival.WeightOf(k);
        if (TryQueueDirect(pop, population, n, arrival.Time, w, frame)) return;
        ArrivalTable table = frame.Table;
        int reference = arrival.Weights is not null ? table.Add(arrival.Time, w) : arrival.Shared >= 0 ? arrival.Shared : arrival.Shared = table.Add(arrival.Time, w);
        table.Queue(n, reference);
    }

    /// <summary>
    /// Queues neuron n's event (time <paramref name="te"/>, ms; weight <paramref name="w"/>) for the lanes when it has
    /// no list of its own in the slice, no input but synaptic events, and the lanes take the event now
    /// (<see cref="LanesTake{TDyn}"/>). A neuron already queued is flushed first (its events go in order). False,
    /// queuing nothing, otherwise.
    /// </summary>
    private bool TryQueueDirect<TDyn>(PopulationDynamics<TDyn> pop, int population, int n, double te, double w, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        int i = n - First, word = i >> 6;
        ulong bit = 1UL << i;
        ulong[] marked = frame.Table.Targets;
        if (((marked[word] | ~_synapticOnly[word]) & bit) != 0) return false;
        if ((_laneQueued[word] & bit) != 0)
        {
            while (_lanes > 0) FlushLanes<TDyn, FromDelivery>(pop, population, frame);
            if ((marked[word] & bit) != 0) return false; // the lanes left it to phase A
        }
        int local = n - pop.Offset;
        double t = _state.Time[n];
        if (!LanesTake<TDyn>(t, te, _state.NotBefore[n], pop.State[LifState.RefractoryUntil], local)) return false;
        QueueLane(n, t, te, w);
        _laneQueued[word] |= bit;
        FlushFull(pop, population, frame);
        return true;
    }
}
