using System.Globalization;
using SpikeSim.Sweeps;

namespace SpikeSim.Cli;

/// <summary>
/// Shows a sweep's progress on stderr after each finished run: runs done / total, runs per second and the time
/// left. On a terminal it redraws one bar line with '\r'; otherwise it prints a plain line at most every
/// <see cref="PlainIntervalS"/> seconds, and always for the last run. Reports come from the sweep's writer thread.
/// </summary>
public sealed class SweepProgressReporter(TextWriter error, bool terminal) : IProgress<SweepProgress>
{
    private const int BarWidth = 28;
    private readonly object _lock = new();
    private double _lastPrintedWallS = double.NegativeInfinity;
    private int _lastLineLength;
    private bool _shown;

    /// <summary>Wall-clock seconds between plain progress lines when stderr is not a terminal, s.</summary>
    public double PlainIntervalS { get; init; } = 5.0;

    /// <summary>The latest progress reported (runs done so far).</summary>
    public SweepProgress Last { get; private set; }

    /// <inheritdoc/>
    public void Report(SweepProgress value)
    {
        lock (_lock)
        {
            Last = value;
            if (terminal)
            {
                string line = BarLine(value);
                string pad = line.Length < _lastLineLength ? new string(' ', _lastLineLength - line.Length) : "";
                error.Write("\r" + line + pad);
                error.Flush();
                _lastLineLength = line.Length;
                _shown = true;
            }
            else if (value.WallS - _lastPrintedWallS >= PlainIntervalS || value.Done == value.Total)
            {
                error.WriteLine("spikesim: " + Describe(value));
                error.Flush();
                _lastPrintedWallS = value.WallS;
            }
        }
    }

    /// <summary>Erases the bar on a terminal so that the next output starts clean.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (terminal && _shown)
            {
                error.Write("\r" + new string(' ', _lastLineLength) + "\r");
                error.Flush();
            }
            _shown = false;
        }
    }

    /// <summary>The bar line, e.g. <c>[#######.....]  25%  10 / 40 runs, 0.83 runs/s, 36s left</c>.</summary>
    public static string BarLine(SweepProgress p)
    {
        double fraction = p.Total > 0 ? (double)p.Done / p.Total : 1;
        int filled = (int)Math.Round(fraction * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "] " +
               string.Create(CultureInfo.InvariantCulture, $"{fraction * 100,3:0}%  ") + Describe(p, withPercent: false);
    }

    /// <summary>A one-line description, e.g. <c>10 / 40 runs (25%), 0.83 runs/s, 36s left</c>.</summary>
    public static string Describe(SweepProgress p, bool withPercent = true)
    {
        var inv = CultureInfo.InvariantCulture;
        double fraction = p.Total > 0 ? (double)p.Done / p.Total : 1;
        string percent = withPercent ? string.Create(inv, $" ({fraction * 100:0}%)") : "";
        string resumed = p.Resumed > 0 ? string.Create(inv, $" ({p.Resumed} resumed)") : "";
        return string.Create(inv,
            $"{p.Done} / {p.Total} runs{percent}{resumed}, {p.RunsPerS:0.##} runs/s, {ProgressReporter.FormatDuration(p.RemainingS)} left");
    }
}
