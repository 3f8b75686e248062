using System.Globalization;
using SpikeSim.Engine;

namespace SpikeSim.Cli;

/// <summary>
/// Shows a run's progress on stderr once it has taken more than <see cref="DelayS"/> of wall time: biological time
/// done / total, speed (biological ms per wall second and the realtime factor) and the time left. On a terminal it
/// redraws one bar line with '\r'; otherwise it prints a plain line every <see cref="PlainIntervalS"/> seconds.
/// Reports arrive from the simulator's thread; nothing here touches stdout.
/// </summary>
public sealed class ProgressReporter : IProgress<SimulationProgress>
{
    private const int BarWidth = 28;
    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly object _lock = new();
    private double _lastPrintedWallS = double.NegativeInfinity;
    private int _lastLineLength;
    private bool _shown;

    /// <summary>Creates a reporter writing to <paramref name="error"/>.</summary>
    /// <param name="error">stderr.</param>
    /// <param name="terminal">True to redraw a bar in place (stderr is an interactive terminal).</param>
    public ProgressReporter(TextWriter error, bool terminal)
    {
        _error = error;
        _terminal = terminal;
    }

    /// <summary>Wall-clock seconds before anything is shown (short runs stay silent), s.</summary>
    public double DelayS { get; init; } = 2.0;

    /// <summary>Wall-clock seconds between plain progress lines when stderr is not a terminal, s.</summary>
    public double PlainIntervalS { get; init; } = 5.0;

    /// <summary>How often the simulator should report, s: often for a smooth bar, less for plain lines.</summary>
    public double ReportIntervalS => _terminal ? 0.25 : 1.0;

    /// <inheritdoc/>
    public void Report(SimulationProgress value)
    {
        if (value.WallS < DelayS) return;
        lock (_lock)
        {
            if (_terminal)
            {
                string line = BarLine(value);
                string pad = line.Length < _lastLineLength ? new string(' ', _lastLineLength - line.Length) : "";
                _error.Write("\r" + line + pad);
                _error.Flush();
                _lastLineLength = line.Length;
                _shown = true;
            }
            else if (value.WallS - _lastPrintedWallS >= PlainIntervalS)
            {
                _error.WriteLine("spikesim: " + Describe(value));
                _error.Flush();
                _lastPrintedWallS = value.WallS;
                _shown = true;
            }
        }
    }

    /// <summary>Ends the progress display: on a terminal, erases the bar so that the next output starts clean.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_terminal && _shown)
            {
                _error.Write("\r" + new string(' ', _lastLineLength) + "\r");
                _error.Flush();
            }
            _shown = false;
            _lastLineLength = 0;
        }
    }

    /// <summary>The bar line, e.g. <c>[#########...........]  42%  420 / 1000 ms  130 ms/s (0.13x realtime)  4s left</c>.</summary>
    public static string BarLine(SimulationProgress p)
    {
        int filled = (int)Math.Round(p.Fraction * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "] " +
               string.Create(CultureInfo.InvariantCulture, $"{p.Fraction * 100,3:0}%  ") + Describe(p, withPercent: false);
    }

    /// <summary>A one-line description, e.g. <c>420 / 1000 ms (42%), 130 ms/s (0.13x realtime), 4s left</c>.</summary>
    public static string Describe(SimulationProgress p, bool withPercent = true)
    {
        var inv = CultureInfo.InvariantCulture;
        double speed = p.WallS > 0 ? p.DoneMs / p.WallS : 0;
        string percent = withPercent ? string.Create(inv, $" ({p.Fraction * 100:0}%)") : "";
        return string.Create(inv,
            $"{p.DoneMs:0.#} / {p.TotalMs:0.#} ms{percent}, {FormatSpeed(speed)} ms/s ({speed / 1000:0.###}x realtime), {FormatDuration(p.RemainingS)} left");
    }

    /// <summary>Seconds as "45s", "3m05s" or "1h02m"; "?" when unknown.</summary>
    public static string FormatDuration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        long s = (long)Math.Ceiling(seconds);
        var inv = CultureInfo.InvariantCulture;
        if (s < 60) return string.Create(inv, $"{s}s");
        if (s < 3600) return string.Create(inv, $"{s / 60}m{s % 60:00}s");
        return string.Create(inv, $"{s / 3600}h{s / 60 % 60:00}m");
    }

    private static string FormatSpeed(double msPerS) =>
        msPerS >= 100 ? msPerS.ToString("N0", CultureInfo.InvariantCulture) : msPerS.ToString("0.##", CultureInfo.InvariantCulture);
}
