using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpikeSim.Modeling;

/// <summary>
/// Applies <c>--set PATH=VALUE</c> assignments to a model's JSON tree before it is interpreted, e.g.
/// <c>populations.exc.neuron.tau_m=15 ms</c>, <c>duration=2 s</c>, <c>inputs.0.rate=10 Hz</c>,
/// <c>projections.exc-inh.delay=2 ms</c>.
/// <para>
/// PATH is a dot-separated list of segments (an optional leading <c>$.</c> is ignored). In an object a segment is a
/// key; in an array it is the value of an element's <c>"name"</c> field (an element without a name but with
/// <c>"from"</c> and <c>"to"</c>, i.e. a projection, has its default name: see <see cref="ProjectionNames"/>), or else the element's 0-based index.
/// VALUE is used as JSON when it parses as JSON (a number, true, false, null, an array, an object, a quoted
/// string), otherwise as a plain string, so <c>tau_m=15 ms</c> sets the string <c>"15 ms"</c>. Setting a key that
/// an existing object lacks adds it (the reader then reports it if it is not a known field); every object or array
/// element on the way must exist.
/// </para>
/// </summary>
public static class ModelOverrides
{
    /// <summary>
    /// Applies one assignment to <paramref name="root"/> (modified in place) and returns the JSON path of the value
    /// it set, e.g. <c>$.populations[0].neuron.tau_m</c>.
    /// </summary>
    /// <param name="root">The model's JSON tree (an object).</param>
    /// <param name="assignment">"PATH=VALUE".</param>
    /// <param name="sourceName">The model file, used in error messages (or null).</param>
    /// <exception cref="ModelException">A malformed assignment, or a path that does not lead to an existing
    /// object or array; the message names the assignment.</exception>
    public static string Apply(JsonNode root, string assignment, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(assignment);
        (string[] segments, string valueText) = Split(assignment, sourceName);
        JsonNode? value = ParseValue(valueText);

        JsonNode current = root;
        string path = JsonPaths.Root;
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Length - 1;
            switch (current)
            {
                case JsonObject obj:
                {
                    string childPath = JsonPaths.Child(path, segment);
                    if (last)
                    {
                        obj[segment] = value;
                        return childPath;
                    }
                    if (!obj.TryGetPropertyValue(segment, out JsonNode? next))
                    {
                        string remaining = string.Join('.', segments[(i + 1)..]);
                        throw Fail(sourceName, assignment,
                            $"{path} has no field \"{segment}\"" +
                            Suggestions.Then(segment, obj.Select(p => p.Key), "to add it, set the whole object, e.g. ") +
                            $"--set '{string.Join('.', segments[..(i + 1)])}={{\"{remaining.Split('.')[0]}\": ...}}'");
                    }
                    current = next ?? throw Fail(sourceName, assignment, $"{childPath} is null, not an object or array");
                    path = childPath;
                    break;
                }
                case JsonArray array:
                {
                    int index = FindElement(array, segment, path, sourceName, assignment);
                    string childPath = JsonPaths.Index(path, index);
                    if (last)
                    {
                        array[index] = value;
                        return childPath;
                    }
                    current = array[index] ?? throw Fail(sourceName, assignment, $"{childPath} is null, not an object or array");
                    path = childPath;
                    break;
                }
                default:
                    throw Fail(sourceName, assignment,
                        $"{path} is {Describe(current)}, not an object or array, so it has no \"{segment}\"");
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// The JSON value of an override's VALUE text: the parsed JSON if it is valid JSON, else the trimmed text as a
    /// JSON string. Returns null for <c>null</c>.
    /// </summary>
    public static JsonNode? ParseValue(string valueText)
    {
        string t = valueText.Trim();
        if (t.Length > 0)
        {
            try
            {
                return JsonNode.Parse(t, null, new JsonDocumentOptions { AllowTrailingCommas = true });
            }
            catch (JsonException)
            {
                // Not JSON: a plain string such as 15 ms.
            }
        }
        return JsonValue.Create(t);
    }

    private static (string[] Segments, string Value) Split(string assignment, string? sourceName)
    {
        int eq = assignment.IndexOf('=');
        if (eq < 0) throw Fail(sourceName, assignment, "expected PATH=VALUE, e.g. populations.exc.neuron.tau_m=15 ms");
        string pathText = assignment[..eq].Trim();
        if (pathText.StartsWith("$.", StringComparison.Ordinal)) pathText = pathText[2..];
        if (pathText.Length == 0) throw Fail(sourceName, assignment, "the PATH before '=' is empty");
        string[] segments = pathText.Split('.');
        foreach (string s in segments)
            if (s.Trim().Length == 0)
                throw Fail(sourceName, assignment, $"the PATH \"{pathText}\" has an empty segment");
        return ([.. segments.Select(s => s.Trim())], assignment[(eq + 1)..]);
    }

    private static int FindElement(JsonArray array, string segment, string path, string? sourceName, string assignment)
    {
        int found = -1;
        var names = new List<string>();
        var elementNames = ProjectionNames.Of(array);
        for (int i = 0; i < array.Count; i++)
        {
            if (elementNames[i].Name is not string name) continue;
            names.Add(name);
            if (name != segment) continue;
            if (found >= 0)
                throw Fail(sourceName, assignment, $"{path} has several elements named \"{segment}\"; use an index");
            found = i;
        }
        if (found >= 0) return found;
        if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index < array.Count) return index;
            throw Fail(sourceName, assignment, $"{path} has {array.Count} elements, so there is no index {index}");
        }
        string known = names.Count > 0 ? $" (names: {string.Join(", ", names)})" : "";
        throw Fail(sourceName, assignment,
            $"{path} has no element named \"{segment}\"" + Suggestions.Then(segment, names, $"use a name or a 0-based index{known}"));
    }

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a value",
    };

    private static ModelException Fail(string? sourceName, string assignment, string problem) =>
        new(sourceName, null, null, $"--set \"{assignment}\": {problem}");
}
