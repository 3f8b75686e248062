using System.CommandLine;
using SpikeSim.Plotting.Reports;
using SpikeSim.Recording;

namespace SpikeSim.Cli;

/// <summary>
/// What happens after a command that wrote an output folder (<c>run</c>, <c>sweep</c>, <c>compare</c>,
/// <c>experiment</c>) succeeded: its exact command line, version and model file go into the folder's
/// <c>command.json</c> (<see cref="RunProvenance"/>), and, when the command was given <c>--report</c>, the
/// folder's report.html is written (<see cref="HtmlReport"/>). Kept apart from the commands so that every one of
/// them records the same way.
/// </summary>
public static class CommandRecord
{
    /// <summary>Name of the option that asks for a report at the end of a command.</summary>
    public const string ReportOptionName = "--report";

    /// <summary>The <c>--report</c> option, for the commands that offer it.</summary>
    public static Option<bool> ReportOption() =>
        new(ReportOptionName) { Description = "At the end, write OUT/report.html: one self-contained page with the summary, every figure, the model and the command (as 'spikesim report' does)." };

    private static readonly string[] RecordedCommands = ["run", "sweep", "compare", "experiment"];

    /// <summary>
    /// Records <paramref name="args"/> into the output folder of <paramref name="parse"/> and writes its report when
    /// asked. Does nothing for a command that writes no folder (<c>sweep --point</c>, <c>experiment --list</c>).
    /// </summary>
    /// <returns>The exit code: <see cref="ExitCodes.Success"/>, or that of a report that could not be written.</returns>
    public static int AfterSuccess(ParseResult parse, IReadOnlyList<string> args, CliContext context)
    {
        var command = parse.CommandResult.Command;
        if (!RecordedCommands.Contains(command.Name)) return ExitCodes.Success;
        // --help (and any other action that is not the command's own) wrote no folder.
        if (parse.Action is null || !ReferenceEquals(parse.Action, command.Action)) return ExitCodes.Success;
        string? folder = OutputFolderOf(parse, command);
        if (folder is null || !Directory.Exists(folder)) return ExitCodes.Success;
        string? model = ModelFileOf(parse, command);
        new RunProvenance(RunProvenance.CommandLine(args), [.. args], RunFolderWriter.Version, Environment.CurrentDirectory,
                          model is null ? null : Path.GetFullPath(model), DateTime.UtcNow)
        { Model = model is null ? null : ModelAsRun(parse, command, model) }.Write(folder);
        if (command.Options.FirstOrDefault(o => o.Name == ReportOptionName) is Option<bool> report && parse.GetValue(report))
            return CliErrors.Execute(context, () => Commands.ReportCommand.Execute(context, folder, null, null));
        return ExitCodes.Success;
    }

    private static string? OutputFolderOf(ParseResult parse, Command command)
    {
        // Option<string> and Option<string?> are one type at run time.
        foreach (var option in command.Options)
            if (option.Name is "--out" or "--resume" && option is Option<string> o && parse.GetValue(o) is string s) return s;
        return null;
    }

    /// <summary>
    /// The model tree <c>run</c> or <c>compare</c> ran: the JSON model file with the overrides the command gave the
    /// reader (<see cref="Commands.RunRequest.AllOverrides"/>), or null for another command or a NIR graph.
    /// </summary>
    private static System.Text.Json.Nodes.JsonObject? ModelAsRun(ParseResult parse, Command command, string modelFile)
    {
        if (command.Name is not ("run" or "compare") || Nir.NirModelSource.IsNir(modelFile)) return null;
        T? Value<T>(string name) => command.Options.FirstOrDefault(o => o.Name == name) is Option<T> o ? parse.GetValue(o) : default;
        var request = new Commands.RunRequest(modelFile, "", Value<ulong?>("--seed"), 0, Value<string?>("--duration"), Value<string[]>("--set") ?? [],
                                              true, null, Value<string?>("--activation"));
        try
        {
            var tree = Modeling.ModelReader.ParseTree(File.ReadAllText(modelFile), modelFile);
            foreach (string assignment in request.AllOverrides()) Modeling.ModelOverrides.Apply(tree, assignment, modelFile);
            return tree;
        }
        catch (Exception e) when (e is Modeling.ModelException or IOException or UnauthorizedAccessException)
        {
            return null; // the file changed or went since the run: command.json names it without the model
        }
    }

    private static string? ModelFileOf(ParseResult parse, Command command)
    {
        foreach (var argument in command.Arguments)
            if (argument.Name.StartsWith("MODEL", StringComparison.Ordinal) && argument is Argument<string> a && parse.GetValue(a) is string path)
            {
                if (!File.Exists(path)) return null;
                // A sweep file names its model: record the model itself.
                if (Sweeps.SweepFile.IsSweepFile(File.ReadAllText(path)))
                {
                    try { return Sweeps.SweepFile.Read(path).Spec.ModelPath; }
                    catch (Modeling.ModelException) { return null; }
                }
                return path;
            }
        return null;
    }
}
