using System.Diagnostics;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>
/// The event-driven engine. Time is cut into slices as long as the shortest synaptic delay d_min: a spike emitted
/// in a slice cannot arrive before the next one, so within a slice every neuron can be advanced on its own, event
/// by event and exactly, from the events already queued for it. Each slice, every thread (A) advances the neurons
/// it owns, waits once at a barrier, then (B) delivers all of the slice's spikes to the synapses whose targets it
/// owns. Events are ordered per neuron by (time, insertion order) and spikes by (time, neuron), so results are
/// identical, bit for bit, for any number of threads.
/// </summary>
public sealed partial class Simulator : ISimulator
{
    /// <summary>The longest slice, ms, for networks without (short) delays: it bounds how much output is held at once.</summary>
    public const double MaxSliceMs = 2.0;

    /// <summary>
    /// With <see cref="SimulationOptions.Threads"/> = 0, the events a slice is expected to bring per thread
    /// (<see cref="AutoThreads"/>). Measured on two cores (benchmark README, "Choosing the thread count"): a second
    /// thread pays for its per-slice barrier from about 60 expected events a slice (cuba scaled to 1,000 neurons breaks
    /// even), and cuba, benchmark4 and coba (320 expected) run 1.4-1.9 times faster on two threads than on one.
    /// </summary>
    public const int EventsPerAutoThread = 64;

    /// <summary>The firing rate assumed for every neuron when <see cref="AutoThreads"/> estimates a slice's events, Hz.</summary>
    public const double AutoThreadsRateHz = 10;

    private readonly Network _network;
    private readonly SimulationOptions _options;
    private readonly EventRing _ring;
    private readonly NeuronState _state;
    private readonly Partition[] _partitions;
    private readonly int[][] _splits;
    private readonly int[] _bounds;
    private readonly int[] _blockBounds; // every partition's delivery blocks, in neuron order (see Partition.Deliver)
    private readonly double _sliceMs;
    private readonly long[] _spikesPerPopulation;
    private readonly SpikeList _merged = new();
    private readonly SampleList _samples = new();
    private readonly StateSampleList _stateSamples = new();
    private readonly SynapseTable[] _tables;
    private readonly PlasticityEngine? _plasticity;
    private readonly double[]? _lastSpike;
    private readonly PlasticProjection[][] _homeostaticInto; // per population: homeostatic projections onto it
    private readonly long[] _structuralDone;
    private readonly Dictionary<double, long> _snapshotsDone = [];
    private long _nextSlice;
    private double _now;
    private double _startMs; // where this simulator started: 0, or the time of a loaded state
    private double _lastReportS;

    // Shared between workers, stamped with the phase that wrote them (Work).
    private long _stopPhase; // the phase A after which the workers stop on a cancellation (PhaseA), long.MaxValue until then
    private WorkerFailure? _failure; // the first failure of the run segment (Fail)

    /// <summary>Prepares a simulation of the network, starting at t = 0 ms.</summary>
    /// <exception cref="Modeling.ModelException">The model has artificial populations or values inputs (run those with the artificial engine).</exception>
    public Simulator(Network network, SimulationOptions options) : this(network, options, null)
    {
    }

