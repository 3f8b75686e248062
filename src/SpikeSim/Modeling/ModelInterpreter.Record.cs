using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Neurons;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Recording: spikes, membrane voltages, state variables, rates and connections.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] RecordFields = ["spikes", "v", "state", "rates", "connections", "weights", "synapses"];
    private static readonly string[] VoltageFields = ["population", "neurons", "interval", "from", "to"];
    private static readonly string[] StateFields = ["population", "neurons", "variables", "interval", "from", "to"];
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
                double interval = PositiveInterval(vo, p);
                (double from, double to) = ReadWindow(vo, p);
                v.Add(new VoltageRecordSpec(pop, neurons, interval, from, to));
            }
        }

        var state = new List<StateRecordSpec>();
        if (_json.OptionalArray(obj, path, "state") is JsonArray ss)
            for (int i = 0; i < ss.Count; i++) state.Add(ReadStateRecord(ss[i], JsonPaths.Index(Path(path, "state"), i), projections));

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
        return new RecordSpec(spikes, v, bin, connections, weights, synapses) { State = state };
    }

    /// <summary>One state recording: population, neurons, variables (checked against what the population can record), interval, window.</summary>
    private StateRecordSpec ReadStateRecord(JsonNode? node, string p, IReadOnlyList<ProjectionSpec> projections)
    {
        JsonObject so = _json.AsObject(node, p,
            "a state recording {\"population\": ..., \"variables\": [...], \"interval\": ...}");
        _json.CheckFields(so, p, StateFields);
        string pop = _json.RequireString(so, p, "population");
        PopulationSpec population = Population(pop, Path(p, "population"));
        if (population.IsArtificial)
            throw _json.Error(Path(p, "population"), $"population \"{pop}\" is artificial; state variables are recorded for spiking populations (activations.csv holds an artificial population's values)");
        int[]? neurons = ReadNeurons(so, p, population);
        IReadOnlyList<RecordableVariable> known = RecordableVariables.Of(population, projections);
        var names = new List<string>();
        string vp = Path(p, "variables");
        if (_json.OptionalArray(so, p, "variables") is JsonArray list)
        {
            if (list.Count == 0) throw _json.Error(vp, $"expected at least one variable name; {KnownVariables(population, known)}");
            for (int i = 0; i < list.Count; i++)
            {
                string ip = JsonPaths.Index(vp, i);
                string name = _json.AsString(list[i], ip, "a state variable name");
                if (!known.Any(k => k.Name == name))
                    throw _json.Error(ip, $"unknown variable \"{name}\"{Suggestions.Then(name, known.Select(k => k.Name), KnownVariables(population, known))}");
                if (names.Contains(name)) throw _json.Error(ip, $"variable \"{name}\" is listed twice");
                names.Add(name);
            }
        }
        else
        {
            names.AddRange(SpikingModels.Of(population.Neuron).StateVariables.Select(v => v.Name)); // default: the model's own
        }
        double interval = PositiveInterval(so, p);
        (double from, double to) = ReadWindow(so, p);
        return new StateRecordSpec(pop, neurons, names, interval, from, to);
    }

    /// <summary>"population "exc" (lif, psc exp) records: v (mV), i_syn_ex (pA), ..., stp_u:ee, stp_x:ee".</summary>
    private static string KnownVariables(PopulationSpec population, IReadOnlyList<RecordableVariable> known) =>
        $"population \"{population.Name}\" ({SpikingModels.Of(population.Neuron).Model}, psc {population.Neuron.Psc}) records: " +
        string.Join(", ", known.Select(k => k.Unit.Length > 0 ? $"{k.Name} ({k.Unit})" : k.Name));

    /// <summary>The optional sampling window [from, to) of a recording: from ≥ 0 (default 0), to &gt; from (default +infinity).</summary>
    private (double From, double To) ReadWindow(JsonObject obj, string path)
    {
        double from = _json.OptionalQuantity(obj, path, "from", Dimension.Time) ?? 0;
        if (from < 0) throw _json.Error(Path(path, "from"), $"from must be >= 0, got {Show(obj, "from")}");
        double to = _json.OptionalQuantity(obj, path, "to", Dimension.Time) ?? double.PositiveInfinity;
        if (!(to > from))
            throw _json.Error(Path(path, "to"), $"to ({Quantity.Format(to, Dimension.Time)}) must be after from ({Quantity.Format(from, Dimension.Time)})");
        return (from, to);
    }

    private double PositiveInterval(JsonObject obj, string path)
    {
        double interval = _json.RequireQuantity(obj, path, "interval", Dimension.Time);
        if (interval <= 0) throw _json.Error(Path(path, "interval"), $"interval must be positive, got {Show(obj, "interval")}");
        return interval;
    }
}
