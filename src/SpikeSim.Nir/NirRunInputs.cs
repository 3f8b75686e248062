using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Nir;

/// <summary>What drives one NIR <c>Input</c> node: spike times per channel, current steps per channel, or Poisson trains (exactly one is set).</summary>
/// <param name="SpikesMs">One sorted list of spike times (ms) per channel, or null.</param>
/// <param name="Steps">Current steps (time in ms, one amplitude per channel in NIR current units = pA), or null.</param>
/// <param name="Poisson">A Poisson train per channel, or null.</param>
public sealed record NirInputSignal(double[][]? SpikesMs, IReadOnlyList<(double AtMs, double[] Amplitude)>? Steps, NirPoissonSignal? Poisson = null);

/// <summary>
/// A homogeneous Poisson train of unit-area spikes on every channel of an Input node, active in [start, stop) (then
/// delayed with the path), reaching each target with the graph's path weight.
/// </summary>
/// <param name="RatesHz">One rate for every channel, or one per channel, Hz.</param>
/// <param name="StartMs">Start, ms (0: from the beginning).</param>
/// <param name="StopMs">Stop, ms (+infinity: never).</param>
/// <param name="Independent">
/// False (the default): each channel must reach one neuron, whose train is then exactly the channel's. True: a channel
/// that reaches several neurons gives each its own independent train of the channel's rate (the same rate, not the
/// same spikes: a NIR channel is one train shared by its targets, a SpikeSim Poisson input draws one per neuron).
/// </param>
public sealed record NirPoissonSignal(double[] RatesHz, double StartMs, double StopMs, bool Independent);

/// <summary>
/// The side file that says how to run a NIR graph (NIR stores no input data): <c>GRAPH.inputs.json</c> beside
/// <c>GRAPH.nir</c>, or the file given with <c>--inputs</c>. Every field is optional:
/// <code>
/// { "time_unit": "ms", "edge_delay": "0.1 ms", "duration": "50 ms", "v_interval": "0.1 ms", "seed": 7,
///   "inputs": { "input": { "spikes": [["1 ms", "4 ms"], []] },
///               "drive": { "current": [ { "at": "0 ms", "amplitude": [1.5] }, { "at": "20 ms", "amplitude": [0] } ] },
///               "noise": { "poisson": { "rate": ["20 Hz", "5 Hz"], "start": "10 ms", "stop": "40 ms" } } } }
/// </code>
/// Keys of <c>inputs</c> are names of the graph's Input nodes; <c>spikes</c> has one list per channel (element of
/// the node's shape), <c>current</c> steps have one amplitude per channel, <c>poisson</c> one rate for all channels or
/// one per channel, optional <c>start</c>, <c>stop</c> and <c>independent</c> (see <see cref="NirPoissonSignal"/>);
/// <c>seed</c> is the model's seed, which every Poisson train is drawn from (default 1). The weights are the graph's:
/// each spike is a unit-area pulse through the path's Linear, Affine and Scale nodes, as for <c>spikes</c>.
/// </summary>
public sealed record NirRunInputs
{
    /// <summary>"ms" or "s", or null to use the graph's metadata or the default (ms).</summary>
    public string? TimeUnit { get; init; }
    /// <summary>Delay given to edges without a Delay node, ms (SpikeSim needs positive delays).</summary>
    public double? EdgeDelayMs { get; init; }
    /// <summary>Run duration, ms.</summary>
    public double? DurationMs { get; init; }
    /// <summary>Sampling interval of recorded voltages (LI, CubaLI, I nodes feeding an Output), ms.</summary>
    public double? VIntervalMs { get; init; }
    /// <summary>The model's seed (Poisson trains), or null for 1.</summary>
    public ulong? Seed { get; init; }
    /// <summary>The side file these came from (named in error messages), or null when made in code.</summary>
    public string? SourcePath { get; init; }
    /// <summary>Signals by Input node name.</summary>
    public IReadOnlyDictionary<string, NirInputSignal> Signals { get; init; } = new Dictionary<string, NirInputSignal>();

    /// <summary>The default side file of a graph: <c>GRAPH.inputs.json</c> beside <c>GRAPH.nir</c>.</summary>
    public static string DefaultPath(string graphPath) => Path.ChangeExtension(graphPath, null) + ".inputs.json";