    /// <param name="network">The network.</param>
    /// <param name="options">How to run it.</param>
    /// <param name="keepLive">
    /// Per projection, true to keep per-synapse state even without a rule in the model (a loaded state whose
    /// projection learned: its learned weights stay, frozen); null for none.
    /// </param>
    private Simulator(Network network, SimulationOptions options, bool[]? keepLive)
    {
        SpikingSupport.Check(network.Spec);
        _network = network;
        _options = options;
        _sliceMs = Math.Min(MaxSliceMs, network.MinDelayMs);
        int requested = options.Threads > 0 ? options.Threads : AutoThreads(network, _sliceMs, options.EffectiveThreads);
        int partitions = Math.Clamp(requested, 1, Math.Max(1, network.NeuronCount));

        // Plastic and structural projections change as the network runs: the simulation works on copies, so the
        // built network stays as it was built.
        _tables = new SynapseTable[network.Projections.Count];
        bool plastic = false, structural = false;
        var changing = new bool[_tables.Length];
        for (int j = 0; j < _tables.Length; j++)
        {
            var spec = network.Spec.Projections[j];
            bool changes = changing[j] = spec.Plasticity is not null || spec.Structural is not null || spec.ShortTerm is not null || keepLive?[j] == true;
            plastic |= changes;
            structural |= spec.Structural is not null;
            _tables[j] = changes ? network.Projections[j].CopyForSimulation() : network.Projections[j];
        }
        int[] bounds = PartitionBounds.Balanced(network, _tables, changing, partitions);
        if (plastic) _plasticity = new PlasticityEngine(network, _tables, keepLive, _sliceMs, options.SourceTraces ? bounds : null);
        if (structural)
        {
            _lastSpike = new double[network.NeuronCount];
            Array.Fill(_lastSpike, double.NegativeInfinity);
        }
        _structuralDone = new long[_tables.Length];
        _homeostaticInto = new PlasticProjection[network.Populations.Count][];
        for (int pop = 0; pop < _homeostaticInto.Length; pop++)
        {
            var into = new List<PlasticProjection>();
            foreach (SynapseTable t in _tables)
                if (t.Plastic is { Calcium: not null } p && t.ToPopulation == pop) into.Add(p);
            _homeostaticInto[pop] = [.. into];
        }
        _ring = new EventRing(network.NeuronCount, bounds, _sliceMs, network.MaxDelayMs, plastic, options.ArrivalNarrowLimit);
        var state = _state = new NeuronState(network);
        _partitions = new Partition[partitions];
        (_blockBounds, Range[] blocks) = DeliveryBlocks(bounds, _tables, options.DeliveryBlockNeurons);
        bool[] direct = Partition.DirectPopulations(network, state, _tables, _sliceMs, allowed: !plastic && options.DirectArrivals);
        for (int p = 0; p < partitions; p++)
            _partitions[p] = new Partition(p, bounds[p], bounds[p + 1], blocks[p], network, state, _ring, _tables, _plasticity, _sliceMs, direct);
        _bounds = bounds;
        _splits = new int[_tables.Length][];
        for (int j = 0; j < _splits.Length; j++) _splits[j] = SplitRows(_tables[j], _blockBounds);
        _spikesPerPopulation = new long[network.Populations.Count];
    }

    /// <summary>
    /// The thread count chosen for <see cref="SimulationOptions.Threads"/> = 0: one per
    /// <see cref="EventsPerAutoThread"/> events a slice is expected to bring, at least one and at most
    /// <paramref name="cores"/>. A slice's events are estimated before the run as its Poisson events (exact: rates
    /// times the slice length) plus its synaptic events if every neuron fired at <see cref="AutoThreadsRateHz"/>.
    /// Threads pay a barrier per slice (about a microsecond); a network whose slices hold less work than that
    /// (e.g. 500 neurons with 0.1 ms slices) runs faster on one.
    /// </summary>
    internal static int AutoThreads(Network network, double sliceMs, int cores)
    {
        double poissonPerMs = 0;
        for (int s = 0; s < network.Inputs.PoissonMeanIntervalMs.Length; s++) poissonPerMs += network.Inputs.PoissonEventsPerMs(s);
        long synapses = 0;
        foreach (SynapseTable t in network.Projections) synapses += t.Count;
        double events = sliceMs * (poissonPerMs + synapses * AutoThreadsRateHz / 1000);
        return (int)Math.Clamp(events / EventsPerAutoThread, 1, Math.Max(1, cores));
    }

    /// <summary>Plastic synapses, the bytes of their own state, and all bytes plasticity adds to the tables (the benchmark's memory columns).</summary>
    internal (long Synapses, long StateBytes, long Bytes) PlasticFootprint => _plasticity?.Footprint() ?? default;

    /// <summary>Synaptic events given straight to their targets' state so far (<see cref="Partition.DirectPopulations"/>), of all the recurrent events.</summary>
    internal long DirectEvents
    {
        get
        {
            long direct = 0;
            foreach (Partition p in _partitions) direct += p.DirectEvents;
            return direct;
        }
    }

    /// <summary>Biological time simulated so far, ms.</summary>
    public double TimeMs => _now;

