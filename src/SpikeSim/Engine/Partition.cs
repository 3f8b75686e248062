using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SpikeSim.Inputs;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;
using SpikeSim.Synapses;
using SpikeSim.Units;

namespace SpikeSim.Engine;

/// <summary>
/// One thread's share of the network: a contiguous range of neurons. Each slice it (A) advances its neurons
/// through their events, and (B) delivers every spike of the slice to the synapses whose targets it owns.
/// A partition writes only its own neurons' state, event lists and arrival tables, so partitions never contend;
/// and what a neuron computes depends only on its own ordered events, so results do not depend on how many
/// partitions there are.
/// </summary>
internal sealed partial class Partition
{
    private readonly Network _network;
    /// <summary>The neuron (global index) phase A is visiting, to name it when its dynamics give up (<see cref="DynamicsOverflowException"/>).</summary>
    private int _visiting;
    private readonly NeuronState _state;
    private readonly EventRing _ring;
    private readonly InputTables _inputs;
    /// <summary>The slice's Poisson events of the neurons with one stream, drawn eight streams at a time.</summary>
    private readonly PoissonLanes _poissonLanes;
    private readonly SynapseTable[] _tables;
    private readonly PlasticityEngine? _plasticity;
    private readonly WakeSchedule _wakes;
    /// <summary>
    /// Partition-local bitset: bit i set when neuron First + i has no input but synaptic events (no probe, spike-times,
    /// current or Poisson input), so its visits take the lean specialisation of <see cref="RunNeuron{T, TInputs}"/>.
    /// </summary>
    private readonly ulong[] _synapticOnly;

    /// <summary>Spikes of this partition's neurons per slice parity, sorted by (time, neuron) after <see cref="Advance"/>.</summary>
    public readonly SpikeList[] Spikes = [new(), new()];

    /// <summary>Voltage samples of this partition's neurons per slice parity, sorted by (time, neuron).</summary>
    public readonly SampleList[] Samples = [new(), new()];

    /// <summary>State samples of this partition's neurons per slice parity, sorted (<see cref="StateSampleList.Sort"/>).</summary>
    public readonly StateSampleList[] StateSamples = [new(), new()];

    /// <summary>Synaptic events processed by this partition's neurons.</summary>
    public long RecurrentEvents;

    /// <summary>Of <see cref="RecurrentEvents"/>, those given straight to their targets' state in phase B (<see cref="DeliverDirect{TDyn}"/>).</summary>
    public long DirectEvents;

    /// <summary>External input events (spike_times, Poisson) processed by this partition's neurons.</summary>
    public long InputEvents;

    /// <summary>
    /// Slices before this one sort their events even when every delay is the same: after a loaded state, spikes that
    /// left under another model's delays share the lists with new ones.
    /// </summary>
    public long SortUntilSlice;

    private bool _sortEvents; // this slice's events need sorting
    private readonly SpikeList _order = new(); // phase B: the slice's spikes of all partitions, merged
    private int[] _spikeRow = new int[64], _spikePopulation = new int[64];
    private SharedArrival[] _sharedArrivals = new SharedArrival[64]; // phase B: each (spike, outgoing projection)'s shared entry

    // Plastic networks: the current neuron's plastic arrivals at the current instant (coincident pre and post spikes).
    private readonly SameInstantArrivals _sameInstant = new();

