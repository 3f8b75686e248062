using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpikeSim.Modeling;

/// <summary>
/// Reads a model file (JSON, see <c>models/spikesim.schema.json</c>; comments and trailing commas allowed) into a
/// validated <see cref="ModelSpec"/> in internal units. Every problem in the file throws a
/// <see cref="ModelException"/> naming the file, the JSON path, the line, and what was expected.
/// </summary>
public static class ModelReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// The fields a <c>lif</c> neuron object may have: model, psc, v_init and every parameter some lif model declares
    /// (the registry's, <see cref="Neurons.SpikingModels"/>), in the order the reader lists them.
    /// </summary>
    public static IReadOnlyList<string> LifNeuronFields => ModelInterpreter.LifFields;

    /// <summary>
    /// Reads and validates the model file at <paramref name="path"/>, after applying the <c>--set</c>
    /// <paramref name="overrides"/> ("PATH=VALUE", see <see cref="ModelOverrides"/>) in order.
    /// </summary>
    /// <exception cref="ModelException">The file is missing, unreadable, not valid JSON, or not a valid model.</exception>
    public static ModelSpec ReadFile(string path, IReadOnlyList<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) throw new ModelException(path, null, null, "is a directory, not a model file");
            bytes = ModelText.ReadLimited(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelException(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelException(path, null, null, "cannot read the file: " + e.Message, e);
        }
        return Parse(bytes, path, overrides);
    }

    /// <summary>
    /// Parses and validates a model given as JSON text. <paramref name="sourceName"/> names it in error messages
    /// and gives the default model name (file name without extension; "model" when null).
    /// </summary>
    /// <exception cref="ModelException">The text is not valid JSON or not a valid model.</exception>
    public static ModelSpec Parse(string jsonText, string? sourceName, IReadOnlyList<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(jsonText);
        return Parse(Encoding.UTF8.GetBytes(jsonText), sourceName, overrides);
    }

    /// <summary>
    /// Parses the JSON text of a model (comments and trailing commas allowed) into a tree, for tools that edit it
    /// before interpretation (e.g. with <see cref="ModelOverrides.Apply"/>) and then call <see cref="Interpret"/>.
    /// </summary>
    /// <exception cref="ModelException">Invalid JSON, duplicate fields, or a top level that is not an object.</exception>
    public static JsonObject ParseTree(string jsonText, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(jsonText);
        byte[] bytes = Encoding.UTF8.GetBytes(jsonText);
        JsonLineIndex.Build(bytes, sourceName);
        JsonObject root = ParseNode(bytes, sourceName);
        ModelText.CheckStrings(root, JsonPaths.Root, sourceName);
        return root;
    }

    /// <summary>
    /// Validates a model tree (as produced by <see cref="ParseTree"/>, possibly edited) into a <see cref="ModelSpec"/>.
    /// Errors carry no line numbers.
    /// </summary>
    /// <exception cref="ModelException">The tree is not a valid model.</exception>
    public static ModelSpec Interpret(JsonNode root, string? sourceName) =>
        Read(root, sourceName, JsonLineIndex.Empty, []);

    private static ModelSpec Parse(byte[] bytes, string? sourceName, IReadOnlyList<string>? overrides)
    {
        ReadOnlySpan<byte> utf8 = bytes;
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        ModelText.CheckUtf8(utf8, sourceName);
        JsonLineIndex lines = JsonLineIndex.Build(utf8, sourceName);
        JsonObject root = ParseNode(utf8, sourceName);
        ModelText.CheckStrings(root, JsonPaths.Root, sourceName, lines);
        var overridden = new List<string>();
        if (overrides is not null)
            foreach (string assignment in overrides)
            {
                overridden.Add(ModelOverrides.Apply(root, assignment, sourceName));
                try
                {
                    ModelText.CheckStrings(root, JsonPaths.Root, sourceName);
                }
                catch (ModelException e)
                {
                    throw new ModelException(sourceName, e.JsonPath, null, $"--set \"{assignment}\": {e.Problem}", e);
                }
            }
        return Read(root, sourceName, lines, overridden);
    }

    /// <summary>Resolves shared neuron types (<see cref="NeuronTypeResolver"/>), then interprets the tree.</summary>
    private static ModelSpec Read(JsonNode root, string? sourceName, JsonLineIndex lines, List<string> overridden)
    {
        if (root is not JsonObject top) return new ModelInterpreter(sourceName, lines, overridden).Read(root);
        var types = NeuronTypeResolver.Resolve(top, sourceName, lines);
        try
        {
            return new ModelInterpreter(sourceName, lines, overridden).Read(top);
        }
        catch (ModelException e)
        {
            var relocated = types.Relocate(e);
            if (ReferenceEquals(relocated, e)) throw;
            throw relocated;
        }
    }

    private static JsonObject ParseNode(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, null, DocumentOptions);
        }
        catch (InvalidOperationException e)
        {
            throw new ModelException(sourceName, null, null, "invalid text: " + e.Message, e);
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            throw new ModelException(sourceName, null, line, "invalid JSON: " + JsonLineIndex.CleanMessage(e.Message), e);
        }
        return node as JsonObject
            ?? throw new ModelException(sourceName, JsonPaths.Root, 1,
                $"a model must be a JSON object {{ \"duration\": ..., \"populations\": [...] }}, got {JsonFieldReader.Got(node)}");
    }
}
