using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Neurons;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

/// <summary>
/// Turns a model's JSON tree into a validated <see cref="ModelSpec"/>. Every problem becomes a
/// <see cref="ModelException"/> with the file, the JSON path, and the line of the offending value (or a note that
/// the value came from <c>--set</c>).
/// </summary>
/// <remarks>
/// This file reads the top level, the populations and their neurons, and looks populations up for the other parts:
/// projections (ModelInterpreter.Projections.cs), inputs (ModelInterpreter.Inputs.cs) and recording
/// (ModelInterpreter.Record.cs). <see cref="JsonFieldReader"/> reads the typed fields and words the errors.
/// </remarks>
internal sealed partial class ModelInterpreter
{
    private static readonly string[] TopFields = ["$schema", "name", "description", "seed", "duration", "populations", "projections", "inputs", "record", "dt"];
    private static readonly string[] PopulationFields = ["name", "size", "neuron", "positions"];
    /// <summary>The model file's "model" values: the spiking lif, and the artificial models.</summary>
    internal static IReadOnlyList<string> NeuronModelNames { get; } = ["lif", "lif_rate", "step", "sigmoid", "tanh", "relu", "linear"];
    /// <summary>The fields of a lif neuron: model, psc, then every parameter some lif model declares (the registry's).</summary>
    internal static readonly string[] LifFields = LifFieldNames();

    private readonly string? _file;
    private readonly JsonFieldReader _json;
    private readonly List<PopulationSpec> _populations = [];
    /// <summary>The names of all the model's projections (rule from_file tells a run's empty projection from a foreign name by them).</summary>
    private readonly HashSet<string> _projectionNames = new(StringComparer.Ordinal);

    public ModelInterpreter(string? file, JsonLineIndex lines, IReadOnlyList<string> overriddenPaths)
    {
        _file = file;
        _json = new JsonFieldReader(file, lines, overriddenPaths);
    }

    // ------------------------------------------------------------------ model

    public ModelSpec Read(JsonNode? rootNode)
    {
        const string root = JsonPaths.Root;
        JsonObject top = _json.AsObject(rootNode, root, "the model");
        _json.CheckFields(top, root, TopFields);

        if (Get(top, "description") is JsonNode description && description is not JsonArray &&
            description.GetValueKind() != JsonValueKind.String)
            throw _json.Error(Path(root, "description"), $"expected a string (or an array of strings), got {Got(description)}");

        string name = _json.ReadString(top, root, "name") ?? DefaultName();
        if (name.Length == 0) throw _json.Error(Path(root, "name"), "the model name must not be empty");
        ulong seed = Get(top, "seed") is JsonNode seedNode
            ? (ulong)_json.ReadInteger(seedNode, Path(root, "seed"), 0, ulong.MaxValue)
            : 1UL;
        double duration = _json.RequireQuantity(top, root, "duration", Dimension.Time);
        if (duration <= 0) throw _json.Error(Path(root, "duration"), $"duration must be positive, got {Show(top, "duration")}");

        JsonArray pops = _json.RequireArray(top, root, "populations");
        if (pops.Count == 0) throw _json.Error(Path(root, "populations"), "a model needs at least one population");
        long total = 0;
        for (int i = 0; i < pops.Count; i++)
        {
            string p = JsonPaths.Index(Path(root, "populations"), i);
            PopulationSpec pop = ReadPopulation(pops[i], p);
            total += pop.Size;
            if (total > int.MaxValue) throw _json.Error(Path(p, "size"), $"the model has more than {int.MaxValue} neurons in all");
            _populations.Add(pop);
        }

        var projections = new List<ProjectionSpec>();
        var projectionPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_json.OptionalArray(top, root, "projections") is JsonArray projs)
        {
            var names = ProjectionNames.Of(projs);
            foreach (var (projectionName, _) in names)
                if (projectionName is not null) _projectionNames.Add(projectionName);
            for (int i = 0; i < projs.Count; i++)
            {
                string p = JsonPaths.Index(Path(root, "projections"), i);
                ProjectionSpec proj = ReadProjection(projs[i], p, names[i].Written ? null : names[i].Name);
                // A default name is made unique in file order; only names the user wrote can clash.
                if (!names[i].Written && names[i].Name is string unique) proj = proj with { Name = unique };
                if (projectionPaths.TryGetValue(proj.Name, out string? other))
                    throw _json.Error(Path(p, "name"),
                        $"projection name \"{proj.Name}\" is already used by {other}; give one of them a different \"name\"");
                projectionPaths[proj.Name] = p;
                projections.Add(proj);
            }
        }

