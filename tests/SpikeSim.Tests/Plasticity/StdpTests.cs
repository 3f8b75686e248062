using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// STDP against closed forms: one synapse, pre- and postsynaptic spikes forced at chosen times by strong spike_times
/// inputs, and the final weight compared with <see cref="StdpReference"/>'s explicit sum over pairs.
/// </summary>
public class StdpTests
{
    private const double AxonalDelay = 1.5, WMax = 1.0;

    /// <summary>Forces spikes at the given times, records nothing; returns the final weight and the spikes.</summary>
    private static (double Weight, Recorded Run) Simulate(StdpSpec rule, double w0, double[] pre, double[] post, double duration, int threads = 1)
    {
        var neuron = SpecBuilder.Lif(tRef: 0.5);
        ModelSpec spec = SpecBuilder.Model(duration,
            [new PopulationSpec("pre", 1, neuron), new PopulationSpec("post", 1, neuron)],
            [new ProjectionSpec("pre-post", "pre", "post", new ConnectSpec(ConnectRule.OneToOne), new ConstantValue(w0),
                                new ConstantValue(AxonalDelay), rule)],
            [new SpikeTimesInput("pre", null, [pre], PerNeuron.Of(100)), new SpikeTimesInput("post", null, [post], PerNeuron.Of(100))]);
        var network = Network.Build(spec);
        var recorder = new Recorded();
        var simulator = new Simulator(network, new SimulationOptions { Threads = threads });
        recorder.Result = simulator.Run(duration, recorder);
        return (simulator.Projections[0].WeightOf(0), recorder);
    }

    private static StdpSpec Rule(StdpPairing pairing, double muPlus, double muMinus, double lambda, double dendritic = 0) =>
        new(TauPlusMs: 16.8, TauMinusMs: 33.7, Lambda: lambda, Alpha: 1.2, MuPlus: muPlus, MuMinus: muMinus,
            WMax: WMax, WMin: 0.05, Pairing: pairing, DendriticDelayMs: dendritic);

    /// <summary>Spike trains on a 0.25 ms grid (exact in binary), with coincidences between arrivals and postsynaptic spikes.</summary>
    private static (double[] Pre, double[] Post) Trains(int seed, double dendritic)
    {
        var random = new Random(seed);
        var pre = new List<double>();
        for (double t = 2; t < 300; t += 2 + 0.25 * random.Next(0, 24)) pre.Add(t);
        var post = new List<double>();
        for (double t = 3; t < 300; t += 2 + 0.25 * random.Next(0, 30)) post.Add(t);
        // Make some arrivals coincide exactly with postsynaptic spikes as the synapse sees them (Δt = 0).
        for (int i = 3; i < pre.Count; i += 9)
        {
            double seen = pre[i] + AxonalDelay - dendritic;
            post.RemoveAll(p => Math.Abs(p - seen) < 1.0);
            post.Add(seen);
        }
        post.Sort();
        return ([.. pre], [.. post]);
    }

    public static TheoryData<StdpPairing, double, double, double, double> Cases()
    {
        var data = new TheoryData<StdpPairing, double, double, double, double>();
        foreach (StdpPairing pairing in Enum.GetValues<StdpPairing>())
            foreach ((double plus, double minus) in new[] { (0.0, 0.0), (1.0, 1.0), (0.4, 0.7) })
                foreach (double lambda in new[] { 0.01, 0.35 }) // 0.35 drives the weight into both bounds
                    foreach (double dendritic in new[] { 0.0, 0.75 })
                        data.Add(pairing, plus, minus, lambda, dendritic);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FinalWeightEqualsTheSumOverPairs(StdpPairing pairing, double muPlus, double muMinus, double lambda, double dendritic)
    {
        StdpSpec rule = Rule(pairing, muPlus, muMinus, lambda, dendritic);
        (double[] pre, double[] post) = Trains(pairing.GetHashCode() + (int)(lambda * 100), dendritic);
        (double weight, Recorded run) = Simulate(rule, 0.5, pre, post, 320);

        // The forced spikes happened exactly when asked (the plastic input alone never reaches threshold).
        Assert.Equal(pre, run.SpikeTimesOf(0));
        Assert.Equal(post, run.SpikeTimesOf(1));
        double[] arrivals = [.. pre.Select(t => t + AxonalDelay)];
        double[] seen = [.. post.Select(t => t + dendritic)];
        double expected = StdpReference.FinalWeight(rule, 0.5, arrivals, seen);
        Assert.Equal(expected, weight, 1e-12);
        Assert.InRange(weight, rule.WMin, rule.WMax);
    }

    [Fact]
    public void AllToAllAddsEveryEarlierPreSpikeWhereNearestTakesOnlyTheLatest()
    {
        // Additive potentiation only: arrivals at 11.5 and 13.5 ms, one post spike at 20 ms.
        // all-to-all: Δw = λ w_max (e^{-8.5/τ+} + e^{-6.5/τ+});  nearest: Δw = λ w_max e^{-6.5/τ+}.
        double[] pre = [10, 12], post = [20];
        StdpSpec all = Rule(StdpPairing.AllToAll, 0, 0, 0.01) with { Alpha = 0 };
        StdpSpec nearest = all with { Pairing = StdpPairing.NearestSymmetric };
        double tau = all.TauPlusMs;
        Assert.Equal(0.5 + 0.01 * (Math.Exp(-8.5 / tau) + Math.Exp(-6.5 / tau)), Simulate(all, 0.5, pre, post, 30).Weight, 1e-14);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-6.5 / tau), Simulate(nearest, 0.5, pre, post, 30).Weight, 1e-14);
    }

    [Fact]
    public void CoincidentSpikesFormNoPair()
    {
        // The arrival (10 + 1.5 ms) coincides with the post spike: nothing changes (Δt = 0 is no pair).
        double[] pre = [10], post = [11.5];
        foreach (StdpPairing pairing in Enum.GetValues<StdpPairing>())
            Assert.Equal(0.5, Simulate(Rule(pairing, 0, 0, 0.1), 0.5, pre, post, 30).Weight);
    }

    [Fact]
    public void WeightsAreTheSameForAnyThreadCount()
    {
        StdpSpec rule = Rule(StdpPairing.AllToAll, 0.4, 0.7, 0.05, 0.75);
        (double[] pre, double[] post) = Trains(5, 0.75);
        double one = Simulate(rule, 0.5, pre, post, 320, threads: 1).Weight;
        Assert.Equal(one, Simulate(rule, 0.5, pre, post, 320, threads: 2).Weight);
    }
}
