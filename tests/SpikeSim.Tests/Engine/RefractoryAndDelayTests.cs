using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>Refractoriness, exact real-valued delays and per-neuron event order.</summary>
public class RefractoryAndDelayTests
{
    [Fact]
    public void DeltaInputsDuringRefractoryPeriodAreDiscardedAndVIsClamped()
    {
        // 20 mV at 1 ms fires (V_th 15); the 20 mV inputs at 1.5 and 2.9 ms fall in [1, 3) and are lost.
        var spec = Model(6, [new PopulationSpec("a", 1, Lif(tRef: 2))],
            inputs: [new SpikeTimesInput("a", null, [[1.0, 1.5, 2.9]], PerNeuron.Of(20.0))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.25)], null));
        var run = Run(spec);
        Assert.Equal([1.0], run.SpikeTimesOf(0));
        foreach (var s in run.Samples.Where(s => s.TimeMs > 1.0)) Assert.Equal(0.0, s.VMv);
        Assert.Equal(3, run.Result!.InputEvents);
    }

    [Fact]
    public void InputAtExactEndOfRefractoryPeriodIsReceived()
    {
        var spec = Model(8, [new PopulationSpec("a", 1, Lif(tRef: 2))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 1.0)], null));
        spec = spec with
        {
            Inputs =
            [
                new SpikeTimesInput("a", null, [[1.0]], PerNeuron.Of(20.0)),
                new SpikeTimesInput("a", null, [[2.5]], PerNeuron.Of(5.0)),
                new SpikeTimesInput("a", null, [[3.0]], PerNeuron.Of(5.0)),
            ],
        };
        var run = Run(spec);
        Assert.Equal([1.0], run.SpikeTimesOf(0));
        // V(t) = 5 e^(-(t-3)/10) for t > 3: the 2.5 ms input was lost, the 3.0 ms one kept
        foreach (var s in run.Samples.Where(s => s.TimeMs > 3.0))
            Assert.Equal(5.0 * Math.Exp(-(s.TimeMs - 3.0) / 10.0), s.VMv, 12);
        Assert.Equal(0.0, run.Samples.Single(s => s.TimeMs == 2.0).VMv);
    }

    [Fact]
    public void SpikesArriveExactlyAfterTheirRealValuedDelays()
    {
        // a fires at 1.132123512 ms; each of 50 targets receives 30 mV (V_th 15) after its own drawn delay, so it
        // fires exactly at t_spike + delay: no grid anywhere.
        double tIn = 1.132123512;
        var spec = Model(10,
            [new PopulationSpec("a", 1, Lif()), new PopulationSpec("b", 50, Lif())],
            [new ProjectionSpec("a-b", "a", "b", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(30),
                                new DistributionValue(DistributionKind.Uniform, 0.1, 3.0))],
            [new SpikeTimesInput("a", null, [[tIn]], PerNeuron.Of(30.0))]);
        var network = Network.Build(spec);
        var recorder = new Recorded();
        new Simulator(network, new SimulationOptions { Threads = 2 }).Run(10, recorder);
        var table = network.Projections[0];
        Assert.Equal([tIn], recorder.SpikeTimesOf(0));
        for (int k = 0; k < table.Count; k++)
        {
            double delay = table.DelayOf(k);
            Assert.NotEqual(Math.Round(delay, 1), delay); // really off-grid
            Assert.Equal([tIn + delay], recorder.SpikeTimesOf(table.TargetOf(k)));
        }
    }

    [Fact]
    public void EventsWithHeterogeneousDelaysAreAppliedInTimeOrder()
    {
        // 40 sources fire at random times; each reaches the target after a random delay. The target's sampled V
        // must equal the closed-form sum over arrivals sorted by time: sum_i w_i e^(-(t - a_i)/tau) (no threshold).
        var rng = new Random(5);
        double[] fire = Enumerable.Range(0, 40).Select(_ => Math.Round(rng.NextDouble() * 5, 6) + 0.1).ToArray();
        var spec = Model(12,
            [new PopulationSpec("src", 40, Lif()), new PopulationSpec("dst", 1, Lif(vTh: 1e9))],
            [new ProjectionSpec("src-dst", "src", "dst", new ConnectSpec(ConnectRule.AllToAll),
                                new DistributionValue(DistributionKind.Normal, 0.5, 0.3), new DistributionValue(DistributionKind.Uniform, 0.2, 4.0))],
            [new SpikeTimesInput("src", null, fire.Select(t => new[] { t }).ToArray(), PerNeuron.Of(100.0))],
            new RecordSpec(["src", "dst"], [new VoltageRecordSpec("dst", null, 0.05)], null));
        var network = Network.Build(spec);
        var recorder = new Recorded();
        new Simulator(network, new SimulationOptions { Threads = 2 }).Run(12, recorder);
        var table = network.Projections[0];
        var arrivals = new List<(double T, double W)>();
        for (int s = 0; s < 40; s++)
        {
            (int lo, int hi) = table.RowOf(s);
            for (int k = lo; k < hi; k++) arrivals.Add((fire[s] + table.DelayOf(k), table.WeightOf(k)));
        }
        foreach (var sample in recorder.Samples)
        {
            double expected = arrivals.Where(a => a.T < sample.TimeMs).Sum(a => a.W * Math.Exp(-(sample.TimeMs - a.T) / 10.0));
            Assert.True(Math.Abs(sample.VMv - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"t={sample.TimeMs}: {sample.VMv} vs {expected}");
        }
    }
}
