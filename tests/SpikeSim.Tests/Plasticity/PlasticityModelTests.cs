using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Plasticity;

/// <summary>The plasticity, structural and recording blocks of a model file: defaults, units, and every error.</summary>
public class PlasticityModelTests
{
    /// <summary>A projection a→a (delta, weights in mV) with extra fields spliced in.</summary>
    private static string Projection(string extra, string weight = "\"0.5 mV\"", string delay = "\"1 ms\"") =>
        $$"""[ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": {{weight}}, "delay": {{delay}}{{extra}} } ]""";

    [Fact]
    public void StdpDefaultsAreNests()
    {
        ModelSpec m = ModelReader.Parse(Model(Projection(""", "plasticity": { "rule": "stdp", "w_max": "2 mV" }""")), "test.json");
        Assert.Equal(new StdpSpec(20, 20, 0.01, 1, 1, 1, 2, 0, StdpPairing.AllToAll, 0), m.Projections[0].Plasticity);
    }

    [Fact]
    public void StdpParametersAreReadWithTheirUnits()
    {
        ModelSpec m = ModelReader.Parse(Model(Projection("""
            , "plasticity": { "rule": "stdp", "tau_plus": "16.8 ms", "tau_minus": "0.0337 s", "lambda": 0.1, "alpha": 0.5,
                              "mu_plus": 0, "mu_minus": 0.4, "w_max": "2000 uV", "w_min": "0.1 mV",
                              "pairing": "nearest_restricted", "dendritic_delay": "0.5 ms" }
            """)), "test.json");
        Assert.Equal(new StdpSpec(16.8, 33.7, 0.1, 0.5, 0, 0.4, 2, 0.1, StdpPairing.NearestRestricted, 0.5), m.Projections[0].Plasticity);
    }

    [Theory]
    [InlineData(""", "plasticity": { "rule": "stpd", "w_max": "2 mV" }""", "$.projections[0].plasticity.rule", "did you mean \"stdp\"?")]
    [InlineData(""", "plasticity": { "rule": "stdp" }""", "$.projections[0].plasticity", "w_max")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 pA" }""", "$.projections[0].plasticity.w_max", "mV")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "0 mV" }""", "$.projections[0].plasticity.w_max", "positive")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "0.2 mV" }""", "$.projections[0].weight", "outside the plasticity bounds")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 mV", "w_min": "3 mV" }""", "$.projections[0].plasticity.w_min", "[0, w_max)")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 mV", "pairing": "nearest" }""", "$.projections[0].plasticity.pairing", "known: all_to_all")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 mV", "tau_plus": "-1 ms" }""", "$.projections[0].plasticity.tau_plus", "positive")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 mV", "lambda": -0.1 }""", "$.projections[0].plasticity.lambda", ">= 0")]
    [InlineData(""", "plasticity": { "rule": "stdp", "w_max": "2 mV", "eta": 0.1 }""", "$.projections[0].plasticity.eta", "unknown field")]
    [InlineData(""", "plasticity": { "rule": "oja" }""", "$.projections[0].plasticity", "eta")]
    [InlineData(""", "plasticity": { "rule": "hebb", "eta": 0.1, "tau_theta": 5 }""", "$.projections[0].plasticity.tau_theta", "only used by rule bcm")]
    [InlineData(""", "structural": { "interval": "0 ms" }""", "$.projections[0].structural.interval", "positive")]
    [InlineData(""", "structural": { "interval": "10 ms", "p_coactive": 1.5 }""", "$.projections[0].structural.p_coactive", "[0, 1]")]
    [InlineData(""", "structural": { "interval": "10 ms", "max_in": 0 }""", "$.projections[0].structural.max_in", ">= 1")]
    [InlineData(""", "structural": { "interval": "10 ms", "prune_below": "1 s" }""", "$.projections[0].structural.prune_below", "mV")]
    [InlineData(""", "structural": { "interval": "10 ms", "homeostatic": { "target_rate": "5 ms", "growth_rate": 1 } }""", "$.projections[0].structural.homeostatic.target_rate", "Hz")]
    [InlineData(""", "structural": { "interval": "10 ms", "homeostatic": { "target_rate": "5 Hz", "growth_rate": 0 } }""", "$.projections[0].structural.homeostatic.growth_rate", "positive")]
    [InlineData(""", "structural": { "interval": "10 ms", "homeostatic": { "target_rate": "5 Hz" } }""", "$.projections[0].structural.homeostatic", "growth_rate")]
    public void BadPlasticityIsReportedAtItsPath(string extra, string path, string expected)
    {
        var e = Fails(Model(Projection(extra)));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(expected, e.Problem);
    }

    [Fact]
    public void HomeostaticSettingsAreReadWithTheirUnits()
    {
        ModelSpec m = ModelReader.Parse(Model(Projection(""", "structural": { "interval": "100 ms", "homeostatic": { "target_rate": "0.005 kHz", "growth_rate": 1.5 } }""")), "test.json");
        Assert.Equal(new HomeostaticSpec(5, 1000, 1.5), m.Projections[0].Structural!.Homeostatic);
    }

    [Fact]
    public void StructuralDelaysMustBeBoundedOnBothSides()
    {
        var e = Fails(Model(Projection(""", "structural": { "interval": "10 ms" }""",
                                       delay: """{ "dist": "normal", "mean": "2 ms", "sd": "0.5 ms", "min": "0.5 ms" }""")));
        Assert.Equal("$.projections[0].delay", e.JsonPath);
        Assert.Contains("\"max\"", e.Problem);
    }

    [Fact]
    public void StdpProjectionsOntoOnePopulationShareTheirDendriticDelay()
    {
        static string stdp(string dd) => "\"plasticity\": { \"rule\": \"stdp\", \"w_max\": \"2 mV\", \"dendritic_delay\": \"" + dd + "\" }";
        string projections = $$"""
            [ { "name": "p1", "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "0.5 mV", "delay": "1 ms", {{stdp("1 ms")}} },
              { "name": "p2", "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "0.5 mV", "delay": "1 ms", {{stdp("2 ms")}} } ]
            """;
        var e = Fails(Model(projections));
        Assert.True(e.JsonPath == "$.projections[1].plasticity.dendritic_delay", e.Message);
    }

    [Fact]
    public void RateRulesAreRefusedBySpikingRunsWithAHint()
    {
        ModelSpec m = ModelReader.Parse(Model(Projection(""", "plasticity": { "rule": "oja", "eta": 0.01 }""")), "test.json");
        var e = Assert.Throws<ModelException>(() => new Simulator(Network.Build(m), new SimulationOptions()));
        Assert.Equal("$.projections[0].plasticity.rule", e.JsonPath);
        Assert.Contains("--mode artificial", e.Problem);
    }

    [Theory]
    [InlineData("""{ "weights": { "interval": "0 ms" } }""", "$.record.weights.interval", "positive")]
    [InlineData("""{ "weights": { "interval": "1 ms", "projections": ["a-b"] } }""", "$.record.weights.projections[0]", "unknown projection")]
    [InlineData("""{ "synapses": { "every": "1 ms" } }""", "$.record.synapses.every", "unknown field")]
    public void BadSynapseRecordingIsReportedAtItsPath(string record, string path, string expected)
    {
        var e = Fails(Model(Projection(""), record: record));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(expected, e.Problem);
    }
}

