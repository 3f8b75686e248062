using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// The artificial mode: activation neurons (gain, bias), lif_rate, weight matrices and "values" inputs.
internal sealed partial class ModelInterpreter
{
    private static readonly string[] ActivationFields = ["gain", "bias"];

    /// <summary>Delay given to projections onto artificial populations that name none, ms (delays play no role in the synchronous artificial mode).</summary>
    internal const double ArtificialDefaultDelayMs = 1.0;

    private static NeuronModel? ActivationModel(string name) => name switch
    {
        "step" => NeuronModel.Step,
        "sigmoid" => NeuronModel.Sigmoid,
        "tanh" => NeuronModel.Tanh,
        "relu" => NeuronModel.Relu,
        "linear" => NeuronModel.Linear,
        _ => null,
    };

    /// <summary>Whether the node is, or holds, a string (a quantity written with its unit).</summary>
    private static bool HasText(JsonNode? node) => node switch
    {
        JsonValue v => v.GetValueKind() == JsonValueKind.String,
        JsonObject o => o.Any(p => HasText(p.Value)),
        JsonArray a => a.Any(HasText),
        _ => false,
    };

    private static bool IsLifRate(JsonNode? neuron) =>
        neuron is JsonObject obj && Get(obj, "model") is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
        v.GetValue<string>() == "lif_rate";

    /// <summary>
    /// The activation (model, gain, bias) of the neuron at <paramref name="path"/>, or null when the model is lif or
    /// lif_rate (or unknown: ReadNeuron reports it). Its fields are checked by ReadNeuron, which also keeps any LIF
    /// parameters written beside it (unused by the activation, back in force when the model is switched to lif).
    /// </summary>
    private ActivationSpec? ReadActivation(JsonNode node, string path)
    {
        JsonObject obj = _json.AsObject(node, path, "a neuron");
        if (Get(obj, "model") is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        if (ActivationModel(v.GetValue<string>()) is not NeuronModel model) return null;
        double gain = Get(obj, "gain") is JsonNode g ? _json.ReadNumber(g, Path(path, "gain")) : 1.0;
        double bias = Get(obj, "bias") is JsonNode b ? _json.ReadNumber(b, Path(path, "bias")) : 0.0;
        return new ActivationSpec(model, gain, bias);
    }

    /// <summary>A weight matrix: one row per target neuron, one entry per source neuron.</summary>
    private MatrixValue ReadMatrix(JsonArray rows, string path, PopulationSpec source, PopulationSpec target)
    {
        if (rows.Count != target.Size)
            throw _json.Error(path, $"a weight matrix needs one row per target neuron: \"{target.Name}\" has {target.Size}, the matrix has {rows.Count} rows");
        var result = new double[rows.Count][];
        for (int t = 0; t < rows.Count; t++)
        {
            string rp = JsonPaths.Index(path, t);
            if (rows[t] is not JsonArray row)
                throw _json.Error(rp, $"expected a row of {source.Size} weights (one per neuron of \"{source.Name}\"), got {Got(rows[t])}");
            if (row.Count != source.Size)
                throw _json.Error(rp, $"row {t} has {row.Count} weights but \"{source.Name}\" has {source.Size} neurons (rows are targets, columns sources)");
            result[t] = new double[row.Count];
            for (int s = 0; s < row.Count; s++)
            {
                string ep = JsonPaths.Index(rp, s);
                JsonNode entry = row[s] ?? throw _json.Error(ep, "expected a weight, got null");
                result[t][s] = _json.ParseQuantity(entry, ep, WeightDimension(target, entry), WeightMismatch($"a projection onto \"{target.Name}\"", target, entry));
            }
        }
        return new MatrixValue(result);
    }

    private ValuesInput ReadValuesInput(JsonObject obj, string path, PopulationSpec target, int[]? neurons, int count)
    {
        Dimension dim = target.Activation is { Model: not NeuronModel.LifRate } ? Dimension.Dimensionless : Dimension.Current;
        PerNeuron values = ReadPerNeuron(_json.Require(obj, path, "values"), Path(path, "values"), dim, count, "values",
            got => dim == Dimension.Dimensionless
                ? $"values for \"{target.Name}\" (artificial) must be plain numbers, got {got}"
                : $"values for \"{target.Name}\" (a LIF population: its values are currents) must be {Quantity.Describe(dim)}, got {got}",
            null);
        return new ValuesInput(target.Name, neurons, values);
    }
}
