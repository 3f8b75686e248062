using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Analysis;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Sweeps;

/// <summary>
/// Reads sweep files (JSON with comments; the same content as the <c>spikesim sweep</c> command line) and writes a
/// sweep's definition (<c>sweep.json</c> of a sweep folder, in the same format plus <c>model_sha256</c> and
/// <c>shard</c>). Fields:
/// <code>
/// {
///   "model": "../brunel2000.json",              // required; relative to the sweep file's folder
///   "description": "...",                       // free text or an array of lines
///   "set": { "duration": "500 ms" },            // fixed overrides, PATH: VALUE (as run --set)
///   "params": {                                 // swept parameters, PATH: VALUES
///     "populations.exc.neuron.tau_m": "10 ms..30 ms:5",     // grid START..END:COUNT
///     "inputs.0.rate": ["10 Hz", "20 Hz", "40 Hz"]          // list
///   },
///   "random": { "samples": 20,                  // random samples per grid/list combination
///               "params": { "inputs.1.rate": "uniform(5 kHz, 15 kHz)" } },
///   "repeats": 3, "seed": 1,                    // runs per point; the sweep seed (defaults 1 and 1)
///   "metrics": { "names": ["rate_hz", "cv_isi", "fano", "chi", "events"],
///                "warmup": "100 ms", "fano_bin": "50 ms", "chi_bin": "1 ms" }
/// }
/// </code>
/// A PATH may join several model paths with '+' to give them one value.
/// </summary>
public static class SweepFile
{
    private static readonly string[] Fields =
        ["$schema", "description", "model", "model_sha256", "set", "params", "random", "repeats", "seed", "metrics", "shard"];

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>True when the JSON text looks like a sweep file (an object with a "model" string) rather than a model.</summary>
    public static bool IsSweepFile(string jsonText)
    {
        try
        {
            return JsonNode.Parse(jsonText, null, Options) is JsonObject o && o["model"] is JsonValue v &&
                   v.GetValueKind() == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the sweep file at <paramref name="path"/>; the model path is resolved against its folder.</summary>
    /// <exception cref="ModelException">An invalid file, naming the file and the JSON path.</exception>
    public static SweepDefinition Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException(path, null, null, "cannot read the sweep file: " + e.Message, e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses sweep-file text; <paramref name="file"/> names it in errors and anchors the model path.</summary>
    public static SweepDefinition Parse(string text, string file)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, null, Options) as JsonObject
                ?? throw new ModelException(file, "$", null, "a sweep file must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelException(file, null, e.LineNumber is long l ? (int)l + 1 : null, "invalid JSON: " + e.Message, e);
        }
        foreach (var (key, _) in root)
            if (Array.IndexOf(Fields, key) < 0)
                throw new ModelException(file, "$." + key, null, "unknown field" + Suggestions.Then(key, Fields, "expected one of " + string.Join(", ", Fields)));

        string model = String(root, "model", file) ?? throw new ModelException(file, "$.model", null, "the model file is required");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!Path.IsPathRooted(model) && folder is not null) model = Path.GetFullPath(Path.Combine(folder, model));

        var sets = new List<string>();
        if (root["set"] is JsonNode setNode)
        {
            if (setNode is not JsonObject setObj) throw new ModelException(file, "$.set", null, "expected an object { \"PATH\": VALUE }");
            foreach (var (key, value) in setObj) sets.Add(key + "=" + ValueText(value));
        }

        var parameters = new List<SweepParameter>();
        ReadParams(root["params"], "$.params", file, random: false, parameters);
        int samples = 0;
        if (root["random"] is JsonNode randomNode)
        {
            if (randomNode is not JsonObject random) throw new ModelException(file, "$.random", null, "expected { \"samples\": N, \"params\": { ... } }");
            foreach (var (key, _) in random)
                if (key is not ("samples" or "params"))
                    throw new ModelException(file, "$.random." + key, null, "unknown field; expected samples, params");
            samples = (int)Integer(random, "samples", file, "$.random.samples", 1, int.MaxValue, null);
            ReadParams(random["params"], "$.random.params", file, random: true, parameters);
        }
        int repeats = (int)Integer(root, "repeats", file, "$.repeats", 1, int.MaxValue, 1);
        ulong seed = root["seed"] is JsonNode s ? ReadUlong(s, file, "$.seed") : 1;
        var (names, settings) = ReadMetrics(root["metrics"], file);
        var spec = new SweepSpec(model, sets, parameters, samples, repeats, seed, names, settings);
        Validate(spec, file);
        Shard? shard = String(root, "shard", file) is string shardText
            ? Shard.TryParse(shardText, out var sh) ? sh : throw new ModelException(file, "$.shard", null, "expected I/N")
            : null;
        return new SweepDefinition(spec, String(root, "model_sha256", file), shard);
    }

