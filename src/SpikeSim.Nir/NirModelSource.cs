using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// A <c>.nir</c> file as a model source: reads the graph, finds its inputs file (<see cref="NirRunInputs"/>) and maps
/// it to model text, so that everything that takes a model (run, compare, validate) takes a graph too.
/// </summary>
public static class NirModelSource
{
    /// <summary>True when <paramref name="path"/> names a NIR graph (extension <c>.nir</c>).</summary>
    public static bool IsNir(string path) => path.EndsWith(".nir", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Imports the graph at <paramref name="graphPath"/>. <paramref name="inputsPath"/> is the inputs file, or null
    /// for <c>GRAPH.inputs.json</c> when it exists; <paramref name="timeUnit"/> is "ms", "s" or null (decided from the
    /// inputs file, the graph's metadata, else ms with a plausibility check).
    /// </summary>
    /// <exception cref="ModelException">A bad graph or inputs file (the message names the node or field).</exception>
    public static NirImportResult Import(string graphPath, string? inputsPath = null, string? timeUnit = null, bool useStoredModel = true)
    {
        NirGraph graph = NirFileReader.Read(graphPath);
        string? side = inputsPath ?? (File.Exists(NirRunInputs.DefaultPath(graphPath)) ? NirRunInputs.DefaultPath(graphPath) : null);
        NirRunInputs run = side is null ? new NirRunInputs() : NirRunInputs.Read(side);
        return NirImporter.Import(graph, graphPath, new NirImportOptions { TimeUnit = timeUnit, Run = run, UseStoredModel = useStoredModel });
    }

    /// <summary>
    /// Reads a graph as a model, applying <c>--set</c> <paramref name="overrides"/> to the imported model; the
    /// import's warnings go to <paramref name="warnings"/> as "spikesim: warning: ..." lines.
    /// </summary>
    public static ModelSpec ReadModel(string graphPath, IReadOnlyList<string> overrides, TextWriter warnings)
    {
        NirImportResult result = Import(graphPath);
        foreach (string w in result.Warnings) warnings.WriteLine("spikesim: warning: " + graphPath + ": " + w);
        return ModelReader.Parse(result.ModelJson, graphPath, overrides);
    }
}
