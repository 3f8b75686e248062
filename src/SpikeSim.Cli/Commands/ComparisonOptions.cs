using System.CommandLine;
using SpikeSim.Units;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// The options of <c>spikesim compare</c> beyond a run's: <c>--warmup Q</c> (the spiking rate counts spikes from
/// then on, over the time left) and <c>--plot</c> (the comparison's figures into DIR/figures), and the sentence that
/// says what the <c>lif_rate</c> activation cannot capture.
/// </summary>
public static class ComparisonOptions
{
    /// <summary>What lif_rate leaves out, for compare.json and the figure.</summary>
    public const string LifRateNote =
        "lif_rate is the LIF's firing rate for its mean input held constant: 0 wherever the mean drive stays below " +
        "threshold (V_inf < V_th). Spiking neurons there can still fire, driven by fluctuations of their input, and " +
        "those spikes are what lif_rate cannot capture (points on the y axis above x = 0).";

    /// <summary>The --warmup option.</summary>
    public static Option<string?> Warmup() => new("--warmup")
    {
        Description = "Leave the first part of the run out of the spiking rates, e.g. \"100 ms\" (rate = spikes after it / time left). Default 0 ms.",
        HelpName = "QUANTITY",
    };

    /// <summary>The --plot option.</summary>
    public static Option<bool> Plot() => new("--plot") { Description = "After the comparison, write its figures (PNG) into DIR/figures, as 'spikesim plot DIR' does." };

    /// <summary>The warm-up in ms (0 when not given), checked against the run's duration.</summary>
    /// <exception cref="CliUsageException">Not a time, negative, or not shorter than the run.</exception>
    public static double WarmupMs(string? text, double durationMs)
    {
        if (text is null) return 0;
        if (!Quantity.TryParse(text, Dimension.Time, out double ms, out string? problem)) throw new CliUsageException("--warmup: " + problem);
        if (!(ms >= 0) || !(ms < durationMs))
            throw new CliUsageException($"--warmup must be at least 0 ms and shorter than the run ({Quantity.FormatNumber(durationMs)} ms), got {text}");
        return ms;
    }
}
