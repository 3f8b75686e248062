using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Network topology: neuron positions, and the connection rules small_world, scale_free and distance.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] PositionFields = ["layout", "extent", "coordinates"];
    private static readonly string[] PositionLayouts = ["grid", "random", "explicit"];

    /// <summary>The connect fields that only the topology rules use, and the rules that use them.</summary>
    private static readonly (string Field, string UsedBy)[] TopologyFields =
        [("m", "scale_free"), ("p0", "distance"), ("lambda", "distance"), ("velocity", "distance")];

    // ------------------------------------------------------------------ positions

    private PositionSpec ReadPositions(JsonNode node, string path, int size)
    {
        JsonObject obj = _json.AsObject(node, path, "neuron positions");
        _json.CheckFields(obj, path, PositionFields);
        string layoutText = _json.RequireString(obj, path, "layout");
        PositionLayout layout = layoutText switch
        {
            "grid" => PositionLayout.Grid,
            "random" => PositionLayout.Random,
            "explicit" => PositionLayout.Explicit,
            _ => throw _json.Error(Path(path, "layout"),
                $"unknown layout \"{layoutText}\"{Suggestions.Then(layoutText, PositionLayouts, $"known: {string.Join(", ", PositionLayouts)}")}"),
        };
        if (layout != PositionLayout.Explicit)
        {
            if (Get(obj, "coordinates") is not null)
                throw _json.Error(Path(path, "coordinates"), $"coordinates are only used with \"layout\": \"explicit\" (this layout is {layoutText})");
            double extent = _json.RequireQuantity(obj, path, "extent", Dimension.Length);
            if (!(extent > 0)) throw _json.Error(Path(path, "extent"), $"extent must be positive, got {Show(obj, "extent")}");
            return new PositionSpec(layout, extent);
        }

        if (Get(obj, "extent") is not null)
            throw _json.Error(Path(path, "extent"), "extent is only used with layouts grid and random (explicit coordinates give the positions)");
        string cp = Path(path, "coordinates");
        JsonArray list = _json.RequireArray(obj, path, "coordinates");
        if (list.Count != size)
            throw _json.Error(cp, $"expected one coordinate list per neuron ({size}), got {list.Count}");
        var xyz = new double[3 * size];
        for (int i = 0; i < size; i++)
        {
            string ip = JsonPaths.Index(cp, i);
            if (list[i] is not JsonArray point || point.Count is < 2 or > 3)
                throw _json.Error(ip, $"expected [x, y] or [x, y, z] with lengths such as [\"10 um\", \"20 um\"], got {Got(list[i])}");
            for (int c = 0; c < point.Count; c++)
                xyz[3 * i + c] = _json.ParseQuantity(point[c]!, JsonPaths.Index(ip, c), Dimension.Length, null);
        }
        return new PositionSpec(PositionLayout.Explicit, 0, xyz);
    }

    // ------------------------------------------------------------------ rules

    private static bool IsTopologyRule(ConnectRule rule) =>
        rule is ConnectRule.SmallWorld or ConnectRule.ScaleFree or ConnectRule.Distance;

    /// <summary>Rejects connect fields that belong to a rule other than <paramref name="ruleText"/>.</summary>
    private void RejectForeignTopologyFields(JsonObject obj, string path, string ruleText)
    {
        foreach ((string field, string usedBy) in TopologyFields)
            if (usedBy != ruleText && Get(obj, field) is not null)
                throw _json.Error(Path(path, field), $"{field} is only used with rule {usedBy} (this rule is {ruleText})");
    }

    private ConnectSpec ReadTopologyConnect(JsonObject obj, string path, string ruleText, ConnectRule rule,
                                            PopulationSpec source, PopulationSpec target, bool autapses, bool multapses)
    {
        RejectForeignTopologyFields(obj, path, ruleText);
        if (rule != ConnectRule.SmallWorld)
        {
            if (Get(obj, "k") is not null)
                throw _json.Error(Path(path, "k"), $"k is only used with rules fixed_indegree and fixed_outdegree or small_world (this rule is {ruleText})");
            if (Get(obj, "p") is not null)
                throw _json.Error(Path(path, "p"), $"p is only used with rule random or small_world (this rule is {ruleText})");
        }
        if (rule != ConnectRule.Distance && source.Name != target.Name)
            throw _json.Error(Path(path, "rule"),
                $"{ruleText} builds a graph within one population, but \"from\" is \"{source.Name}\" and \"to\" is \"{target.Name}\"");
        int n = source.Size;

        switch (rule)
        {
            case ConnectRule.SmallWorld:
            {
                int k = (int)_json.ReadInteger(_json.Require(obj, path, "k"), Path(path, "k"), 0, int.MaxValue);
                if (k < 2 || k % 2 != 0)
                    throw _json.Error(Path(path, "k"), $"k is the number of ring neighbours (k/2 on each side) and must be even and at least 2, got {k}");
                if (k >= n)
                    throw _json.Error(Path(path, "k"), $"k = {k} must be below the population size ({n} neurons in \"{source.Name}\")");
                double p = _json.ReadNumber(_json.Require(obj, path, "p"), Path(path, "p"));
                if (p is < 0 or > 1) throw _json.Error(Path(path, "p"), $"the rewiring probability p must be in [0, 1], got {Quantity.FormatNumber(p)}");
                return new ConnectSpec(rule, p, k, false, false);
            }
            case ConnectRule.ScaleFree:
            {
                int m = (int)_json.ReadInteger(_json.Require(obj, path, "m"), Path(path, "m"), 1, int.MaxValue);
                if (m >= n)
                    throw _json.Error(Path(path, "m"), $"m = {m} edges per new neuron needs more than m neurons, but \"{source.Name}\" has {n}");
                return new ConnectSpec(rule, M: m, AllowAutapses: false);
            }
            default:
            {
                foreach (PopulationSpec pop in new[] { source, target })
                    if (pop.Positions is null)
                        throw _json.Error(Path(path, "rule"),
                            $"rule distance needs positions for population \"{pop.Name}\": give it \"positions\", e.g. {{\"layout\": \"grid\", \"extent\": \"1 mm\"}}");
                double p0 = _json.ReadNumber(_json.Require(obj, path, "p0"), Path(path, "p0"));
                if (p0 is < 0 or > 1) throw _json.Error(Path(path, "p0"), $"p0 must be in [0, 1], got {Quantity.FormatNumber(p0)}");
                double lambda = _json.RequireQuantity(obj, path, "lambda", Dimension.Length);
                if (!(lambda > 0)) throw _json.Error(Path(path, "lambda"), $"lambda must be positive, got {Show(obj, "lambda")}");
                double velocity = _json.RequireQuantity(obj, path, "velocity", Dimension.Velocity);
                if (!(velocity > 0))
                    throw _json.Error(Path(path, "velocity"), $"velocity must be positive (real axons: 0.6 to 120 m/s), got {Show(obj, "velocity")}");
                return new ConnectSpec(rule, AllowAutapses: autapses, AllowMultapses: multapses,
                                       Distance: new DistanceSpec(p0, lambda, velocity));
            }
        }
    }

    /// <summary>
    /// The synaptic part of a distance projection's delay (the conduction time is added per synapse): optional,
    /// default 0 ms, never negative; 0 is refused where a synapse may join two neurons at the same place (autapses).
    /// </summary>
    private ValueSpec ReadSynapticDelay(JsonObject obj, string path, ConnectSpec connect, PopulationSpec source, PopulationSpec target)
    {
        string delayPath = Path(path, "delay");
        ValueSpec delay = Get(obj, "delay") is JsonNode node ? ReadValue(node, delayPath, Dimension.Time, null) : new ConstantValue(0);
        if (delay is ConstantValue c)
        {
            if (c.Value < 0) throw _json.Error(delayPath, $"the synaptic delay must be >= 0, got {Show(obj, "delay")}");
            if (c.Value == 0 && source.Name == target.Name && connect.AllowAutapses)
                throw _json.Error(Get(obj, "delay") is null ? Path(path, "connect") : delayPath,
                    "an autapse joins a neuron to itself at distance 0 and would get delay 0: set \"allow_autapses\": false or give a positive synaptic \"delay\"");
        }
        else CheckDelay(delay, obj["delay"]!, delayPath);
        return delay;
    }
}
