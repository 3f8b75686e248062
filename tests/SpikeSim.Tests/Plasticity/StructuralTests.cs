using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;
using SpikeSim.Tests.Engine;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Plasticity;

/// <summary>Structural plasticity: pruning, growth within bounds, and spikes in flight while the graph changes.</summary>
public class StructuralTests
{
    private static readonly LifSpec Neuron = SpecBuilder.Lif(tRef: 0.5);

    private static StructuralSpec Structural(double pruneBelow = double.NaN, double pCoactive = 0, double pBaseline = 0,
                                             int maxIn = int.MaxValue, int maxOut = int.MaxValue, double window = 5) =>
        new(IntervalMs: 10, PruneBelow: pruneBelow, PruneAfter: 1, MinUse: 0, PCoactive: pCoactive, WindowMs: window,
            PBaseline: pBaseline, MaxIn: maxIn, MaxOut: maxOut);

    private static List<(int Source, int Target, double Weight)> Synapses(SynapseTable table, int targetOffset)
    {
        var list = new List<(int, int, double)>();
        for (int s = 0; s < table.RowStart.Length - 1; s++)
        {
            (int start, int end) = table.RowOf(s);
            for (int k = start; k < end; k++) list.Add((s, table.TargetOf(k) - targetOffset, table.WeightOf(k)));
        }
        return list;
    }

    [Fact]
    public void PruningRemovesExactlyTheSynapsesBelowThreshold()
    {
        ModelSpec spec = SpecBuilder.Model(10,
            [new PopulationSpec("a", 40, Neuron), new PopulationSpec("b", 30, Neuron)],
            [new ProjectionSpec("ab", "a", "b", new ConnectSpec(ConnectRule.Random, P: 0.5),
                                new DistributionValue(DistributionKind.Uniform, 0, 2), new ConstantValue(1), null,
                                Structural(pruneBelow: 0.8))]);
        var network = Network.Build(spec);
        var before = Synapses(network.Projections[0], 40);
        var simulator = new Simulator(network, new SimulationOptions { Threads = 2 });
        simulator.Run(10, null); // one update, at 10 ms
        var after = Synapses(simulator.Projections[0], 40);
        Assert.Equal(before.Where(s => s.Weight >= 0.8).ToList(), after);
        Assert.True(after.Count < before.Count && after.Count > 0);
        Assert.Equal(before, Synapses(network.Projections[0], 40)); // the built network keeps its synapses
    }

    [Fact]
    public void GrowthNeverExceedsTheDegreeBounds()
    {
        const int maxIn = 3, maxOut = 4;
        ModelSpec spec = SpecBuilder.Model(100,
            [new PopulationSpec("a", 50, Neuron)],
            [new ProjectionSpec("aa", "a", "a", new ConnectSpec(ConnectRule.OneToOne, AllowAutapses: true),
                                new ConstantValue(0.1), new DistributionValue(DistributionKind.Uniform, 1, 3), null,
                                Structural(pBaseline: 0.2, maxIn: maxIn, maxOut: maxOut))]);
        var network = Network.Build(spec);
        var simulator = new Simulator(network, new SimulationOptions { Threads = 1 });
        simulator.Run(100, null);
        var synapses = Synapses(simulator.Projections[0], 0);
        Assert.All(synapses.GroupBy(s => s.Target), g => Assert.True(g.Count() <= maxIn));
        Assert.All(synapses.GroupBy(s => s.Source), g => Assert.True(g.Count() <= maxOut));
        Assert.True(synapses.Count > 100, $"{synapses.Count} synapses"); // grew well beyond the 50 one-to-one ones
        Assert.Equal(synapses.Count, synapses.Distinct().Count()); // no multapses: allow_multapses is false
        Assert.All(Enumerable.Range(0, 50), n => Assert.Contains((n, n, 0.1), synapses)); // autapses are allowed here
    }

    [Fact]
    public void SynapsesGrowBetweenCoActiveNeuronsOnly()
    {
        // Source 3 and target 7 fire at 6 and 8 ms; the update at 10 ms looks back 5 ms.
        ModelSpec spec = SpecBuilder.Model(10,
            [new PopulationSpec("a", 10, Neuron), new PopulationSpec("b", 10, Neuron)],
            [new ProjectionSpec("ab", "a", "b", new ConnectSpec(ConnectRule.OneToOne), new ConstantValue(0.1), new ConstantValue(1), null,
                                Structural(pCoactive: 1))],
            [new SpikeTimesInput("a", [3], [[6]], PerNeuron.Of(100)), new SpikeTimesInput("b", [7], [[8]], PerNeuron.Of(100)),
             new SpikeTimesInput("a", [5], [[2]], PerNeuron.Of(100))]); // too early: outside the window
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        simulator.Run(10, null);
        var expected = Enumerable.Range(0, 10).Select(i => (i, i, 0.1)).Append((3, 7, 0.1)).OrderBy(s => s).ToList();
        Assert.Equal(expected, Synapses(simulator.Projections[0], 10));
    }