    /// <summary>Checks the whole spec: random parameters need samples and vice versa, known metrics, positive bins.</summary>
    public static void Validate(SweepSpec spec, string source)
    {
        if (spec.HasRandom && spec.Samples < 1)
            throw new ModelException(source, null, null, "random parameters need a number of samples (--samples N, or \"random\": { \"samples\": N })");
        if (!spec.HasRandom && spec.Samples > 0)
            throw new ModelException(source, null, null, "samples were asked for but no parameter is random (uniform(LOW,HIGH) or loguniform(LOW,HIGH))");
        if (spec.Repeats < 1) throw new ModelException(source, null, null, "repeats must be at least 1");
        foreach (string set in spec.Sets)
            if (set.Split('=')[0].Trim() is "seed" or "$.seed")
                throw new ModelException(source, null, null, "a sweep sets each run's model seed itself, from the sweep seed; give --seed S (or \"seed\") instead of setting seed");
        foreach (var p in spec.Parameters)
            if (p.Paths.Contains("seed"))
                throw new ModelException(source, null, null, "a sweep sets each run's model seed itself; to run a point with several seeds use --repeats N");
        var seen = new HashSet<string>();
        foreach (var p in spec.Parameters)
            foreach (string path in p.Paths)
                if (!seen.Add(path)) throw new ModelException(source, null, null, $"the parameter {path} is swept twice");
        foreach (string name in spec.MetricNames)
            if (RunMetrics.TryCreate(name, spec.Metrics) is null)
                throw new ModelException(source, "$.metrics.names", null,
                    $"unknown metric \"{name}\"" + Suggestions.Then(name, RunMetrics.AllNames, "known: " + string.Join(", ", RunMetrics.AllNames)));
        if (!(spec.Metrics.FanoBinMs > 0) || !(spec.Metrics.ChiBinMs > 0) || !(spec.Metrics.WarmupMs >= 0))
            throw new ModelException(source, "$.metrics", null, "fano_bin and chi_bin must be above 0 ms and warmup at least 0 ms");
        _ = spec.PointCount;
    }

