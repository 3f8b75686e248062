using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Units;

namespace SpikeSim.Modeling;

/// <summary>
/// Turns a model's JSON tree into a validated <see cref="ModelSpec"/>. Every problem becomes a
/// <see cref="ModelException"/> with the file, the JSON path, and the line of the offending value (or a note that
/// the value came from <c>--set</c>).
/// </summary>
internal sealed class ModelInterpreter
{
    private static readonly string[] TopFields = ["$schema", "name", "description", "seed", "duration", "populations", "projections", "inputs", "record"];
    private static readonly string[] PopulationFields = ["name", "size", "neuron"];
    private static readonly string[] NeuronModels = ["lif"];
    private static readonly string[] LifFields = ["model", "psc", "tau_m", "c_m", "e_l", "v_reset", "v_th", "t_ref", "i_e", "v_init", "tau_syn_ex", "tau_syn_in"];
    private static readonly string[] PscKinds = ["delta", "exp"];
    private static readonly string[] ProjectionFields = ["name", "from", "to", "connect", "weight", "delay"];
    private static readonly string[] ConnectFields = ["rule", "p", "k", "allow_autapses", "allow_multapses"];
    private static readonly string[] ConnectRules = ["one_to_one", "all_to_all", "random", "fixed_indegree", "fixed_outdegree"];
    private static readonly string[] DistributionKinds = ["normal", "uniform", "lognormal"];
    private static readonly string[] InputTypes = ["spike_times", "poisson", "current"];
    private static readonly string[] SpikeTimesFields = ["type", "to", "neurons", "times", "weight"];
    private static readonly string[] PoissonFields = ["type", "to", "neurons", "rate", "weight", "start", "stop"];
    private static readonly string[] CurrentFields = ["type", "to", "neurons", "steps"];
    private static readonly string[] StepFields = ["at", "amplitude"];
    private static readonly string[] RecordFields = ["spikes", "v", "rates", "connections"];
    private static readonly string[] VoltageFields = ["population", "neurons", "interval"];
    private static readonly string[] RatesFields = ["bin"];

    private readonly string? _file;
    private readonly JsonLineIndex _lines;
    private readonly IReadOnlyList<string> _overridden;
    private readonly List<PopulationSpec> _populations = [];

    public ModelInterpreter(string? file, JsonLineIndex lines, IReadOnlyList<string> overriddenPaths)
    {
        _file = file;
        _lines = lines;
        _overridden = overriddenPaths;
    }

    // ------------------------------------------------------------------ model