    /// <param name="index">The partition's index.</param>
    /// <param name="first">Its first neuron (global index).</param>
    /// <param name="end">One past its last neuron.</param>
    /// <param name="blocks">Its delivery blocks: indices into the bounds the row splits were made with (see <see cref="Deliver"/>).</param>
    /// <param name="network">The network.</param>
    /// <param name="state">Every neuron's state.</param>
    /// <param name="ring">The pending events.</param>
    /// <param name="tables">The synapse tables the simulation works on.</param>
    /// <param name="plasticity">The plasticity engine, if any projection learns.</param>
    /// <param name="sliceMs">Slice length, ms.</param>
    /// <param name="directInto">Per population, whether its events take the direct path (<see cref="DirectPopulations"/>).</param>
    public Partition(int index, int first, int end, Range blocks, Network network, NeuronState state, EventRing ring,
                     SynapseTable[] tables, PlasticityEngine? plasticity, double sliceMs, bool[] directInto)
    {
        _sliceMs = sliceMs;
        _directInto = directInto;
        _directTable = new bool[tables.Length];
        for (int j = 0; j < tables.Length; j++) _directTable[j] = directInto[tables[j].ToPopulation];
        _laneQueued = new ulong[(end - first + 63) >> 6];
        _blocks = blocks;
        _wakes = new WakeSchedule(first, end - first, sliceMs);
        _tables = tables;
        _plasticity = plasticity;
        Index = index;
        First = first;
        End = end;
        _network = network;
        _state = state;
        _ring = ring;
        _inputs = network.Inputs;
        _synapticOnly = SynapticOnlyNeurons(network, first, end);
        _poissonLanes = new PoissonLanes(state, network.Inputs, first, end);
        for (int p = 0; p < directInto.Length; p++) // (First and End set)
            _anyDirect |= directInto[p] && Holds(network.Populations[p].Offset, network.Populations[p].Size);
    }

    /// <summary>The bitset <see cref="_synapticOnly"/> of neurons [first, end).</summary>
    private static ulong[] SynapticOnlyNeurons(Network network, int first, int end)
    {
        var bits = new ulong[(end - first + 63) >> 6];
        for (int n = first; n < end; n++)
            if (IsSynapticOnly(network, n)) bits[(n - first) >> 6] |= 1UL << (n - first);
        return bits;
    }

    /// <summary>Whether neuron n's only inputs are synaptic events: no probe, spike-times, current or Poisson input.</summary>
    private static bool IsSynapticOnly(Network network, int n)
    {
        InputTables inputs = network.Inputs;
        static bool None(int[] start, int n) => start[n] == start[n + 1];
        return None(inputs.SpikeStart, n) && None(inputs.CurrentStart, n) && None(inputs.PoissonStart, n) && None(network.ProbeStart, n);
    }

    /// <summary>The <c>TInputs</c> of <see cref="RunNeuron{T, TInputs}"/> for a neuron that may have any input.</summary>
    private struct AnyInputs;

    /// <summary>The <c>TInputs</c> of <see cref="RunNeuron{T, TInputs}"/> for a neuron whose only inputs are synaptic events.</summary>
    private struct SynapticInputsOnly;

    private readonly Range _blocks;
    private readonly double _sliceMs;

    public int Index { get; }
    public int First { get; }
    public int End { get; }

    /// <summary>Whether the partition holds neurons of a population of <paramref name="size"/> neurons from global index <paramref name="offset"/>.</summary>
    private bool Holds(int offset, int size) => Math.Max(First, offset) < Math.Min(End, offset + size);

    /// <summary>
    /// Schedules every neuron of the partition by its wake time, from slice <paramref name="slice"/> on: at the start
    /// of a run segment (a neuron's wake time is also set by a loaded state, and is -infinity at first).
    /// </summary>
    public void ScheduleAll(long slice) => _wakes.ScheduleAll(slice, _state.Wake, End);

