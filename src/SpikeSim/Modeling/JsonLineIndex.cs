using System.Text.Json;
using System.Text.RegularExpressions;

namespace SpikeSim.Modeling;

/// <summary>Builds JSON paths such as <c>$.populations[0].neuron.tau_m</c>.</summary>
internal static class JsonPaths
{
    /// <summary>The root path.</summary>
    public const string Root = "$";

    /// <summary>The path of a property of the object at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string key)
    {
        bool simple = key.Length > 0;
        foreach (char c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c == '-')) { simple = false; break; }
        return simple ? parent + "." + key : parent + "['" + key.Replace("\\", "\\\\").Replace("'", "\\'") + "']";
    }

    /// <summary>The path of an element of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => parent + "[" + index + "]";

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        path == ancestor ||
        (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) &&
         (path[ancestor.Length] == '.' || path[ancestor.Length] == '['));
}

/// <summary>
/// Maps the JSON path of every property and array element of a JSON text to its 1-based line, and rejects
/// malformed JSON and duplicate properties with the line where the problem is.
/// </summary>
internal sealed partial class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineIndex() { }

    /// <summary>An index that knows no lines (for trees that did not come from a text).</summary>
    public static JsonLineIndex Empty { get; } = new();

    /// <summary>The 1-based line of the value (or of the property name) at <paramref name="path"/>, if known.</summary>
    public int? LineOf(string path) => _lines.TryGetValue(path, out int line) ? line : null;

    /// <summary>Reads the JSON (comments and trailing commas allowed) and indexes it.</summary>
    /// <exception cref="ModelException">Malformed JSON or a duplicate property.</exception>
    public static JsonLineIndex Build(ReadOnlySpan<byte> utf8, string? file)
    {
        var index = new JsonLineIndex();
        var lineStarts = new List<long> { 0 };
        for (int i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n') lineStarts.Add(i + 1);

        int LineAt(long offset)
        {
            int k = lineStarts.BinarySearch(offset);
            return (k >= 0 ? k : ~k - 1) + 1;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var stack = new Stack<Frame>();
        string? propertyPath = null;
        try
        {
            while (reader.Read())
            {
                int line = LineAt(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        Frame frame = stack.Peek();
                        string name = reader.GetString()!;
                        propertyPath = JsonPaths.Child(frame.Path, name);
                        if (!frame.Keys!.Add(name))
                            throw new ModelException(file, propertyPath, line, $"duplicate field \"{name}\"");
                        index._lines.TryAdd(propertyPath, line);
                        break;
                    }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    default:
                    {
                        string path;
                        if (stack.Count == 0) path = JsonPaths.Root;
                        else if (stack.Peek().Keys is null) path = JsonPaths.Index(stack.Peek().Path, stack.Peek().Next++);
                        else path = propertyPath!;
                        index._lines.TryAdd(path, line);
                        if (reader.TokenType == JsonTokenType.StartObject) stack.Push(new Frame(path, new HashSet<string>(StringComparer.Ordinal)));
                        else if (reader.TokenType == JsonTokenType.StartArray) stack.Push(new Frame(path, null));
                        break;
                    }
                }
            }
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            throw new ModelException(file, null, line, "invalid JSON: " + CleanMessage(e.Message), e);
        }
        return index;
    }

    /// <summary>Removes the "LineNumber: 3 | BytePositionInLine: 5." suffix of System.Text.Json messages.</summary>
    internal static string CleanMessage(string message)
    {
        string m = PositionSuffix().Replace(message, "").Trim();
        return m.EndsWith('.') ? m[..^1] : m;
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|?\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();

    private sealed class Frame(string path, HashSet<string>? keys)
    {
        public string Path { get; } = path;
        public HashSet<string>? Keys { get; } = keys;
        public int Next { get; set; }
    }
}