    public ModelSpec Read(JsonNode? rootNode)
    {
        const string root = JsonPaths.Root;
        JsonObject top = AsObject(rootNode, root, "the model");
        CheckFields(top, root, TopFields);

        if (Get(top, "description") is JsonNode description && description is not JsonArray &&
            description.GetValueKind() != JsonValueKind.String)
            throw Error(Path(root, "description"), $"expected a string (or an array of strings), got {Got(description)}");

        string name = ReadString(top, root, "name") ?? DefaultName();
        if (name.Length == 0) throw Error(Path(root, "name"), "the model name must not be empty");
        ulong seed = Get(top, "seed") is JsonNode seedNode
            ? (ulong)ReadInteger(seedNode, Path(root, "seed"), 0, ulong.MaxValue)
            : 1UL;
        double duration = RequireQuantity(top, root, "duration", Dimension.Time);
        if (duration <= 0) throw Error(Path(root, "duration"), $"duration must be positive, got {Show(top, "duration")}");

        JsonArray pops = RequireArray(top, root, "populations");
        if (pops.Count == 0) throw Error(Path(root, "populations"), "a model needs at least one population");
        long total = 0;
        for (int i = 0; i < pops.Count; i++)
        {
            string p = JsonPaths.Index(Path(root, "populations"), i);
            PopulationSpec pop = ReadPopulation(pops[i], p);
            total += pop.Size;
            if (total > int.MaxValue) throw Error(Path(p, "size"), $"the model has more than {int.MaxValue} neurons in all");
            _populations.Add(pop);
        }

        var projections = new List<ProjectionSpec>();
        var projectionPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (OptionalArray(top, root, "projections") is JsonArray projs)
        {
            for (int i = 0; i < projs.Count; i++)
            {
                string p = JsonPaths.Index(Path(root, "projections"), i);
                ProjectionSpec proj = ReadProjection(projs[i], p);
                if (projectionPaths.TryGetValue(proj.Name, out string? other))
                    throw Error(Get(AsObject(projs[i], p, "a projection"), "name") is null ? p : Path(p, "name"),
                        $"projection name \"{proj.Name}\" is already used by {other}; give one of them a different \"name\"");
                projectionPaths[proj.Name] = p;
                projections.Add(proj);
            }
        }

        var inputs = new List<InputSpec>();
        if (OptionalArray(top, root, "inputs") is JsonArray ins)
            for (int i = 0; i < ins.Count; i++)
                inputs.Add(ReadInput(ins[i], JsonPaths.Index(Path(root, "inputs"), i)));

        RecordSpec record = ReadRecord(top, root);
        return new ModelSpec(name, seed, duration, _populations.ToArray(), projections, inputs, record, _file);
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
        JsonObject obj = AsObject(node, path, "a population");
        CheckFields(obj, path, PopulationFields);
        string name = RequireString(obj, path, "name");
        CheckName(name, Path(path, "name"), "population");
        for (int i = 0; i < _populations.Count; i++)
            if (_populations[i].Name == name)
                throw Error(Path(path, "name"), $"population name \"{name}\" is already used by $.populations[{i}]");
        int size = (int)ReadInteger(Require(obj, path, "size"), Path(path, "size"), 1, int.MaxValue);
        LifSpec neuron = ReadNeuron(Require(obj, path, "neuron"), Path(path, "neuron"));
        return new PopulationSpec(name, size, neuron);
    }

    private void CheckName(string name, string path, string what)
    {
        if (name.Length == 0) throw Error(path, $"a {what} name must not be empty");
        if (name.Contains('.') || name.Contains('='))
            throw Error(path, $"a {what} name must not contain '.' or '=' (they separate --set paths), got \"{name}\"");
    }

    private LifSpec ReadNeuron(JsonNode node, string path)
    {
        JsonObject obj = AsObject(node, path, "a neuron");
        CheckFields(obj, path, LifFields);
        string model = RequireString(obj, path, "model");
        if (!NeuronModels.Contains(model))
            throw Error(Path(path, "model"), $"unknown neuron model \"{model}\"{Suggestions.Then(model, NeuronModels, $"known: {string.Join(", ", NeuronModels)}")}");
        string pscText = ReadString(obj, path, "psc") ?? "delta";
        PscKind psc = pscText switch
        {
            "delta" => PscKind.Delta,
            "exp" => PscKind.Exp,
            _ => throw Error(Path(path, "psc"), $"unknown psc \"{pscText}\"{Suggestions.Then(pscText, PscKinds, $"known: delta, exp")}"),
        };

        LifSpec d = LifSpec.Default(psc);
        double tauM = Positive(obj, path, "tau_m", Dimension.Time) ?? d.TauMMs;
        double cm = Positive(obj, path, "c_m", Dimension.Capacitance) ?? d.CmPf;
        double el = OptionalQuantity(obj, path, "e_l", Dimension.Voltage) ?? d.ELMv;
        double vReset = OptionalQuantity(obj, path, "v_reset", Dimension.Voltage) ?? d.VResetMv;
        double vTh = OptionalQuantity(obj, path, "v_th", Dimension.Voltage) ?? d.VThMv;
        double tRef = OptionalQuantity(obj, path, "t_ref", Dimension.Time) ?? d.TRefMs;
        if (tRef < 0) throw Error(Path(path, "t_ref"), $"t_ref must be >= 0, got {Show(obj, "t_ref")}");
        double ie = OptionalQuantity(obj, path, "i_e", Dimension.Current) ?? d.IEPa;
        ValueSpec vInit = Get(obj, "v_init") is JsonNode vi
            ? ReadValue(vi, Path(path, "v_init"), Dimension.Voltage, null)
            : new ConstantValue(el);
        foreach (string tau in new[] { "tau_syn_ex", "tau_syn_in" })
            if (psc == PscKind.Delta && Get(obj, tau) is not null)
                throw Error(Path(path, tau), $"{tau} is only used with \"psc\": \"exp\" (this neuron has psc delta)");
        double tauEx = Positive(obj, path, "tau_syn_ex", Dimension.Time) ?? d.TauSynExMs;
        double tauIn = Positive(obj, path, "tau_syn_in", Dimension.Time) ?? d.TauSynInMs;

        if (vReset >= vTh)
        {
            // Blame a value set with --set first, then one written in the file, then the neuron.
            string[] given = [.. new[] { "v_reset", "v_th" }.Where(k => Get(obj, k) is not null).Select(k => Path(path, k))];
            string at = given.FirstOrDefault(IsOverridden) ?? given.FirstOrDefault() ?? path;
            throw Error(at, $"v_reset ({Quantity.Format(vReset, Dimension.Voltage)}) must be below v_th ({Quantity.Format(vTh, Dimension.Voltage)})");
        }
        return new LifSpec(psc, tauM, cm, el, vReset, vTh, tRef, ie, vInit, tauEx, tauIn);
    }