    /// <summary>
    /// Phase A: advances neurons [First, End) through slice <paramref name="slice"/>, which ends at t1,
    /// processing every event with time &lt; t1 in time order and emitting exact spike times. Only the neurons with
    /// events in the slice or a wake time in it are visited, in index order (those queued for the event lanes finish in
    /// groups, <see cref="TryQueueLane{TDyn}"/>).
    /// </summary>
    /// <exception cref="NonFiniteValueException">A visited neuron's state (potential, currents, conductances, adaptation) is no longer finite.</exception>
    public void Advance(long slice, double t1, double runEnd, bool sliceComplete)
    {
        SpikeList spikes = Spikes[slice & 1];
        SampleList samples = Samples[slice & 1];
        StateSampleList stateSamples = StateSamples[slice & 1];
        spikes.Clear();
        samples.Clear();
        stateSamples.Clear();
        _sortEvents = !_network.HasUniformDelay || slice < SortUntilSlice;
        _deltaWaiting = false; // (only a slice that an exception ended leaves a delta neuron waiting: AdvanceInPairs)
        _plasticity?.EnterSlice(slice, First, End, _ring.Table(slice, Index));
        _wakes.ScanFar(slice, _state.Wake);
        _poissonLanes.BeginSlice();
        ulong[] woken = _wakes.Slot(slice);
        var frame = new SliceFrame(slice, _ring.Slot(slice), _ring.Farthest(slice), _ring.Table(slice, Index), woken, t1, runEnd, spikes, samples, stateSamples);
        PopulationDynamics[] populations = _state.Populations;
        for (int population = 0; population < populations.Length; population++)
        {
            PopulationDynamics pop = populations[population];
            int from = Math.Max(First, pop.Offset), to = Math.Min(End, pop.Offset + pop.Size);
            try
            {
                if (from < to) pop.Advance(this, population, from, to, frame); // one virtual call per population
            }
            catch (DynamicsOverflowException e)
            {
                throw NonFiniteValueException.Dynamics(_network, GaveUp(e), e, t1);
            }
        }
        _poissonLanes.EndSlice();
        // A slice cut short by the end of a run keeps its remaining events, the table entries they refer to, and its
        // marks (the next run resumes it).
        if (sliceComplete)
        {
            frame.Table.Clear();
            Array.Clear(woken);
        }
        spikes.SortByTimeThenNeuron();
        samples.SortByTimeThenNeuron();
        stateSamples.Sort();
    }

