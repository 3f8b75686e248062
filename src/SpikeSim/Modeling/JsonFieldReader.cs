using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Units;

namespace SpikeSim.Modeling;

/// <summary>
/// Typed access to the fields of one model's JSON tree. Every problem becomes a <see cref="ModelException"/> with the
/// file, the JSON path, and the line of the offending value, or, for a value that came from <c>--set</c>, no line and
/// a note saying so. Knows JSON and quantities, nothing about what a model means.
/// </summary>
internal sealed class JsonFieldReader
{
    private readonly string? _file;
    private readonly JsonLineIndex _lines;
    private readonly IReadOnlyList<string> _overridden;

    /// <summary>A reader for the tree of <paramref name="file"/>, whose values at (or inside) <paramref name="overriddenPaths"/> came from <c>--set</c>.</summary>
    public JsonFieldReader(string? file, JsonLineIndex lines, IReadOnlyList<string> overriddenPaths)
    {
        _file = file;
        _lines = lines;
        _overridden = overriddenPaths;
    }

    // ------------------------------------------------------------------ structure

    /// <summary>Rejects the first field of <paramref name="obj"/> not in <paramref name="known"/>, suggesting the nearest known one.</summary>
    public void CheckFields(JsonObject obj, string path, string[] known, string context = "")
    {
        foreach (KeyValuePair<string, JsonNode?> property in obj)
        {
            if (known.Contains(property.Key)) continue;
            string list = "known fields: " + string.Join(", ", known.Where(k => k != "$schema"));
            throw Error(Path(path, property.Key),
                $"unknown field \"{property.Key}\"{context}{Suggestions.Then(property.Key, known, list)}");
        }
    }

    /// <summary>The value of a field, or null when it is absent or JSON null (both mean "use the default").</summary>
    public static JsonNode? Get(JsonObject obj, string key) => obj.TryGetPropertyValue(key, out JsonNode? v) ? v : null;

    /// <summary>The value of a field that must be given.</summary>
    public JsonNode Require(JsonObject obj, string path, string key) =>
        Get(obj, key) ?? throw Error(path, $"missing required field \"{key}\"");

    /// <summary><paramref name="node"/> as an object; <paramref name="what"/> names it in the error.</summary>
    public JsonObject AsObject(JsonNode? node, string path, string what) =>
        node as JsonObject ?? throw Error(path, $"expected {what} (a JSON object {{ ... }}), got {Got(node)}");

    /// <summary>An array field that must be given.</summary>
    public JsonArray RequireArray(JsonObject obj, string path, string key) =>
        OptionalArray(obj, path, key) ?? throw Error(path, $"missing required field \"{key}\"");

    /// <summary>An array field, or null when it is absent.</summary>
    public JsonArray? OptionalArray(JsonObject obj, string path, string key)
    {
        JsonNode? node = Get(obj, key);
        if (node is null) return null;
        return node as JsonArray ?? throw Error(Path(path, key), $"expected an array [ ... ], got {Got(node)}");
    }