    // ------------------------------------------------------------------ projections

    private ProjectionSpec ReadProjection(JsonNode? node, string path)
    {
        JsonObject obj = AsObject(node, path, "a projection");
        CheckFields(obj, path, ProjectionFields);
        string from = RequireString(obj, path, "from");
        PopulationSpec source = Population(from, Path(path, "from"));
        string to = RequireString(obj, path, "to");
        PopulationSpec target = Population(to, Path(path, "to"));
        string name = ReadString(obj, path, "name") ?? from + "-" + to;
        CheckName(name, Path(path, "name"), "projection");

        ConnectSpec connect = ReadConnect(Require(obj, path, "connect"), Path(path, "connect"), source, target);

        string weightPath = Path(path, "weight");
        ValueSpec weight = ReadValue(Require(obj, path, "weight"), weightPath, WeightDimension(target),
            WeightMismatch($"a projection onto \"{to}\"", target));
        string delayPath = Path(path, "delay");
        JsonNode delayNode = Require(obj, path, "delay");
        ValueSpec delay = ReadValue(delayNode, delayPath, Dimension.Time, null);
        CheckDelay(delay, delayNode, delayPath);
        return new ProjectionSpec(name, from, to, connect, weight, delay);
    }

    private ConnectSpec ReadConnect(JsonNode node, string path, PopulationSpec source, PopulationSpec target)
    {
        JsonObject obj = AsObject(node, path, "a connection rule");
        CheckFields(obj, path, ConnectFields);
        string ruleText = RequireString(obj, path, "rule");
        ConnectRule rule = ruleText switch
        {
            "one_to_one" => ConnectRule.OneToOne,
            "all_to_all" => ConnectRule.AllToAll,
            "random" => ConnectRule.Random,
            "fixed_indegree" => ConnectRule.FixedIndegree,
            "fixed_outdegree" => ConnectRule.FixedOutdegree,
            _ => throw Error(Path(path, "rule"),
                $"unknown connection rule \"{ruleText}\"{Suggestions.Then(ruleText, ConnectRules, $"known: {string.Join(", ", ConnectRules)}")}"),
        };
        bool autapses = ReadBool(obj, path, "allow_autapses") ?? true;
        bool multapses = ReadBool(obj, path, "allow_multapses") ?? false;
        bool sameSource = source.Name == target.Name;

        double p = 0;
        if (rule == ConnectRule.Random)
        {
            p = ReadNumber(Require(obj, path, "p"), Path(path, "p"));
            if (p is < 0 or > 1) throw Error(Path(path, "p"), $"p must be in [0, 1], got {Quantity.FormatNumber(p)}");
        }
        else if (Get(obj, "p") is not null)
            throw Error(Path(path, "p"), $"p is only used with rule random (this rule is {ruleText})");

        int k = 0;
        bool fixedDegree = rule is ConnectRule.FixedIndegree or ConnectRule.FixedOutdegree;
        if (fixedDegree)
            k = (int)ReadInteger(Require(obj, path, "k"), Path(path, "k"), 0, int.MaxValue);
        else if (Get(obj, "k") is not null)
            throw Error(Path(path, "k"), $"k is only used with rules fixed_indegree and fixed_outdegree (this rule is {ruleText})");

        if (rule == ConnectRule.OneToOne)
        {
            if (source.Size != target.Size)
                throw Error(Path(path, "rule"), $"one_to_one needs populations of equal size, but \"{source.Name}\" has {source.Size} neurons and \"{target.Name}\" has {target.Size}");
            if (sameSource && !autapses)
                throw Error(Path(path, "rule"), "one_to_one within one population with allow_autapses false makes no synapse");
        }
        if (fixedDegree && k > 0)
        {
            bool indegree = rule == ConnectRule.FixedIndegree;
            PopulationSpec pool = indegree ? source : target;
            long available = pool.Size - (sameSource && !autapses ? 1 : 0);
            string what = indegree ? "sources" : "targets";
            string why = sameSource && !autapses ? "allow_autapses is false" : "";
            if (!multapses && k > available)
            {
                why = why.Length > 0 ? why + ", allow_multapses is false" : "allow_multapses is false";
                throw Error(Path(path, "k"), $"k = {k} exceeds the {available} possible {what} in \"{pool.Name}\" ({why})");
            }
            if (available == 0)
                throw Error(Path(path, "k"), $"k = {k} but \"{pool.Name}\" has no possible {what} ({why})");
        }
        return new ConnectSpec(rule, p, k, autapses, multapses);
    }