    /// <summary>
    /// Phase A for neurons [from, to) of one population, specialised on its dynamics struct: for each neuron with
    /// something to do in the slice (marked in <see cref="ArrivalTable.Targets"/> or in the wake schedule), sort its
    /// events, then queue it for the event lanes, or advance it on the vectorised delta path, when the model allows it
    /// and the neuron qualifies, otherwise through the general event loop; then check its potential and schedule its
    /// next wake.
    /// </summary>
    internal void AdvancePopulation<TDyn>(PopulationDynamics<TDyn> pop, int population, int from, int to, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        // Neurons with plastic inputs: the rule sees their spikes and each synapse's arrivals. Postsynaptic spikes
        // delayed on their way to the synapses (a dendritic delay) are events of their own: the general loop.
        PlasticityEngine? plasticity = _plasticity is not null && _plasticity.IsTarget(population) ? _plasticity : null;
        LifParameters? batch = plasticity is null || plasticity.DendriticDelayOf(population) == 0 ? pop.DeltaBatch : null;
        // Neurons without plastic inputs of a model with event lanes: four at a time where they qualify (Partition.EventLanes.cs).
        bool lanes = TDyn.HasEventLanes && plasticity is null;
        EventList[] events = frame.Events;
        ArrivalTable table = frame.Table;
        double t1 = frame.T1;
        double[][] state = pop.State;
        double[] time = _state.Time, wake = _state.Wake;
        ulong[] marked = table.Targets, woken = frame.Woken;
        int lo = from - First, hi = to - First; // partition-local, as the marks
        for (int w = lo >> 6; w <= (hi - 1) >> 6; w++)
        {
            ulong bits = marked[w] | woken[w];
            if (w == lo >> 6) bits &= ~0UL << (lo & 63);
            if (w == (hi - 1) >> 6) bits &= ~0UL >> (63 - ((hi - 1) & 63));
            for (; bits != 0; bits &= bits - 1)
            {
                int n = First + (w << 6) + BitOperations.TrailingZeroCount(bits);
                ulong rest = bits & (bits - 1);
                if (rest != 0) Prefetch(in events[First + (w << 6) + BitOperations.TrailingZeroCount(rest)], table.Wide);
                ref EventList list = ref events[n];
                if (list.Count == 0 && wake[n] >= t1) continue; // a stale mark: nothing happens to it in this slice
                if (_sortEvents) list.SortByTime(table.Time, table.Wide);
                int local = n - pop.Offset;
                // The lanes first: every path gives a neuron the same bits, and a neuron they take (synaptic events,
                // no other input) needs no more of its state read here.
                if (lanes && TryQueueLane<TDyn>(state, local, n, ref list, table, t1))
                {
                    while (_lanes == LaneCapacity) FlushLanes<TDyn, FromLists>(pop, population, frame); // (a flush may queue them all again)
                    continue;
                }
                // Delta neurons under subthreshold drive take their batch path, below (the batch's first condition,
                // checked here: under suprathreshold drive the call alone cost more than the rest of a visit); those
                // without plastic inputs two at a time: the first waits, prepared, for the second.
                bool general = batch is null || batch.VInfinity(state[LifState.Injected][local]) > batch.VTh;
                _visiting = n;
                if (!general && TryPrepareDelta(batch!, state, local, n, plasticity, ref list, table, t1, out DeltaVisit visit))
                {
                    if (plasticity is null) AdvanceInPairs(pop, ref visit, frame);
                    else
                    {
                        ApplyWithPlasticity(ref visit, population, plasticity, table, frame.Spikes, out int dropped);
                        EndVisit(pop, n, FinishDelta(in visit, dropped), frame);
                    }
                    continue;
                }
                TDyn dyn = pop.Template;
                dyn.Load(state, local, time[n]);
                int processed = (_synapticOnly[(n - First) >> 6] & (1UL << (n - First))) != 0
                    ? RunNeuron<TDyn, SynapticInputsOnly>(ref dyn, n, population, plasticity, ref list, table, t1, frame.RunEnd, frame.Spikes, frame.Samples, frame.StateSamples)
                    : RunNeuron<TDyn, AnyInputs>(ref dyn, n, population, plasticity, ref list, table, t1, frame.RunEnd, frame.Spikes, frame.Samples, frame.StateSamples);
                dyn.Store(state, local);
                time[n] = dyn.Time;
                EndVisit(pop, n, processed, frame);
            }
        }
        EndWaitingDelta(pop, frame);
        while (_lanes > 0) FlushLanes<TDyn, FromLists>(pop, population, frame); // (a flush queues the neurons that go round again)
    }

    /// <summary>The end of neuron n's visit, which processed the first <paramref name="processed"/> events of its list: the list trimmed, its state checked, its next wake scheduled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndVisit(PopulationDynamics pop, int n, int processed, in SliceFrame frame)
    {
        ref EventList list = ref frame.Events[n];
        list.RemoveFirst(processed, frame.Table.Wide);
        // The list was just read: the delivery after this phase writes the farthest slice's events for this neuron
        // into its memory, still in the cache, rather than into memory read slices ago.
        EventList.ExchangeIfEmpty(ref list, ref frame.Farthest[n]);
        int local = n - pop.Offset;
        if (!StateIsFinite(pop.State, local)) throw NonFiniteState(pop, n, local, frame.T1);
        _wakes.Schedule(n, _state.Wake[n], frame.Slice + 1, frame.Slice);
    }

    /// <summary>
    /// Whether neuron <paramref name="local"/>'s state arrays hold finite values: every array but
    /// <see cref="LifState.RefractoryUntil"/> (-infinity before a first spike), i.e. V, the injected current and what a
    /// model appends (currents, conductances, adaptation). One check after each visit: a current that overflowed
    /// while V is still finite would otherwise leave the neuron silent for the rest of the run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StateIsFinite(double[][] state, int local)
    {
        double zero = 0; // x - x is 0 for a finite x and NaN otherwise
        for (int k = 0; k < state.Length; k++)
        {
            if (k == LifState.RefractoryUntil) continue;
            double x = state[k][local];
            zero += x - x;
        }
        return zero == 0;
    }

