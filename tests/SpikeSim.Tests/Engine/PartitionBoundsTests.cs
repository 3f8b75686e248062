using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// <see cref="PartitionBounds"/>: contiguous, non-empty partitions with about equal expected work; neurons with plastic
/// inputs weigh more. (That the cut changes no result is what every thread-count test checks.)
/// </summary>
public class PartitionBoundsTests
{
    [Theory]
    [InlineData(12500, 1)]
    [InlineData(12500, 2)]
    [InlineData(10, 3)]
    [InlineData(4000, 7)]
    [InlineData(5, 5)]
    public void EqualWorkGivesEqualRanges(int neurons, int partitions)
    {
        int[] bounds = PartitionBounds.Cut(Enumerable.Repeat(2.5, neurons).ToArray(), partitions);
        Assert.Equal(0, bounds[0]);
        Assert.Equal(neurons, bounds[^1]);
        for (int p = 0; p < partitions; p++)
        {
            int size = bounds[p + 1] - bounds[p];
            Assert.InRange(size, neurons / partitions, (neurons + partitions - 1) / partitions);
        }
    }

    [Fact]
    public void EachBoundSitsWithinHalfANeuronOfItsShare()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 50 + random.Next(2000), partitions = 1 + random.Next(8);
            double[] work = [.. Enumerable.Range(0, n).Select(_ => 0.1 + 10 * random.NextDouble())];
            int[] bounds = PartitionBounds.Cut(work, partitions);
            double total = work.Sum();
            for (int p = 1; p < partitions; p++)
            {
                Assert.True(bounds[p] > bounds[p - 1], $"trial {trial}: partition {p - 1} is empty");
                double before = work.Take(bounds[p]).Sum(), share = total * p / partitions;
                // The last neuron before the bound has its middle before the share, the first after it at or past it.
                Assert.True(before - work[bounds[p] - 1] / 2 < share, $"trial {trial}, bound {p}: {before} before it, share {share}");
                Assert.True(before + work[bounds[p]] / 2 >= share, $"trial {trial}, bound {p}: {before} before it, share {share}");
            }
        }
    }

    [Fact]
    public void OneHeavyNeuronLeavesNoPartitionEmpty()
    {
        int[] bounds = PartitionBounds.Cut([1000, 1, 1, 1, 1], 4);
        Assert.Equal([0, 1, 2, 3, 5], bounds);
        Assert.Equal([0, 1, 2, 3, 4, 5], PartitionBounds.Cut([1, 1, 1, 1, 1000], 5));
    }

    [Fact]
    public void NeuronsWithPlasticInputsWeighMore()
    {
        // brunel2000-stdp shrunk: 1,000 excitatory neurons with 100 plastic E->E inputs and 25 static I->E inputs,
        // 250 inhibitory ones with 100 + 25 static inputs, each neuron a 20 kHz Poisson stream.
        ModelSpec spec = ArrivalWidthTests.Spec("brunel2000-stdp-small@60");
        var network = Network.Build(spec);
        bool[] changing = [.. spec.Projections.Select(p => p.Plasticity is not null)];
        Assert.Equal([true, false, false, false], changing);

        int[] bounds = PartitionBounds.Balanced(network, network.Projections, changing, 2);

        // Work per neuron (events per ms): 1 of its own, 20 Poisson events, and each input firing at 10 Hz (0.01 per
        // ms), a plastic one counted 5 times.
        double exc = 1 + 20 + 100 * 0.01 * 5 + 25 * 0.01, inh = 1 + 20 + 100 * 0.01 + 25 * 0.01;
        double half = (1000 * exc + 250 * inh) / 2;
        int expected = (int)Math.Ceiling(half / exc - 0.5); // the first excitatory neuron whose middle lies past half the work
        Assert.Equal(606, expected);
        Assert.Equal([0, expected, 1250], bounds);
    }
}
