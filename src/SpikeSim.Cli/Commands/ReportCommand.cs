using System.CommandLine;
using SpikeSim.Modeling;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Reports;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim report DIR [--out FILE] [--model MODEL]</c>: writes one self-contained HTML page (default
/// DIR/report.html) for a run, sweep or experiment folder and prints its path.
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "A run folder, a sweep folder or an experiment folder." };
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file to write (default: DIR/report.html).", HelpName = "FILE" };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "The model file the folder came from, when its command.json does not name one (marks V_th and V_reset on traces).",
            HelpName = "MODEL",
        };
        var command = new Command("report",
            "Write one self-contained HTML page for a run, sweep or experiment folder: the summary table, every figure (inline PNG),\n" +
            "the model file and the exact command and version that produced it. It needs no network and no file beside it.\n\n" +
            "Examples:\n  spikesim report runs/brunel2000\n  spikesim report runs/tau --out tau-report.html\n" +
            "  spikesim run models/two-neurons.json --out runs/two --report")
        { dir, output, model };
        command.SetAction(parse => CliErrors.Execute(context, () => Execute(context, parse.GetValue(dir)!, parse.GetValue(output), parse.GetValue(model))));
        return command;
    }

    /// <summary>Writes the report and prints its path. A missing folder, or one with nothing to report, is bad input (exit code 2).</summary>
    public static int Execute(CliContext context, string folder, string? outFile, string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new CliUsageException("no folder given");
        if (File.Exists(folder)) throw new CliUsageException($"{folder}: is a file, expected a run, sweep or experiment folder");
        if (!Directory.Exists(folder)) throw new CliUsageException($"{folder}: folder not found");
        if (outFile is not null && Directory.Exists(outFile)) throw new CliUsageException($"--out {outFile}: is a folder, expected a file name");
        if (modelPath is not null && !File.Exists(modelPath)) throw new CliUsageException($"--model {modelPath}: model file not found");
        context.Out.WriteLine(HtmlReport.Write(folder, outFile, OptionsFor(folder, modelPath)));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The report options of <paramref name="folder"/>: the model given, else the model as run that its command.json
    /// keeps (<see cref="PlotCommand.RecordedModel"/>), else the model file it names (read without the run's --set
    /// overrides: a folder from before the model was kept), for the figures' threshold marks when it still reads.
    /// </summary>
    public static ReportOptions OptionsFor(string folder, string? modelPath)
    {
        if (modelPath is null && PlotCommand.RecordedModel(folder) is ModelSpec recorded)
            return new ReportOptions { Plot = new PlotOptions { Model = recorded } };
        string? path = modelPath ?? RunProvenance.TryRead(folder)?.ModelFile;
        ModelSpec? spec = null;
        if (path is not null && File.Exists(path))
        {
            try { spec = ModelReader.ReadFile(path, []); }
            catch (ModelException) { } // the file changed since the run: the figures go without threshold marks
        }
        return new ReportOptions { ModelFile = modelPath, Plot = new PlotOptions { Model = spec } };
    }
}
