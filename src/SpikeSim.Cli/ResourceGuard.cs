using System.CommandLine;
using System.Globalization;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Cli;

/// <summary>
/// The budgets of a run: <c>--max-memory</c> (default: the memory available to the process) and
/// <c>--max-output</c> (default: the free space where the run folder goes). Before a run, a model whose
/// <see cref="ResourceEstimate"/> passes either is refused (exit 2, naming the field); during a run,
/// <see cref="WatchOutput"/> stops it when what it has written passes the output budget.
/// </summary>
public static class ResourceGuard
{
    /// <summary>The <c>--max-memory</c> option.</summary>
    public static Option<string?> MaxMemoryOption() => new("--max-memory")
    {
        Description = "Refuse a model that would hold more memory than this (e.g. \"8 GB\", \"500 MB\"); default: the memory available to spikesim.",
        HelpName = "SIZE",
    };

    /// <summary>The <c>--max-output</c> option.</summary>
    public static Option<string?> MaxOutputOption() => new("--max-output")
    {
        Description = "Refuse, or stop, a run that would write more than this into its folder (e.g. \"2 GB\"); default: the free space there.",
        HelpName = "SIZE",
    };

    /// <summary>
    /// Estimates <paramref name="spec"/> and throws a <see cref="ModelException"/> when it cannot fit the budgets.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="outDir">The run folder (its file system's free space is the default output budget), or null for the current folder.</param>
    /// <param name="maxMemory">The <c>--max-memory</c> text, or null.</param>
    /// <param name="maxOutput">The <c>--max-output</c> text, or null.</param>
    /// <returns>The output budget in bytes, for <see cref="WatchOutput"/>.</returns>
    public static double Check(ModelSpec spec, string? outDir, string? maxMemory, string? maxOutput)
    {
        (Action<ModelSpec> check, double output) = Budgets(outDir, maxMemory, maxOutput);
        check(spec);
        return output;
    }

    /// <summary>
    /// The budgets, found once (for the many models of a sweep): a check that throws a <see cref="ModelException"/>
    /// when a model's <see cref="ResourceEstimate"/> passes them, and the output budget in bytes.
    /// </summary>
    /// <param name="outDir">The run (or sweep) folder, or null for the current folder.</param>
    /// <param name="maxMemory">The <c>--max-memory</c> text, or null for the memory available.</param>
    /// <param name="maxOutput">The <c>--max-output</c> text, or null for the free space at <paramref name="outDir"/>.</param>
    public static (Action<ModelSpec> Check, double OutputBytes) Budgets(string? outDir, string? maxMemory, string? maxOutput)
    {
        double memory = maxMemory is null ? AvailableMemory() : ParseSize(maxMemory, "--max-memory");
        double output = maxOutput is null ? FreeSpace(outDir) : ParseSize(maxOutput, "--max-output");
        string memoryOrigin = maxMemory is null ? "the memory available to spikesim; see --max-memory" : "--max-memory";
        string outputOrigin = maxOutput is null ? "the free space for the run folder; see --max-output" : "--max-output";
        return (spec => ResourceEstimate.Of(spec).Check(spec, memory, output, memoryOrigin, outputOrigin), output);
    }

    /// <summary>The memory the process may use, bytes (the machine's, or a container's limit).</summary>
    public static double AvailableMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Free bytes on the file system of <paramref name="folder"/> (or its nearest existing parent); infinity when unknown.</summary>
    public static double FreeSpace(string? folder)
    {
        try
        {
            string? at = Path.GetFullPath(folder ?? ".");
            while (at is not null && !Directory.Exists(at)) at = Path.GetDirectoryName(at);
            return at is null ? double.PositiveInfinity : new DriveInfo(at).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return double.PositiveInfinity;
        }
    }

    /// <summary>Parses "8 GB", "500MB", "1.5 GiB", "1e9" (bytes).</summary>
    public static double ParseSize(string text, string option)
    {
        string t = text.Trim();
        int split = t.Length;
        while (split > 0 && char.IsLetter(t[split - 1])) split--;
        string unit = t[split..].ToUpperInvariant();
        double factor = unit switch
        {
            "" or "B" => 1,
            "KB" or "K" => 1e3, "MB" or "M" => 1e6, "GB" or "G" => 1e9, "TB" or "T" => 1e12,
            "KIB" => 1024.0, "MIB" => 1024.0 * 1024, "GIB" => 1024.0 * 1024 * 1024, "TIB" => 1024.0 * 1024 * 1024 * 1024,
            _ => double.NaN,
        };
        if (double.IsNaN(factor) || !double.TryParse(t[..split].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ||
            !(n > 0) || double.IsInfinity(n))
            throw new CliUsageException($"{option} expects a positive size such as \"8 GB\", \"500 MB\" or \"2 GiB\", got '{text}'");
        return n * factor;
    }

    /// <summary>
    /// Watches the bytes written under <paramref name="folder"/> (every 0.2 s) and, once they pass
    /// <paramref name="maxBytes"/>, sets <see cref="OutputWatch.Exceeded"/> and cancels <paramref name="stop"/>.
    /// </summary>
    public static OutputWatch WatchOutput(string folder, double maxBytes, CancellationTokenSource stop) => new(folder, maxBytes, stop);

    /// <summary>A running watch of a run folder's size; dispose to stop it.</summary>
    public sealed class OutputWatch : IDisposable
    {
        private readonly Timer? _timer;
        private readonly string _folder;
        private readonly double _max;
        private readonly CancellationTokenSource _stop;
        private int _busy;

        internal OutputWatch(string folder, double maxBytes, CancellationTokenSource stop)
        {
            _folder = folder;
            _max = maxBytes;
            _stop = stop;
            if (!double.IsPositiveInfinity(maxBytes)) _timer = new Timer(_ => Poll(), null, 200, 200);
        }

        /// <summary>True once the folder passed the budget (the run was then cancelled).</summary>
        public bool Exceeded { get; private set; }

        /// <summary>The bytes found when the budget was passed.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Checks the folder's size now.</summary>
        public void Poll()
        {
            if (Interlocked.Exchange(ref _busy, 1) == 1) return;
            try
            {
                long bytes = 0;
                foreach (var f in new DirectoryInfo(_folder).EnumerateFiles("*", SearchOption.AllDirectories)) bytes += f.Length;
                if (bytes > _max && !Exceeded)
                {
                    BytesWritten = bytes;
                    Exceeded = true;
                    _stop.Cancel();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // The folder went away (the run ended): nothing to watch.
            }
            finally
            {
                Volatile.Write(ref _busy, 0);
            }
        }

        /// <summary>The error for a run stopped by this watch.</summary>
        public IOException Error() => new(
            string.Create(CultureInfo.InvariantCulture, $"the run was stopped: its output reached {BytesWritten:N0} bytes, more than the {_max:N0} allowed ") +
            "(--max-output, default the free space there); nothing was written. Record less (fewer neurons in \"v\", a longer interval or rate bin, fewer populations in \"spikes\") or raise --max-output");

        /// <summary>Stops watching.</summary>
        public void Dispose() => _timer?.Dispose();
    }
}