    /// <summary>Length of the slices, ms: the shortest delay, at most <see cref="MaxSliceMs"/>.</summary>
    public double SliceMs => _sliceMs;

    /// <summary>
    /// The synapses as they are now, in model order: plastic projections with their current weights, structural
    /// ones with the synapses that exist now (the built <see cref="Network"/> keeps the initial ones).
    /// </summary>
    public IReadOnlyList<SynapseTable> Projections => _tables;

    /// <summary>
    /// Neurons per delivery block, at most (see <see cref="Partition.Deliver"/>): with two-byte event references a
    /// block's lists stay in the second-level cache, and each block is one more pass over every spike's rows (1,024,
    /// 2,048, 8,192 and one block for all were slower on brunel2000).
    /// </summary>
    internal const int DeliveryBlockNeurons = 4096;

    /// <summary>How many delivery blocks the partitions' neurons are cut into (<see cref="DeliveryBlockNeurons"/>).</summary>
    internal int DeliveryBlockCount => _blockBounds.Length - 1;

    /// <summary>
    /// Cuts each partition into delivery blocks of at most <paramref name="blockNeurons"/> neurons, so that the
    /// event lists one block's delivery writes stay in the cache. The row splits cost one int per row and block, so
    /// there are at most a quarter as many blocks as a row has synapses on average (and at least one per partition).
    /// Returns the blocks' bounds (block b covers neurons bounds[b] .. bounds[b+1]-1) and each partition's blocks.
    /// </summary>
    private static (int[] Bounds, Range[] Blocks) DeliveryBlocks(int[] partitionBounds, SynapseTable[] tables, int blockNeurons)
    {
        int parts = partitionBounds.Length - 1;
        long synapses = 0, rows = 0;
        foreach (SynapseTable t in tables) { synapses += t.Count; rows += t.RowStart.Length - 1; }
        long affordable = Math.Max(parts, rows > 0 ? synapses / rows / 4 : parts);
        int neurons = partitionBounds[parts];
        int blockSize = (int)Math.Max(blockNeurons, (neurons + affordable - 1) / affordable);
        var bounds = new List<int> { 0 };
        var blocks = new Range[parts];
        for (int p = 0; p < parts; p++)
        {
            int first = bounds.Count - 1, size = partitionBounds[p + 1] - partitionBounds[p];
            int count = Math.Max(1, (size + blockSize - 1) / blockSize);
            for (int b = 1; b <= count; b++) bounds.Add(partitionBounds[p] + (int)((long)size * b / count));
            blocks[p] = new Range(first, bounds.Count - 1);
        }
        return ([.. bounds], blocks);
    }

