using System.Text.Json.Nodes;
using CsCheck;
using SpikeSim.Cli;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Robustness;

/// <summary>
/// Property-based: mutations of the shipped models (a value replaced by an odd one, a field removed or added, an
/// element duplicated) are read without any exception but <see cref="ModelException"/>, and <c>spikesim validate</c>
/// never exits 1 (an internal error) for them. CsCheck shrinks a failure to the smallest mutation and prints its seed.
/// </summary>
public sealed class MutatedModelPropertyTests
{
    private static readonly string[] Models =
        [.. Directory.GetFiles(ModelsDir, "*.json").Where(f => !f.EndsWith("schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>Odd values a careless edit or a fuzzer puts in a model.</summary>
    private static readonly string[] Odd =
    [
        "0", "-1", "1e308", "-1e308", "1e-300", "2147483648", "-2147483649", "3.5", "null", "true", "[]", "{}", "[[]]",
        "\"\"", "\"5\"", "\"5 parsec\"", "\"-1e308 mV\"", "\"1e308 s\"", "\"NaN ms\"", "\"Infinity mV\"", "\"1e-9 ms\"",
        "\"@lone-surrogate@\"", "\"a\\nb\"", "\"a.b\"", "\"0 ms\"", "\"-5 ms\"", "{\"dist\": \"normal\", \"mean\": \"1 mV\", \"sd\": \"1 mV\", \"min\": \"1e9 mV\"}",
        "{\"dist\": \"uniform\", \"low\": \"2 ms\", \"high\": \"1 ms\"}", "[0.5, 0.25]", "{\"rule\": \"from_file\", \"path\": \"missing.csv\"}",
        "{\"rule\": \"all_to_all\"}", "{\"rule\": \"random\", \"p\": 2}", "\"exc\"", "[\"exc\", \"zzz\"]",
    ];

    /// <summary>Every node of the tree with its parent and key (or index).</summary>
    private static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode root)
    {
        var slots = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
                foreach (var (k, v) in o.ToList()) { slots.Add((o, k, -1)); if (v is not null) Walk(v); }
            else if (node is JsonArray a)
                for (int i = 0; i < a.Count; i++) { slots.Add((a, null, i)); if (a[i] is JsonNode c) Walk(c); }
        }
        Walk(root);
        return slots;
    }

    /// <summary>Applies mutation (kind, slot, value) to a copy of model m and returns its text.</summary>
    private static string Mutate(int m, int slot, int kind, int value)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Models[m]), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var slots = Slots(root);
        var (parent, key, index) = slots[slot % slots.Count];
        JsonNode? odd = JsonNode.Parse(Odd[value % Odd.Length]);
        switch (kind % 4)
        {
            case 0:   // replace the value
                if (key is not null) parent.AsObject()[key] = odd; else parent.AsArray()[index] = odd;
                break;
            case 1:   // remove it
                if (key is not null) parent.AsObject().Remove(key); else parent.AsArray().RemoveAt(index);
                break;
            case 2:   // add an unknown or a duplicate-looking field beside it, or an odd element
                if (key is not null) parent.AsObject()["x_" + key] = odd; else parent.AsArray().Add(odd);
                break;
            default:  // duplicate an array element (two populations or projections of one name), or nest the value
                if (key is null) parent.AsArray().Add(parent.AsArray()[index]?.DeepClone());
                else parent.AsObject()[key] = new JsonArray(parent.AsObject()[key]?.DeepClone());
                break;
        }
        // A lone surrogate cannot pass through JsonNode: it is spliced into the text as the escape a file would hold.
        return root.ToJsonString().Replace("@lone-surrogate@", "\\ud800", StringComparison.Ordinal);
    }

    private static readonly Gen<(int Model, int Slot, int Kind, int Value)> Mutations =
        Gen.Select(Gen.Int[0, Models.Length - 1], Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Int[0, Odd.Length - 1]);

    [Fact]
    public void ReadingAMutatedModelThrowsNothingButModelException()
    {
        Mutations.Sample(t =>
        {
            string text = Mutate(t.Model, t.Slot, t.Kind, t.Value);
            ModelSpec spec;
            try
            {
                spec = ModelReader.Parse(text, Models[t.Model]);
                var estimate = ResourceEstimate.Of(spec);
                // Build the small ones too: building must not fail with anything but a model error either.
                if (estimate.MemoryBytes < 50e6 && estimate.Memory.Count > 0) Network.Build(spec);
            }
            catch (ModelException)
            {
                // The expected outcome for most mutations.
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void ValidateNeverExitsOneForAMutatedModel()
    {
        string dir = Path.Combine(Path.GetTempPath(), "spikesim-prop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Mutations.Sample(t =>
            {
                string path = Path.Combine(dir, Path.GetFileName(Models[t.Model]));
                File.WriteAllText(path, Mutate(t.Model, t.Slot, t.Kind, t.Value));
                var err = new StringWriter();
                int code = SpikeSimCli.Run(["validate", path], new StringWriter(), err);
                Assert.True(code is 0 or 2, $"exit {code}: {err}");
                Assert.DoesNotContain("internal error", err.ToString());
            }, iter: 200, threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
