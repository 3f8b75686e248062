using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>The same model and seed give the same results, bit for bit, whatever the number of threads.</summary>
public class DeterminismTests
{
    internal static ModelSpec Recurrent(string psc, ulong seed = 11)
    {
        var lif = psc == "delta"
            ? Lif("delta", tauM: 20, el: 0, vReset: 10, vTh: 20)
            : Lif("exp", tauM: 20, el: -49, vReset: -60, vTh: -50, tRef: 5, tauEx: 5, tauIn: 10)
                with { VInitMv = new DistributionValue(DistributionKind.Uniform, -60, -50) };
        double we = psc == "delta" ? 0.4 : 40, wi = psc == "delta" ? -2.0 : -200;
        return Model(300,
            [new PopulationSpec("e", 400, lif), new PopulationSpec("i", 100, lif)],
            [
                new ProjectionSpec("e-all", "e", "e", new ConnectSpec(ConnectRule.FixedIndegree, K: 40), new ConstantValue(we), new DistributionValue(DistributionKind.Uniform, 0.5, 2.5)),
                new ProjectionSpec("e-i", "e", "i", new ConnectSpec(ConnectRule.Random, P: 0.1), new DistributionValue(DistributionKind.Normal, we, we / 4), new ConstantValue(1.0)),
                new ProjectionSpec("i-e", "i", "e", new ConnectSpec(ConnectRule.FixedOutdegree, K: 50), new ConstantValue(wi), new ConstantValue(0.7)),
                new ProjectionSpec("i-i", "i", "i", new ConnectSpec(ConnectRule.AllToAll, AllowAutapses: false), new ConstantValue(wi / 10), new ConstantValue(0.7)),
            ],
            [
                new PoissonInput("e", null, PerNeuron.Of(psc == "delta" ? 6000 : 300), PerNeuron.Of(psc == "delta" ? 0.5 : 30)),
                new PoissonInput("i", null, PerNeuron.Of(psc == "delta" ? 6000 : 300), PerNeuron.Of(psc == "delta" ? 0.5 : 30)),
                new CurrentInput("e", [0, 1, 2], [new CurrentStep(50, PerNeuron.Of(200)), new CurrentStep(150, PerNeuron.Of(0))]),
            ],
            new RecordSpec(["e", "i"], [new VoltageRecordSpec("e", [0, 5], 0.5)], null), seed);
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    public void SpikesAndSamplesAreIdenticalForOneTwoAndThreeThreads(string psc)
    {
        var spec = Recurrent(psc);
        var one = Run(spec, threads: 1);
        Assert.True(one.Spikes.Count > 1000, $"only {one.Spikes.Count} spikes: the test network should be active");
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Run(spec, threads);
            Assert.Equal(one.Spikes, other.Spikes);
            Assert.Equal(one.Samples, other.Samples);
            Assert.Equal(one.Result!.RecurrentEvents, other.Result!.RecurrentEvents);
            Assert.Equal(one.Result.InputEvents, other.Result.InputEvents);
        }
    }

    [Fact]
    public void SpikeTimesAreOrderedByTimeThenNeuronAndOffGrid()
    {
        var spikes = Run(Recurrent("delta"), threads: 2).Spikes;
        for (int i = 1; i < spikes.Count; i++)
            Assert.True(spikes[i - 1].T < spikes[i].T || (spikes[i - 1].T == spikes[i].T && spikes[i - 1].Neuron < spikes[i].Neuron));
        // exact times are not multiples of any step: almost none is a multiple of 0.1 ms
        Assert.True(spikes.Count(s => Math.Abs(s.T * 10 - Math.Round(s.T * 10)) < 1e-9) < spikes.Count / 100);
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    public void SplittingARunGivesTheSameResultAsOneRun(string psc)
    {
        // the first run ends inside a slice: its remaining events must survive into the second
        var spec = Recurrent(psc);
        var whole = Run(spec, threads: 2);
        var network = Network.Build(spec);
        var parts = new Recorded();
        var simulator = new Simulator(network, new SimulationOptions { Threads = 2 });
        simulator.Run(100.05, parts);
        simulator.Run(spec.DurationMs - 100.05, parts);
        Assert.Equal(whole.Spikes, parts.Spikes);
    }

    [Fact]
    public void SplittingARunKeepsTheSamplesOfAQuietNeuron()
    {
        // Regression: a neuron with nothing left to do but samples slept through the second run (no v rows after the split).
        var spec = Model(10, [new PopulationSpec("a", 1, Lif())], inputs: [new SpikeTimesInput("a", null, [[1.0]], PerNeuron.Of(5))],
                         record: new RecordSpec(["a"], [new VoltageRecordSpec("a", [0], 0.1)], null));
        var whole = Run(spec);
        var parts = new Recorded();
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        simulator.Run(4.55, parts);
        simulator.Run(5.45, parts);
        Assert.Equal(100, whole.Samples.Count); // t = 0, 0.1, ..., 9.9 ms
        Assert.Equal(whole.Samples, parts.Samples);
    }
}