    /// <summary>
    /// For each source row, where each block's targets begin: row s, block b covers synapses
    /// split[s(B+1)+b] .. split[s(B+1)+b+1]-1 (rows are sorted by target), for B blocks with these bounds.
    /// </summary>
    private static int[] SplitRows(SynapseTable table, int[] bounds)
    {
        int blocks = bounds.Length - 1;
        int rows = table.RowStart.Length - 1;
        var split = new int[rows * (blocks + 1)];
        for (int s = 0; s < rows; s++)
        {
            (int start, int end) = table.RowOf(s);
            // Each block's start lies at or after the previous one's: search from there.
            int from = start;
            for (int b = 0; b <= blocks; b++)
            {
                int lo = from, hi = end;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (table.TargetOf(mid) < bounds[b]) lo = mid + 1; else hi = mid;
                }
                split[s * (blocks + 1) + b] = b == blocks ? end : lo;
                from = lo;
            }
        }
        return split;
    }

    /// <inheritdoc/>
    public Network Network => _network;

    /// <summary>
    /// <see cref="ISimulator.Run"/>: the slices go to the observer if it is an <see cref="ISimulationObserver"/>
    /// (snapshots if an <see cref="ISynapseObserver"/>); returns a <see cref="SimulationResult"/>.
    /// </summary>
    IRunResult ISimulator.Run(double durationMs, IRunObserver? observer) => Run(durationMs, observer as ISimulationObserver);

    /// <summary>
    /// Simulates <paramref name="durationMs"/> more milliseconds, handing each slice's spikes and samples to the
    /// observer (and, to an <see cref="ISynapseObserver"/>, the synapses at its snapshot times). Structural
    /// plasticity updates run at their times. Throws <see cref="OperationCanceledException"/> when cancelled through
    /// the options.
    /// </summary>
    public SimulationResult Run(double durationMs, ISimulationObserver? observer)
    {
        if (!(durationMs >= 0)) throw new ArgumentOutOfRangeException(nameof(durationMs), "duration must be non-negative");
        double start = _now, end = _now + durationMs;
        var clock = Stopwatch.StartNew();
        long recurrentBefore = 0, inputBefore = 0;
        foreach (Partition p in _partitions) { recurrentBefore += p.RecurrentEvents; inputBefore += p.InputEvents; }
        var spikesBefore = (long[])_spikesPerPopulation.Clone();
        var synapseObserver = observer as ISynapseObserver;
        _lastReportS = 0;

        // The run stops at every structural update and snapshot: a run cut into pieces gives the same results as
        // one piece, and at a stop every event before it, and none after, has been processed.
        Checkpoint(synapseObserver);
        while (_now < end)
        {
            double stop = Math.Min(end, NextCheckpoint(synapseObserver));
            RunSegment(stop, observer, start, end, clock);
            Checkpoint(synapseObserver);
        }

        long recurrent = 0, input = 0;
        foreach (Partition p in _partitions) { recurrent += p.RecurrentEvents; input += p.InputEvents; }
        var spikes = new long[_spikesPerPopulation.Length];
        for (int i = 0; i < spikes.Length; i++) spikes[i] = _spikesPerPopulation[i] - spikesBefore[i];
        return new SimulationResult(durationMs, clock.Elapsed.TotalSeconds, spikes,
                                    recurrent - recurrentBefore, input - inputBefore, _partitions.Length);
    }

    /// <summary>The k-th time of a series with this interval, ms (computed in decimal, like sampling times).</summary>
    private static double Nth(double intervalMs, long k) => NeuronState.SampleTime(k, intervalMs);

    /// <summary>The earliest structural update or snapshot after now, ms (+infinity: none).</summary>
    private double NextCheckpoint(ISynapseObserver? observer)
    {
        double next = double.PositiveInfinity;
        for (int j = 0; j < _tables.Length; j++)
            if (_network.Spec.Projections[j].Structural is { } s) next = Math.Min(next, Nth(s.IntervalMs, _structuralDone[j] + 1));
        if (observer is not null)
            foreach (double interval in observer.SnapshotIntervalsMs)
                next = Math.Min(next, Nth(interval, SnapshotsDone(interval)));
        return next;
    }

    /// <summary>
    /// How many snapshots of this interval lie behind: counted from the first one at or after the simulator's start
    /// (t = 0, or the time of a loaded state), so a continued run snapshots at the same absolute times as one run.
    /// </summary>
    private long SnapshotsDone(double interval)
    {
        return _snapshotsDone.TryGetValue(interval, out long done) ? done : NeuronState.FirstSampleAtOrAfter(_startMs, interval);
    }

    /// <summary>Runs the structural updates, then the snapshots, that fall at the current time.</summary>
    private void Checkpoint(ISynapseObserver? observer)
    {
        for (int j = 0; j < _tables.Length; j++)
        {
            if (_network.Spec.Projections[j].Structural is not { } s || Nth(s.IntervalMs, _structuralDone[j] + 1) != _now) continue;
            _structuralDone[j]++;
            SynapseTable table = _tables[j];
            StructuralUpdater.Update(table.Plastic!, _now, _lastSpike!, _network.Populations[table.FromPopulation].Offset,
                                     _network.Spec.Seed, _network.MaxDelayMs + 2 * _sliceMs);
            _splits[j] = SplitRows(table, _blockBounds);
        }
        if (observer is null) return;
        bool due = false;
        foreach (double interval in observer.SnapshotIntervalsMs)
        {
            long k = SnapshotsDone(interval);
            if (Nth(interval, k) != _now) continue;
            _snapshotsDone[interval] = k + 1;
            due = true;
        }
        if (due) observer.OnSnapshot(_now, _tables);
    }

    /// <summary>Simulates from now to <paramref name="end"/> (ms) on all workers.</summary>
    private void RunSegment(double end, ISimulationObserver? observer, double runStart, double runEnd, Stopwatch clock)
    {
        double start = _now;
        long firstSlice = _nextSlice;
        long lastSlice = LastSliceBefore(end, firstSlice);
        _stopPhase = long.MaxValue;
        _failure = null;
        var context = new RunContext(this, observer, start, end, runStart, runEnd, firstSlice, lastSlice, clock);
        foreach (Partition p in _partitions) p.ScheduleAll(firstSlice);

        if (_partitions.Length == 1)
        {
            WorkAlone(context);
        }
        else
        {
            using var barrier = new Barrier(_partitions.Length);
            var threads = new Thread[_partitions.Length - 1];
            for (int p = 1; p < _partitions.Length; p++)
            {
                int index = p;
                threads[p - 1] = new Thread(() => Work(_partitions[index], barrier, context)) { IsBackground = true, Name = $"spikesim-{index}" };
                threads[p - 1].Start();
            }
            Work(_partitions[0], barrier, context);
            foreach (Thread t in threads) t.Join();
        }

        Exception? failure = _failure?.Error;
        if (failure is NonFiniteValueException or RunawayFiringException) throw failure;
        if (failure is not null) throw new InvalidOperationException($"the simulation failed: {failure.Message}", failure);
        _options.Cancellation.ThrowIfCancellationRequested();
        _now = end;
        // A last slice cut short by the end of a segment is resumed by the next one.
        _nextSlice = (lastSlice + 1) * _sliceMs <= end ? lastSlice + 1 : lastSlice;
    }

    /// <summary>
    /// The first slice k &gt;= <paramref name="firstSlice"/> with (k + 1)·h &gt;= <paramref name="end"/>, in O(1)
    /// whatever the duration (a run of 1e9 s has 5e11 slices): the quotient, corrected for its rounding.
    /// </summary>
    private long LastSliceBefore(double end, long firstSlice)
    {
        long k = Math.Max(firstSlice, (long)Math.Min(long.MaxValue / 2, Math.Ceiling(end / _sliceMs)) - 1);
        while (k > firstSlice && k * _sliceMs >= end) k--;
        while ((k + 1) * _sliceMs < end) k++;
        return k;
    }

    private sealed record RunContext(Simulator Owner, ISimulationObserver? Observer, double Start, double End,
                                     double RunStart, double RunEnd, long FirstSlice, long LastSlice, Stopwatch Clock);

    /// <summary>The loop of a single partition: A(k), then B(k), for every slice k of the run; no barrier, no other thread.</summary>
    private void WorkAlone(RunContext run)
    {
        Partition part = _partitions[0];
        for (long k = run.FirstSlice; k <= run.LastSlice; k++)
        {
            double t1 = SliceEnd(k, run);
            try
            {
                part.Advance(k, t1, run.End, sliceComplete: t1 == (k + 1) * _sliceMs);
                if (_options.Cancellation.IsCancellationRequested) return;
                Publish(k, Math.Max(k * _sliceMs, run.Start), t1, run);
            }
            catch (Exception e)
            {
                Fail(e, PhaseA(k));
                return;
            }
        }
    }

    /// <summary>
    /// The loop of one worker: A(k), barrier, B(k) for every slice k of the run. After the barrier of slice k a worker
    /// leaves on a failure (or a cancellation) raised in phase A(k) or before, never on a later one: those were all
    /// raised before the barrier, so every worker sees the same ones and all leave together. One raised after it (in
    /// another worker's B(k) or A(k + 1)) ends the run at the next barrier; a worker that read it sooner would leave
    /// while the other waits at that barrier for ever (<c>WorkerFailureTests</c>).
    /// </summary>
    private void Work(Partition part, Barrier barrier, RunContext run)
    {
        for (long k = run.FirstSlice; k <= run.LastSlice; k++)
        {
            double t1 = SliceEnd(k, run);
            if (_failure is null)
            {
                try
                {
                    part.Advance(k, t1, run.End, sliceComplete: t1 == (k + 1) * _sliceMs);
                    if (part.Index == 0 && _options.Cancellation.IsCancellationRequested) Volatile.Write(ref _stopPhase, PhaseA(k));
                }
                catch (Exception e) { Fail(e, PhaseA(k)); }
            }
            barrier.SignalAndWait();
            if (Volatile.Read(ref _stopPhase) <= PhaseA(k) || _failure is { } f && f.Phase <= PhaseA(k)) return;
            try
            {
                if (part.Index == 0) Publish(k, Math.Max(k * _sliceMs, run.Start), t1, run);
                else part.Deliver(k, _partitions, _splits, DeliveryBlockCount, null, NextEnd(k, run), run.End);
            }
            catch (Exception e) { Fail(e, PhaseA(k) + 1); }
        }
    }

    /// <summary>The end of slice k in the run (ms): the slice's end, or the run's when the run ends in it.</summary>
    private double SliceEnd(long k, RunContext run) => Math.Min((k + 1) * _sliceMs, run.End);

    /// <summary>The end of slice k + 1 (<see cref="SliceEnd"/>), or NaN when slice k is the run's last.</summary>
    private double NextEnd(long k, RunContext run) => k + 1 <= run.LastSlice ? SliceEnd(k + 1, run) : double.NaN;

    /// <summary>The phases in run order: A(k) is 2k, B(k) 2k + 1.</summary>
    private static long PhaseA(long slice) => 2 * slice;

    /// <summary>A worker's exception and the phase that raised it (<see cref="PhaseA"/>).</summary>
    private sealed record WorkerFailure(Exception Error, long Phase);

    /// <summary>Keeps the run's first failure.</summary>
    private void Fail(Exception e, long phase)
    {
        Interlocked.CompareExchange(ref _failure, new WorkerFailure(e, phase), null);
    }

    /// <summary>Partition 0's phase B: deliver, then hand the merged slice to the observer and report progress.</summary>
    private void Publish(long k, double t0, double t1, RunContext run)
    {
        Partition part = _partitions[0];
        _merged.Clear();
        part.Deliver(k, _partitions, _splits, DeliveryBlockCount, _merged, NextEnd(k, run), run.End);
        for (int i = 0; i < _merged.Count; i++) _spikesPerPopulation[_network.PopulationOf(_merged.Neurons[i])]++;
        if (_lastSpike is not null)
        {
            for (int i = 0; i < _merged.Count; i++)
            {
                int n = _merged.Neurons[i];
                _lastSpike[n] = _merged.Times[i];
                foreach (PlasticProjection p in _homeostaticInto[_network.PopulationOf(n)]) p.OnTargetSpike(n - p.TargetOffset, _merged.Times[i]);
            }
        }

        if (run.Observer is not null)
        {
            _samples.Clear();
            foreach (Partition p in _partitions)
            {
                SampleList s = p.Samples[k & 1];
                for (int i = 0; i < s.Count; i++) _samples.Add(s.Items[i]);
            }
            if (_partitions.Length > 1) _samples.SortByTimeThenNeuron();
            _stateSamples.Clear();
            foreach (Partition p in _partitions)
            {
                StateSampleList s = p.StateSamples[k & 1];
                for (int i = 0; i < s.Count; i++) _stateSamples.Add(s.Items[i]);
            }
            if (_partitions.Length > 1) _stateSamples.Sort();
            var output = new SliceOutput
            {
                StartMs = t0,
                EndMs = t1,
                SpikeTimesMs = _merged.Times.AsSpan(0, _merged.Count),
                SpikeNeurons = _merged.Neurons.AsSpan(0, _merged.Count),
                Samples = _samples.Items.AsSpan(0, _samples.Count),
                StateSamples = _stateSamples.Items.AsSpan(0, _stateSamples.Count),
            };
            run.Observer.OnSlice(output);
        }

        if (_options.Progress is not null)
        {
            double wall = run.Clock.Elapsed.TotalSeconds;
            if (wall - _lastReportS >= _options.ProgressIntervalS || (k == run.LastSlice && run.End == run.RunEnd))
            {
                _lastReportS = wall;
                _options.Progress.Report(new SimulationProgress(t1 - run.RunStart, run.RunEnd - run.RunStart, wall));
            }
        }
    }
}