    private void CheckDelay(ValueSpec delay, JsonNode node, string path)
    {
        switch (delay)
        {
            case ConstantValue c when c.Value <= 0:
                throw Error(path, $"delay must be positive, got {Got(node)}");
            case DistributionValue { Kind: DistributionKind.Normal } n when !(n.Min > 0):
                throw Error(path, "a normal delay distribution needs \"min\" > 0 so that no delay is <= 0");
            case DistributionValue { Kind: DistributionKind.Uniform } u when !(Math.Max(u.A, u.Min) > 0):
                throw Error(path, "a uniform delay distribution needs \"low\" > 0 so that no delay is <= 0");
            case DistributionValue { Kind: DistributionKind.LogNormal } l when !(l.A > 0):
                throw Error(path, "a lognormal delay distribution needs a positive mean");
        }
    }

    private static Dimension WeightDimension(PopulationSpec target) =>
        target.Neuron.Psc == PscKind.Delta ? Dimension.Voltage : Dimension.Current;

    private static Func<string, string> WeightMismatch(string owner, PopulationSpec target)
    {
        Dimension dim = WeightDimension(target);
        string psc = target.Neuron.Psc == PscKind.Delta ? "delta" : "exp";
        return got => $"weight of {owner} (psc {psc}) must be {Quantity.Describe(dim)}, got {got}";
    }

    // ------------------------------------------------------------------ distributions

