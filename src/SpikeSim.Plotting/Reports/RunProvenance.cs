using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Modeling;

namespace SpikeSim.Plotting.Reports;

/// <summary>
/// What produced an output folder (a run, a sweep, a comparison, an experiment): the exact command line, the
/// version, the working folder and the model file, kept in the folder's <c>command.json</c> so that a report, or
/// a reader a year later, can say how to make the same files again.
/// </summary>
/// <param name="Command">The command line as a shell would take it back, e.g. <c>spikesim run models/x.json --out runs/x</c>.</param>
/// <param name="Arguments">The arguments after <c>spikesim</c>, one per element, as the program received them.</param>
/// <param name="Version">SpikeSim's informational version (as in summary.json).</param>
/// <param name="WorkingDirectory">The folder the command ran in (relative paths in <paramref name="Arguments"/> are relative to it).</param>
/// <param name="ModelFile">The model file, as an absolute path, or null when the command had none.</param>
/// <param name="TimeUtc">When the command finished, UTC.</param>
public sealed record RunProvenance(string Command, IReadOnlyList<string> Arguments, string Version, string WorkingDirectory,
                                   string? ModelFile, DateTime TimeUtc)
{
    /// <summary>The file name, <c>command.json</c>.</summary>
    public const string FileName = "command.json";

    /// <summary>
    /// The model as the command ran it (<c>"model"</c>): the model file's JSON with the command's <c>--set</c>,
    /// <c>--seed</c> and <c>--duration</c> applied, or null when not recorded (a sweep, an experiment, a NIR graph, a
    /// folder written before it was kept). It keeps the folder's figures whole once the model file is gone.
    /// </summary>
    public JsonObject? Model { get; init; }

    /// <summary>
    /// <see cref="Model"/> read into a <see cref="ModelSpec"/>, or null when there is none or it no longer reads (e.g.
    /// a <c>from_file</c> connection whose file was relative to the model's old place).
    /// </summary>
    public ModelSpec? ReadModel()
    {
        if (Model is null) return null;
        try { return ModelReader.Interpret(Model.DeepClone(), ModelFile); }
        catch (ModelException) { return null; }
    }

    /// <summary>Writes <c>command.json</c> into <paramref name="folder"/> (replacing one already there).</summary>
    public void Write(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("command", Command);
            json.WriteStartArray("arguments");
            foreach (string a in Arguments) json.WriteStringValue(a);
            json.WriteEndArray();
            json.WriteString("version", Version);
            json.WriteString("working_directory", WorkingDirectory);
            if (ModelFile is null) json.WriteNull("model_file");
            else json.WriteString("model_file", ModelFile);
            json.WriteString("time_utc", TimeUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            if (Model is not null)
            {
                json.WritePropertyName("model");
                Model.WriteTo(json);
            }
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        File.WriteAllBytes(Path.Combine(folder, FileName), stream.ToArray());
    }

    /// <summary>Reads <c>command.json</c> from <paramref name="folder"/>; null when there is none or it cannot be read.</summary>
    public static RunProvenance? TryRead(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var args = new List<string>();
            if (root.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.Array)
                foreach (var e in a.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.String) args.Add(e.GetString()!);
            string? model = root.TryGetProperty("model_file", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            DateTime.TryParse(Text("time_utc"), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time);
            JsonObject? recorded = root.TryGetProperty("model", out var r) && r.ValueKind == JsonValueKind.Object ? JsonNode.Parse(r.GetRawText()) as JsonObject : null;
            return new RunProvenance(Text("command"), args, Text("version"), Text("working_directory"), model, time) { Model = recorded };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The command line of <paramref name="arguments"/> after <c>spikesim</c>, each argument quoted for a POSIX shell
    /// when it needs it (<c>--duration '2 s'</c>).
    /// </summary>
    public static string CommandLine(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var sb = new StringBuilder("spikesim");
        foreach (string a in arguments) sb.Append(' ').Append(Quote(a));
        return sb.ToString();
    }

    private static string Quote(string a)
    {
        if (a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))) return a;
        return "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
