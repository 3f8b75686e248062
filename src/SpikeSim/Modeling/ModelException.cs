namespace SpikeSim.Modeling;

/// <summary>
/// A model that cannot be read or is invalid. The message names the file, the JSON path of the offending
/// field (and its line where the parser knows it) and what was expected, e.g.
/// <c>models/x.json:12: $.populations[0].neuron.tau_m: expected a time such as "10 ms", got "10 mV"</c>.
/// </summary>
public sealed class ModelException : Exception
{
    /// <summary>The model file, or null for a model built in code or given on the command line.</summary>
    public string? File { get; }

    /// <summary>JSON path of the field, e.g. <c>$.projections[1].delay</c>, or null for the whole file.</summary>
    public string? JsonPath { get; }

    /// <summary>1-based line of the field in the file, where known.</summary>
    public int? Line { get; }

    /// <summary>What is wrong and what was expected, without the location.</summary>
    public string Problem { get; }

    /// <summary>Creates the error; the message is "FILE:LINE: PATH: PROBLEM" with absent parts left out.</summary>
    public ModelException(string? file, string? jsonPath, int? line, string problem, Exception? inner = null)
        : base(Format(file, jsonPath, line, problem), inner)
    {
        File = file;
        JsonPath = jsonPath;
        Line = line;
        Problem = problem;
    }

    private static string Format(string? file, string? path, int? line, string problem)
    {
        string where = file ?? "model";
        if (line is int l) where += ":" + l;
        return path is null ? $"{where}: {problem}" : $"{where}: {path}: {problem}";
    }
}
