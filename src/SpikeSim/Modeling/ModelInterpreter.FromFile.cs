using System.Text.Json.Nodes;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Rule from_file: a projection's synapses read from a CSV file (see FileConnections).
internal sealed partial class ModelInterpreter
{
    private ConnectSpec ReadFileConnect(JsonObject obj, string path, PopulationSpec source, PopulationSpec target, string projectionName)
    {
        foreach (var (key, _) in obj)
            if (key is not ("rule" or "path"))
                throw _json.Error(Path(path, key), $"{key} is not used with rule from_file (the file lists every synapse); it takes only \"path\"");
        string file = _json.RequireString(obj, path, "path");
        string filePath = Path(path, "path");
        if (file.Trim().Length == 0) throw _json.Error(filePath, "expected the path of a CSV file of connections, got an empty string");
        string baseDir = _file is null ? Directory.GetCurrentDirectory() : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_file)) ?? ".";
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, file));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw _json.Error(filePath, $"not a valid file path ({e.Message})");
        }
        var connections = FileConnections.Read(full, filePath, projectionName, source.Size, target.Size, Engine.Network.MinimumDelayMs, _projectionNames);
        return new ConnectSpec(ConnectRule.FromFile) { File = connections };
    }

    /// <summary>
    /// The range of a connection file's column as the projection's value, or null when the file has no such column.
    /// The file's column wins over the projection's field: a field given as well is read by <paramref name="checkField"/>
    /// (so its unit is still checked) and its value is not used.
    /// </summary>
    private FileValue? FileColumn(JsonObject obj, string field, double[]? values, Action<JsonNode> checkField)
    {
        if (values is null) return null;
        if (Get(obj, field) is JsonNode given) checkField(given);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        return values.Length == 0 ? new FileValue(0, 0) : new FileValue(lo, hi);
    }
}
