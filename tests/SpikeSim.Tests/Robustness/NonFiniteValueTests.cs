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
