using System.Runtime.Intrinsics;
using SpikeSim.Modeling;
using SpikeSim.Randomness;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The Poisson streams drawn eight at a time (<c>PoissonLanes</c>, <c>RandomLanes</c>): each stream's events are the
/// ones it gives alone, bit for bit, whichever way its neuron's visit takes them and however the streams are grouped.
/// </summary>
public class PoissonLanesTests
{
    /// <summary>
    /// Five streams in the lanes of one <see cref="RandomLanes"/>, stepped under masks that change from row to row:
    /// every lane that steps gives its stream's next uniform, one that does not keeps its state, and the states
    /// stored back continue as the streams alone do.
    /// </summary>
    [Fact]
    public void EachLaneStepsAsItsStreamAlone()
    {
        const int count = 5;
        var streams = Enumerable.Range(0, count).Select(k => new RandomStream(7, StreamKind.Poisson, 2, 100 + k)).ToArray();
        var alone = (RandomStream[])streams.Clone();
        var lanes = RandomLanes.Load(streams, count);
        var masks = new RandomStream(99, StreamKind.Poisson, 0, 0);
        for (int row = 0; row < 200; row++)
        {
            ulong bits = masks.NextUInt64();
            var step = Vector512.Create(Enumerable.Range(0, 8).Select(l => (bits >> l & 1) != 0 ? ulong.MaxValue : 0UL).ToArray());
            // The unmasked step on a copy, kept only where the mask is set, is the masked step.
            RandomLanes ahead = lanes;
            Vector512<double> all = ahead.NextOpenDouble();
            Vector512<double> u = lanes.NextOpenDouble(step);
            Assert.Equal(u, all);
            RandomLanes selected = RandomLanes.Select(step, ahead, lanes);
            for (int lane = 0; lane < count; lane++)
            {
                if ((bits >> lane & 1) == 0) continue;
                Assert.Equal(BitConverter.DoubleToInt64Bits(alone[lane].NextOpenDouble()), BitConverter.DoubleToInt64Bits(u[lane]));
            }
            var fromSelect = new RandomStream[count];
            selected.Store(fromSelect, count);
            var fromStep = new RandomStream[count];
            lanes.Store(fromStep, count);
            Assert.Equal(fromStep.Select(r => r.GetState()), fromSelect.Select(r => r.GetState()));
        }
        lanes.Store(streams, count);
        for (int lane = 0; lane < count; lane++) Assert.Equal(alone[lane].NextUInt64(), streams[lane].NextUInt64());
    }

    /// <summary>
    /// Neurons that fire at every input (t_ref = 0, each input well above threshold) spike at their Poisson events, so
    /// each train must be its streams' events as a reference drawn here gives them: t ← t + E × 1000/rate from the
    /// start, E = −ln U with U the stream's own uniforms and the runtime's vector logarithm, until the stop time. The
    /// neurons take their events in every way the engine has: one stream on the vectorised delta path, one stream
    /// with spike-times inputs (the gather of all inputs), one stream with a voltage probe (the general loop), two
    /// streams (drawn one at a time); 21 neurons, so that groups of eight end inside the population and partitions
    /// cut them, on one, two and three threads. A second population's streams (60 kHz) bring about 120 events a slice,
    /// more than the rows drawn at first.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryTrainIsItsStreamsEventsWhateverThePathAndThreads(int threads)
    {
        const ulong seed = 5;
        const int size = 21;
        var inputs = new InputSpec[]
        {
            new PoissonInput("a", null, PerNeuron.Of(2500), PerNeuron.Of(20), StartMs: 1.3, StopMs: 87.9),
            new PoissonInput("a", [3, 4, 11, 20], PerNeuron.Of(700), PerNeuron.Of(20), StartMs: 5, StopMs: 60),
            new SpikeTimesInput("a", [6, 7], [Enumerable.Range(1, 200).Select(i => i * 0.37).ToArray()], PerNeuron.Of(-0.01)),
            new PoissonInput("b", null, PerNeuron.Of(60_000), PerNeuron.Of(20), StopMs: 20),
        };
        var spec = Model(100, [new PopulationSpec("a", size, Lif(tRef: 0)), new PopulationSpec("b", 10, Lif(tRef: 0))], inputs: inputs,
                         record: new RecordSpec(["a", "b"], [new VoltageRecordSpec("a", [9, 10], 0.25)], null), seed: seed);
        var run = Run(spec, threads);
        int total = 0;
        for (int n = 0; n < size; n++)
        {
            var expected = Reference(seed, 0, n, 2500, 1.3, 87.9).ToList();
            if (n is 3 or 4 or 11 or 20) expected.AddRange(Reference(seed, 1, n, 700, 5, 60));
            expected.Sort();
            double[] actual = run.SpikeTimesOf(n);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
            total += actual.Length;
        }
        Assert.True(total > 21 * 150, $"only {total} spikes");
        for (int n = size; n < size + 10; n++)
        {
            double[] expected = [.. Reference(seed, 3, n, 60_000, 0, 20)];
            Assert.True(expected.Length > 1000);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), run.SpikeTimesOf(n).Select(BitConverter.DoubleToInt64Bits));
        }
    }

    /// <summary>The events of input <paramref name="input"/>'s stream to neuron n, drawn here one at a time.</summary>
    private static IEnumerable<double> Reference(ulong seed, int input, int n, double rateHz, double startMs, double stopMs)
    {
        var stream = new RandomStream(seed, StreamKind.Poisson, input, n);
        double t = startMs, interval = 1000.0 / rateHz;
        while (true)
        {
            double e = -Vector512.Log(Vector512.Create(stream.NextOpenDouble())).ToScalar();
            t += e * interval;
            if (t >= stopMs) yield break;
            yield return t;
        }
    }
}