    /// <summary><paramref name="node"/> as a string; <paramref name="what"/> names it in the error.</summary>
    public string AsString(JsonNode? node, string path, string what)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw Error(path, what == "a string" ? $"expected a string, got {Got(node)}" : $"expected {what} (a string), got {Got(node)}");
    }

    /// <summary>A string field, or null when it is absent.</summary>
    public string? ReadString(JsonObject obj, string path, string key) =>
        Get(obj, key) is JsonNode node ? AsString(node, Path(path, key), "a string") : null;

    /// <summary>A string field that must be given.</summary>
    public string RequireString(JsonObject obj, string path, string key) =>
        AsString(Require(obj, path, key), Path(path, key), "a string");

    /// <summary>A boolean field, or null when it is absent.</summary>
    public bool? ReadBool(JsonObject obj, string path, string key)
    {
        JsonNode? node = Get(obj, key);
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Path(path, key), $"expected true or false, got {Got(node)}"),
        };
    }

    // ------------------------------------------------------------------ numbers and quantities

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], read exactly (no rounding through double).</summary>
    public decimal ReadInteger(JsonNode? node, string path, decimal min, decimal max)
    {
        if (node is null || node.GetValueKind() != JsonValueKind.Number)
            throw Error(path, $"expected an integer, got {Got(node)}");
        string raw = node.ToJsonString();
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
            throw Error(path, $"{raw} is out of range ({min} to {max})");
        if (value != decimal.Truncate(value)) throw Error(path, $"expected an integer, got {raw}");
        if (value < min && (min == 0 || min == 1)) throw Error(path, $"expected an integer >= {min}, got {raw}");
        if (value < min || value > max) throw Error(path, $"{raw} is out of range ({min} to {max})");
        return value;
    }

    /// <summary>A finite plain number (no unit).</summary>
    public double ReadNumber(JsonNode node, string path)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
            throw Error(path, $"expected a number such as 0.1, got {Got(node)}");
        string raw = node.ToJsonString();
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error(path, $"{raw} is out of range");
        return value;
    }

    /// <summary>
    /// A quantity such as <c>"10 ms"</c>, in the internal unit of <paramref name="dim"/>. <paramref name="mismatch"/>,
    /// when given, words the error for a value of the wrong kind from how that value is shown.
    /// </summary>
    public double ParseQuantity(JsonNode node, string path, Dimension dim, Func<string, string>? mismatch)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            string text = v.GetValue<string>();
            if (Quantity.TryParse(text, dim, out double value, out string? problem)) return value;
            if (mismatch is not null && !problem.StartsWith("unknown unit", StringComparison.Ordinal))
                problem = mismatch(Got(node));
            throw Error(path, problem);
        }
        if (node.GetValueKind() == JsonValueKind.Number && dim == Dimension.Dimensionless) return ReadNumber(node, path);
        if (node.GetValueKind() == JsonValueKind.Number)
        {
            string raw = node.ToJsonString();
            string got = $"the number {raw} (write the value and its unit in a string, e.g. \"{raw} {Quantity.InternalUnit(dim)}\")";
            throw Error(path, mismatch?.Invoke(got) ?? $"expected {Quantity.Describe(dim)}, got {got}");
        }
        throw Error(path, mismatch?.Invoke(Got(node)) ?? $"expected {Quantity.Describe(dim)}, got {Got(node)}");
    }

    /// <summary>A quantity field, or null when it is absent.</summary>
    public double? OptionalQuantity(JsonObject obj, string path, string key, Dimension dim) =>
        Get(obj, key) is JsonNode node ? ParseQuantity(node, Path(path, key), dim, null) : null;

    /// <summary>A quantity field that must be given.</summary>
    public double RequireQuantity(JsonObject obj, string path, string key, Dimension dim) =>
        ParseQuantity(Require(obj, path, key), Path(path, key), dim, null);

    /// <summary>A quantity field that must be positive when given, or null when it is absent.</summary>
    public double? Positive(JsonObject obj, string path, string key, Dimension dim)
    {
        double? value = OptionalQuantity(obj, path, key, dim);
        if (value <= 0) throw Error(Path(path, key), $"{key} must be positive, got {Show(obj, key)}");
        return value;
    }

    // ------------------------------------------------------------------ messages

    /// <summary>The path of field <paramref name="key"/> of the object at <paramref name="parent"/>.</summary>
    public static string Path(string parent, string key) => JsonPaths.Child(parent, key);

    /// <summary>How the value of field <paramref name="key"/> is shown in messages.</summary>
    public static string Show(JsonObject obj, string key) => Got(Get(obj, key));

    /// <summary>How a JSON value is shown in messages: strings quoted, other kinds named.</summary>
    public static string Got(JsonNode? node)
    {
        if (node is null) return "null";
        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                string s = node.GetValue<string>();
                return "\"" + (s.Length > 80 ? s[..77] + "..." : s) + "\"";
            case JsonValueKind.Number: return "the number " + node.ToJsonString();
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            case JsonValueKind.Object: return "an object";
            case JsonValueKind.Array: return "an array";
            default: return node.ToJsonString();
        }
    }

    /// <summary>Whether the value at <paramref name="path"/> came from <c>--set</c>.</summary>
    public bool IsOverridden(string path) => _overridden.Any(o => JsonPaths.IsWithin(path, o));

    /// <summary>
    /// The error for the value at <paramref name="path"/>: with its line in the file, or, when the value came from
    /// <c>--set</c>, with no line and a note saying so.
    /// </summary>
    public ModelException Error(string path, string problem) => IsOverridden(path)
        ? new ModelException(_file, path, null, problem + " (set with --set)")
        : new ModelException(_file, path, _lines.LineOf(path), problem);
}