/// <summary>weights.csv, synapses.csv and connections.csv through <c>spikesim run</c>.</summary>
public class PlasticityRunFolderTests : CliTestBase
{
    [Fact]
    public void SnapshotsHoldTheWeightsBeforeEachTimeAndConnectionsTheFinalOnes()
    {
        // a0 spikes at 1 ms and 6 ms; b0 at 3 ms. Arrivals (delay 1 ms) at 2 and 7 ms. Additive all-to-all STDP:
        // at 3 ms  w = 0.5 + λ e^{-1/τ}             (post 1 ms after the arrival at 2 ms)
        // at 7 ms  w -= λ α e^{-4/τ}                (arrival 4 ms after the post spike)
        string path = Write("stdp.json", """
            {
              "name": "stdp", "duration": "10 ms",
              "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "0.5 ms" } },
                               { "name": "b", "size": 1, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "0.5 ms" } } ],
              "projections": [ { "name": "learn", "from": "a", "to": "b", "connect": { "rule": "one_to_one" }, "weight": "0.5 mV", "delay": "1 ms",
                                 "plasticity": { "rule": "stdp", "w_max": "1 mV", "lambda": 0.1, "alpha": 0.5, "mu_plus": 0, "mu_minus": 0 } } ],
              "inputs": [ { "type": "spike_times", "to": "a", "times": ["1 ms", "6 ms"], "weight": "100 mV" },
                          { "type": "spike_times", "to": "b", "times": ["3 ms"], "weight": "100 mV" } ],
              "record": { "spikes": false, "connections": true, "weights": { "interval": "5 ms" }, "synapses": { "interval": "10 ms" } }
            }
            """);
        string outDir = Path.Combine(Dir, "out");
        var run = Spikesim("run", path, "--out", outDir);
        Assert.True(run.Code == 0, run.Err);
        double at5 = 0.5 + 0.1 * Math.Exp(-1 / 20.0);
        double at10 = at5 - 0.1 * 0.5 * Math.Exp(-4 / 20.0);
        string F(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"t_ms,projection,source,target,weight\n0,learn,0,0,0.5\n5,learn,0,0,{F(at5)}\n10,learn,0,0,{F(at10)}\n",
                     File.ReadAllText(Path.Combine(outDir, "weights.csv")));
        Assert.Equal("t_ms,projection,count\n0,learn,1\n10,learn,1\n", File.ReadAllText(Path.Combine(outDir, "synapses.csv")));
        Assert.Equal($"projection,source,target,weight,delay_ms\nlearn,0,0,{F(at10)},1\n", File.ReadAllText(Path.Combine(outDir, "connections.csv")));
    }
}
