using System.CommandLine;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Units;

namespace SpikeSim.Cli;

/// <summary>
/// The options that shape figures, shared by <c>spikesim plot</c> and <c>spikesim run --plot</c>: <c>--from Q</c>,
/// <c>--to Q</c> (time window), <c>--populations a,b</c>, <c>--neurons POP:0-9</c> (repeatable), <c>--sigma Q</c>
/// (Gaussian width of smoothed rates) and <c>--format png|svg|both</c>.
/// </summary>
public sealed class PlotSelectionOptions
{
    private const string FromName = "--from", ToName = "--to", PopulationsName = "--populations", NeuronsName = "--neurons";

    /// <summary>
    /// The error line of a selection the run does not satisfy, naming the option and the value:
    /// <c>--neurons nosuch:0-3: no population "nosuch"; the run in runs/x has exc (3 neurons)</c>.
    /// </summary>
    public static string Describe(PlotSelectionException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string option = e.Field switch
        {
            PlotSelectionField.From => FromName,
            PlotSelectionField.To => ToName,
            PlotSelectionField.Populations => PopulationsName,
            _ => NeuronsName,
        };
        return $"{option} {e.Value}: {e.Problem}";
    }

    /// <summary>Start of the time window.</summary>
    public Option<string?> From { get; } = new(FromName) { Description = "Figures start at this time, e.g. \"200 ms\" (default: the run's start).", HelpName = "QUANTITY" };

    /// <summary>End of the time window.</summary>
    public Option<string?> To { get; } = new(ToName) { Description = "Figures end at this time, e.g. \"400 ms\" (default: the run's end).", HelpName = "QUANTITY" };

    /// <summary>Populations shown.</summary>
    public Option<string?> Populations { get; } = new(PopulationsName) { Description = "Show only these populations, in this order, e.g. exc,inh.", HelpName = "A,B" };

    /// <summary>Neurons of the detail raster, the membrane traces and the per-neuron rate figure.</summary>
    public Option<string[]> Neurons { get; } = new(NeuronsName)
    {
        Description = "Neurons for the detail raster, the membrane traces and the figure of single-neuron rates (neuron-rates), " +
                      "as POP:RANGES, e.g. exc:0-9 or inh:0,5,10-12. Repeatable.",
        HelpName = "POP:0-9",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Gaussian width of smoothed rates.</summary>
    public Option<string?> Sigma { get; } = new("--sigma") { Description = "Width σ of the Gaussian that smooths rates, e.g. \"2 ms\" (default 5 ms).", HelpName = "QUANTITY" };

    /// <summary>Image format.</summary>
    public Option<string> Format { get; }

    /// <summary>Creates the options; <paramref name="formatDescription"/> says what --format applies to.</summary>
    public PlotSelectionOptions(string formatDescription = "Image format: png, svg or both.")
    {
        Format = Commands.PlotCommand.FormatOption(formatDescription);
    }

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [From, To, Populations, Neurons, Sigma, Format];

    /// <summary>The figure options the command line asked for (with <paramref name="model"/> for threshold marks).</summary>
    /// <exception cref="CliUsageException">A time, a width or a neuron range does not parse, or the window is empty.</exception>
    public PlotOptions Read(ParseResult parse, Modeling.ModelSpec? model)
    {
        double? from = Time(parse.GetValue(From), "--from");
        double? to = Time(parse.GetValue(To), "--to");
        if (from is double f && to is double t && !(t > f)) throw new CliUsageException($"--to must be after --from (got {f} ms and {t} ms)");
        double sigma = Time(parse.GetValue(Sigma), "--sigma") ?? new PlotOptions().SmoothingSigmaMs;
        if (!(sigma > 0)) throw new CliUsageException("--sigma must be above 0 ms");
        string[]? populations = parse.GetValue(Populations)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var neurons = new List<NeuronSet>();
        foreach (string text in parse.GetValue(Neurons) ?? [])
        {
            try { neurons.Add(NeuronSet.Parse(text)); }
            catch (FormatException e) { throw new CliUsageException(NeuronsName + ": " + e.Message); }
        }
        return new PlotOptions
        {
            Formats = Commands.PlotCommand.ParseFormat(parse.GetValue(Format)),
            SmoothingSigmaMs = sigma,
            Model = model,
            Selection = new PlotSelection
            {
                FromMs = from,
                ToMs = to,
                Populations = populations is { Length: > 0 } ? populations : null,
                Neurons = neurons.Count > 0 ? neurons : null,
            },
        };
    }

    private static double? Time(string? text, string option)
    {
        if (text is null) return null;
        if (!Quantity.TryParse(text, Dimension.Time, out double ms, out string? problem)) throw new CliUsageException($"{option}: {problem}");
        return ms;
    }
}
