using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The vectorised batch path for delta neurons against the general event loop: a voltage probe forces the general
/// loop, so the same unconnected neurons under the same Poisson and spike-times inputs are run both ways. The batch
/// path applies neurons two at a time (their first events in one loop, until either reaches threshold or one runs out
/// of events); an odd count leaves the last neuron to go alone.
/// </summary>
public class DeltaBatchPathTests
{
    private static ModelSpec Driven(bool probe, double tRef, int size) => Model(500,
        [new PopulationSpec("a", size, Lif(tauM: 20, vReset: 10, vTh: 20, tRef: tRef))],
        inputs:
        [
            new PoissonInput("a", null, PerNeuron.Of(15000), PerNeuron.Of(0.6)),
            new PoissonInput("a", [0, 1, 2], PerNeuron.Of(4000), PerNeuron.Of(-1.0)),
            new SpikeTimesInput("a", null, [[10.0, 10.0, 12.5, 100.25, 250.0]], PerNeuron.Of(4.0)),
        ],
        record: new RecordSpec(["a"], probe ? [new VoltageRecordSpec("a", null, 1.0)] : [], null));

    [Theory]
    [InlineData(2.0, 20)]
    [InlineData(0.0, 20)]
    [InlineData(7.5, 20)]
    [InlineData(2.0, 21)]
    [InlineData(7.5, 3)]
    public void BatchPathFiresAtTheSameTimesAsTheGeneralLoop(double tRef, int size)
    {
        var batch = Run(Driven(probe: false, tRef, size));
        var general = Run(Driven(probe: true, tRef, size));
        Assert.True(batch.Spikes.Count > 25 * size, $"only {batch.Spikes.Count} spikes");
        Assert.Equal(general.Spikes.Count, batch.Spikes.Count);
        for (int i = 0; i < batch.Spikes.Count; i++)
        {
            Assert.Equal(general.Spikes[i].Neuron, batch.Spikes[i].Neuron);
            Assert.Equal(general.Spikes[i].T, batch.Spikes[i].T); // spikes happen at input times: exactly equal
        }
        Assert.Equal(general.Result!.InputEvents, batch.Result!.InputEvents);
    }
}
