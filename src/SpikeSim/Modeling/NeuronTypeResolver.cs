using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpikeSim.Modeling;

/// <summary>
/// Shared neuron parameters, as NEST's <c>CopyModel</c>: a model may name neuron blocks once at its top level,
/// <c>"neuron_types": { "pyramidal": { "model": "lif", "tau_m": "20 ms", ... } }</c>, and a population then says
/// <c>"neuron": "pyramidal"</c>, or <c>"neuron": { "type": "pyramidal", "tau_m": "15 ms" }</c> to change some fields.
/// A type may itself start from another (<c>"fast": { "type": "pyramidal", "tau_m": "10 ms" }</c>).
/// <para>
/// This is a step on the JSON tree that runs after the <c>--set</c> overrides (so <c>--set
/// neuron_types.pyramidal.tau_m=15ms</c> changes every population of that type) and before the neuron is read: it
/// replaces each such neuron by the type's fields with the population's on top, and removes <c>neuron_types</c>.
/// The neuron reader therefore never sees a type. An error the reader then finds in a field that came from a type
/// is reported at the type's field (see <see cref="Origins"/>).
/// </para>
/// </summary>
internal sealed class NeuronTypeResolver
{
    /// <summary>The top-level field that holds the types.</summary>
    public const string TypesField = "neuron_types";

    /// <summary>The neuron field that names a type.</summary>
    public const string TypeField = "type";

    private readonly string? _file;
    private readonly JsonLineIndex _lines;
    private readonly Dictionary<string, JsonObject> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    private NeuronTypeResolver(string? file, JsonLineIndex lines)
    {
        _file = file;
        _lines = lines;
    }

    /// <summary>
    /// For a path inside a resolved neuron whose field came from a type (<c>$.populations[0].neuron.tau_m</c>), the
    /// path of that field in the type (<c>$.neuron_types.pyramidal.tau_m</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Origins => _origins;

    /// <summary>Resolves every type reference in <paramref name="root"/> in place and removes <c>neuron_types</c>.</summary>
    /// <exception cref="ModelException">A malformed type, an unknown type name (with a suggestion), or a cycle of types.</exception>
    public static NeuronTypeResolver Resolve(JsonObject root, string? file, JsonLineIndex lines)
    {
        ArgumentNullException.ThrowIfNull(root);
        var resolver = new NeuronTypeResolver(file, lines);
        string typesPath = JsonPaths.Child(JsonPaths.Root, TypesField);
        if (root[TypesField] is JsonNode typesNode)
        {
            if (typesNode is not JsonObject types)
                throw resolver.Error(typesPath, $"expected an object {{ \"NAME\": {{ \"model\": \"lif\", ... }} }}, got {JsonFieldReader.Got(typesNode)}");
            foreach (var (name, value) in types)
            {
                string path = JsonPaths.Child(typesPath, name);
                if (name.Length == 0) throw resolver.Error(path, "a neuron type needs a name");
                if (value is not JsonObject type)
                    throw resolver.Error(path, $"a neuron type is an object of neuron fields {{ \"model\": \"lif\", \"tau_m\": \"20 ms\", ... }}, got {JsonFieldReader.Got(value)}");
                resolver._types[name] = type;
            }
            root.Remove(TypesField);
        }
        if (root["populations"] is JsonArray populations)
            for (int i = 0; i < populations.Count; i++)
                if (populations[i] is JsonObject population && population["neuron"] is JsonNode neuron)
                {
                    string path = JsonPaths.Child(JsonPaths.Index(JsonPaths.Child(JsonPaths.Root, "populations"), i), "neuron");
                    if (resolver.ResolveNeuron(neuron, path) is JsonObject resolved) population["neuron"] = resolved;
                }
        return resolver;
    }

