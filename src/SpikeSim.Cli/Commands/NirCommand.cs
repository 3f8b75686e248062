using System.CommandLine;
using SpikeSim.Modeling;
using SpikeSim.Nir;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim nir import GRAPH.nir --out MODEL.json [--time-unit s|ms] [--inputs FILE]</c> and
/// <c>spikesim nir export MODEL.json --out GRAPH.nir</c>: convert between SpikeSim models and NIR graphs (the
/// Neuromorphic Intermediate Representation, HDF5). Warnings (what was approximated or kept only in metadata) go to stderr.
/// </summary>
public static class NirCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("nir",
            "Import and export NIR graphs (.nir, the Neuromorphic Intermediate Representation). 'spikesim run GRAPH.nir' runs a graph\n" +
            "directly, driven by GRAPH.inputs.json beside it when present.\n\n" +
            "Example:\n  spikesim nir import graph.nir --out graph.json --time-unit s\n  spikesim nir export models/lif-dc.json --out lif-dc.nir");
        command.Subcommands.Add(ImportCommand(context));
        command.Subcommands.Add(ExportCommand(context));
        return command;
    }

    private static Command ImportCommand(CliContext context)
    {
        var graph = new Argument<string>("GRAPH") { Description = "The NIR graph (.nir, HDF5)." };
        var output = new Option<string>("--out", "-o") { Description = "The model file to write (JSON).", HelpName = "MODEL.json", Required = true };
        var timeUnit = new Option<string?>("--time-unit") { Description = "Unit of the graph's times: ms (NIR's documented unit, the default) or s (as Norse, snnTorch and Rockpool write).", HelpName = "s|ms" };
        timeUnit.AcceptOnlyFromAmong("ms", "s");
        var inputs = new Option<string?>("--inputs") { Description = "Inputs file (spike times, current steps or Poisson rates per Input node; duration, edge delay, seed); default GRAPH.inputs.json when present.", HelpName = "FILE" };
        var command = new Command("import", "Write a SpikeSim model from a NIR graph.") { graph, output, timeUnit, inputs };
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string path = parse.GetValue(graph)!;
            if (!File.Exists(path)) throw new CliUsageException($"{path}: graph file not found");
            string? inputsPath = parse.GetValue(inputs);
            if (inputsPath is not null && !File.Exists(inputsPath)) throw new CliUsageException($"{inputsPath}: inputs file not found");
            NirImportResult result = NirModelSource.Import(path, inputsPath, parse.GetValue(timeUnit));
            foreach (string w in result.Warnings) context.Error.WriteLine($"spikesim: warning: {path}: {w}");
            string outPath = parse.GetValue(output)!;
            ModelReader.Parse(result.ModelJson, outPath); // the model must be valid before it is written
            File.WriteAllText(outPath, result.ModelJson);
            context.Out.WriteLine($"{path} -> {outPath}" + (result.FromStoredModel ? " (the SpikeSim model stored in the graph)" : ""));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ExportCommand(CliContext context)
    {
        var model = CommonOptions.ModelArgument();
        var output = new Option<string>("--out", "-o") { Description = "The NIR graph to write (.nir).", HelpName = "GRAPH.nir", Required = true };
        var set = CommonOptions.SetOption();
        var command = new Command("export", "Write a NIR graph from a SpikeSim model (times in ms; the model itself in the graph's metadata).") { model, output, set };
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string path = parse.GetValue(model)!;
            var overrides = parse.GetValue(set) ?? [];
            if (overrides.Length > 0) throw new CliUsageException("nir export stores the model file's text in the graph; edit the file instead of using --set");
            ModelSpec spec = CommonOptions.ReadModel(path, []);
            NirExportResult result = NirExporter.Export(spec, File.ReadAllText(path));
            foreach (string w in result.Warnings) context.Error.WriteLine($"spikesim: warning: {path}: {w}");
            string outPath = parse.GetValue(output)!;
            NativeAot.PrepareHdf5Writer();
            NirFileWriter.Write(result.Graph, outPath);
            context.Out.WriteLine($"{path} -> {outPath} ({result.Graph.Nodes.Count} nodes, {result.Graph.Edges.Count} edges)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