    /// <summary>Reads a side file.</summary>
    /// <exception cref="ModelException">Not valid JSON, or a field that is not what it should be (the message names it).</exception>
    public static NirRunInputs Read(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), null, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e) { throw new ModelException(path, null, (int?)(e.LineNumber + 1), "invalid JSON: " + e.Message, e); }
        catch (IOException e) { throw new ModelException(path, null, null, "cannot read the file: " + e.Message, e); }
        if (root is not JsonObject obj) throw new ModelException(path, "$", null, "expected an object such as {\"inputs\": {...}}");
        var known = new[] { "time_unit", "edge_delay", "duration", "v_interval", "seed", "inputs" };
        foreach (var (key, _) in obj)
            if (!known.Contains(key)) throw new ModelException(path, "$." + key, null, $"unknown field; expected one of {string.Join(", ", known)}");
        string? unit = obj["time_unit"]?.GetValue<string>();
        if (unit is not null and not "ms" and not "s") throw new ModelException(path, "$.time_unit", null, $"expected \"ms\" or \"s\", got \"{unit}\"");
        var signals = new Dictionary<string, NirInputSignal>(StringComparer.Ordinal);
        if (obj["inputs"] is JsonNode inputs)
        {
            if (inputs is not JsonObject map) throw new ModelException(path, "$.inputs", null, "expected an object mapping Input node names to {\"spikes\": ...}, {\"current\": ...} or {\"poisson\": ...}");
            foreach (var (name, value) in map) signals[name] = ReadSignal(value, $"$.inputs.{name}", path);
        }
        return new NirRunInputs
        {
            TimeUnit = unit,
            EdgeDelayMs = Time(obj, "edge_delay", path),
            DurationMs = Time(obj, "duration", path),
            VIntervalMs = Time(obj, "v_interval", path),
            Seed = ReadSeed(obj, path),
            SourcePath = path,
            Signals = signals,
        };
    }

    private static ulong? ReadSeed(JsonObject obj, string file)
    {
        if (obj["seed"] is not JsonNode n) return null;
        if (n is JsonValue v && v.TryGetValue(out ulong seed)) return seed;
        throw new ModelException(file, "$.seed", null, $"expected a non-negative integer, got {n.ToJsonString()}");
    }

    private static NirInputSignal ReadSignal(JsonNode? node, string at, string file)
    {
        if (node is JsonObject { Count: 1 } o && o["spikes"] is JsonArray channels)
        {
            var spikes = new double[channels.Count][];
            for (int c = 0; c < channels.Count; c++)
            {
                if (channels[c] is not JsonArray times) throw new ModelException(file, $"{at}.spikes[{c}]", null, "expected a list of times such as [\"1 ms\", \"2 ms\"] (one list per channel)");
                spikes[c] = times.Select((t, i) => Parse(t, Dimension.Time, $"{at}.spikes[{c}][{i}]", file)).Order().ToArray();
            }
            return new NirInputSignal(spikes, null);
        }
        if (node is JsonObject { Count: 1 } p && p["current"] is JsonArray steps)
        {
            var list = new List<(double, double[])>();
            for (int s = 0; s < steps.Count; s++)
            {
                string sp = $"{at}.current[{s}]";
                if (steps[s] is not JsonObject step || step["amplitude"] is not JsonArray amps)
                    throw new ModelException(file, sp, null, "expected {\"at\": \"0 ms\", \"amplitude\": [one number per channel]}");
                double t = Parse(step["at"], Dimension.Time, sp + ".at", file);
                if (list.Count > 0 && t <= list[^1].Item1) throw new ModelException(file, sp + ".at", null, "step times must increase strictly");
                list.Add((t, amps.Select((a, i) => Parse(a, Dimension.Dimensionless, $"{sp}.amplitude[{i}]", file)).ToArray()));
            }
            return new NirInputSignal(null, list);
        }
        if (node is JsonObject { Count: 1 } q && q["poisson"] is JsonObject poisson) return new NirInputSignal(null, null, ReadPoisson(poisson, at + ".poisson", file));
        throw new ModelException(file, at, null, "expected {\"spikes\": [[times of channel 0], ...]}, {\"current\": [{\"at\": ..., \"amplitude\": [...]}, ...]} or {\"poisson\": {\"rate\": \"20 Hz\"}}");
    }

    private static NirPoissonSignal ReadPoisson(JsonObject obj, string at, string file)
    {
        string[] known = ["rate", "start", "stop", "independent"];
        foreach (var (key, _) in obj)
            if (!known.Contains(key)) throw new ModelException(file, $"{at}.{key}", null, $"unknown field; expected one of {string.Join(", ", known)}");
        double[] rates = obj["rate"] switch
        {
            null => throw new ModelException(file, at, null, "missing \"rate\": one rate for every channel (\"20 Hz\") or a list with one per channel"),
            JsonArray list => [.. list.Select((r, i) => Parse(r, Dimension.Frequency, $"{at}.rate[{i}]", file))],
            JsonNode one => [Parse(one, Dimension.Frequency, $"{at}.rate", file)],
        };
        for (int i = 0; i < rates.Length; i++)
            if (!(rates[i] >= 0 && double.IsFinite(rates[i])))
                throw new ModelException(file, obj["rate"] is JsonArray ? $"{at}.rate[{i}]" : $"{at}.rate", null, $"a rate must be finite and >= 0, got {NirUnits.Number(rates[i])} Hz");
        double start = obj["start"] is JsonNode a ? Parse(a, Dimension.Time, at + ".start", file) : 0;
        double stop = obj["stop"] is JsonNode b ? Parse(b, Dimension.Time, at + ".stop", file) : double.PositiveInfinity;
        if (start < 0) throw new ModelException(file, at + ".start", null, "start must be >= 0 ms");
        if (stop <= start) throw new ModelException(file, at + ".stop", null, "stop must be after start");
        bool independent = false;
        if (obj["independent"] is JsonNode ind && !(ind is JsonValue iv && iv.TryGetValue(out independent)))
            throw new ModelException(file, at + ".independent", null, "expected true or false");
        return new NirPoissonSignal(rates, start, stop, independent);
    }

    private static double? Time(JsonObject obj, string field, string file) =>
        obj[field] is JsonNode n ? Parse(n, Dimension.Time, "$." + field, file) : null;

    private static double Parse(JsonNode? node, Dimension dim, string at, string file)
    {
        if (dim == Dimension.Dimensionless && node is JsonValue v && v.TryGetValue(out double x)) return x;
        string text = node is JsonValue s && s.TryGetValue(out string? str) ? str : node?.ToJsonString() ?? "null";
        if (Quantity.TryParse(text, dim, out double value, out string? problem)) return value;
        throw new ModelException(file, at, null, problem);
    }
}
