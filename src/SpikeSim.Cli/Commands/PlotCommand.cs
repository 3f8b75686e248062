using System.CommandLine;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Reports;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim plot RUN_DIR [--format png|svg|both] [--out DIR] [--model MODEL]</c>: makes every figure the run
/// folder's data allows (default into RUN_DIR/figures/) and prints the files written.
/// </summary>
public static class PlotCommand
{
    /// <summary>The folder inside a run folder where figures go by default (a new run drops an earlier run's).</summary>
    public const string FiguresFolder = "figures";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "A run folder (spikes.csv, rates.csv, v.csv, ...) or a sweep folder (results.csv)." };
        var shape = new PlotSelectionOptions();
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the figures (default: RUN_DIR/figures).", HelpName = "DIR" };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "The model file the run came from: marks V_th and V_reset on membrane traces, names weight units, adds the f-I closed form. " +
                          "Default: the model as run, kept in RUN_DIR/command.json by run and compare.",
            HelpName = "MODEL",
        };
        var set = CommonOptions.SetOption();
        var command = new Command("plot",
            "Make every figure a run folder's data allows: spike raster, ISI histogram, population rates (binned and Gaussian-smoothed), " +
            "membrane potentials, weights, synapse counts, activations, spiking-vs-artificial scatter, sweep plots.\n\n" +
            "Example:\n  spikesim plot runs/brunel2000 --format both\n  spikesim plot runs/brunel2000 --model models/brunel2000.json --out report/figures\n" +
            "  spikesim plot runs/brunel2000 --from \"200 ms\" --to \"300 ms\" --populations exc --neurons exc:0-4 --sigma \"2 ms\"")
        {
            runDir,
            output,
            model,
            set,
        };
        foreach (var option in shape.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string dir = parse.GetValue(runDir)!;
            string? modelPath = parse.GetValue(model);
            string[] overrides = parse.GetValue(set) ?? [];
            if (modelPath is null && overrides.Length > 0) throw new CliUsageException("--set changes the model given with --model; no --model was given");
            // Without --model, the model as the run folder's command.json recorded it (so a moved folder keeps its marks).
            var spec = modelPath is null ? RecordedModel(dir) : CommonOptions.ReadModel(modelPath, overrides);
            return Execute(context, dir, parse.GetValue(output), shape.Read(parse, spec));
        }));
        return command;
    }

    /// <summary>
    /// The model a folder's command.json recorded as run (<see cref="RunProvenance.Model"/>), or null: none recorded,
    /// no folder, or a model that no longer reads.
    /// </summary>
    public static Modeling.ModelSpec? RecordedModel(string folder) =>
        Directory.Exists(folder) ? RunProvenance.TryRead(folder)?.ReadModel() : null;

    /// <summary>The option <c>--format png|svg|both</c> (default png) of every command that writes figures.</summary>
    public static Option<string> FormatOption(string description)
    {
        var format = new Option<string>("--format", "-f") { Description = description, HelpName = "png|svg|both", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("png", "svg", "both");
        return format;
    }

    /// <summary>Image formats from the --format text.</summary>
    public static FigureFormats ParseFormat(string? text) => text switch
    {
        null or "png" => FigureFormats.Png,
        "svg" => FigureFormats.Svg,
        "both" => FigureFormats.Both,
        _ => throw new CliUsageException($"--format must be png, svg or both, got '{text}'"),
    };

    /// <summary>
    /// Plots <paramref name="runDir"/> into <paramref name="outDir"/> (default RUN_DIR/figures) and prints each file
    /// written. A missing folder or one with nothing to plot is bad input (exit code 2).
    /// </summary>
    public static int Execute(CliContext context, string runDir, string? outDir, FigureFormats formats, Modeling.ModelSpec? model = null) =>
        Execute(context, runDir, outDir, new PlotOptions { Formats = formats, Model = model });

    /// <summary>
    /// Plots <paramref name="runDir"/> with <paramref name="options"/> into <paramref name="outDir"/> (default
    /// RUN_DIR/figures) and prints each file written. A missing folder or one with nothing to plot is bad input (exit code 2).
    /// </summary>
    public static int Execute(CliContext context, string runDir, string? outDir, PlotOptions options)
    {
        if (string.IsNullOrWhiteSpace(runDir)) throw new CliUsageException("no run folder given");
        if (File.Exists(runDir)) throw new CliUsageException($"{runDir}: is a file, expected a run folder");
        if (!Directory.Exists(runDir)) throw new CliUsageException($"{runDir}: run folder not found");
        string target = outDir ?? Path.Combine(runDir, FiguresFolder);
        if (File.Exists(target)) throw new CliUsageException($"--out {target}: exists and is a file, expected a folder");
        IReadOnlyList<string> written = RunFolderPlotter.PlotAll(runDir, target, options);
        foreach (string file in written) context.Out.WriteLine(file);
        return ExitCodes.Success;
    }
}
