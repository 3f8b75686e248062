using System.CommandLine;
using System.Globalization;
using SpikeSim.Experiments;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim experiment NAME --out DIR [--quick] [--seed N] [--format png|svg|both]</c>, <c>spikesim experiment all
/// --out DIR</c> (one subfolder per experiment) and <c>spikesim experiment --list</c>. Each experiment writes its CSV
/// files, summary.md, result.json and its figures (PNG by default, SVG or both with --format; summary.md shows the SVGs
/// for svg, else the PNGs); the command prints one line per experiment with its claim's verdict and wall time.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("NAME") { Description = "The experiment (see --list), or all.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the experiment's files (with all: one subfolder per experiment).", HelpName = "DIR" };
        var list = new Option<bool>("--list", "-l") { Description = "List the experiments and exit." };
        var quick = new Option<bool>("--quick") { Description = "A smaller, faster version (the claims still hold)." };
        var seed = new Option<ulong>("--seed") { Description = "Master seed.", HelpName = "N", DefaultValueFactory = _ => 1UL };
        var format = PlotCommand.FormatOption("Image format of the figures: png, svg or both (summary.md shows the PNGs for both).");
        var command = new Command("experiment",
            "Run a contrast experiment between spiking and artificial neurons: CSV files, figures (PNG, SVG or both), summary.md and result.json in DIR.\n\n" +
            "Examples:\n  spikesim experiment --list\n  spikesim experiment signals --out runs/signals\n  spikesim experiment signals --out runs/signals --format svg\n" +
            "  spikesim experiment all --out runs/experiments")
        { name, output, list, quick, seed, format };
        command.SetAction(parse => CliErrors.Execute(context, () =>
            Execute(context, parse.GetValue(name), parse.GetValue(output), parse.GetValue(list), parse.GetValue(quick), parse.GetValue(seed),
                    PlotCommand.ParseFormat(parse.GetValue(format)))));
        return command;
    }

    /// <summary>Runs the request; returns 0 when every claim holds, 1 when one does not.</summary>
    public static int Execute(CliContext context, string? name, string? outDir, bool list, bool quick, ulong seed,
                              Plotting.Export.FigureFormats formats = Plotting.Export.FigureFormats.Png)
    {
        if (list)
        {
            foreach (IExperiment e in ExperimentRegistry.All) context.Out.WriteLine($"{e.Name,-12} {e.Summary}");
            return ExitCodes.Success;
        }
        if (name is null) throw new CliUsageException("give an experiment NAME (or all), or --list to see them");
        var known = ExperimentRegistry.All.Select(e => e.Name).ToList();
        IExperiment[] chosen = name == "all" ? [.. ExperimentRegistry.All]
            : ExperimentRegistry.Find(name) is IExperiment one ? [one]
            : throw new CliUsageException($"unknown experiment '{name}' (known: {string.Join(", ", known)}, all)");
        if (outDir is null) throw new CliUsageException("--out: give the folder for the experiment's files");
        string root = OutputFolder.Validate(outDir);

        bool allHold = true;
        double total = 0;
        foreach (IExperiment e in chosen)
        {
            string dir = name == "all" ? Path.Combine(root, e.Name) : root;
            using var folder = OutputFolder.Create(dir);
            ExperimentResult result = ExperimentRunner.Run(e, new ExperimentContext(folder.TempPath, quick, seed, context.Cancellation)
            {
                FigureExtension = ExperimentFigures.SummaryExtension(formats),
            });
            ExperimentFigures.Save(result.Figures, folder.TempPath, formats);
            folder.Commit();
            total += result.WallS;
            allHold &= result.ClaimHolds;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Name}: claim {(result.ClaimHolds ? "holds" : "DOES NOT HOLD")} ({result.WallS:0.00} s) -> {dir}"));
        }
        if (chosen.Length > 1) context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all: {total:0.00} s"));
        return allHold ? ExitCodes.Success : ExitCodes.RunFailed;
    }
}
