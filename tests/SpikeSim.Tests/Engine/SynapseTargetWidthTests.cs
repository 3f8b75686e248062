using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// A synapse table keeps its targets in two bytes each when they lie within 65,536 neurons of each other, else in four
/// (<see cref="SynapseTargets"/>): every reader sees the same global indices either way, and delivery reaches
/// every target of a population at either end of that limit.
/// </summary>
public sealed class SynapseTargetWidthTests
{
    [Theory]
    [InlineData(65_535, true)]   // the widest span two bytes hold
    [InlineData(65_536, false)]
    public void TargetsTakeTwoBytesExactlyWhenTheirSpanFits(int span, bool twoBytes)
    {
        int[] target = [100, 200, 100 + span, 101, 100 + span];
        var table = new SynapseTable("p", 0, 1, [0, 3, 5], target, null, 1.0, null, 1.0);
        Assert.Equal(twoBytes, table.Targets.Offsets is not null);
        Assert.Equal(!twoBytes, table.Targets.Indices is not null);
        Assert.Equal(5, table.Count);
        Assert.Equal(target, Enumerable.Range(0, 5).Select(table.TargetOf));
        Assert.Equal(4 * 3 + (twoBytes ? 2 : 4) * 5, table.Bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChunksHandOverEveryTargetInOrder(bool wide)
    {
        // 2,500 synapses: chunks of 1,024 end part-way through a row and the last is short.
        var random = new Random(7);
        int[] target = [.. Enumerable.Range(0, 2500).Select(_ => random.Next(wide ? 200_000 : 60_000)).Order()];
        var table = new SynapseTable("p", 0, 1, [0, 2500], target, null, 1.0, null, 1.0);
        Assert.Equal(wide, table.Targets.Indices is not null);
        var seen = new List<int>();
        var sizes = new List<int>();
        table.Targets.ForEachChunk(chunk => { seen.AddRange(chunk.ToArray()); sizes.Add(chunk.Length); });
        Assert.Equal(target, seen);
        Assert.Equal([1024, 1024, 452], sizes);
    }

    [Theory]
    [InlineData(65_536, 1)]
    [InlineData(65_536, 2)]
    [InlineData(70_000, 1)]
    [InlineData(70_000, 2)]
    public void EveryTargetOfALargePopulationReceivesItsSpike(int size, int threads)
    {
        // One source fires at 1 ms (a 100 mV input); 1 ms later its 16 mV reaches every neuron of "big" (15 mV below
        // threshold), each of which fires at that instant: the targets' first and last offsets included.
        ModelSpec spec = ModelReader.Parse($$"""
            { "duration": "4 ms",
              "populations": [ { "name": "source", "size": 1, "neuron": { "model": "lif" } },
                               { "name": "big", "size": {{size}}, "neuron": { "model": "lif" } } ],
              "inputs": [ { "type": "spike_times", "to": "source", "neurons": [0], "times": ["1 ms"], "weight": "100 mV" } ],
              "projections": [ { "from": "source", "to": "big", "connect": { "rule": "all_to_all" }, "weight": "16 mV", "delay": "1 ms" } ],
              "record": { "spikes": true } }
            """, "m.json");
        Network network = Network.Build(spec);
        Assert.Equal(size <= 65_536, network.Projections[0].Targets.Offsets is not null);
        var recorder = new SpikeRecorder();
        new Simulator(network, new SimulationOptions { Threads = threads }).Run(spec.DurationMs, recorder);
        int big = network.Populations[1].Offset;
        Assert.Equal([1.0], recorder.Spikes.Where(s => s.Neuron < big).Select(s => s.TimeMs));
        var fired = recorder.Spikes.Where(s => s.Neuron >= big).ToList();
        Assert.All(fired, s => Assert.Equal(2.0, s.TimeMs));
        Assert.Equal(Enumerable.Range(big, size), fired.Select(s => s.Neuron).Order());
    }

    /// <summary>Every spike of a run, as the observer receives them.</summary>
    private sealed class SpikeRecorder : ISimulationObserver
    {
        public List<(double TimeMs, int Neuron)> Spikes { get; } = [];

        public void OnSlice(in SliceOutput slice)
        {
            for (int i = 0; i < slice.SpikeNeurons.Length; i++) Spikes.Add((slice.SpikeTimesMs[i], slice.SpikeNeurons[i]));
        }
    }
}