    /// <summary>The error for a visited neuron whose state is not finite: V if it is V, else the first model state variable that is not.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private NonFiniteValueException NonFiniteState(PopulationDynamics pop, int n, int local, double t1)
    {
        double v = pop.State[LifState.V][local];
        if (!double.IsFinite(v)) return NonFiniteValueException.Potential(_network, n, v, t1);
        double time = _state.Time[n];
        IReadOnlyList<StateVariable> variables = _network.Models[_network.PopulationOf(n)].StateVariables;
        for (int j = 0; j < variables.Count; j++)
        {
            double value = pop.Sample(local, time, j, time);
            if (!double.IsFinite(value))
                return NonFiniteValueException.Variable(_network, n, $"the state variable {variables[j].Name}", value, UnitTable.InternalUnit(variables[j].Dimension), t1);
        }
        double injected = pop.State[LifState.Injected][local];
        if (!double.IsFinite(injected)) return NonFiniteValueException.Variable(_network, n, "the current injected by current inputs", injected, "pA", t1);
        double other = pop.State.Select(a => a[local]).Where((x, k) => k != LifState.RefractoryUntil && !double.IsFinite(x)).First();
        return NonFiniteValueException.Variable(_network, n, "the model's state", other, "", t1);
    }

    /// <summary>
    /// Asks the cache for a neuron's event list (its first <see cref="PrefetchBytes"/>) before it is reached: its lists
    /// lie scattered in memory (each grew on its own), and reading one cold costs a slice more than all else a neuron's
    /// visit does on a large network.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(in EventList list, bool wide)
    {
        if (!Sse.IsSupported || list.Count == 0) return;
        byte* start = (byte*)list.Address;
        int bytes = Math.Min(list.Count * (wide ? sizeof(int) : sizeof(ushort)), PrefetchBytes);
        for (int b = 0; b < bytes; b += 64) Sse.Prefetch0(start + b);
    }

    /// <summary>How much of the next neuron's event list <see cref="Prefetch"/> asks for, bytes (eight lines: 128 references of four bytes, 256 of two; 32 and 256 four-byte references were slower on brunel2000).</summary>
    private const int PrefetchBytes = 512;