    /// <summary>A constant quantity, or a distribution object {"dist": ...}.</summary>
    private ValueSpec ReadValue(JsonNode node, string path, Dimension dim, Func<string, string>? mismatch)
    {
        if (node is not JsonObject obj) return new ConstantValue(ParseQuantity(node, path, dim, mismatch));

        string distText = RequireString(obj, path, "dist");
        string[] known = distText switch
        {
            "normal" or "lognormal" => ["dist", "mean", "sd", "min", "max"],
            "uniform" => ["dist", "low", "high", "min", "max"],
            _ => throw Error(Path(path, "dist"),
                $"unknown distribution \"{distText}\"{Suggestions.Then(distText, DistributionKinds, $"known: {string.Join(", ", DistributionKinds)}")}"),
        };
        CheckFields(obj, path, known);
        double Q(string key) => ParseQuantity(Require(obj, path, key), Path(path, key), dim, mismatch);
        double min = Get(obj, "min") is not null ? Q("min") : double.NegativeInfinity;
        double max = Get(obj, "max") is not null ? Q("max") : double.PositiveInfinity;
        if (min >= max)
            throw Error(Path(path, "max"), $"max ({Quantity.Format(max, dim)}) must be above min ({Quantity.Format(min, dim)})");

        DistributionKind kind;
        double a, b;
        if (distText == "uniform")
        {
            kind = DistributionKind.Uniform;
            a = Q("low");
            b = Q("high");
            if (a >= b)
                throw Error(Path(path, "high"), $"high ({Quantity.Format(b, dim)}) must be above low ({Quantity.Format(a, dim)})");
            if (max <= a || min >= b)
                throw Error(path, "min and max exclude every value between low and high");
        }
        else
        {
            kind = distText == "normal" ? DistributionKind.Normal : DistributionKind.LogNormal;
            a = Q("mean");
            b = Q("sd");
            if (b < 0) throw Error(Path(path, "sd"), $"sd must be >= 0, got {Show(obj, "sd")}");
            if (kind == DistributionKind.LogNormal)
            {
                if (a == 0)
                    throw Error(Path(path, "mean"), "a lognormal mean must not be 0 (its sign gives the sign of every draw)");
                if ((a > 0 && max <= 0) || (a < 0 && min >= 0))
                    throw Error(path, "min and max exclude every value of this lognormal distribution");
            }
        }
        return new DistributionValue(kind, a, b, min, max);
    }

    // ------------------------------------------------------------------ inputs

    private InputSpec ReadInput(JsonNode? node, string path)
    {
        JsonObject obj = AsObject(node, path, "an input");
        string type = RequireString(obj, path, "type");
        string[] fields = type switch
        {
            "spike_times" => SpikeTimesFields,
            "poisson" => PoissonFields,
            "current" => CurrentFields,
            _ => throw Error(Path(path, "type"),
                $"unknown input type \"{type}\"{Suggestions.Then(type, InputTypes, $"known: {string.Join(", ", InputTypes)}")}"),
        };
        CheckFields(obj, path, fields, $" for an input of type {type}");
        string to = RequireString(obj, path, "to");
        PopulationSpec target = Population(to, Path(path, "to"));
        int[]? neurons = ReadNeurons(obj, path, target);
        int count = neurons?.Length ?? target.Size;
        Func<string, string> mismatch = WeightMismatch($"an input to \"{to}\"", target);

        switch (type)
        {
            case "spike_times":
            {
                double[][] times = ReadSpikeTimes(Require(obj, path, "times"), Path(path, "times"), count);
                PerNeuron weight = ReadPerNeuron(Require(obj, path, "weight"), Path(path, "weight"), WeightDimension(target), count, "weight", mismatch, null);
                return new SpikeTimesInput(to, neurons, times, weight);
            }
            case "poisson":
            {
                PerNeuron rate = ReadPerNeuron(Require(obj, path, "rate"), Path(path, "rate"), Dimension.Frequency, count, "rate", null,
                    (v, node) => v < 0 ? $"rate must be >= 0, got {Got(node)}" : null);
                PerNeuron weight = ReadPerNeuron(Require(obj, path, "weight"), Path(path, "weight"), WeightDimension(target), count, "weight", mismatch, null);
                double start = OptionalQuantity(obj, path, "start", Dimension.Time) ?? 0;
                if (start < 0) throw Error(Path(path, "start"), $"start must be >= 0, got {Show(obj, "start")}");
                double stop = OptionalQuantity(obj, path, "stop", Dimension.Time) ?? double.PositiveInfinity;
                if (stop < start)
                    throw Error(Path(path, "stop"), $"stop ({Quantity.Format(stop, Dimension.Time)}) must not be before start ({Quantity.Format(start, Dimension.Time)})");
                return new PoissonInput(to, neurons, rate, weight, start, stop);
            }
            default:
            {
                string stepsPath = Path(path, "steps");
                JsonArray steps = RequireArray(obj, path, "steps");
                if (steps.Count == 0) throw Error(stepsPath, "a current input needs at least one step");
                var list = new List<CurrentStep>();
                for (int i = 0; i < steps.Count; i++)
                {
                    string sp = JsonPaths.Index(stepsPath, i);
                    JsonObject step = AsObject(steps[i], sp, "a step {\"at\": ..., \"amplitude\": ...}");
                    CheckFields(step, sp, StepFields);
                    double at = RequireQuantity(step, sp, "at", Dimension.Time);
                    if (at < 0) throw Error(Path(sp, "at"), $"a step time must be >= 0, got {Show(step, "at")}");
                    if (list.Count > 0 && at <= list[^1].AtMs)
                        throw Error(Path(sp, "at"), $"step times must increase strictly: {Quantity.Format(at, Dimension.Time)} comes after {Quantity.Format(list[^1].AtMs, Dimension.Time)}");
                    PerNeuron amplitude = ReadPerNeuron(Require(step, sp, "amplitude"), Path(sp, "amplitude"), Dimension.Current, count, "amplitude", null, null);
                    list.Add(new CurrentStep(at, amplitude));
                }
                return new CurrentInput(to, neurons, list);
            }
        }
    }

