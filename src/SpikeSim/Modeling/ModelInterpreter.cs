using System.Text.Json;
using System.Text.Json.Nodes;
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
    private static readonly string[] NeuronModels = ["lif", "lif_rate", "step", "sigmoid", "tanh", "relu", "linear"];
    private static readonly string[] LifFields = ["model", "psc", "tau_m", "c_m", "e_l", "v_reset", "v_th", "t_ref", "i_e", "v_init", "tau_syn_ex", "tau_syn_in"];
    private static readonly string[] PscKinds = ["delta", "exp"];

    private readonly string? _file;
    private readonly JsonFieldReader _json;
    private readonly List<PopulationSpec> _populations = [];

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

    private LifSpec ReadNeuron(JsonNode node, string path, string[]? extraFields = null)
    {
        JsonObject obj = _json.AsObject(node, path, "a neuron");
        _json.CheckFields(obj, path, extraFields is null ? LifFields : [.. LifFields, .. extraFields],
            IsLifRate(obj) ? " for a lif_rate neuron (it takes the LIF's parameters)" : "");
        string model = _json.RequireString(obj, path, "model");
        if (!NeuronModels.Contains(model))
            throw _json.Error(Path(path, "model"), $"unknown neuron model \"{model}\"{Suggestions.Then(model, NeuronModels, $"known: {string.Join(", ", NeuronModels)}")}");
        string pscText = _json.ReadString(obj, path, "psc") ?? "delta";
        PscKind psc = pscText switch
        {
            "delta" => PscKind.Delta,
            "exp" => PscKind.Exp,
            _ => throw _json.Error(Path(path, "psc"), $"unknown psc \"{pscText}\"{Suggestions.Then(pscText, PscKinds, $"known: delta, exp")}"),
        };

        LifSpec d = LifSpec.Default(psc);
        double tauM = _json.Positive(obj, path, "tau_m", Dimension.Time) ?? d.TauMMs;
        double cm = _json.Positive(obj, path, "c_m", Dimension.Capacitance) ?? d.CmPf;
        double el = _json.OptionalQuantity(obj, path, "e_l", Dimension.Voltage) ?? d.ELMv;
        double vReset = _json.OptionalQuantity(obj, path, "v_reset", Dimension.Voltage) ?? d.VResetMv;
        double vTh = _json.OptionalQuantity(obj, path, "v_th", Dimension.Voltage) ?? d.VThMv;
        double tRef = _json.OptionalQuantity(obj, path, "t_ref", Dimension.Time) ?? d.TRefMs;
        if (tRef < 0) throw _json.Error(Path(path, "t_ref"), $"t_ref must be >= 0, got {Show(obj, "t_ref")}");
        double ie = _json.OptionalQuantity(obj, path, "i_e", Dimension.Current) ?? d.IEPa;
        ValueSpec vInit = Get(obj, "v_init") is JsonNode vi
            ? ReadValue(vi, Path(path, "v_init"), Dimension.Voltage, null)
            : new ConstantValue(el);
        foreach (string tau in new[] { "tau_syn_ex", "tau_syn_in" })
            if (psc == PscKind.Delta && Get(obj, tau) is not null)
                throw _json.Error(Path(path, tau), $"{tau} is only used with \"psc\": \"exp\" (this neuron has psc delta)");
        double tauEx = _json.Positive(obj, path, "tau_syn_ex", Dimension.Time) ?? d.TauSynExMs;
        double tauIn = _json.Positive(obj, path, "tau_syn_in", Dimension.Time) ?? d.TauSynInMs;

        if (vReset >= vTh)
        {
            // Blame a value set with --set first, then one written in the file, then the neuron.
            string[] given = [.. new[] { "v_reset", "v_th" }.Where(k => Get(obj, k) is not null).Select(k => Path(path, k))];
            string at = given.FirstOrDefault(_json.IsOverridden) ?? given.FirstOrDefault() ?? path;
            throw _json.Error(at, $"v_reset ({Quantity.Format(vReset, Dimension.Voltage)}) must be below v_th ({Quantity.Format(vTh, Dimension.Voltage)})");
        }
        return new LifSpec(psc, tauM, cm, el, vReset, vTh, tRef, ie, vInit, tauEx, tauIn);
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
