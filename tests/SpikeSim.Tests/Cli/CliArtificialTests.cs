using System.Globalization;
using System.Text.Json.Nodes;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Cli;

/// <summary><c>spikesim run --mode artificial</c>, <c>spikesim compare</c> and <c>spikesim experiment</c>.</summary>
public sealed class CliArtificialTests : CliTestBase
{
    private static string Perceptron => Path.Combine(ModelsDir, "perceptron.json");

    [Fact]
    public void PerceptronRunsArtificiallyByItselfAndWritesActivationsAndSummary()
    {
        string outDir = Path.Combine(Dir, "p");
        var run = Spikesim("run", Perceptron, "--out", outDir);
        Assert.Equal(0, run.Code);
        string[] rows = File.ReadAllLines(Path.Combine(outDir, "activations.csv"));
        Assert.Equal(["step,population,neuron,value", "0,x,0,0.8", "0,x,1,1.2", "0,y,0,2.2"], rows);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        Assert.Equal("artificial", summary["mode"]!.GetValue<string>());
        Assert.Equal(2, summary["macs"]!.GetValue<long>());
    }

    [Fact]
    public void BadArtificialInputExitsTwoAndWritesNothing()
    {
        string outDir = Path.Combine(Dir, "bad");
        var unknown = Spikesim("run", Perceptron, "--out", outDir, "--activation", "relux");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown activation 'relux'", unknown.Err);

        var spiking = Spikesim("run", Perceptron, "--out", outDir, "--mode", "spiking");
        Assert.Equal(2, spiking.Code);
        Assert.Contains("--mode artificial", spiking.Err);

        string shape = Write("shape.json", File.ReadAllText(Perceptron).Replace("[[1.0, 0.75]]", "[[1.0, 0.75, 2.0]]"));
        var mismatched = Spikesim("run", shape, "--out", outDir);
        Assert.Equal(2, mismatched.Code);
        Assert.Contains("$.projections[0].weight[0]: row 0 has 3 weights but \"x\" has 2 neurons", mismatched.Err);

        string unit = Write("unit.json", File.ReadAllText(Perceptron).Replace("[0.8, 1.2]", "[\"0.8 mV\", 1.2]"));
        var withUnit = Spikesim("run", unit, "--out", outDir);
        Assert.Equal(2, withUnit.Code);
        Assert.Contains("$.inputs[0].values[0]", withUnit.Err);

        var mode = Spikesim("run", Perceptron, "--out", outDir, "--mode", "analog");
        Assert.Equal(2, mode.Code);
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(PartialFolders());
    }

    [Fact]
    public void CompareWritesBothRunsAndCorrelatesRatesWithLifRate()
    {
        // A population driven by a ramp of constant currents: the lif rates and the lif_rate values agree closely.
        string currents = string.Join(", ", Enumerable.Range(0, 20).Select(i => (i * 60).ToString(CultureInfo.InvariantCulture) + " pA").Select(s => $"\"{s}\""));
        string model = Write("ramp.json", $$"""
            { "name": "ramp", "duration": "1 s",
              "populations": [ { "name": "p", "size": 20, "neuron": { "model": "lif" } } ],
              "inputs": [ { "type": "current", "to": "p", "steps": [ { "at": "0 ms", "amplitude": [{{currents}}] } ] } ] }
            """);
        string outDir = Path.Combine(Dir, "cmp");
        var run = Spikesim("compare", model, "--out", outDir);
        Assert.Equal(0, run.Code);
        Assert.True(File.Exists(Path.Combine(outDir, "spiking", "summary.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "artificial", "activations.csv")));
        string[] rows = File.ReadAllLines(Path.Combine(outDir, "compare.csv"));
        Assert.Equal("population,neuron,rate_hz,value", rows[0]);
        Assert.Equal(21, rows.Length);
        double r = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "compare.json")))!["pearson_r"]!.GetValue<double>();
        Assert.True(r > 0.999, $"r = {r}");
        Assert.Contains("Pearson r = ", run.Out);
    }

    [Fact]
    public void CompareRefusesAnArtificialModel()
    {
        var run = Spikesim("compare", Perceptron, "--out", Path.Combine(Dir, "c"));
        Assert.Equal(2, run.Code);
        Assert.False(Directory.Exists(Path.Combine(Dir, "c")));
    }

    [Fact]
    public void ExperimentListUnknownAndRun()
    {
        var list = Spikesim("experiment", "--list");
        Assert.Equal(0, list.Code);
        foreach (string name in new[] { "signals", "timing", "learning", "faults", "cost", "plasticity", "topology" }) Assert.Contains(name, list.Out);

        var unknown = Spikesim("experiment", "signal", "--out", Path.Combine(Dir, "e"));
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown experiment 'signal'", unknown.Err);

        string outDir = Path.Combine(Dir, "signals");
        var run = Spikesim("experiment", "signals", "--out", outDir, "--quick");
        Assert.Equal(0, run.Code);
        Assert.Contains("signals: claim holds", run.Out);
        Assert.True(File.Exists(Path.Combine(outDir, "fi_curve.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "summary.md")));
        Assert.True(JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!["claim_holds"]!.GetValue<bool>());
    }
}