    private double[][] ReadSpikeTimes(JsonNode node, string path, int count)
    {
        if (node is not JsonArray array)
            throw Error(path, $"expected an array of times such as [\"1 ms\", \"2.5 ms\"] (or one array per targeted neuron), got {Got(node)}");
        bool perNeuron = array.Count > 0 && array[0] is JsonArray;
        if (!perNeuron) return [ReadTimeList(array, path)];
        if (array.Count != count)
            throw Error(path, $"times has {array.Count} lists but the input targets {count} neurons (give one list per targeted neuron, or one shared list)");
        var result = new double[array.Count][];
        for (int i = 0; i < array.Count; i++)
        {
            string p = JsonPaths.Index(path, i);
            if (array[i] is not JsonArray inner)
                throw Error(p, $"expected a list of times (the first element is a list, so every element must be one), got {Got(array[i])}");
            result[i] = ReadTimeList(inner, p);
        }
        return result;
    }

    private double[] ReadTimeList(JsonArray array, string path)
    {
        var times = new double[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            string p = JsonPaths.Index(path, i);
            JsonNode item = array[i] ?? throw Error(p, $"expected {Quantity.Describe(Dimension.Time)}, got null");
            if (item is JsonArray)
                throw Error(p, $"expected {Quantity.Describe(Dimension.Time)}, got an array (use either one shared list of times or one list per targeted neuron)");
            times[i] = ParseQuantity(item, p, Dimension.Time, null);
            if (times[i] < 0) throw Error(p, $"spike times must be >= 0, got {Got(item)}");
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>One quantity shared by all targeted neurons, or an array with one per targeted neuron.</summary>
    private PerNeuron ReadPerNeuron(JsonNode node, string path, Dimension dim, int count, string field,
        Func<string, string>? mismatch, Func<double, JsonNode, string?>? check)
    {
        double One(JsonNode? item, string p)
        {
            if (item is null) throw Error(p, $"expected {Quantity.Describe(dim)}, got null");
            double v = ParseQuantity(item, p, dim, mismatch);
            if (check?.Invoke(v, item) is string problem) throw Error(p, problem);
            return v;
        }

        if (node is not JsonArray array) return PerNeuron.Of(One(node, path));
        if (array.Count != count)
            throw Error(path, $"{field} has {array.Count} values but the input targets {count} neurons (give one value per targeted neuron, or a single value)");
        var values = new double[array.Count];
        for (int i = 0; i < array.Count; i++) values[i] = One(array[i], JsonPaths.Index(path, i));
        return new PerNeuron(values);
    }

    private int[]? ReadNeurons(JsonObject obj, string path, PopulationSpec population)
    {
        if (Get(obj, "neurons") is not JsonNode node) return null;
        string p = Path(path, "neurons");
        if (node is not JsonArray array)
            throw Error(p, $"expected an array of neuron indices such as [0, 1, 2], got {Got(node)}");
        if (array.Count == 0) throw Error(p, "the neuron list is empty (leave \"neurons\" out to mean every neuron)");
        var result = new int[array.Count];
        var seen = new HashSet<int>();
        for (int i = 0; i < array.Count; i++)
        {
            string ip = JsonPaths.Index(p, i);
            long index = (long)ReadInteger(array[i], ip, long.MinValue, long.MaxValue);
            if (index < 0 || index >= population.Size)
                throw Error(ip, $"neuron {index} is out of range: population \"{population.Name}\" has {population.Size} neurons (0 to {population.Size - 1})");
            if (!seen.Add((int)index)) throw Error(ip, $"neuron {index} is listed twice");
            result[i] = (int)index;
        }
        return result;
    }

    // ------------------------------------------------------------------ record

    private RecordSpec ReadRecord(JsonObject top, string root)
    {
        string path = Path(root, "record");
        if (Get(top, "record") is not JsonNode node)
            return new RecordSpec([.. _populations.Select(p => p.Name)], [], null);
        JsonObject obj = AsObject(node, path, "the record settings");
        CheckFields(obj, path, RecordFields);

        var spikes = new List<string>();
        string spikesPath = Path(path, "spikes");
        switch (Get(obj, "spikes"))
        {
            case null:
                break;
            case JsonArray names:
                for (int i = 0; i < names.Count; i++)
                {
                    string p = JsonPaths.Index(spikesPath, i);
                    string name = AsString(names[i], p, "a population name");
                    Population(name, p);
                    if (spikes.Contains(name)) throw Error(p, $"population \"{name}\" is listed twice");
                    spikes.Add(name);
                }
                break;
            case JsonNode b when b.GetValueKind() == JsonValueKind.True:
                spikes.AddRange(_populations.Select(p => p.Name));
                break;
            case JsonNode b when b.GetValueKind() == JsonValueKind.False:
                break;
            case JsonNode other:
                throw Error(spikesPath, $"expected an array of population names, or true (all) or false (none), got {Got(other)}");
        }

        var v = new List<VoltageRecordSpec>();
        if (OptionalArray(obj, path, "v") is JsonArray vs)
        {
            for (int i = 0; i < vs.Count; i++)
            {
                string p = JsonPaths.Index(Path(path, "v"), i);
                JsonObject vo = AsObject(vs[i], p, "a voltage recording {\"population\": ..., \"interval\": ...}");
                CheckFields(vo, p, VoltageFields);
                string pop = RequireString(vo, p, "population");
                PopulationSpec population = Population(pop, Path(p, "population"));
                int[]? neurons = ReadNeurons(vo, p, population);
                double interval = RequireQuantity(vo, p, "interval", Dimension.Time);
                if (interval <= 0) throw Error(Path(p, "interval"), $"interval must be positive, got {Show(vo, "interval")}");
                v.Add(new VoltageRecordSpec(pop, neurons, interval));
            }
        }

        double? bin = null;
        if (Get(obj, "rates") is JsonNode ratesNode)
        {
            string p = Path(path, "rates");
            JsonObject rates = AsObject(ratesNode, p, "the rate settings {\"bin\": ...}");
            CheckFields(rates, p, RatesFields);
            bin = RequireQuantity(rates, p, "bin", Dimension.Time);
            if (bin <= 0) throw Error(Path(p, "bin"), $"bin must be positive, got {Show(rates, "bin")}");
        }

        bool connections = ReadBool(obj, path, "connections") ?? false;
        return new RecordSpec(spikes, v, bin, connections);
    }

    // ------------------------------------------------------------------ helpers: structure

    private PopulationSpec Population(string name, string path)
    {
        foreach (PopulationSpec p in _populations)
            if (p.Name == name) return p;
        var names = _populations.Select(p => p.Name).ToList();
        throw Error(path, $"unknown population \"{name}\"{Suggestions.Then(name, names, $"known populations: {string.Join(", ", names)}")}");
    }

    private void CheckFields(JsonObject obj, string path, string[] known, string context = "")
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
    private static JsonNode? Get(JsonObject obj, string key) => obj.TryGetPropertyValue(key, out JsonNode? v) ? v : null;

    private JsonNode Require(JsonObject obj, string path, string key) =>
        Get(obj, key) ?? throw Error(path, $"missing required field \"{key}\"");

    private JsonObject AsObject(JsonNode? node, string path, string what) =>
        node as JsonObject ?? throw Error(path, $"expected {what} (a JSON object {{ ... }}), got {Got(node)}");

    private JsonArray RequireArray(JsonObject obj, string path, string key) =>
        OptionalArray(obj, path, key) ?? throw Error(path, $"missing required field \"{key}\"");

    private JsonArray? OptionalArray(JsonObject obj, string path, string key)
    {
        JsonNode? node = Get(obj, key);
        if (node is null) return null;
        return node as JsonArray ?? throw Error(Path(path, key), $"expected an array [ ... ], got {Got(node)}");
    }

    private string AsString(JsonNode? node, string path, string what)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw Error(path, what == "a string" ? $"expected a string, got {Got(node)}" : $"expected {what} (a string), got {Got(node)}");
    }

    private string? ReadString(JsonObject obj, string path, string key) =>
        Get(obj, key) is JsonNode node ? AsString(node, Path(path, key), "a string") : null;

    private string RequireString(JsonObject obj, string path, string key) =>
        AsString(Require(obj, path, key), Path(path, key), "a string");

    private bool? ReadBool(JsonObject obj, string path, string key)
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

    // ------------------------------------------------------------------ helpers: numbers and quantities

    private decimal ReadInteger(JsonNode? node, string path, decimal min, decimal max)
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

    private double ReadNumber(JsonNode node, string path)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
            throw Error(path, $"expected a number such as 0.1, got {Got(node)}");
        string raw = node.ToJsonString();
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error(path, $"{raw} is out of range");
        return value;
    }