        var inputs = new List<InputSpec>();
        if (_json.OptionalArray(top, root, "inputs") is JsonArray ins)
            for (int i = 0; i < ins.Count; i++)
                inputs.Add(ReadInput(ins[i], JsonPaths.Index(Path(root, "inputs"), i)));

        CheckDendriticDelays(projections, projectionPaths);
        RecordSpec record = ReadRecord(top, root, projections);
        double dt = _json.Positive(top, root, "dt", Dimension.Time) ?? 1.0;
        return new ModelSpec(name, seed, duration, _populations.ToArray(), projections, inputs, record, _file, dt);
    }

    private string DefaultName()
    {
        if (_file is null) return "model";
        string n = System.IO.Path.GetFileNameWithoutExtension(_file);
        return n.Length > 0 ? n : "model";
    }

    // ------------------------------------------------------------------ populations and neurons

    private PopulationSpec ReadPopulation(JsonNode? node, string path)
    {
        JsonObject obj = _json.AsObject(node, path, "a population");
        _json.CheckFields(obj, path, PopulationFields);
        string name = _json.RequireString(obj, path, "name");
        CheckName(name, Path(path, "name"), "population");
        for (int i = 0; i < _populations.Count; i++)
            if (_populations[i].Name == name)
                throw _json.Error(Path(path, "name"), $"population name \"{name}\" is already used by $.populations[{i}]");
        int size = (int)_json.ReadInteger(_json.Require(obj, path, "size"), Path(path, "size"), 1, int.MaxValue);
        PositionSpec? positions = Get(obj, "positions") is JsonNode at ? ReadPositions(at, Path(path, "positions"), size) : null;
        JsonNode neuronNode = _json.Require(obj, path, "neuron");
        if (ReadActivation(neuronNode, Path(path, "neuron")) is ActivationSpec activation)
            return new PopulationSpec(name, size, ReadNeuron(neuronNode, Path(path, "neuron"), ActivationFields), activation, positions);
        LifSpec neuron = ReadNeuron(neuronNode, Path(path, "neuron"));
        return new PopulationSpec(name, size, neuron, IsLifRate(neuronNode) ? new ActivationSpec(NeuronModel.LifRate) : null, positions);
    }

    private void CheckName(string name, string path, string what)
    {
        if (name.Length == 0) throw _json.Error(path, $"a {what} name must not be empty");
        if (name.Contains('.') || name.Contains('='))
            throw _json.Error(path, $"a {what} name must not contain '.' or '=' (they separate --set paths), got \"{name}\"");
        foreach (char c in name)
            if (char.IsControl(c))
                throw _json.Error(path, $"a {what} name must not contain control characters such as a line break or tab (it is written into CSV rows), got U+{(int)c:X4}");
    }

    /// <summary>
    /// A lif neuron: its psc picks the model in the registry (<see cref="SpikingModels"/>), whose parameter
    /// declarations say which fields it reads, their dimensions, defaults and ranges, and whose constraints it must meet.
    /// </summary>
    private LifSpec ReadNeuron(JsonNode node, string path, string[]? extraFields = null)
    {
        JsonObject obj = _json.AsObject(node, path, "a neuron");
        _json.CheckFields(obj, path, extraFields is null ? LifFields : [.. LifFields, .. extraFields],
            IsLifRate(obj) ? " for a lif_rate neuron (it takes the LIF's parameters)" : "");
        string model = _json.RequireString(obj, path, "model");
        if (!NeuronModelNames.Contains(model))
            throw _json.Error(Path(path, "model"), $"unknown neuron model \"{model}\"{Suggestions.Then(model, NeuronModelNames, $"known: {string.Join(", ", NeuronModelNames)}")}");
        string psc = _json.ReadString(obj, path, "psc") ?? "delta";
        IReadOnlyList<string> pscs = SpikingModels.PscsOf(LifModel.Name);
        SpikingModel neuron = SpikingModels.Find(LifModel.Name, psc)
            ?? throw _json.Error(Path(path, "psc"), $"unknown psc \"{psc}\"{Suggestions.Then(psc, pscs, $"known: {string.Join(", ", pscs)}")}");

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (NeuronParameter p in neuron.Parameters)
        {
            if (_json.OptionalQuantity(obj, path, p.Name, p.Dimension) is not double value) continue;
            if (p.Problem(value, Show(obj, p.Name)) is string problem) throw _json.Error(Path(path, p.Name), problem);
            values[p.Name] = value;
        }
        ValueSpec vInit = Get(obj, "v_init") is JsonNode vi
            ? ReadValue(vi, Path(path, "v_init"), Dimension.Voltage, null)
            : new ConstantValue(values.TryGetValue("e_l", out double el) ? el : neuron.Parameters.First(p => p.Name == "e_l").Default);
        foreach (string field in LifFields)
        {
            if (Get(obj, field) is null || field is "model" or "psc" or "v_init" || neuron.Parameters.Any(p => p.Name == field)) continue;
            throw _json.Error(Path(path, field), $"{field} is only used with \"psc\": {PscsDeclaring(field)} (this neuron has psc {psc})");
        }

        LifSpec spec = neuron.CreateSpec(values, vInit);
        foreach (ParameterConflict conflict in neuron.Conflicts(spec))
        {
            // Blame a value set with --set first, then one written in the file, then the neuron.
            string[] given = [.. conflict.Fields.Where(k => Get(obj, k) is not null).Select(k => Path(path, k))];
            string at = given.FirstOrDefault(_json.IsOverridden) ?? given.FirstOrDefault() ?? path;
            throw _json.Error(at, conflict.Problem);
        }
        return spec;
    }

    private static string[] LifFieldNames()
    {
        var names = new List<string> { "model", "psc" };
        foreach (var group in SpikingModels.LifGroups) names.AddRange(group.Select(p => p.Name));
        names.Add("v_init");
        foreach (SpikingModel m in SpikingModels.All)
            if (m.Model == LifModel.Name)
                foreach (NeuronParameter p in m.Parameters)
                    if (!names.Contains(p.Name)) names.Add(p.Name);
        return [.. names];
    }

    /// <summary>The psc values whose models take <paramref name="field"/>, quoted: "exp" or "exp", "alpha" or "cond_exp".</summary>
    private static string PscsDeclaring(string field)
    {
        string[] pscs = [.. SpikingModels.All.Where(m => m.Model == LifModel.Name && m.Parameters.Any(p => p.Name == field)).Select(m => $"\"{m.Psc}\"")];
        return pscs.Length <= 1 ? string.Concat(pscs) : string.Join(", ", pscs[..^1]) + " or " + pscs[^1];
    }

    // ------------------------------------------------------------------ population lookup

    /// <summary>The population called <paramref name="name"/>; <paramref name="path"/> is where the name was given.</summary>
    private PopulationSpec Population(string name, string path)
    {
        foreach (PopulationSpec p in _populations)
            if (p.Name == name) return p;
        var names = _populations.Select(p => p.Name).ToList();
        throw _json.Error(path, $"unknown population \"{name}\"{Suggestions.Then(name, names, $"known populations: {string.Join(", ", names)}")}");
    }

    /// <summary>The "neurons" field of <paramref name="obj"/>: distinct indices into <paramref name="population"/>, or null for every neuron.</summary>
    private int[]? ReadNeurons(JsonObject obj, string path, PopulationSpec population)
    {
        if (Get(obj, "neurons") is not JsonNode node) return null;
        string p = Path(path, "neurons");
        if (node is not JsonArray array)
            throw _json.Error(p, $"expected an array of neuron indices such as [0, 1, 2], got {Got(node)}");
        if (array.Count == 0) throw _json.Error(p, "the neuron list is empty (leave \"neurons\" out to mean every neuron)");
        var result = new int[array.Count];
        var seen = new HashSet<int>();
        for (int i = 0; i < array.Count; i++)
        {
            string ip = JsonPaths.Index(p, i);
            long index = (long)_json.ReadInteger(array[i], ip, long.MinValue, long.MaxValue);
            if (index < 0 || index >= population.Size)
                throw _json.Error(ip, $"neuron {index} is out of range: population \"{population.Name}\" has {population.Size} neurons (0 to {population.Size - 1})");
            if (!seen.Add((int)index)) throw _json.Error(ip, $"neuron {index} is listed twice");
            result[i] = (int)index;
        }
        return result;
    }
}
