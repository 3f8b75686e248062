using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// Neurons with plastic inputs take the vectorised batch path too; a voltage probe forces the general event loop.
/// Both must give the same spikes and the same learnt weights, bit for bit, with STDP (the batch path's rule ahead of
/// the membrane, undone and redone after each spike, included) and with synapses pruned while spikes are in flight.
/// </summary>
public class PlasticBatchPathTests
{
    private static ModelSpec Recurrent(bool probe, StructuralSpec? structural, double muMinus) => Model(400,
        [new PopulationSpec("a", 60, Lif(tauM: 20, vReset: 10, vTh: 20, tRef: 2))],
        [new ProjectionSpec("aa", "a", "a", new ConnectSpec(ConnectRule.Random, P: 0.2),
                            new DistributionValue(DistributionKind.Uniform, 0.2, 1.5), new DistributionValue(DistributionKind.Uniform, 0.5, 3),
                            new StdpSpec(20, 30, 0.05, 1.1, 0.5, muMinus, 2.0, 0.0, StdpPairing.AllToAll, 0), structural)],
        [
            new PoissonInput("a", null, PerNeuron.Of(12000), PerNeuron.Of(0.5)),
            new SpikeTimesInput("a", null, [[10.0, 10.0, 50.25, 100.5]], PerNeuron.Of(25.0)),
        ],
        record: new RecordSpec(["a"], probe ? [new VoltageRecordSpec("a", null, 1.0)] : [], null));

    private static (List<(double T, int Neuron)> Spikes, double[] Weights, long Events) Run(ModelSpec spec)
    {
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 2 });
        var recorded = new Tests.Engine.Recorded();
        SimulationResult result = simulator.Run(spec.DurationMs, recorded);
        SynapseTable table = simulator.Projections[0];
        double[] weights = [.. Enumerable.Range(0, table.Count).Select(table.WeightOf)];
        return (recorded.Spikes, weights, result.RecurrentEvents);
    }

    /// <summary>
    /// Structural or not, and μ−: 0 (additive) and 1 (multiplicative) take the batch path's rule ahead of the membrane
    /// (<c>Partition.ArriveAhead</c>, <c>Partition.Rewind</c>), 0.5 the per-event arrival of <c>Partition.ApplyPlastic</c>;
    /// structural plasticity too.
    /// </summary>
    public static TheoryData<bool, double> Cases() => new() { { false, 0.5 }, { true, 0.5 }, { false, 1.0 }, { false, 0.0 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchPathLearnsExactlyAsTheGeneralLoop(bool structural, double muMinus)
    {
        StructuralSpec? s = structural ? new StructuralSpec(50, 0.3, 1, 0, 0.2, 10, 0.01, 20, 20) : null;
        var batch = Run(Recurrent(false, s, muMinus));
        var general = Run(Recurrent(true, s, muMinus));
        Assert.True(batch.Spikes.Count > 500, $"only {batch.Spikes.Count} spikes");
        Assert.Equal(general.Spikes, batch.Spikes);
        Assert.Equal(general.Weights, batch.Weights);
        Assert.Equal(general.Events, batch.Events);
        Assert.Contains(batch.Weights, w => w != (float)w); // the weights learnt (the initial draws are float32 values)
    }
}