    private double ParseQuantity(JsonNode node, string path, Dimension dim, Func<string, string>? mismatch)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            string text = v.GetValue<string>();
            if (Quantity.TryParse(text, dim, out double value, out string? problem)) return value;
            if (mismatch is not null && !problem.StartsWith("unknown unit", StringComparison.Ordinal))
                problem = mismatch(Got(node));
            throw Error(path, problem);
        }
        if (node.GetValueKind() == JsonValueKind.Number && dim != Dimension.Dimensionless)
        {
            string raw = node.ToJsonString();
            string got = $"the number {raw} (write the value and its unit in a string, e.g. \"{raw} {Quantity.InternalUnit(dim)}\")";
            throw Error(path, mismatch?.Invoke(got) ?? $"expected {Quantity.Describe(dim)}, got {got}");
        }
        throw Error(path, mismatch?.Invoke(Got(node)) ?? $"expected {Quantity.Describe(dim)}, got {Got(node)}");
    }

    private double? OptionalQuantity(JsonObject obj, string path, string key, Dimension dim) =>
        Get(obj, key) is JsonNode node ? ParseQuantity(node, Path(path, key), dim, null) : null;

    private double RequireQuantity(JsonObject obj, string path, string key, Dimension dim) =>
        ParseQuantity(Require(obj, path, key), Path(path, key), dim, null);

    private double? Positive(JsonObject obj, string path, string key, Dimension dim)
    {
        double? value = OptionalQuantity(obj, path, key, dim);
        if (value <= 0) throw Error(Path(path, key), $"{key} must be positive, got {Show(obj, key)}");
        return value;
    }

    // ------------------------------------------------------------------ helpers: messages

    private static string Path(string parent, string key) => JsonPaths.Child(parent, key);

    private static string Show(JsonObject obj, string key) => Got(Get(obj, key));

    /// <summary>How a JSON value is shown in messages: strings quoted, other kinds named.</summary>
    internal static string Got(JsonNode? node)
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

    private bool IsOverridden(string path) => _overridden.Any(o => JsonPaths.IsWithin(path, o));

    private ModelException Error(string path, string problem) => IsOverridden(path)
        ? new ModelException(_file, path, null, problem + " (set with --set)")
        : new ModelException(_file, path, _lines.LineOf(path), problem);
}
