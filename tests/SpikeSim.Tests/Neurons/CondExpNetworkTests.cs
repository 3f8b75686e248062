using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Tests.Cli;
using SpikeSim.Tests.Engine;

namespace SpikeSim.Tests.Neurons;

/// <summary><c>"psc": "cond_exp"</c> through the model reader, the engine and the command line.</summary>
public sealed class CondExpNetworkTests : CliTestBase
{
    private const string CobaNeuron = """
        "model": "lif", "psc": "cond_exp", "tau_m": "20 ms", "c_m": "200 pF", "e_l": "-60 mV", "v_th": "-50 mV",
        "v_reset": "-60 mV", "t_ref": "5 ms", "tau_syn_ex": "5 ms", "tau_syn_in": "10 ms", "e_ex": "0 mV", "e_in": "-80 mV"
        """;

    private static Recorded Run(string json, int threads = 1)
    {
        ModelSpec spec = ModelReader.Parse(json, "t.json");
        return SpecBuilder.Run(spec, threads);
    }

    [Fact]
    public void ReaderTakesReversalPotentialsAndNanosiemensWeights()
    {
        ModelSpec spec = ModelReader.Parse($$"""
            { "duration": "10 ms", "populations": [ { "name": "a", "size": 2, "neuron": { {{CobaNeuron}}, "i_e": "0.2 nA" } } ],
              "projections": [ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "-0.067 uS", "delay": "1 ms" } ] }
            """, "t.json");
        LifSpec n = spec.Populations[0].Neuron;
        Assert.Equal("cond_exp", n.Psc);
        Assert.Equal(0.0, n.Parameter("e_ex"));
        Assert.Equal(-80.0, n.Parameter("e_in"));
        Assert.Equal(200.0, n.IEPa);
        Assert.Equal("nS", n.Model.WeightUnit);
        Assert.Equal(-67.0, ((ConstantValue)spec.Projections[0].Weight).Value, 12);
        Assert.Equal(-85.0, LifSpec.Default("cond_exp").Parameter("e_in"));
    }

    [Fact]
    public void NetworkRunEqualsTheIsolatedDynamics()
    {
        // One neuron driven by I_e and a train of excitatory and inhibitory conductance inputs: the engine's spike
        // times are those of the dynamics played through the same inputs on their own.
        var inputs = CondExpLifTests.Inputs(seed: 21, end: 400, rateEx: 1.28, rateIn: 0.2);
        static string Times(IEnumerable<(double T, double W)> xs) =>
            string.Join(", ", xs.Select(i => $"\"{i.T.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ms\""));
        var run = Run($$"""
            { "duration": "400 ms", "populations": [ { "name": "a", "size": 1, "neuron": { {{CobaNeuron}}, "i_e": "200 pA", "v_init": "-55 mV" } } ],
              "inputs": [ { "type": "spike_times", "to": "a", "times": [[{{Times(inputs.Where(i => i.W > 0))}}]], "weight": "6 nS" },
                          { "type": "spike_times", "to": "a", "times": [[{{Times(inputs.Where(i => i.W < 0))}}]], "weight": "-67 nS" } ] }
            """);
        var dyn = new CondExpLif(LifCondExp.ParametersOf(LifSpec.Default("cond_exp") with
        {
            TauMMs = 20, CmPf = 200, ELMv = -60, VThMv = -50, VResetMv = -60, TRefMs = 5, IEPa = 200, TauSynExMs = 5, TauSynInMs = 10,
            Extra = ParameterSet.Of([new("e_in", -80.0)]),
        }), -55, 0, 0, 0, 0, double.NegativeInfinity, 0);
        var expected = CondExpLifTests.Play(ref dyn, inputs, 400);
        Assert.True(expected.Count >= 5, $"only {expected.Count} spikes");
        Assert.Equal(expected, run.SpikeTimesOf(0));
    }

    private static string SmallCoba(string duration = "150 ms") => $$"""
        { "seed": 5, "duration": "{{duration}}",
          "populations": [ { "name": "exc", "size": 160, "neuron": { {{CobaNeuron}}, "i_e": "200 pA",
                                "v_init": { "dist": "uniform", "low": "-60 mV", "high": "-50 mV" } } },
                           { "name": "inh", "size": 40, "neuron": { {{CobaNeuron}}, "i_e": "200 pA",
                                "v_init": { "dist": "uniform", "low": "-60 mV", "high": "-50 mV" } } } ],
          "projections": [
            { "from": "exc", "to": "exc", "connect": { "rule": "random", "p": 0.1 }, "weight": "3 nS", "delay": { "dist": "uniform", "low": "0.2 ms", "high": "1 ms" } },
            { "from": "exc", "to": "inh", "connect": { "rule": "random", "p": 0.1 }, "weight": "3 nS", "delay": "0.5 ms" },
            { "from": "inh", "to": "exc", "connect": { "rule": "random", "p": 0.1 }, "weight": "-30 nS", "delay": "0.3 ms" },
            { "from": "inh", "to": "inh", "connect": { "rule": "random", "p": 0.1 }, "weight": "-30 nS", "delay": "0.3 ms" } ],
          "record": { "spikes": true, "v": [ { "population": "exc", "neurons": [0, 7], "interval": "0.5 ms" } ] } }
        """;

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalSpikesAndSamples()
    {
        var one = Run(SmallCoba(), threads: 1);
        var two = Run(SmallCoba(), threads: 2);
        Assert.True(one.Spikes.Count > 100, $"only {one.Spikes.Count} spikes");
        Assert.Equal(one.Spikes, two.Spikes);
        Assert.Equal(one.Samples, two.Samples);
    }

    [Theory]
    [InlineData("\"e_in\": \"10 mV\"", "$.populations[0].neuron.e_in", "e_in (10 mV) must be below e_ex (0 mV)")]
    [InlineData("\"e_ex\": \"0 nS\"", "$.populations[0].neuron.e_ex", "mV")]
    [InlineData("\"e_in\": \"-80 ms\"", "$.populations[0].neuron.e_in", "mV")]
    [InlineData("\"e_ex\": \"-90 mV\"", "$.populations[0].neuron.e_ex", "e_in (-85 mV) must be below e_ex (-90 mV)")]
    public void BadReversalPotentialsExitTwoNamingTheJsonPath(string field, string path, string problem)
    {
        string file = Write("bad.json", $$"""
            { "name": "bad", "duration": "10 ms",
              "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "psc": "cond_exp", {{field}} } } ] }
            """);
        var run = Spikesim("validate", file);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("spikesim: error: ", run.Err);
        Assert.Contains(file, run.Err);
        Assert.Contains(path, run.Err);
        Assert.Contains(problem, run.Err);
    }

    [Fact]
    public void ReversalPotentialsAreRefusedOnCurrentBasedNeurons()
    {
        string file = Write("bad.json", """
            { "name": "bad", "duration": "10 ms",
              "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "psc": "exp", "e_ex": "0 mV" } } ] }
            """);
        var run = Spikesim("validate", file);
        Assert.Equal(2, run.Code);
        Assert.Contains("$.populations[0].neuron.e_ex", run.Err);
        Assert.Contains("cond_exp", run.Err);
    }
}
