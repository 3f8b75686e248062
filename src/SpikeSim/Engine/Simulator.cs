using System.Diagnostics;
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
public sealed class Simulator
{
    /// <summary>The longest slice, ms, for networks without (short) delays: it bounds how much output is held at once.</summary>
    public const double MaxSliceMs = 2.0;

    private readonly Network _network;
    private readonly SimulationOptions _options;
    private readonly EventRing _ring;
    private readonly Partition[] _partitions;
    private readonly int[][] _splits;
    private readonly double _sliceMs;
    private readonly long[] _spikesPerPopulation;
    private readonly SpikeList _merged = new();
    private readonly SampleList _samples = new();
    private long _nextSlice;
    private double _now;

    // Shared between workers; written before a barrier, read after it.
    private volatile bool _stop;
    private Exception? _failure;

    /// <summary>Prepares a simulation of the network, starting at t = 0 ms.</summary>
    /// <exception cref="Modeling.ModelException">The model has artificial populations or values inputs (run those with the artificial engine).</exception>
    public Simulator(Network network, SimulationOptions options)
    {
        SpikingSupport.Check(network.Spec);
        _network = network;
        _options = options;
        _sliceMs = Math.Min(MaxSliceMs, network.MinDelayMs);
        int partitions = Math.Clamp(options.EffectiveThreads, 1, Math.Max(1, network.NeuronCount));
        _ring = new EventRing(network.NeuronCount, partitions, _sliceMs, network.MaxDelayMs);
        var state = new NeuronState(network);
        int parts = partitions;
        _partitions = new Partition[parts];
        var bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) bounds[p] = (int)((long)network.NeuronCount * p / parts);
        for (int p = 0; p < parts; p++) _partitions[p] = new Partition(p, bounds[p], bounds[p + 1], network, state, _ring);
        _splits = new int[network.Projections.Count][];
        for (int j = 0; j < _splits.Length; j++) _splits[j] = SplitRows(network.Projections[j], bounds);
        _spikesPerPopulation = new long[network.Populations.Count];
    }

    /// <summary>Biological time simulated so far, ms.</summary>
    public double TimeMs => _now;

    /// <summary>Length of the slices, ms: the shortest delay, at most <see cref="MaxSliceMs"/>.</summary>
    public double SliceMs => _sliceMs;

    /// <summary>
    /// For each source row, where each partition's targets begin: row s, partition p covers synapses
    /// split[s(P+1)+p] .. split[s(P+1)+p+1]-1 (rows are sorted by target).
    /// </summary>
    private static int[] SplitRows(SynapseTable table, int[] bounds)
    {
        int parts = bounds.Length - 1;
        int rows = table.RowStart.Length - 1;
        var split = new int[rows * (parts + 1)];
        for (int s = 0; s < rows; s++)
        {
            (int start, int end) = table.RowOf(s);
            for (int p = 0; p <= parts; p++)
            {
                int lo = start, hi = end;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (table.Target[mid] < bounds[p]) lo = mid + 1; else hi = mid;
                }
                split[s * (parts + 1) + p] = p == parts ? end : lo;
            }
        }
        return split;
    }

    /// <summary>
    /// Simulates <paramref name="durationMs"/> more milliseconds, handing each slice's spikes and samples to the
    /// observer. Throws <see cref="OperationCanceledException"/> when cancelled through the options.
    /// </summary>
    public SimulationResult Run(double durationMs, ISimulationObserver? observer)
    {
        if (!(durationMs >= 0)) throw new ArgumentOutOfRangeException(nameof(durationMs), "duration must be non-negative");
        double start = _now, end = _now + durationMs;
        var clock = Stopwatch.StartNew();
        long recurrentBefore = 0, inputBefore = 0;
        foreach (Partition p in _partitions) { recurrentBefore += p.RecurrentEvents; inputBefore += p.InputEvents; }
        var spikesBefore = (long[])_spikesPerPopulation.Clone();

        long firstSlice = _nextSlice;
        long lastSlice = firstSlice;
        while ((lastSlice + 1) * _sliceMs < end) lastSlice++;
        _stop = false;
        _failure = null;
        var context = new RunContext(this, observer, start, end, firstSlice, lastSlice, clock);

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

        if (_failure is not null) throw new InvalidOperationException($"the simulation failed: {_failure.Message}", _failure);
        _options.Cancellation.ThrowIfCancellationRequested();
        _now = end;
        // A last slice cut short by the end of the run is resumed by the next run.
        _nextSlice = (lastSlice + 1) * _sliceMs <= end ? lastSlice + 1 : lastSlice;

        long recurrent = 0, input = 0;
        foreach (Partition p in _partitions) { recurrent += p.RecurrentEvents; input += p.InputEvents; }
        var spikes = new long[_spikesPerPopulation.Length];
        for (int i = 0; i < spikes.Length; i++) spikes[i] = _spikesPerPopulation[i] - spikesBefore[i];
        return new SimulationResult(durationMs, clock.Elapsed.TotalSeconds, spikes,
                                    recurrent - recurrentBefore, input - inputBefore, _partitions.Length);
    }

    private sealed record RunContext(Simulator Owner, ISimulationObserver? Observer, double Start, double End,
                                     long FirstSlice, long LastSlice, Stopwatch Clock)
    {
        public double LastReportS;
    }

    /// <summary>The loop of one worker: A(k), barrier, B(k) for every slice k of the run.</summary>
    private void Work(Partition part, Barrier barrier, RunContext run)
    {
        for (long k = run.FirstSlice; k <= run.LastSlice; k++)
        {
            double t1 = Math.Min((k + 1) * _sliceMs, run.End);
            if (_failure is null)
            {
                try
                {
                    part.Advance(k, t1, run.End, sliceComplete: t1 == (k + 1) * _sliceMs);
                    if (part.Index == 0 && _options.Cancellation.IsCancellationRequested) _stop = true;
                }
                catch (Exception e) { Fail(e); }
            }
            barrier.SignalAndWait();
            if (_stop || _failure is not null) return;
            try
            {
                if (part.Index == 0) Publish(k, Math.Max(k * _sliceMs, run.Start), t1, run);
                else part.Deliver(k, _partitions, _splits, null);
            }
            catch (Exception e) { Fail(e); }
        }
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
    }

    /// <summary>Partition 0's phase B: deliver, then hand the merged slice to the observer and report progress.</summary>
    private void Publish(long k, double t0, double t1, RunContext run)
    {
        Partition part = _partitions[0];
        _merged.Clear();
        part.Deliver(k, _partitions, _splits, _merged);
        for (int i = 0; i < _merged.Count; i++) _spikesPerPopulation[_network.PopulationOf(_merged.Neurons[i])]++;

        if (run.Observer is not null)
        {
            _samples.Clear();
            foreach (Partition p in _partitions)
            {
                SampleList s = p.Samples[k & 1];
                for (int i = 0; i < s.Count; i++) _samples.Add(s.Items[i]);
            }
            if (_partitions.Length > 1) _samples.SortByTimeThenNeuron();
            var output = new SliceOutput
            {
                StartMs = t0,
                EndMs = t1,
                SpikeTimesMs = _merged.Times.AsSpan(0, _merged.Count),
                SpikeNeurons = _merged.Neurons.AsSpan(0, _merged.Count),
                Samples = _samples.Items.AsSpan(0, _samples.Count),
            };
            run.Observer.OnSlice(output);
        }

        if (_options.Progress is not null)
        {
            double wall = run.Clock.Elapsed.TotalSeconds;
            if (wall - run.LastReportS >= _options.ProgressIntervalS || k == run.LastSlice)
            {
                run.LastReportS = wall;
                _options.Progress.Report(new SimulationProgress(t1 - run.Start, run.End - run.Start, wall));
            }
        }
    }
}
