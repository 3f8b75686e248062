using SpikeSim.Modeling;

namespace SpikeSim.Tests.Modeling;

/// <summary>Small models and file helpers for the reader tests.</summary>
internal static class ModelTestHelpers
{
    /// <summary>The repository's models folder (found by walking up from the test binaries to SpikeSim.sln).</summary>
    public static string ModelsDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SpikeSim.sln")))
                    return Path.Combine(dir.FullName, "models");
            throw new InvalidOperationException("SpikeSim.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A valid model with populations a (delta, 3 neurons) and b (exp, 2 neurons); extra top-level JSON is spliced in.</summary>
    public static string Model(string projections = "[]", string inputs = "[]", string record = "", string neuronA = "", string neuronB = "")
    {
        string rec = record.Length > 0 ? ",\n  \"record\": " + record : "";
        string na = neuronA.Length > 0 ? ", " + neuronA : "";
        string nb = neuronB.Length > 0 ? ", " + neuronB : "";
        return $$"""
        {
          "duration": "100 ms",
          "populations": [
            { "name": "a", "size": 3, "neuron": { "model": "lif"{{na}} } },
            { "name": "b", "size": 2, "neuron": { "model": "lif", "psc": "exp"{{nb}} } }
          ],
          "projections": {{projections}},
          "inputs": {{inputs}}{{rec}}
        }
        """;
    }

    /// <summary>Parses and expects a ModelException.</summary>
    public static ModelException Fails(string json, IReadOnlyList<string>? overrides = null, string? source = "test.json") =>
        Assert.Throws<ModelException>(() => ModelReader.Parse(json, source, overrides));

    /// <summary>The 1-based line of the first occurrence of <paramref name="fragment"/> in <paramref name="text"/>.</summary>
    public static int LineOf(string text, string fragment)
    {
        int at = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{fragment}' not in the text");
        return text[..at].Count(c => c == '\n') + 1;
    }
}
