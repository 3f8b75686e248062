using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace SpikeSim.Sweeps;

/// <summary>How to run a sweep.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Runs simulated at once, each single-threaded; 0 uses every core. Results do not depend on it.</summary>
    public int Workers { get; init; }

    /// <summary>Receives progress after every finished run, or null.</summary>
    public IProgress<SweepProgress>? Progress { get; init; }

    /// <summary>Stops the sweep: finished runs are kept, runs in flight are dropped (they are redone on resume).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The number of workers actually used.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}

/// <summary>Progress of a sweep.</summary>
/// <param name="Done">Runs finished, including those found in the journal.</param>
/// <param name="Total">Runs of the sweep (or shard).</param>
/// <param name="Resumed">Runs found finished in the journal at the start.</param>
/// <param name="WallS">Wall-clock seconds since the start, s.</param>
public readonly record struct SweepProgress(long Done, long Total, long Resumed, double WallS)
{
    /// <summary>Runs finished per wall-clock second in this session.</summary>
    public double RunsPerS => WallS > 0 ? (Done - Resumed) / WallS : 0;

    /// <summary>Estimated wall-clock seconds left (NaN before the first run ends).</summary>
    public double RemainingS => Done > Resumed ? (Total - Done) / RunsPerS : double.NaN;
}

/// <summary>What a sweep did.</summary>
/// <param name="Total">Runs of the sweep (or shard).</param>
/// <param name="Resumed">Runs found finished at the start.</param>
/// <param name="Ran">Runs simulated now.</param>
/// <param name="WallS">Wall-clock seconds, s.</param>
public sealed record SweepOutcome(long Total, long Resumed, long Ran, double WallS);

/// <summary>
/// Runs a sweep into its folder through a <see cref="Channel{T}"/> pipeline: one producer queues the runs not yet in
/// the journal (point by point, repeats in order), N workers each take a run, simulate it single-threaded and pass
/// its row on, and one writer (the calling thread) appends each row to the journal (flushed) and extends
/// results.csv in (point, repeat) order. Every run's numbers depend only on the sweep, its point and repeat, so
/// the rows are the same whatever the number of workers, the sharding or the interruptions.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs (or resumes) <paramref name="plan"/> into <paramref name="folder"/>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (a <see cref="SweepCancelledException"/> counting the runs kept,
    /// once the runs started); finished runs are in the journal.</exception>
    /// <exception cref="SpikeSim.Modeling.ModelException">The folder holds another sweep.</exception>
    public static SweepOutcome Run(SweepPlan plan, string folder, SweepRunOptions options) =>
        RunAsync(plan, folder, options).GetAwaiter().GetResult();

    private static async Task<SweepOutcome> RunAsync(SweepPlan plan, string folder, SweepRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        SweepFolder.Prepare(folder, plan.Definition);
        using var journal = SweepJournal.Open(folder, plan.Header);
        var order = new List<(long Point, int Repeat)>();
        foreach (long k in plan.Points())
            for (int r = 0; r < plan.Spec.Repeats; r++) order.Add((k, r));
        var pending = order.Where(j => !journal.Rows.ContainsKey(j)).ToList();
        long resumed = order.Count - pending.Count;
        using var results = new OrderedResults(Path.Combine(folder, SweepFolder.ResultsFile), plan.Header, order, journal.Rows);

        int workers = Math.Max(1, Math.Min(options.EffectiveWorkers, Math.Max(1, pending.Count)));
        var jobs = Channel.CreateBounded<(long Point, int Repeat)>(new BoundedChannelOptions(2 * workers) { SingleWriter = true });
        var rows = Channel.CreateUnbounded<SweepRow>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(options.Cancellation);
        ExceptionDispatchInfo? failure = null;

        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var job in pending) await jobs.Writer.WriteAsync(job, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the workers drain nothing more.
            }
            finally
            {
                jobs.Writer.TryComplete();
            }
        });
        var workerTasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            workerTasks[w] = Task.Factory.StartNew(() =>
            {
                try
                {
                    while (jobs.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                        while (!stop.IsCancellationRequested && jobs.Reader.TryRead(out var job))
                            rows.Writer.TryWrite(plan.Run(job.Point, job.Repeat, stop.Token));
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The run in flight is dropped; it is redone on resume.
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    stop.Cancel();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        _ = Task.WhenAll(workerTasks).ContinueWith(_ => rows.Writer.TryComplete(), TaskScheduler.Default);

        long done = resumed;
        try
        {
            // The writer: every row a worker finished is kept, even after a stop was asked for.
            await foreach (var row in rows.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                journal.Append(row);
                results.Add(row);
                done++;
                options.Progress?.Report(new SweepProgress(done, order.Count, resumed, clock.Elapsed.TotalSeconds));
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            stop.Cancel();
            await Task.WhenAll(workerTasks).ConfigureAwait(false);
        }
        await producer.ConfigureAwait(false);
        failure?.Throw();
        if (done < order.Count)
        {
            if (options.Cancellation.IsCancellationRequested) throw new SweepCancelledException(done, order.Count, options.Cancellation);
            throw new InvalidOperationException($"the sweep ended with {order.Count - done} runs not done");
        }
        return new SweepOutcome(order.Count, resumed, done - resumed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// results.csv kept in (point, repeat) order: rewritten at the start from the journal's runs up to the first
    /// unfinished one, then extended as each next run in order finishes (flushed after each line).
    /// </summary>
    private sealed class OrderedResults : IDisposable
    {
        private readonly List<(long, int)> _order;
        private readonly Dictionary<(long, int), string> _waiting;
        private readonly StreamWriter _writer;
        private int _next;

        public OrderedResults(string path, IReadOnlyList<string> header, List<(long, int)> order,
                              IReadOnlyDictionary<(long Point, int Repeat), string> finished)
        {
            _order = order;
            _waiting = new Dictionary<(long, int), string>();
            foreach (var job in order)
                if (finished.TryGetValue(job, out string? line)) _waiting[job] = line;
            var text = new StringBuilder(Csv.Line(header)).Append('\n');
            while (_next < _order.Count && _waiting.Remove(_order[_next], out string? line))
            {
                text.Append(line).Append('\n');
                _next++;
            }
            SweepFolder.WriteAtomically(path, text.ToString());
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false))
            {
                NewLine = "\n",
            };
        }

        public void Add(SweepRow row)
        {
            _waiting[(row.Point, row.Repeat)] = row.ToCsv();
            while (_next < _order.Count && _waiting.Remove(_order[_next], out string? line))
            {
                _writer.WriteLine(line);
                _next++;
            }
            _writer.Flush();
        }

        public void Dispose() => _writer.Dispose();
    }
}
