using SpikeSim.Engine;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary>A value that leaves the finite doubles stops the run (exit 1) naming where, when, and what to change.</summary>
public sealed class NonFiniteValueTests : CliTestBase
{
    [Fact]
    public void AnInputOfMinusTenToThe308MillivoltsStopsTheRunNamingPopulationNeuronAndTime()
    {
        // Two inputs of -1e308 mV: V = -2e308 overflows to -Infinity at t = 2 ms, found at the end of that slice.
        string model = Write("m.json", """
            { "duration": "20 ms",
              "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } } ],
              "inputs": [ { "type": "spike_times", "to": "a", "neurons": [1], "times": ["1 ms", "1.5 ms"], "weight": "-1e308 mV" } ] }
            """);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q");
        Assert.Equal(1, r.Code);
        Assert.Contains("the membrane potential of population \"a\", neuron 1 became -Infinity mV by t = 2 ms", r.Err);
        Assert.Contains("use smaller weights, currents or rates", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnOverflowOfDirectArrivalsStopsTheRunNamingItsNeuron(int threads)
    {
        // "a" has synaptic inputs only, through one projection whose one delay is the slice (1 ms): the spikes of src
        // (1 ms) reach it straight from delivery, in the event lanes. Two of -1e308 mV reach neuron 1 at 2 ms.
        string model = Write("direct.json", """
            { "duration": "10 ms",
              "populations": [ { "name": "src", "size": 2, "neuron": { "model": "lif", "psc": "delta" } },
                               { "name": "a", "size": 3, "neuron": { "model": "lif", "psc": "delta" } } ],
              "inputs": [ { "type": "spike_times", "to": "src", "neurons": [0, 1], "times": ["1 ms"], "weight": "100 mV" } ],
              "projections": [ { "from": "src", "to": "a", "connect": { "rule": "all_to_all" },
                                 "weight": [["0.1 mV", "0.1 mV"], ["-1e308 mV", "-1e308 mV"], ["0.1 mV", "0.1 mV"]], "delay": "1 ms" } ] }
            """);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, r.Code);
        Assert.Contains("the membrane potential of population \"a\", neuron 1 became -Infinity mV by t = 3 ms", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    /// <summary>One neuron model, its inputs onto neuron 1 of population a (2 neurons), and extra recordings, for 20 ms.</summary>
    private static string Overflowing(string neuron, string inputs, string record) => $$"""
        { "duration": "20 ms",
          "populations": [ { "name": "a", "size": 2, "neuron": {{neuron}} } ],
          "inputs": {{inputs}},
          "record": { "spikes": true{{record}} } }
        """;

    private const string TwoExpInputs = """[ { "type": "spike_times", "to": "a", "neurons": [1], "times": ["1 ms", "1 ms"], "weight": "1e308 pA" } ]""";
    private const string CurrentStep = """{ "type": "current", "to": "a", "neurons": [1], "steps": [ { "at": "1 ms", "amplitude": "1e308 pA" } ] }""";
    private const string TwoCurrentSteps = "[ " + CurrentStep + ", " + CurrentStep + " ]";
    private const string RecordV = """, "v": [ { "population": "a", "interval": "0.01 ms" } ]""";

    [Theory]
    // The synaptic current overflows at 1 ms while V (stored at 1 ms) is still finite: the next V sample is +Infinity.
    [InlineData("""{ "model": "lif", "psc": "exp" }""", TwoExpInputs, RecordV + """, "state": [ { "population": "a", "variables": ["i_syn_ex"], "interval": "0.01 ms" } ]""",
        "the membrane potential of population \"a\", neuron 1 became Infinity mV by t = 1.01 ms")]
    // Nothing recorded: the current itself is found after the neuron's visit, at the end of the 2 ms slice.
    [InlineData("""{ "model": "lif", "psc": "exp" }""", TwoExpInputs, "",
        "the state variable i_syn_ex of population \"a\", neuron 1 became Infinity pA by t = 2 ms")]
    [InlineData("""{ "model": "lif", "psc": "alpha" }""", TwoExpInputs, RecordV,
        "the membrane potential of population \"a\", neuron 1 became NaN mV by t = 1.01 ms")]
    [InlineData("""{ "model": "lif" }""", TwoCurrentSteps, RecordV,
        "the membrane potential of population \"a\", neuron 1 became NaN mV by t = 1.01 ms")]
    [InlineData("""{ "model": "lif" }""", TwoCurrentSteps, "",
        "the current injected by current inputs of population \"a\", neuron 1 became Infinity pA by t = 2 ms")]
    // Adaptation with b = 1e308 pA: w overflows at the second spike.
    [InlineData("""{ "model": "lif", "b": "1e308 pA", "tau_w": "100 ms", "t_ref": "0.1 ms" }""",
        """[ { "type": "current", "to": "a", "neurons": [1], "steps": [ { "at": "1 ms", "amplitude": "1000 pA" } ] } ]""",
        """, "state": [ { "population": "a", "variables": ["w"], "interval": "0.01 ms" } ]""",
        "the state variable w of population \"a\", neuron 1 became Infinity pA by t = ")]
    // cond_exp: a conductance of 1e9 nS needs steps of C_m/G = 2.5e-7 ms (millions per input); 2e308 overflows.
    [InlineData("""{ "model": "lif", "psc": "cond_exp" }""", """[ { "type": "spike_times", "to": "a", "neurons": [1], "times": ["1 ms"], "weight": "1e9 nS" } ]""", RecordV,
        "population \"a\", neuron 1 stopped by t = 2 ms: its conductances (g_ex = 1000000000 nS, g_in = 0 nS, w = 0 pA) are too large to integrate (a step of C_m/G = 2.5E-07 ms, below 1e-6 ms)")]
    [InlineData("""{ "model": "lif", "psc": "cond_exp" }""", """[ { "type": "spike_times", "to": "a", "neurons": [1], "times": ["1 ms", "1 ms"], "weight": "1e308 nS" } ]""", "",
        "the state variable g_ex of population \"a\", neuron 1 became Infinity nS by t = 2 ms")]
    public void AStateThatOverflowsStopsTheRunBeforeAnySampleOfItIsWritten(string neuron, string inputs, string record, string message)
    {
        string model = Write("m.json", Overflowing(neuron, inputs, record));
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q");
        Assert.Equal(1, r.Code);
        Assert.Contains(message, r.Err);
        Assert.Contains("use smaller weights, currents or rates", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    /// <summary>
    /// "a" has synaptic inputs only, so its one-event visits go through the event lanes. The first spike of "src" gives
    /// neuron 1 an inhibitory conductance of 1e9 nS (no crossing possible: it is not woken); the second (5 ms, delay
    /// 1 ms) reaches it in the lanes, whose step C_m/G = 2.5e-7 ms is too short to integrate.
    /// </summary>
    internal const string ConductanceTooLargeOnTheLanes = """
        { "duration": "20 ms",
          "populations": [ { "name": "src", "size": 1, "neuron": { "model": "lif", "psc": "delta" } },
                           { "name": "a", "size": 3, "neuron": { "model": "lif", "psc": "cond_exp" } } ],
          "inputs": [ { "type": "spike_times", "to": "src", "neurons": [0], "times": ["1 ms", "5 ms"], "weight": "100 mV" } ],
          "projections": [ { "from": "src", "to": "a", "connect": { "rule": "all_to_all" },
                             "weight": [["0.1 nS"], ["-1e9 nS"], ["0.1 nS"]], "delay": "1 ms" } ] }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AConductanceTooLargeOnTheEventLanesNamesItsOwnNeuron(int threads)
    {
        // The error names the neuron that failed in the lanes, not the last neuron the scalar loop visited (src's).
        string model = Write("lanes.json", ConductanceTooLargeOnTheLanes);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, r.Code);
        Assert.Contains("population \"a\", neuron 1 stopped by t = 7 ms: its conductances (g_ex = 0 nS, g_in = 1000000000 nS, w = 0 pA) are too large to integrate", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void ANeuronFiringWithoutBoundStopsTheRunBeforeItFillsMemory()
    {
        // t_ref = 0 and a 1e12 pA step at 1 ms (a current input, which the up-front estimate cannot see):
        // V_inf - V_th ~ 4e10 mV, so the neuron fires every tau_m ln(1 + 15/4e10) ~ 4e-9 ms, far beyond 10,000 spikes per slice.
        string model = Write("runaway.json", """
            { "duration": "20 ms",
              "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif", "t_ref": "0 ms" } } ],
              "inputs": [ { "type": "current", "to": "a", "neurons": [1], "steps": [ { "at": "1 ms", "amplitude": "1e12 pA" } ] } ],
              "record": { "spikes": true } }
            """);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q");
        Assert.Equal(1, r.Code);
        Assert.Contains("population \"a\", neuron 1 fired more than 10,000 spikes in one slice by t = 1.0000", r.Err);
        Assert.Contains("give t_ref a positive value", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void AHebbianRuleWhoseWeightsOverflowStopsNamingProjectionSynapseAndStep()
    {
        // Presentation 1: y = 0.5 + 0.5 = 1 -> w = (0.5 + 1e200, 0.25 + 2e200); presentation 2: y ~ 5e200, w += 1e200 y x = Infinity.
        string model = Write("hebb.json", """
            { "name": "hebb", "duration": "10 ms", "dt": "1 ms",
              "populations": [ { "name": "x", "size": 2, "neuron": { "model": "linear" } },
                               { "name": "y", "size": 1, "neuron": { "model": "linear" } } ],
              "projections": [ { "from": "x", "to": "y", "weight": [[0.5, 0.25]], "plasticity": { "rule": "hebb", "eta": 1e200 } } ],
              "inputs": [ { "type": "values", "to": "x", "values": [1, 2] } ] }
            """);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q");
        Assert.Equal(1, r.Code);
        Assert.Contains("the weight of projection \"x-y\", synapse 0 (onto neuron 0 of \"y\") became Infinity at step 2", r.Err);
        Assert.Contains("use a smaller learning rate", r.Err);
    }

    [Fact]
    public void ADivergingRecurrentReluInCompareIsAnErrorNotRNaN()
    {
        string model = Write("rec.json", """
            { "name": "rec", "duration": "200 ms",
              "populations": [ { "name": "e", "size": 10, "neuron": { "model": "lif" } } ],
              "projections": [ { "from": "e", "to": "e", "connect": { "rule": "all_to_all" }, "weight": "5 mV", "delay": "1 ms" } ],
              "inputs": [ { "type": "poisson", "to": "e", "rate": "20 kHz", "weight": "0.5 mV" } ],
              "record": { "spikes": true } }
            """);
        var r = Spikesim("compare", model, "--activation", "relu", "--out", Path.Combine(Dir, "cmp"));
        Assert.Equal(1, r.Code);
        Assert.Contains("the activation of population \"e\", neuron 0 became Infinity at step", r.Err);
        Assert.Contains("a saturating activation", r.Err);
        Assert.DoesNotContain("NaN", r.Out);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, -1)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, double.NaN }, 8)]
    [InlineData(new double[] { 1, double.NegativeInfinity, 3, 4, 5, 6, 7, 8, 9 }, 1)]
    [InlineData(new double[] { double.PositiveInfinity }, 0)]
    public void FirstNonFiniteFindsTheFirstBadValue(double[] values, int index) =>
        Assert.Equal(index, NonFiniteValueException.FirstNonFinite(values));
}
