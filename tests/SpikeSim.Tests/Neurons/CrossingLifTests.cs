using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;

namespace SpikeSim.Tests.Neurons;

/// <summary>psc delta_crossing: a spike at each upward crossing of v_th, no reset, inputs at one instant acting together.</summary>
public class CrossingLifTests
{
    private static string Input(string to, double t, double w) =>
        $$"""{ "type": "spike_times", "to": "{{to}}", "times": ["{{t}} ms"], "weight": "{{w}} mV" }""";

    [Fact]
    public void SpikesAtRisingEdgesOnlyAndSimultaneousInputsActTogether()
    {
        // No leak to speak of (tau_m 1e9 ms), v_th 1 mV. "edge" starts at 0: +2 at 1 ms crosses (spike); at 2 ms -3 and +3
        // together leave V at 2 (no dip, no spike); -3 at 3 ms goes below; +3 at 4 ms crosses again. "high" starts at
        // 5 mV, above v_th: +1 at 1 ms is no rising edge; -10 at 2 ms, +10 at 3 ms is one.
        // "leaky" (tau_m 10 ms, V_inf = r i_e = 20 mV, v_th 15) crosses at 10 ln 4 and stays above until -10 mV at 30 ms,
        // then crosses again at 30 + 10 ln((20 - v)/5), v = 20 - 20 e^-3 - 10.
        string json = $$"""
        { "duration": "60 ms",
          "populations": [
            { "name": "edge", "size": 1, "neuron": { "model": "lif", "psc": "delta_crossing", "tau_m": "1e9 ms", "e_l": "0 mV", "v_th": "1 mV", "v_init": "0 mV" } },
            { "name": "high", "size": 1, "neuron": { "model": "lif", "psc": "delta_crossing", "tau_m": "1e9 ms", "e_l": "0 mV", "v_th": "1 mV", "v_init": "5 mV" } },
            { "name": "leaky", "size": 1, "neuron": { "model": "lif", "psc": "delta_crossing", "tau_m": "10 ms", "c_m": "250 pF", "e_l": "0 mV", "v_th": "15 mV", "i_e": "500 pA", "v_init": "0 mV" } } ],
          "inputs": [ {{Input("edge", 1, 2)}}, {{Input("edge", 2, -3)}}, {{Input("edge", 2, 3)}}, {{Input("edge", 3, -3)}}, {{Input("edge", 4, 3)}},
                      {{Input("high", 1, 1)}}, {{Input("high", 2, -10)}}, {{Input("high", 3, 10)}}, {{Input("leaky", 30, -10)}} ],
          "record": { "spikes": ["edge", "high", "leaky"] } }
        """;
        var run = SpecBuilder.Run(ModelReader.Parse(json, "crossing.json"));
        Assert.Equal([1.0, 4.0], run.SpikeTimesOf(0));
        Assert.Equal([3.0], run.SpikeTimesOf(1));
        double v = 20 - 20 * Math.Exp(-3) - 10;
        double[] leaky = run.SpikeTimesOf(2);
        Assert.Equal(2, leaky.Length);
        Assert.Equal(10 * Math.Log(4), leaky[0], 1e-12);
        Assert.Equal(30 + 10 * Math.Log((20 - v) / 5), leaky[1], 1e-12);
    }

    [Fact]
    public void AdaptationIsRefused()
    {
        var e = Assert.Throws<ModelException>(() => ModelReader.Parse("""
            { "duration": "1 ms", "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "psc": "delta_crossing", "b": "5 pA" } } ] }
            """, "t.json"));
        Assert.Contains("no adaptation", e.Problem);
    }
}
