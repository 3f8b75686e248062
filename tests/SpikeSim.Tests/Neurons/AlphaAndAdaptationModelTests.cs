using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Tests.Cli;
using SpikeSim.Tests.Engine;
using static SpikeSim.Tests.Neurons.NeuronTestKit;

namespace SpikeSim.Tests.Neurons;

/// <summary>psc alpha and adaptation through the model file and the engine: reading, dispatch, runs, determinism, bad input.</summary>
public class AlphaAndAdaptationModelTests : CliTestBase
{
    private static string ModelsDir => SpikeSim.Tests.Modeling.ModelTestHelpers.ModelsDir;

    private static string OneNeuron(string neuron, string inputs = "[]", string duration = "50 ms") => $$"""
        {
          "name": "one", "duration": "{{duration}}",
          "populations": [ { "name": "a", "size": 1, "neuron": {{neuron}} } ],
          "inputs": {{inputs}},
          "record": { "spikes": true, "v": [ { "population": "a", "neurons": [0], "interval": "0.25 ms" } ] }
        }
        """;

    [Fact]
    public void AlphaNeuronInANetworkRunSpikesExactlyAsTheIsolatedDynamics()
    {
        // Alpha currents from off-grid inputs: the engine's spike times and samples equal the struct driven alone.
        const string neuron = """{ "model": "lif", "psc": "alpha", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "tau_syn_ex": "0.3 ms", "tau_syn_in": "3 ms", "v_init": "0 mV" }""";
        double[] times = [1.132123512, 4.5, 4.75, 9.1, 20.3, 21.0];
        double[] weights = [6000, 3000, -800, 9000, 7000, 6200];
        string inputs = "[" + string.Join(", ", times.Select((t, k) =>
            $$"""{ "type": "spike_times", "to": "a", "times": ["{{t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}} ms"], "weight": "{{weights[k]}} pA" }""")) + "]";
        ModelSpec spec = ModelReader.Parse(OneNeuron(neuron, inputs), "one.json");
        Assert.Equal("alpha", spec.Populations[0].Neuron.Psc);
        Recorded run = SpecBuilder.Run(spec);

        var p = new LifParameters(spec.Populations[0].Neuron);
        AlphaLif alone = new(p, 0, 0, 0, 0, 0, 0, double.NegativeInfinity, 0);
        List<double> expected = Drive(ref alone, [.. times.Zip(weights)], 50);
        Assert.True(expected.Count >= 3, $"{expected.Count} spikes: {string.Join(", ", expected)} vs {string.Join(", ", run.SpikeTimesOf(0))}");
        Assert.Equal(expected, run.SpikeTimesOf(0));
    }

