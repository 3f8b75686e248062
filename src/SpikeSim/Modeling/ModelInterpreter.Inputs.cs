using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Inputs: spike times, Poisson sources and current steps, with their per-neuron values.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] InputTypes = ["spike_times", "poisson", "current", "values"];
    private static readonly string[] ValuesFields = ["type", "to", "neurons", "values"];
    private static readonly string[] SpikeTimesFields = ["type", "to", "neurons", "times", "weight"];
    private static readonly string[] PoissonFields = ["type", "to", "neurons", "rate", "weight", "start", "stop"];
    private static readonly string[] CurrentFields = ["type", "to", "neurons", "steps"];
    private static readonly string[] StepFields = ["at", "amplitude"];

    // ------------------------------------------------------------------ inputs

    private InputSpec ReadInput(JsonNode? node, string path)
    {
        JsonObject obj = _json.AsObject(node, path, "an input");
        string type = _json.RequireString(obj, path, "type");
        string[] fields = type switch
        {
            "spike_times" => SpikeTimesFields,
            "poisson" => PoissonFields,
            "current" => CurrentFields,
            "values" => ValuesFields,
            _ => throw _json.Error(Path(path, "type"),
                $"unknown input type \"{type}\"{Suggestions.Then(type, InputTypes, $"known: {string.Join(", ", InputTypes)}")}"),
        };
        _json.CheckFields(obj, path, fields, $" for an input of type {type}");
        string to = _json.RequireString(obj, path, "to");
        PopulationSpec target = Population(to, Path(path, "to"));
        int[]? neurons = ReadNeurons(obj, path, target);
        int count = neurons?.Length ?? target.Size;
        JsonNode? weightNode = Get(obj, "weight");
        Func<string, string> mismatch = WeightMismatch($"an input to \"{to}\"", target, weightNode);

        switch (type)
        {
            case "values":
                return ReadValuesInput(obj, path, target, neurons, count);
            case "spike_times":
            {
                double[][] times = ReadSpikeTimes(_json.Require(obj, path, "times"), Path(path, "times"), count);
                PerNeuron weight = ReadPerNeuron(_json.Require(obj, path, "weight"), Path(path, "weight"), WeightDimension(target, weightNode), count, "weight", mismatch, null);
                return new SpikeTimesInput(to, neurons, times, weight);
            }
            case "poisson":
            {
                PerNeuron rate = ReadPerNeuron(_json.Require(obj, path, "rate"), Path(path, "rate"), Dimension.Frequency, count, "rate", null,
                    (v, node) => v < 0 ? $"rate must be >= 0, got {Got(node)}" : null);
                PerNeuron weight = ReadPerNeuron(_json.Require(obj, path, "weight"), Path(path, "weight"), WeightDimension(target, weightNode), count, "weight", mismatch, null);
                double start = _json.OptionalQuantity(obj, path, "start", Dimension.Time) ?? 0;
                if (start < 0) throw _json.Error(Path(path, "start"), $"start must be >= 0, got {Show(obj, "start")}");
                double stop = _json.OptionalQuantity(obj, path, "stop", Dimension.Time) ?? double.PositiveInfinity;
                if (stop < start)
                    throw _json.Error(Path(path, "stop"), $"stop ({Quantity.Format(stop, Dimension.Time)}) must not be before start ({Quantity.Format(start, Dimension.Time)})");
                return new PoissonInput(to, neurons, rate, weight, start, stop);
            }
            default:
            {
                string stepsPath = Path(path, "steps");
                JsonArray steps = _json.RequireArray(obj, path, "steps");
                if (steps.Count == 0) throw _json.Error(stepsPath, "a current input needs at least one step");
                var list = new List<CurrentStep>();
                for (int i = 0; i < steps.Count; i++)
                {
                    string sp = JsonPaths.Index(stepsPath, i);
                    JsonObject step = _json.AsObject(steps[i], sp, "a step {\"at\": ..., \"amplitude\": ...}");
                    _json.CheckFields(step, sp, StepFields);
                    double at = _json.RequireQuantity(step, sp, "at", Dimension.Time);
                    if (at < 0) throw _json.Error(Path(sp, "at"), $"a step time must be >= 0, got {Show(step, "at")}");
                    if (list.Count > 0 && at <= list[^1].AtMs)
                        throw _json.Error(Path(sp, "at"), $"step times must increase strictly: {Quantity.Format(at, Dimension.Time)} comes after {Quantity.Format(list[^1].AtMs, Dimension.Time)}");
                    PerNeuron amplitude = ReadPerNeuron(_json.Require(step, sp, "amplitude"), Path(sp, "amplitude"), Dimension.Current, count, "amplitude", null, null);
                    list.Add(new CurrentStep(at, amplitude));
                }
                return new CurrentInput(to, neurons, list);
            }
        }
    }

    private double[][] ReadSpikeTimes(JsonNode node, string path, int count)
    {
        if (node is not JsonArray array)
            throw _json.Error(path, $"expected an array of times such as [\"1 ms\", \"2.5 ms\"] (or one array per targeted neuron), got {Got(node)}");
        bool perNeuron = array.Count > 0 && array[0] is JsonArray;
        if (!perNeuron) return [ReadTimeList(array, path)];
        if (array.Count != count)
            throw _json.Error(path, $"times has {array.Count} lists but the input targets {count} neurons (give one list per targeted neuron, or one shared list)");
        var result = new double[array.Count][];
        for (int i = 0; i < array.Count; i++)
        {
            string p = JsonPaths.Index(path, i);
            if (array[i] is not JsonArray inner)
                throw _json.Error(p, $"expected a list of times (the first element is a list, so every element must be one), got {Got(array[i])}");
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
            JsonNode item = array[i] ?? throw _json.Error(p, $"expected {Quantity.Describe(Dimension.Time)}, got null");
            if (item is JsonArray)
                throw _json.Error(p, $"expected {Quantity.Describe(Dimension.Time)}, got an array (use either one shared list of times or one list per targeted neuron)");
            times[i] = _json.ParseQuantity(item, p, Dimension.Time, null);
            if (times[i] < 0) throw _json.Error(p, $"spike times must be >= 0, got {Got(item)}");
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
            if (item is null) throw _json.Error(p, $"expected {Quantity.Describe(dim)}, got null");
            double v = _json.ParseQuantity(item, p, dim, mismatch);
            if (check?.Invoke(v, item) is string problem) throw _json.Error(p, problem);
            return v;
        }

        if (node is not JsonArray array) return PerNeuron.Of(One(node, path));
        if (array.Count != count)
            throw _json.Error(path, $"{field} has {array.Count} values but the input targets {count} neurons (give one value per targeted neuron, or a single value)");
        var values = new double[array.Count];
        for (int i = 0; i < array.Count; i++) values[i] = One(array[i], JsonPaths.Index(path, i));
        return new PerNeuron(values);
    }
}