    /// <summary>
    /// Phase B: delivers the spikes of slice <paramref name="slice"/> (all partitions' lists, merged in
    /// (time, neuron) order) to the synapses whose targets this partition owns. <paramref name="merged"/>, when
    /// given, receives the merged spikes (for the observer). The targets are taken a block of neurons at a time
    /// (<paramref name="splits"/>: for each row, where each block's targets begin; rows are sorted by target): a
    /// large partition's event lists do not fit in the cache, a block's do. A target's events still arrive in spike
    /// order. The events into populations with direct arrivals go straight to their targets' state
    /// (<see cref="DeliverDirect{TDyn}"/>) when they fall in the next slice before <paramref name="nextEnd"/> (its
    /// end, or the run's: <paramref name="runEnd"/>, ms; NaN when the run ends with this slice).
    /// </summary>
    public void Deliver(long slice, Partition[] all, int[][] splits, int blockCount, SpikeList? merged, double nextEnd, double runEnd)
    {
        SpikeList order = merged ?? _order;
        Merge(slice, all, order);
        int spikes = order.Count;
        if (spikes == 0) return;
        if (_spikeRow.Length < spikes)
        {
            _spikeRow = new int[order.Times.Length];
            _spikePopulation = new int[order.Times.Length];
        }
        int maxOut = 0;
        for (int i = 0; i < spikes; i++)
        {
            int neuron = order.Neurons[i];
            int pop = _network.PopulationOf(neuron);
            _spikePopulation[i] = pop;
            _spikeRow[i] = (neuron - _network.Populations[pop].Offset) * (blockCount + 1);
            maxOut = Math.Max(maxOut, _network.Outgoing[pop].Length);
        }
        if (_sharedArrivals.Length < spikes * maxOut) _sharedArrivals = new SharedArrival[Math.Max(2 * _sharedArrivals.Length, spikes * maxOut)];
        Span<SharedArrival> sharedArrivals = _sharedArrivals.AsSpan(0, spikes * maxOut);
        sharedArrivals.Fill(SharedArrival.None);

        SynapseTable[] tables = _tables;
        double[] times = order.Times;
        (int firstBlock, int endBlock) = (_blocks.Start.Value, _blocks.End.Value);
        // The first spikes' rows in every block at once (the loop below asks a few spikes ahead; a slice of a small
        // network brings only a few spikes, whose rows would otherwise each begin with a miss).
        for (int b = firstBlock; b < endBlock; b++)
            for (int i = 0; i < Math.Min(DeliverAhead, spikes); i++)
                PrefetchRows(tables, splits, _network.Outgoing[_spikePopulation[i]], _spikeRow[i] + b);
        int direct = DirectSpikes(slice, order, nextEnd); // spikes [0, direct) reach the direct populations directly
        if (direct > 0) DeliverDirectPopulations(slice, order, direct, splits, nextEnd, runEnd);
        for (int b = firstBlock; b < endBlock; b++)
        {
            for (int i = 0; i < spikes; i++)
            {
                if (i + DeliverAhead < spikes) PrefetchRows(tables, splits, _network.Outgoing[_spikePopulation[i + DeliverAhead]], _spikeRow[i + DeliverAhead] + b);
                int[] outgoing = _network.Outgoing[_spikePopulation[i]];
                int row = _spikeRow[i] + b;
                for (int o = 0; o < outgoing.Length; o++)
                {
                    int j = outgoing[o];
                    int[] split = splits[j];
                    int lo = split[row], hi = split[row + 1];
                    if (lo >= hi || (i < direct && _directTable[j])) continue;
                    ref SharedArrival shared = ref sharedArrivals[i * maxOut + o];
                    if (shared.Reference >= 0) shared.Table!.QueueShared(tables[j], lo, hi, shared.Reference);
                    else if (tables[j].Plastic is PlasticProjection plastic) DeliverPlasticRow(plastic, _spikeRow[i] / (blockCount + 1), lo, hi, times[i], slice + 1, ref shared);
                    else DeliverRow(tables[j], lo, hi, times[i], slice + 1, ref shared);
                }
            }
        }
    }

    /// <summary>How many spikes ahead <see cref="Deliver"/> asks for the targets of a spike's rows.</summary>
    private const int DeliverAhead = 4;

    /// <summary>
    /// Asks the cache for the first targets of a spike's rows in one block (<paramref name="row"/>: its index into
    /// the splits): a block's part of a row is short, and without this each one starts with a miss.
    /// </summary>
    private static unsafe void PrefetchRows(SynapseTable[] tables, int[][] splits, int[] outgoing, int row)
    {
        if (!Sse.IsSupported) return;
        for (int o = 0; o < outgoing.Length; o++)
        {
            int j = outgoing[o];
            int lo = splits[j][row];
            byte* target = tables[j].Targets.AddressOf(lo);
            Sse.Prefetch0(target);
            Sse.Prefetch0(target + 64);
        }
    }

    /// <summary>The slice's spikes of all partitions in (time, neuron) order, into <paramref name="order"/>.</summary>
    private static void Merge(long slice, Partition[] all, SpikeList order)
    {
        int parity = (int)(slice & 1);
        int parts = all.Length;
        Span<int> heads = stackalloc int[parts];
        heads.Clear(); // (the library skips the zeroing of locals: SkipLocalsInit.cs)
        order.Clear();
        while (true)
        {
            int best = -1;
            double bestTime = 0;
            int bestNeuron = 0;
            for (int q = 0; q < parts; q++)
            {
                SpikeList list = all[q].Spikes[parity];
                if (heads[q] >= list.Count) continue;
                double t = list.Times[heads[q]];
                int neuron = list.Neurons[heads[q]];
                if (best < 0 || t < bestTime || (t == bestTime && neuron < bestNeuron)) { best = q; bestTime = t; bestNeuron = neuron; }
            }
            if (best < 0) return;
            heads[best]++;
            order.Add(bestTime, bestNeuron);
        }
    }

