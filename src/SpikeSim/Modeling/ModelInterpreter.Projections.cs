using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Projections: connection rules, weights and delays, and the values (constants or distributions) they take.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] ProjectionFields = ["name", "from", "to", "connect", "weight", "delay", "plasticity", "structural", "short_term"];
    private static readonly string[] ConnectFields = ["rule", "p", "k", "allow_autapses", "allow_multapses", "m", "p0", "lambda", "velocity", "path"];
    private static readonly string[] ConnectRules = ["one_to_one", "all_to_all", "random", "fixed_indegree", "fixed_outdegree", "small_world", "scale_free", "distance", "from_file"];
    private static readonly string[] DistributionKinds = ["normal", "uniform", "lognormal"];

    // ------------------------------------------------------------------ projections

    private ProjectionSpec ReadProjection(JsonNode? node, string path, string? defaultName = null)
    {
        JsonObject obj = _json.AsObject(node, path, "a projection");
        _json.CheckFields(obj, path, ProjectionFields);
        string from = _json.RequireString(obj, path, "from");
        PopulationSpec source = Population(from, Path(path, "from"));
        string to = _json.RequireString(obj, path, "to");
        PopulationSpec target = Population(to, Path(path, "to"));
        string name = _json.ReadString(obj, path, "name") ?? defaultName ?? from + "-" + to;
        CheckName(name, Path(path, "name"), "projection");

        string weightPath = Path(path, "weight");
        bool matrix = Get(obj, "weight") is JsonArray;
        ConnectSpec connect = matrix && Get(obj, "connect") is null
            ? new ConnectSpec(ConnectRule.AllToAll)
            : ReadConnect(_json.Require(obj, path, "connect"), Path(path, "connect"), source, target, name);
        if (matrix && connect.Rule != ConnectRule.AllToAll)
            throw _json.Error(Path(path, "connect"), "a weight matrix connects every source to every target: leave \"connect\" out or use rule all_to_all");
        if (matrix && source.Name == target.Name && !connect.AllowAutapses)
            throw _json.Error(Path(path, "connect"), "a weight matrix within one population needs allow_autapses (put 0 on the diagonal instead)");
        ValueSpec weight;
        if (FileColumn(obj, "weight", connect.File?.Weight,
                given => ReadValue(given, weightPath, WeightDimension(target, given), WeightMismatch($"a projection onto \"{to}\"", target, given))) is FileValue fileWeight)
            weight = fileWeight;
        else
        {
            JsonNode weightNode = _json.Require(obj, path, "weight");
            weight = matrix
                ? ReadMatrix((JsonArray)weightNode, weightPath, source, target)
                : ReadValue(weightNode, weightPath, WeightDimension(target, weightNode), WeightMismatch($"a projection onto \"{to}\"", target, weightNode));
        }

        ValueSpec delay;
        if (FileColumn(obj, "delay", connect.File?.Delay, given => ReadValue(given, Path(path, "delay"), Dimension.Time, null)) is FileValue fileDelay)
            delay = fileDelay;
        else if (connect.Rule == ConnectRule.Distance)
            delay = ReadSynapticDelay(obj, path, connect, source, target);
        else if (Get(obj, "delay") is null && target.Activation is { Model: not NeuronModel.LifRate })
            delay = new ConstantValue(ArtificialDefaultDelayMs);
        else
        {
            string delayPath = Path(path, "delay");
            JsonNode delayNode = _json.Require(obj, path, "delay");
            delay = ReadValue(delayNode, delayPath, Dimension.Time, null);
            CheckDelay(delay, delayNode, delayPath);
        }
        PlasticitySpec? plasticity = ReadPlasticity(obj, path, target, weight);
        if (connect.Rule == ConnectRule.FromFile && Get(obj, "structural") is not null)
            throw _json.Error(Path(path, "structural"), "structural plasticity grows synapses with drawn weights and delays, so it cannot be combined with rule from_file");
        if (connect.Rule == ConnectRule.Distance && Get(obj, "structural") is not null)
            throw _json.Error(Path(path, "structural"), "structural plasticity grows synapses with the projection's own delays, so it cannot be combined with rule distance (whose delays come from the distance)");
        StructuralSpec? structural = ReadStructural(obj, path, source, target, delay);
        ShortTermSpec? shortTerm = ReadShortTerm(obj, path);
        return new ProjectionSpec(name, from, to, connect, weight, delay, plasticity, structural, shortTerm);
    }

    private ConnectSpec ReadConnect(JsonNode node, string path, PopulationSpec source, PopulationSpec target, string projectionName)
    {
        JsonObject obj = _json.AsObject(node, path, "a connection rule");
        _json.CheckFields(obj, path, ConnectFields);
        string ruleText = _json.RequireString(obj, path, "rule");
        ConnectRule rule = ruleText switch
        {
            "one_to_one" => ConnectRule.OneToOne,
            "all_to_all" => ConnectRule.AllToAll,
            "random" => ConnectRule.Random,
            "fixed_indegree" => ConnectRule.FixedIndegree,
            "fixed_outdegree" => ConnectRule.FixedOutdegree,
            "small_world" => ConnectRule.SmallWorld,
            "scale_free" => ConnectRule.ScaleFree,
            "distance" => ConnectRule.Distance,
            "from_file" => ConnectRule.FromFile,
            _ => throw _json.Error(Path(path, "rule"),
                $"unknown connection rule \"{ruleText}\"{Suggestions.Then(ruleText, ConnectRules, $"known: {string.Join(", ", ConnectRules)}")}"),
        };
        if (rule == ConnectRule.FromFile) return ReadFileConnect(obj, path, source, target, projectionName);
        if (Get(obj, "path") is not null) throw _json.Error(Path(path, "path"), $"path is only used with rule from_file (this rule is {ruleText})");
        bool autapses = _json.ReadBool(obj, path, "allow_autapses") ?? true;
        bool multapses = _json.ReadBool(obj, path, "allow_multapses") ?? false;
        if (IsTopologyRule(rule)) return ReadTopologyConnect(obj, path, ruleText, rule, source, target, autapses, multapses);
        RejectForeignTopologyFields(obj, path, ruleText);
        bool sameSource = source.Name == target.Name;

        double p = 0;
        if (rule == ConnectRule.Random)
        {
            p = _json.ReadNumber(_json.Require(obj, path, "p"), Path(path, "p"));
            if (p is < 0 or > 1) throw _json.Error(Path(path, "p"), $"p must be in [0, 1], got {Quantity.FormatNumber(p)}");
        }
        else if (Get(obj, "p") is not null)
            throw _json.Error(Path(path, "p"), $"p is only used with rule random or small_world (this rule is {ruleText})");

        int k = 0;
        bool fixedDegree = rule is ConnectRule.FixedIndegree or ConnectRule.FixedOutdegree;
        if (fixedDegree)
            k = (int)_json.ReadInteger(_json.Require(obj, path, "k"), Path(path, "k"), 0, int.MaxValue);
        else if (Get(obj, "k") is not null)
            throw _json.Error(Path(path, "k"), $"k is only used with rules fixed_indegree and fixed_outdegree or small_world (this rule is {ruleText})");

        if (rule == ConnectRule.OneToOne)
        {
            if (source.Size != target.Size)
                throw _json.Error(Path(path, "rule"), $"one_to_one needs populations of equal size, but \"{source.Name}\" has {source.Size} neurons and \"{target.Name}\" has {target.Size}");
            if (sameSource && !autapses)
                throw _json.Error(Path(path, "rule"), "one_to_one within one population with allow_autapses false makes no synapse");
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
                throw _json.Error(Path(path, "k"), $"k = {k} exceeds the {available} possible {what} in \"{pool.Name}\" ({why})");
            }
            if (available == 0)
                throw _json.Error(Path(path, "k"), $"k = {k} but \"{pool.Name}\" has no possible {what} ({why})");
        }
        return new ConnectSpec(rule, p, k, autapses, multapses);
    }

    private void CheckDelay(ValueSpec delay, JsonNode node, string path)
    {
        switch (delay)
        {
            case ConstantValue c when c.Value <= 0:
                throw _json.Error(path, $"delay must be positive, got {Got(node)}");
            case DistributionValue { Kind: DistributionKind.Normal } n when !(n.Min > 0):
                throw _json.Error(path, "a normal delay distribution needs \"min\" > 0 so that no delay is <= 0");
            case DistributionValue { Kind: DistributionKind.Uniform } u when !(Math.Max(u.A, u.Min) > 0):
                throw _json.Error(path, "a uniform delay distribution needs \"low\" > 0 so that no delay is <= 0");
            case DistributionValue { Kind: DistributionKind.LogNormal } l when !(l.A > 0):
                throw _json.Error(path, "a lognormal delay distribution needs a positive mean");
        }
    }

    /// <summary>
    /// The dimension of a weight onto <paramref name="target"/>: its neuron model's (mV for delta, pA for exp); onto an activation neuron a
    /// plain number, or, when <paramref name="node"/> is written with units (a lif model switched to an activation),
    /// the psc's unit, whose number is then used as the weight.
    /// </summary>
    private static Dimension WeightDimension(PopulationSpec target, JsonNode? node = null) =>
        target.Activation is { Model: not NeuronModel.LifRate } && !HasText(node) ? Dimension.Dimensionless
        : target.Neuron.Model.WeightDimension;

    private static Func<string, string> WeightMismatch(string owner, PopulationSpec target, JsonNode? node = null)
    {
        Dimension dim = WeightDimension(target, node);
        if (dim == Dimension.Dimensionless)
            return got => $"weight of {owner} (an artificial population) must be a plain number, got {got}";
        string psc = target.Neuron.Psc;
        return got => $"weight of {owner} (psc {psc}) must be {Quantity.Describe(dim)}, got {got}";
    }

    // ------------------------------------------------------------------ distributions

    /// <summary>A constant quantity, or a distribution object {"dist": ...}.</summary>
    private ValueSpec ReadValue(JsonNode node, string path, Dimension dim, Func<string, string>? mismatch)
    {
        if (node is not JsonObject obj) return new ConstantValue(_json.ParseQuantity(node, path, dim, mismatch));

        string distText = _json.RequireString(obj, path, "dist");
        string[] known = distText switch
        {
            "normal" or "lognormal" => ["dist", "mean", "sd", "min", "max"],
            "uniform" => ["dist", "low", "high", "min", "max"],
            _ => throw _json.Error(Path(path, "dist"),
                $"unknown distribution \"{distText}\"{Suggestions.Then(distText, DistributionKinds, $"known: {string.Join(", ", DistributionKinds)}")}"),
        };
        _json.CheckFields(obj, path, known);
        double Q(string key) => _json.ParseQuantity(_json.Require(obj, path, key), Path(path, key), dim, mismatch);
        double min = Get(obj, "min") is not null ? Q("min") : double.NegativeInfinity;
        double max = Get(obj, "max") is not null ? Q("max") : double.PositiveInfinity;
        if (min >= max)
            throw _json.Error(Path(path, "max"), $"max ({Quantity.Format(max, dim)}) must be above min ({Quantity.Format(min, dim)})");

        DistributionKind kind;
        double a, b;
        if (distText == "uniform")
        {
            kind = DistributionKind.Uniform;
            a = Q("low");
            b = Q("high");
            if (a >= b)
                throw _json.Error(Path(path, "high"), $"high ({Quantity.Format(b, dim)}) must be above low ({Quantity.Format(a, dim)})");
            if (max <= a || min >= b)
                throw _json.Error(path, "min and max exclude every value between low and high");
        }
        else
        {
            kind = distText == "normal" ? DistributionKind.Normal : DistributionKind.LogNormal;
            a = Q("mean");
            b = Q("sd");
            if (b < 0) throw _json.Error(Path(path, "sd"), $"sd must be >= 0, got {Show(obj, "sd")}");
            if (kind == DistributionKind.LogNormal)
            {
                if (a == 0)
                    throw _json.Error(Path(path, "mean"), "a lognormal mean must not be 0 (its sign gives the sign of every draw)");
                if ((a > 0 && max <= 0) || (a < 0 && min >= 0))
                    throw _json.Error(path, "min and max exclude every value of this lognormal distribution");
            }
        }
        var value = new DistributionValue(kind, a, b, min, max);
        double mass = Connectivity.DistributionMass.Inside(value);
        if (mass < Connectivity.DistributionMass.Minimum)
            throw _json.Error(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"only a fraction {mass:G3} of this {distText} distribution lies between min and max, so values cannot be drawn inside them; widen min and max or move the distribution (at least {Connectivity.DistributionMass.Minimum:G} of it must lie inside)"));
        return value;
    }
}