    [Fact]
    public void ShippedAdaptationModelIntervalsLengthenUnderTheStep()
    {
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelsDir, "adaptation.json"));
        Recorded run = SpecBuilder.Run(spec);
        double[] adapting = run.SpikeTimesOf(0), plain = run.SpikeTimesOf(1);

        // The plain cell: constant interval t_ref + tau_m ln(R I / (R I - (V_th - E_L))), R = tau_m / C_m.
        double ri = 9.3667 / 281 * 1000, period = 2 + 9.3667 * Math.Log(ri / (ri - 20.2));
        Assert.Equal(46, plain.Length);
        Assert.Equal(100 + 9.3667 * Math.Log(ri / (ri - 20.2)), plain[0], 9);
        for (int i = 1; i < plain.Length; i++) Assert.Equal(period, plain[i] - plain[i - 1], 9);

        // The adapting cell: intervals grow monotonically from about 12.1 ms to a steady 34.1 ms.
        Assert.Equal(18, adapting.Length);
        double[] isi = [.. adapting.Zip(adapting.Skip(1), (x, y) => y - x)];
        for (int i = 1; i < isi.Length; i++) Assert.True(isi[i] > isi[i - 1] - 1e-9, $"interval {i}: {isi[i]} after {isi[i - 1]}");
        Assert.InRange(isi[0], 12.0, 12.2);
        Assert.InRange(isi[^1], 34.0, 34.2);
        Assert.True(isi[^1] > 2.5 * isi[0]);
        Assert.All(adapting, t => Assert.InRange(t, 100, 600));

        // Against the independent Taylor-series integration of the same cell and step.
        var p = new LifParameters(spec.Populations[0].Neuron);
        var reference = new LinearTaylorReference(p, AdaptiveSynapse.Exp, 4, 80.5, 144, -70.6);
        reference.AdvanceTo(100); reference.AddCurrent(1000);
        reference.AdvanceTo(600); reference.AddCurrent(-1000);
        reference.AdvanceTo(700);
        Assert.Equal(reference.Spikes.Count, adapting.Length);
        for (int i = 0; i < adapting.Length; i++) Assert.True(Math.Abs(adapting[i] - reference.Spikes[i]) <= 1e-9, $"spike {i}");

        // And equal to the isolated dynamics, driven through the same step.
        var q = new AdaptationParameters(p, AdaptiveSynapse.Exp, 4, 80.5, 144);
        AdaptiveLif alone = new(q, -70.6, 0, 0, 0, 0, 0, 0, double.NegativeInfinity, 0);
        Assert.Equal(Drive(ref alone, [], 700, [(100, 1000), (600, -1000)]), adapting);
    }

    private static string Network(string pscA, string adaptA, string pscB, string adaptB) => $$"""
        {
          "name": "net", "seed": 5, "duration": "300 ms",
          "populations": [
            { "name": "a", "size": 60, "neuron": { "model": "lif", "psc": "{{pscA}}", {{adaptA}}
                "v_init": { "dist": "uniform", "low": "-70 mV", "high": "-56 mV" } } },
            { "name": "b", "size": 30, "neuron": { "model": "lif", "psc": "{{pscB}}", {{adaptB}}
                "v_init": { "dist": "uniform", "low": "-70 mV", "high": "-56 mV" } } }
          ],
          "projections": [
            { "from": "a", "to": "a", "connect": { "rule": "fixed_indegree", "k": 6 }, "weight": "{{W(pscA, 80)}}", "delay": { "dist": "uniform", "low": "0.5 ms", "high": "2 ms" } },
            { "from": "a", "to": "b", "connect": { "rule": "random", "p": 0.2 }, "weight": "{{W(pscB, 90)}}", "delay": "1.3 ms" },
            { "from": "b", "to": "a", "connect": { "rule": "fixed_indegree", "k": 4 }, "weight": "{{W(pscA, -250)}}", "delay": "0.9 ms" }
          ],
          "inputs": [
            { "type": "poisson", "to": "a", "rate": "9 kHz", "weight": "{{W(pscA, 60)}}" },
            { "type": "poisson", "to": "b", "rate": "7 kHz", "weight": "{{W(pscB, 60)}}" }
          ],
          "record": { "spikes": true }
        }
        """;

    /// <summary>A weight of <paramref name="pa"/> pA for current synapses, pa/100 mV for delta synapses.</summary>
    private static string W(string psc, double pa) => psc == "delta"
        ? FormattableString.Invariant($"{pa / 100} mV") : FormattableString.Invariant($"{pa} pA");

    [Theory]
    [InlineData("alpha", "", "alpha", "\"a\": \"4 nS\", \"b\": \"60 pA\", \"tau_w\": \"120 ms\",")]
    [InlineData("delta", "\"b\": \"50 pA\",", "exp", "\"a\": \"150 nS\", \"tau_w\": \"100 ms\",")]
    public void NetworksAreIdenticalForOneAndTwoThreads(string pscA, string adaptA, string pscB, string adaptB)
    {
        ModelSpec spec = ModelReader.Parse(Network(pscA, adaptA, pscB, adaptB), "net.json");
        Recorded one = SpecBuilder.Run(spec, threads: 1), two = SpecBuilder.Run(spec, threads: 2);
        Assert.True(one.Spikes.Count(s => s.Neuron < 60) > 50 && one.Spikes.Count(s => s.Neuron >= 60) > 20, $"{one.Spikes.Count} spikes");
        Assert.Equal(one.Spikes, two.Spikes);
    }

    [Fact]
    public void AdaptationAtZeroKeepsTheOriginalDynamicsAndOutput()
    {
        // a = b = 0 written out (any tau_w): the same structs, the delta batch path, and the same spikes.
        string plain = Network("delta", "", "exp", "");
        string zeros = Network("delta", "\"a\": \"0 nS\", \"b\": \"0 pA\", \"tau_w\": \"30 ms\",", "exp", "\"a\": \"0 nS\", \"b\": \"0 pA\",");
        ModelSpec a = ModelReader.Parse(plain, "net.json"), b = ModelReader.Parse(zeros, "net.json");
        Assert.Equal(SpecBuilder.Run(a).Spikes, SpecBuilder.Run(b).Spikes);
        LifSpec delta = b.Populations[0].Neuron, exp = b.Populations[1].Neuron;
        Assert.IsType<SpikeSim.Engine.PopulationDynamics<DeltaLif>>(delta.Model.CreatePopulation(delta, 0, [0.0]));
        Assert.NotNull(delta.Model.CreatePopulation(delta, 0, [0.0]).DeltaBatch);
        Assert.IsType<SpikeSim.Engine.PopulationDynamics<ExpLif>>(exp.Model.CreatePopulation(exp, 0, [0.0]));
        LifSpec alpha = LifSpec.Default("alpha");
        Assert.IsType<SpikeSim.Engine.PopulationDynamics<AlphaLif>>(alpha.Model.CreatePopulation(alpha, 0, [0.0]));
        LifSpec adapting = alpha with { Extra = ParameterSet.Of([new("b", 10.0)]) };
        Assert.IsType<SpikeSim.Engine.PopulationDynamics<AdaptiveLif>>(adapting.Model.CreatePopulation(adapting, 0, [0.0]));
    }

    [Fact]
    public void StateArraysRoundTripAndDeclaredVariablesAreSampledFromThem()
    {
        // Alpha: after one input of 500 pA at 0 with tau_syn_ex = 2 ms, i_syn_ex(2 ms) = 500 pA (the peak).
        LifSpec alpha = LifSpec.Default("alpha") with { ELMv = 0, VResetMv = 0, VThMv = 1e9 };
        var population = alpha.Model.CreatePopulation(alpha, 0, [0.0]);
        AlphaLif n = new(new LifParameters(alpha));
        n.Load(population.State, 0, 0);
        n.Receive(500);
        n.Store(population.State, 0);
        Assert.Equal(500, population.Sample(0, 0, 1, 2), 12);
        Assert.Equal(0, population.Sample(0, 0, 2, 2));
        Assert.Equal(n.SampleAt(3), population.Sample(0, 0, 0, 3));

        // Adaptation on exp: variables v, i_syn_ex, i_syn_in, w; w decays as b e^(-t/tau_w) when a = 0.
        LifSpec exp = LifSpec.Default("exp") with { Extra = ParameterSet.Of([new("b", 30.0), new("tau_w", 50.0)]) };
        var adapting = exp.Model.CreatePopulation(exp, 0, [-70.0]);
        var q = new AdaptationParameters(new LifParameters(exp), AdaptiveSynapse.Exp, 0, 30, 50);
        AdaptiveLif m = new(q);
        m.Load(adapting.State, 0, 0);
        m.Spike();
        m.Receive(-40);
        m.Store(adapting.State, 0);
        Assert.Equal(30 * Math.Exp(-10.0 / 50), adapting.Sample(0, 0, 3, 10), 12);
        Assert.Equal(-40 * Math.Exp(-10.0 / 2), adapting.Sample(0, 0, 2, 10), 12);
        Assert.Equal(-70, adapting.Sample(0, 0, 0, 1.5)); // clamped at v_reset during t_ref
    }

    [Fact]
    public void AdaptationFieldsAreReadWithTheirUnitsAndDefaults()
    {
        ModelSpec spec = ModelReader.Parse(OneNeuron("""{ "model": "lif", "psc": "alpha", "a": "0.004 uS", "b": "0.08 nA", "tau_w": "0.15 s" }"""), "one.json");
        LifSpec n = spec.Populations[0].Neuron;
        Assert.Equal(4, n.Parameter("a"), 12);
        Assert.Equal(80, n.Parameter("b"), 12);
        Assert.Equal(150, n.Parameter("tau_w"), 12);
        LifSpec d = LifSpec.Default("delta");
        Assert.Equal(0, d.Parameter("a"));
        Assert.Equal(0, d.Parameter("b"));
        Assert.Equal(100, d.Parameter("tau_w"));
    }

    [Theory]
    [InlineData("\"a\": \"4 pA\"", "a", "expected a conductance")]
    [InlineData("\"b\": \"80 mV\"", "b", "expected a current")]
    [InlineData("\"tau_w\": \"100 nS\"", "tau_w", "expected a time")]
    [InlineData("\"tau_w\": \"-5 ms\"", "tau_w", "tau_w must be positive")]
    [InlineData("\"tau_w\": \"0 ms\"", "tau_w", "tau_w must be positive")]
    [InlineData("\"a\": \"-1 nS\"", "a", "a must be >= 0")]
    public void BadAdaptationInputIsRefusedWithExit2NamingThePath(string field, string name, string problem)
    {
        string json = OneNeuron("{ \"model\": \"lif\", \"psc\": \"exp\", " + field + " }");
        var e = Assert.Throws<ModelException>(() => ModelReader.Parse(json, "one.json"));
        Assert.Equal("$.populations[0].neuron." + name, e.JsonPath);
        Assert.Contains(problem, e.Message);
        CliRun run = Spikesim("run", Write("bad.json", json), "--out", Path.Combine(Dir, "out"));
        Assert.Equal(2, run.Code);
        Assert.Contains("$.populations[0].neuron." + name, run.Err);
    }

    [Fact]
    public void AlphaIsAKnownPscAndItsWeightsArePicoampere()
    {
        SpikingModel alpha = SpikingModels.Find("lif", "alpha")!;
        Assert.NotNull(alpha);
        Assert.Equal("pA", alpha.WeightUnit);
        // The charge of one alpha current: integral of w (t/tau) e^(1 - t/tau) dt = e w tau.
        Assert.Equal(Math.E * 100 * 0.5, alpha.ChargePerSpikeFc(LifSpec.Default("alpha") with { TauSynExMs = 0.5 }, 100), 12);
        Assert.Equal(["v", "i_syn_ex", "i_syn_in", "w"], alpha.StateVariables.Select(v => v.Name));
        var e = Assert.Throws<ModelException>(() => ModelReader.Parse(OneNeuron("""{ "model": "lif", "psc": "alfa" }"""), "one.json"));
        Assert.Equal("$.populations[0].neuron.psc", e.JsonPath);
        Assert.Contains("alpha", e.Message);
    }
}
