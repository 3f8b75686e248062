using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;
using SpikeSim.Tests.Engine;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// Accumulating STDP traces are kept scaled to per-neuron epochs of at most 64 τ (whole slices), and a spike's
/// arrival entry is shared by all its targets when the projection has one delay. These tests run long enough, with
/// short time constants, for the traces to cross many epochs, and compare the learnt weights with an explicit sum
/// over pairs; and they check that the shared entries give the same spikes and weights on the vectorised path and the
/// general loop, and for any thread count.
/// </summary>
public class StdpEpochTests
{
    private const double AxonalDelay = 1.5;

    /// <summary>τ+ = 1.3 ms: an epoch is 55 slices of 1.5 ms (82.5 ms), so 600 ms cross seven of them.</summary>
    private static StdpSpec Rule(StdpPairing pairing, double mu) =>
        new(TauPlusMs: 1.3, TauMinusMs: 2.6, Lambda: 0.2, Alpha: 1.1, MuPlus: mu, MuMinus: mu,
            WMax: 1.0, WMin: 0.05, Pairing: pairing, DendriticDelayMs: 0);

    public static TheoryData<StdpPairing, double> Cases()
    {
        var data = new TheoryData<StdpPairing, double>();
        foreach (StdpPairing pairing in Enum.GetValues<StdpPairing>())
            foreach (double mu in new[] { 0.0, 1.0 })
                data.Add(pairing, mu);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TracesAcrossManyEpochsEqualTheSumOverPairs(StdpPairing pairing, double mu)
    {
        // Pre spikes every 2-4 ms, post spikes every 2.5-5 ms, on a 0.25 ms grid; some arrivals coincide with post spikes.
        var random = new Random(17 + (int)pairing);
        var pre = new List<double>();
        for (double t = 2; t < 590; t += 2 + 0.25 * random.Next(0, 9)) pre.Add(t);
        var post = new List<double>();
        for (double t = 3; t < 590; t += 2.5 + 0.25 * random.Next(0, 11)) post.Add(t);
        for (int i = 5; i < pre.Count; i += 11)
        {
            double seen = pre[i] + AxonalDelay;
            post.RemoveAll(p => Math.Abs(p - seen) < 1.0);
            post.Add(seen);
        }
        post.Sort();
        StdpSpec rule = Rule(pairing, mu);
        var neuron = Lif(tRef: 0.5);
        ModelSpec spec = Model(600,
            [new PopulationSpec("pre", 1, neuron), new PopulationSpec("post", 1, neuron)],
            [new ProjectionSpec("pre-post", "pre", "post", new ConnectSpec(ConnectRule.OneToOne), new ConstantValue(0.5),
                                new ConstantValue(AxonalDelay), rule)],
            [new SpikeTimesInput("pre", null, [[.. pre]], PerNeuron.Of(100)), new SpikeTimesInput("post", null, [[.. post]], PerNeuron.Of(100))]);
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        var run = new Recorded();
        simulator.Run(600, run);

        Assert.Equal(pre, run.SpikeTimesOf(0));
        Assert.Equal(post, run.SpikeTimesOf(1));
        double expected = StdpReference.FinalWeight(rule, 0.5, [.. pre.Select(t => t + AxonalDelay)], [.. post]);
        double weight = simulator.Projections[0].WeightOf(0);
        Assert.Equal(expected, weight, 1e-12);
        Assert.NotEqual(0.5, weight, 1e-3);
    }

    internal static ModelSpec Recurrent(bool probe, StdpPairing pairing) => Model(600,
        [new PopulationSpec("a", 80, Lif(tauM: 20, vReset: 10, vTh: 20, tRef: 2))],
        [new ProjectionSpec("aa", "a", "a", new ConnectSpec(ConnectRule.Random, P: 0.25),
                            new DistributionValue(DistributionKind.Uniform, 0.2, 1.5), new ConstantValue(1.5),
                            new StdpSpec(2, 3, 0.05, 1.1, 1, 1, 2.0, 0.0, pairing, 0))],
        [new PoissonInput("a", null, PerNeuron.Of(12000), PerNeuron.Of(0.5))],
        record: new RecordSpec(["a"], probe ? [new VoltageRecordSpec("a", null, 1.0)] : [], null));

    private static (List<(double T, int Neuron)> Spikes, double[] Weights) Run(ModelSpec spec, int threads, bool sourceTraces = true)
    {
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads, SourceTraces = sourceTraces });
        Assert.Equal(sourceTraces && spec.Projections[0].Plasticity is StdpSpec { Pairing: StdpPairing.AllToAll },
                     simulator.Projections[0].Plastic!.PerSourceTraces);
        var recorded = new Recorded();
        simulator.Run(spec.DurationMs, recorded);
        SynapseTable table = simulator.Projections[0];
        return (recorded.Spikes, [.. Enumerable.Range(0, table.Count).Select(table.WeightOf)]);
    }

    [Theory]
    [InlineData(StdpPairing.AllToAll)]
    [InlineData(StdpPairing.NearestPreCentered)]
    [InlineData(StdpPairing.NearestRestricted)]
    public void SharedArrivalsLearnAlikeOnEitherPathAndForAnyThreadCount(StdpPairing pairing)
    {
        var batch = Run(Recurrent(false, pairing), 1);
        var general = Run(Recurrent(true, pairing), 3);
        var batchThreads = Run(Recurrent(false, pairing), 2);
        Assert.True(batch.Spikes.Count > 500, $"only {batch.Spikes.Count} spikes");
        Assert.Equal(general.Spikes, batch.Spikes);
        Assert.Equal(general.Weights, batch.Weights);
        Assert.Equal(batch.Spikes, batchThreads.Spikes);
        Assert.Equal(batch.Weights, batchThreads.Weights);
        Assert.Contains(batch.Weights, w => w != (float)w); // the weights learnt
    }

    /// <summary>
    /// All-to-all traces kept once per source (each partition its own copy, the slice's arrivals from its arrival
    /// table) give every spike and weight that traces kept per synapse give, to the bit, on the batch path and the
    /// general loop and for any thread count, with or without a dendritic delay (postsynaptic spikes then reach the
    /// synapses later, up to a slice after): the same operations in the same order.
    /// </summary>
    [Theory]
    [InlineData(false, 1, 0.0)]
    [InlineData(false, 2, 0.0)]
    [InlineData(true, 3, 0.0)]
    [InlineData(false, 1, 1.7)]
    [InlineData(true, 2, 1.7)]
    public void TracesKeptPerSourceLearnAsTracesKeptPerSynapse(bool probe, int threads, double dendriticMs)
    {
        ModelSpec spec = Recurrent(probe, StdpPairing.AllToAll);
        spec = spec with { Projections = [spec.Projections[0] with { Plasticity = (StdpSpec)spec.Projections[0].Plasticity! with { DendriticDelayMs = dendriticMs } }] };
        var perSynapse = Run(spec, threads, sourceTraces: false);
        var perSource = Run(spec, threads);
        Assert.True(perSource.Spikes.Count > 500, $"only {perSource.Spikes.Count} spikes");
        Assert.Equal(perSynapse.Spikes, perSource.Spikes);
        Assert.Equal(perSynapse.Weights, perSource.Weights);
        Assert.Contains(perSource.Weights, w => w != (float)w);
    }

    [Fact]
    public void TimeConstantsFarBelowTheSliceAreRefused()
    {
        // A 1.5 ms slice spans 1500 time constants of 1 µs: the scaled traces could overflow.
        StdpSpec rule = Rule(StdpPairing.AllToAll, 1) with { TauPlusMs = 0.001 };
        ModelSpec spec = Model(10, [new PopulationSpec("a", 2, Lif())],
            [new ProjectionSpec("aa", "a", "a", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(0.5), new ConstantValue(AxonalDelay), rule)]);
        var e = Assert.Throws<ModelException>(() => new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 }));
        Assert.Contains("tau_plus and tau_minus must be at least 1/600 of the slice", e.Message);
        Assert.Equal("$.projections[0].plasticity", e.JsonPath);
        new Simulator(Network.Build(spec with { Projections = [spec.Projections[0] with { Plasticity = rule with { TauPlusMs = 0.003 } }] }),
                      new SimulationOptions { Threads = 1 }).Run(10, null); // 500 time constants: accepted
    }
}