    /// <summary>
    /// The arrival entry that all targets of one spike through a table with one delay and one weight share, with the
    /// arrival table it goes to (which holds the slice's event lists): found by the first of the spike's delivery blocks
    /// with targets in the table, taken as it is by the others.
    /// </summary>
    private struct SharedArrival
    {
        /// <summary>The entry in <see cref="Table"/>; -1 until the first block adds it.</summary>
        public int Reference;
        public ArrivalTable? Table;

        public static SharedArrival None => new() { Reference = -1 };
    }

    /// <summary>
    /// Queues the events of synapses [lo, hi) of a table for a spike at time t (ms), while the spike's
    /// <paramref name="shared"/> entry is not yet known; fills it when the table has one delay and one weight.
    /// </summary>
    private void DeliverRow(SynapseTable table, int lo, int hi, double t, long earliestSlice, ref SharedArrival shared)
    {
        if (table.Weight64 is not null || table.Delay64 is not null)
        {
            DeliverExactRow(table, lo, hi, t, earliestSlice);
            return;
        }
        float[]? weights = table.Weight;
        float[]? delays = table.Delay;
        if (delays is null)
        {
            // One delay: every event of this spike lands in the same slice.
            double arrival = t + table.DelayConstant;
            long slice = _ring.SliceOf(arrival, earliestSlice);
            ArrivalTable arrivals = _ring.Table(slice, Index);
            if (weights is null)
            {
                // ... and one weight: one table entry serves every target.
                shared = new SharedArrival { Reference = arrivals.Add(arrival, table.WeightConstant), Table = arrivals };
                arrivals.QueueShared(table, lo, hi, shared.Reference);
            }
            else
            {
                for (int k = lo; k < hi; k++) arrivals.Queue(table.TargetOf(k), arrivals.Add(arrival, weights[k]));
            }
        }
        else
        {
            for (int k = lo; k < hi; k++)
            {
                double arrival = t + delays[k];
                long slice = _ring.SliceOf(arrival, earliestSlice);
                double w = weights is null ? table.WeightConstant : weights[k];
                ArrivalTable arrivals = _ring.Table(slice, Index);
                arrivals.Queue(table.TargetOf(k), arrivals.Add(arrival, w));
            }
        }
    }

    /// <summary>
    /// Queues the events of plastic synapses [lo, hi) of row <paramref name="source"/> for a spike at time t (ms). With
    /// one delay (<see cref="PlasticProjection.SharedArrivals"/>) one entry, naming the source, serves every target,
    /// as for a static projection; otherwise each event carries its synapse's slot. The weight is read, and the rule
    /// applied, when the spike arrives.
    /// </summary>
    private void DeliverPlasticRow(PlasticProjection plastic, int source, int lo, int hi, double t, long earliestSlice, ref SharedArrival shared)
    {
        SynapseTable table = plastic.Table;
        if (plastic.SharedArrivals)
        {
            double arrival = t + table.DelayConstant;
            long slice = _ring.SliceOf(arrival, earliestSlice);
            ArrivalTable arrivals = _ring.Table(slice, Index);
            shared = new SharedArrival { Reference = plastic.QueueShared(arrivals, arrival, slice, source), Table = arrivals };
            arrivals.QueueShared(table, lo, hi, shared.Reference);
            return;
        }
        int[] slotOf = table.Slot!;
        double[]? delay = plastic.Delay;
        for (int k = lo; k < hi; k++)
        {
            int slot = slotOf[k];
            double arrival = t + (delay is null ? table.DelayConstant : delay[slot]);
            long slice = _ring.SliceOf(arrival, earliestSlice);
            ArrivalTable arrivals = _ring.Table(slice, Index);
            arrivals.Queue(table.TargetOf(k), plastic.Queue(arrivals, arrival, slice, slot));
        }
    }
}