    /// <summary>
    /// The exception to throw for <paramref name="e"/>, raised by the reader on the resolved tree: the same, or, when
    /// its path lies in a field that came from a type, that field in the type.
    /// </summary>
    public ModelException Relocate(ModelException e)
    {
        if (e.JsonPath is null) return e;
        foreach (var (resolved, origin) in _origins)
            if (JsonPaths.IsWithin(e.JsonPath, resolved))
            {
                string path = origin + e.JsonPath[resolved.Length..];
                string population = resolved[..resolved.LastIndexOf(".neuron", StringComparison.Ordinal)];
                return new ModelException(e.File, path, _lines.LineOf(path) ?? _lines.LineOf(origin),
                    $"{e.Problem} (in a neuron type, used by {population})", e);
            }
        return e;
    }

    /// <summary>The neuron at <paramref name="path"/> with its type resolved, or null when it names no type.</summary>
    private JsonObject? ResolveNeuron(JsonNode neuron, string path)
    {
        if (neuron is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var (merged, typePath) = Type(value.GetValue<string>(), path, []);
            foreach (var (field, _) in merged) _origins[JsonPaths.Child(path, field)] = JsonPaths.Child(typePath, field);
            return merged;
        }
        if (neuron is not JsonObject obj || obj[TypeField] is not JsonNode typeNode) return null;
        string typeFieldPath = JsonPaths.Child(path, TypeField);
        if (typeNode is not JsonValue t || t.GetValueKind() != JsonValueKind.String)
            throw Error(typeFieldPath, $"expected the name of a neuron type from \"{TypesField}\", got {JsonFieldReader.Got(typeNode)}");
        var (result, origin) = Type(t.GetValue<string>(), typeFieldPath, []);
        foreach (var (field, _) in result) _origins[JsonPaths.Child(path, field)] = JsonPaths.Child(origin, field);
        foreach (var (field, own) in obj)
        {
            if (field == TypeField) continue;
            result[field] = own?.DeepClone();
            _origins.Remove(JsonPaths.Child(path, field));
        }
        return result;
    }

    /// <summary>A fresh copy of type <paramref name="name"/>'s fields (its own base types resolved), and the type's path.</summary>
    private (JsonObject Fields, string Path) Type(string name, string referencePath, List<string> chain)
    {
        string typesPath = JsonPaths.Child(JsonPaths.Root, TypesField);
        if (!_types.TryGetValue(name, out JsonObject? type))
        {
            string known = _types.Count == 0
                ? $"the model defines no \"{TypesField}\"; a neuron is an object {{ \"model\": \"lif\", ... }} or the name of a type defined in \"{TypesField}\""
                : $"known types: {string.Join(", ", _types.Keys)}";
            throw Error(referencePath, $"unknown neuron type \"{name}\"{Suggestions.Then(name, _types.Keys, known)}");
        }
        string typePath = JsonPaths.Child(typesPath, name);
        if (_resolved.TryGetValue(name, out JsonObject? done)) return ((JsonObject)done.DeepClone(), typePath);
        if (chain.Contains(name))
            throw Error(JsonPaths.Child(typePath, TypeField), $"neuron types refer to each other in a cycle: {string.Join(" -> ", chain)} -> {name}");
        JsonObject result;
        if (type[TypeField] is JsonNode baseNode)
        {
            if (baseNode is not JsonValue b || b.GetValueKind() != JsonValueKind.String)
                throw Error(JsonPaths.Child(typePath, TypeField), $"expected the name of another neuron type, got {JsonFieldReader.Got(baseNode)}");
            chain.Add(name);
            (result, _) = Type(b.GetValue<string>(), JsonPaths.Child(typePath, TypeField), chain);
            chain.RemoveAt(chain.Count - 1);
        }
        else result = [];
        foreach (var (field, v) in type)
            if (field != TypeField) result[field] = v?.DeepClone();
        _resolved[name] = (JsonObject)result.DeepClone();
        return (result, typePath);
    }

    private ModelException Error(string path, string problem) => new(_file, path, _lines.LineOf(path), problem);
}