    [Fact]
    public void SpikesInFlightAlongAPrunedSynapseAreDroppedAndNeverReachAnotherTarget()
    {
        // Source 0 spikes at 5 ms towards targets 0, 1, 2 (weights 0.1, 5, 7 mV; delay 8 ms). At 10 ms the update prunes
        // the synapse to target 0, so the table's positions shift; at 13 ms targets 1 and 2 get exactly their own
        // weights and target 0 nothing.
        ModelSpec spec = SpecBuilder.Model(14,
            [new PopulationSpec("a", 1, Neuron), new PopulationSpec("b", 3, SpecBuilder.Lif(vTh: 100))],
            [new ProjectionSpec("ab", "a", "b", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(5), new ConstantValue(8), null,
                                Structural(pruneBelow: 1))],
            [new SpikeTimesInput("a", null, [[5]], PerNeuron.Of(100))],
            new RecordSpec(["a", "b"], [new VoltageRecordSpec("b", null, 13.5)], null));
        var network = Network.Build(spec);
        // Weights 0.1, 5 and 7 mV: set through the plastic copy before the run starts.
        var simulator = new Simulator(network, new SimulationOptions { Threads = 1 });
        var plastic = simulator.Projections[0].Plastic!;
        plastic.Weights[0] = 0.1;
        plastic.Weights[2] = 7;
        var recorded = new Recorded();
        SimulationResult result = simulator.Run(14, recorded);
        Assert.Equal([(1, 5.0), (2, 7.0)], Synapses(simulator.Projections[0], 1).Select(s => (s.Target, s.Weight)));
        double decay = Math.Exp(-0.5 / 10);
        var at135 = recorded.Samples.Where(s => s.TimeMs == 13.5).OrderBy(s => s.Neuron).Select(s => s.VMv).ToArray();
        Assert.Equal([0.0, 5 * decay, 7 * decay], at135);
        Assert.Equal(2, result.RecurrentEvents);
    }

    [Fact]
    public void ShippedStructuralModelWiresTheAssemblyAndPrunesTheRest()
    {
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelsDir, "structural.json"));
        var network = Network.Build(spec);
        var initial = Synapses(network.Projections[0], 0);
        var simulator = new Simulator(network, new SimulationOptions { Threads = 2 });
        simulator.Run(spec.DurationMs, null);
        var final = Synapses(simulator.Projections[0], 0);
        static int Count(List<(int Source, int Target, double W)> s, bool fromAssembly, bool toAssembly) =>
            s.Count(x => (x.Source < 100) == fromAssembly && (x.Target < 100) == toAssembly);
        // Within the assembly (neurons 0-99, driven by common volleys) synapses grow several-fold, up to max_in.
        Assert.True(Count(final, true, true) > 5 * Count(initial, true, true), $"{Count(initial, true, true)} -> {Count(final, true, true)}");
        // Among the independently firing neurons most synapses are pruned.
        Assert.True(Count(final, false, false) < Count(initial, false, false) / 3, $"{Count(initial, false, false)} -> {Count(final, false, false)}");
        Assert.All(final.GroupBy(s => s.Target), g => Assert.True(g.Count() <= 30));
    }

    [Fact]
    public void HomeostaticGrowthAddsInputsToQuietNeuronsAndRemovesThemFromBusyOnes()
    {
        // Targets 0-4 fire at 2 Hz, 5-9 at 40 Hz (forced); the target rate is 10 Hz. Each starts with 10 of the 20
        // possible inputs (weights far too small to matter). After 20 updates the quiet ones have gained inputs and the
        // busy ones lost them, within max_in.
        double[] Every(double intervalMs) => [.. Enumerable.Range(0, (int)(2000 / intervalMs)).Select(k => 1 + k * intervalMs)];
        var homeostatic = new HomeostaticSpec(TargetRateHz: 10, TauCaMs: 500, GrowthRate: 2);
        ModelSpec spec = SpecBuilder.Model(2000,
            [new PopulationSpec("a", 20, Neuron), new PopulationSpec("b", 10, Neuron)],
            [new ProjectionSpec("ab", "a", "b", new ConnectSpec(ConnectRule.FixedIndegree, K: 10), new ConstantValue(0.001), new ConstantValue(1), null,
                                new StructuralSpec(100, double.NaN, 1, 0, 0, 10, 0, 15, 20, homeostatic))],
            [new SpikeTimesInput("b", [0, 1, 2, 3, 4], [Every(500)], PerNeuron.Of(100)),
             new SpikeTimesInput("b", [5, 6, 7, 8, 9], [Every(25)], PerNeuron.Of(100))]);
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        simulator.Run(2000, null);
        var inDegree = Synapses(simulator.Projections[0], 20).GroupBy(x => x.Target).ToDictionary(g => g.Key, g => g.Count());
        for (int i = 0; i < 5; i++) Assert.InRange(inDegree.GetValueOrDefault(i), 13, 15);  // grew towards max_in = 15
        for (int i = 5; i < 10; i++) Assert.InRange(inDegree.GetValueOrDefault(i), 0, 3);  // retracted
    }
}
