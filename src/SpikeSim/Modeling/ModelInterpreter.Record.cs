using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Recording: spikes, membrane voltages, rates and connections.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] RecordFields = ["spikes", "v", "rates", "connections", "weights", "synapses"];
    private static readonly string[] VoltageFields = ["population", "neurons", "interval", "from", "to"];
    private static readonly string[] RatesFields = ["bin"];
    private static readonly string[] WeightsFields = ["interval", "projections"];
    private static readonly string[] SynapsesFields = ["interval"];

    // ------------------------------------------------------------------ record

    private RecordSpec ReadRecord(JsonObject top, string root, IReadOnlyList<ProjectionSpec> projections)
    {
        string path = Path(root, "record");
        if (Get(top, "record") is not JsonNode node)
            return new RecordSpec([.. _populations.Select(p => p.Name)], [], null);
        JsonObject obj = _json.AsObject(node, path, "the record settings");
        _json.CheckFields(obj, path, RecordFields);

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
                    string name = _json.AsString(names[i], p, "a population name");
                    Population(name, p);
                    if (spikes.Contains(name)) throw _json.Error(p, $"population \"{name}\" is listed twice");
                    spikes.Add(name);
                }
                break;
            case JsonNode b when b.GetValueKind() == JsonValueKind.True:
                spikes.AddRange(_populations.Select(p => p.Name));
                break;
            case JsonNode b when b.GetValueKind() == JsonValueKind.False:
                break;
            case JsonNode other:
                throw _json.Error(spikesPath, $"expected an array of population names, or true (all) or false (none), got {Got(other)}");
        }

        var v = new List<VoltageRecordSpec>();
        if (_json.OptionalArray(obj, path, "v") is JsonArray vs)
        {
            for (int i = 0; i < vs.Count; i++)
            {
                string p = JsonPaths.Index(Path(path, "v"), i);
                JsonObject vo = _json.AsObject(vs[i], p, "a voltage recording {\"population\": ..., \"interval\": ...}");
                _json.CheckFields(vo, p, VoltageFields);
                string pop = _json.RequireString(vo, p, "population");
                PopulationSpec population = Population(pop, Path(p, "population"));
                int[]? neurons = ReadNeurons(vo, p, population);
                double interval = _json.RequireQuantity(vo, p, "interval", Dimension.Time);
                if (interval <= 0) throw _json.Error(Path(p, "interval"), $"interval must be positive, got {Show(vo, "interval")}");
                double from = _json.OptionalQuantity(vo, p, "from", Dimension.Time) ?? 0;
                double to = _json.OptionalQuantity(vo, p, "to", Dimension.Time) ?? double.PositiveInfinity;
                if (from < 0) throw _json.Error(Path(p, "from"), $"from must be at least 0 ms, got {Show(vo, "from")}");
                if (!(to > from)) throw _json.Error(Path(p, "to"), $"to must be after from, got {Show(vo, "to")}");
                v.Add(new VoltageRecordSpec(pop, neurons, interval, from, to));
            }
        }

        double? bin = null;
        if (Get(obj, "rates") is JsonNode ratesNode)
        {
            string p = Path(path, "rates");
            JsonObject rates = _json.AsObject(ratesNode, p, "the rate settings {\"bin\": ...}");
            _json.CheckFields(rates, p, RatesFields);
            bin = _json.RequireQuantity(rates, p, "bin", Dimension.Time);
            if (bin <= 0) throw _json.Error(Path(p, "bin"), $"bin must be positive, got {Show(rates, "bin")}");
        }

        bool connections = _json.ReadBool(obj, path, "connections") ?? false;

        WeightsRecordSpec? weights = null;
        if (Get(obj, "weights") is JsonNode weightsNode)
        {
            string p = Path(path, "weights");
            JsonObject wo = _json.AsObject(weightsNode, p, "the weight snapshot settings {\"interval\": ..., \"projections\": [...]}");
            _json.CheckFields(wo, p, WeightsFields);
            double interval = PositiveInterval(wo, p);
            List<string>? names = null;
            if (_json.OptionalArray(wo, p, "projections") is JsonArray list)
            {
                names = [];
                var known = projections.Select(x => x.Name).ToList();
                for (int i = 0; i < list.Count; i++)
                {
                    string ip = JsonPaths.Index(Path(p, "projections"), i);
                    string name = _json.AsString(list[i], ip, "a projection name");
                    if (!known.Contains(name))
                        throw _json.Error(ip, $"unknown projection \"{name}\"{Suggestions.Then(name, known, $"known projections: {string.Join(", ", known)}")}");
                    names.Add(name);
                }
            }
            weights = new WeightsRecordSpec(interval, names);
        }

        double? synapses = null;
        if (Get(obj, "synapses") is JsonNode synapsesNode)
        {
            string p = Path(path, "synapses");
            JsonObject so = _json.AsObject(synapsesNode, p, "the synapse count settings {\"interval\": ...}");
            _json.CheckFields(so, p, SynapsesFields);
            synapses = PositiveInterval(so, p);
        }
        return new RecordSpec(spikes, v, bin, connections, weights, synapses);
    }

    private double PositiveInterval(JsonObject obj, string path)
    {
        double interval = _json.RequireQuantity(obj, path, "interval", Dimension.Time);
        if (interval <= 0) throw _json.Error(Path(path, "interval"), $"interval must be positive, got {Show(obj, "interval")}");
        return interval;
    }
}
