using SpikeSim.Modeling;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The lean specialisation of the general event loop, taken by neurons whose only inputs are synaptic events, and the
/// event lanes that visit four such neurons with one event each at once (exp and delta currents), against the full
/// loop: a voltage probe on every neuron sends them all through the full loop, so each shipped recurrent
/// network (every neuron model the loop serves: exp currents, delta synapses under suprathreshold drive, conductances,
/// alpha currents with adaptation) is run both ways. The spike trains must be identical to the last bit, and so must
/// the event counts.
/// </summary>
public class SynapticOnlyLoopTests
{
    [Theory]
    [InlineData("cuba.json", 200.0, "")]
    [InlineData("benchmark4.json", 200.0, "")]
    [InlineData("coba.json", 100.0, "")]
    [InlineData("cuba.json", 200.0, "alpha")] // alpha currents, and adaptation in the excitatory population
    public void LeanAndFullLoopsGiveTheSameSpikes(string model, double durationMs, string variant)
    {
        string[] overrides = variant == "alpha"
            ? ["populations.0.neuron.psc=alpha", "populations.1.neuron.psc=alpha", "populations.0.neuron.a=2 nS",
               "populations.0.neuron.b=10 pA", "populations.0.neuron.tau_w=100 ms"]
            : [];
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelTestHelpers.ModelsDir, model), overrides) with { DurationMs = durationMs };
        string[] populations = spec.Populations.Select(p => p.Name).ToArray();
        ModelSpec lean = spec with { Record = new RecordSpec(populations, [], null) };
        ModelSpec full = spec with
        {
            Record = new RecordSpec(populations, populations.Select(p => new VoltageRecordSpec(p, null, 25.0)).ToArray(), null),
        };

        Recorded a = SpecBuilder.Run(lean), b = SpecBuilder.Run(full);
        Assert.True(a.Spikes.Count > 20, $"{model}: only {a.Spikes.Count} spikes");
        Assert.Empty(a.Samples);
        Assert.NotEmpty(b.Samples);
        Assert.Equal(b.Spikes, a.Spikes); // (time, neuron) pairs, times compared exactly
        Assert.Equal(b.Result!.RecurrentEvents, a.Result!.RecurrentEvents);
        Assert.Equal(b.Result.InputEvents, a.Result.InputEvents);
    }
}