    /// <summary>The definition as JSON: everything that decides a sweep's numbers, plus the shard and model hash.</summary>
    public static string Write(SweepDefinition definition, bool withModelPath = true, bool withShard = true)
    {
        var spec = definition.Spec;
        var root = new JsonObject();
        if (withModelPath) root["model"] = spec.ModelPath;
        if (definition.ModelSha256 is not null) root["model_sha256"] = definition.ModelSha256;
        var sets = new JsonObject();
        foreach (string s in spec.Sets)
        {
            int eq = s.IndexOf('=');
            sets[s[..eq].Trim()] = s[(eq + 1)..].Trim();
        }
        root["set"] = sets;
        var fixedParams = new JsonObject();
        var randomParams = new JsonObject();
        foreach (var p in spec.Parameters)
            (p is RandomParameter ? randomParams : fixedParams)[p.Path] = p.ValuesText;
        root["params"] = fixedParams;
        if (spec.Samples > 0) root["random"] = new JsonObject { ["samples"] = spec.Samples, ["params"] = randomParams };
        root["repeats"] = spec.Repeats;
        root["seed"] = spec.Seed;
        root["metrics"] = new JsonObject
        {
            ["names"] = new JsonArray([.. spec.MetricNames.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["warmup"] = Quantity.Format(spec.Metrics.WarmupMs, Dimension.Time),
            ["fano_bin"] = Quantity.Format(spec.Metrics.FanoBinMs, Dimension.Time),
            ["chi_bin"] = Quantity.Format(spec.Metrics.ChiBinMs, Dimension.Time),
        };
        if (withShard && definition.Shard is Shard shard) root["shard"] = shard.ToString();
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static void ReadParams(JsonNode? node, string at, string file, bool random, List<SweepParameter> into)
    {
        if (node is null) return;
        if (node is not JsonObject obj) throw new ModelException(file, at, null, "expected an object { \"PATH\": VALUES }");
        foreach (var (key, value) in obj)
        {
            string where = at + "." + key;
            SweepParameter p;
            try
            {
                p = ReadParam(key, value, where, file);
            }
            catch (ModelException e) when (e.File == where)
            {
                throw new ModelException(file, where, null, e.Problem, e);
            }
            if (random != p is RandomParameter)
                throw new ModelException(file, where, null, random
                    ? "the \"random\" block takes uniform(LOW,HIGH) or loguniform(LOW,HIGH) values"
                    : "random values go in the \"random\" block: \"random\": { \"samples\": N, \"params\": { ... } }");
            into.Add(p);
        }
    }

    private static SweepParameter ReadParam(string key, JsonNode? value, string where, string file)
    {
        SweepParameter p;
        if (value is JsonArray array)
        {
            var items = new List<string>();
            foreach (var item in array) items.Add(ValueText(item));
            if (items.Count == 0) throw new ModelException(file, where, null, "the list is empty");
            p = new ListParameter(SweepParameter.Parse(key + "=[x]", where).Path, items);
        }
        else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            p = SweepParameter.Parse(key + "=" + v.GetValue<string>(), where);
        else
            throw new ModelException(file, where, null, "expected a grid \"START..END:COUNT\", a list [A, B, ...] or \"uniform(LOW,HIGH)\"");
        return p;
    }

    private static (IReadOnlyList<string>, MetricSettings) ReadMetrics(JsonNode? node, string file)
    {
        if (node is null) return (RunMetrics.Names, new MetricSettings());
        if (node is not JsonObject obj) throw new ModelException(file, "$.metrics", null, "expected { \"names\": [...], \"warmup\": \"100 ms\", ... }");
        IReadOnlyList<string> names = RunMetrics.Names;
        if (obj["names"] is JsonNode n)
        {
            if (n is not JsonArray a) throw new ModelException(file, "$.metrics.names", null, "expected an array of metric names");
            names = [.. a.Select(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.String
                ? xv.GetValue<string>() : throw new ModelException(file, "$.metrics.names", null, "expected metric names (strings)"))];
        }
        var defaults = new MetricSettings();
        double Time(string key, double fallback)
        {
            if (obj[key] is not JsonNode t) return fallback;
            if (t is JsonValue tv && tv.GetValueKind() == JsonValueKind.String &&
                Quantity.TryParse(tv.GetValue<string>(), Dimension.Time, out double ms, out string? problem))
                return ms;
            throw new ModelException(file, "$.metrics." + key, null, "expected a time such as \"50 ms\"");
        }
        foreach (var (key, _) in obj)
            if (key is not ("names" or "warmup" or "fano_bin" or "chi_bin"))
                throw new ModelException(file, "$.metrics." + key, null, "unknown field; expected names, warmup, fano_bin, chi_bin");
        return (names, new MetricSettings(Time("warmup", defaults.WarmupMs), Time("fano_bin", defaults.FanoBinMs), Time("chi_bin", defaults.ChiBinMs)));
    }

    /// <summary>A JSON value as a --set value text: a string's content, anything else as compact JSON.</summary>
    private static string ValueText(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";

    private static string? String(JsonObject o, string key, string file) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new ModelException(file, "$." + key, null, "expected a string"),
    };

    private static long Integer(JsonObject o, string key, string file, string at, long min, long max, long? fallback)
    {
        if (o[key] is not JsonNode node)
            return fallback ?? throw new ModelException(file, at, null, "is required");
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n) && n >= min && n <= max) return n;
        throw new ModelException(file, at, null, string.Create(CultureInfo.InvariantCulture, $"expected a whole number from {min} to {max}"));
    }

    private static ulong ReadUlong(JsonNode node, string file, string at)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out ulong n)) return n;
        throw new ModelException(file, at, null, $"expected a whole number from 0 to {ulong.MaxValue}");
    }

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>SHA-256 of a text's UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256Text(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A sweep as stored in a sweep folder: the spec, the model file's hash and the shard, if any.</summary>
/// <param name="Spec">The sweep.</param>
/// <param name="ModelSha256">SHA-256 of the model file's bytes (null in a sweep file written by hand).</param>
/// <param name="Shard">The shard this folder holds, or null for the whole sweep.</param>
public sealed record SweepDefinition(SweepSpec Spec, string? ModelSha256, Shard? Shard)
{
    /// <summary>The text that must agree between a folder's sweep.json and a rerun or another shard: all but the model path and shard.</summary>
    public string Identity => SweepFile.Write(this, withModelPath: false, withShard: false);
}

/// <summary>Shard <paramref name="Index"/> of <paramref name="Count"/>: the points whose index % Count == Index.</summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>True when point <paramref name="point"/> belongs to this shard.</summary>
    public bool Contains(long point) => point % Count == Index;

    /// <summary>Parses "I/N" with 0 ≤ I &lt; N.</summary>
    public static bool TryParse(string text, out Shard shard)
    {
        shard = default;
        string[] parts = text.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ||
            !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ||
            n < 1 || i >= n)
            return false;
        shard = new Shard(i, n);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
