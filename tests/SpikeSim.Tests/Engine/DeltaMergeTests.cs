using SpikeSim.Engine;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The merge of a delta neuron's synaptic and Poisson events (<see cref="Partition.MergeByTime"/>), which runs from
/// both ends at once, against the plain stable merge written here: times drawn from a coarse grid so that many
/// synaptic and Poisson events tie (the synaptic one must come first), every length from empty to 40 on each side,
/// odd and even totals; the form that also writes each output's source (a plastic neuron's) gives the same order and
/// the right sources.
/// </summary>
public class DeltaMergeTests
{
    private const int Front = Partition.MergeFront;

    [Fact]
    public void TwoEndedMergeIsTheStableMergeWithSynapticEventsFirstAtTies()
    {
        var rng = new Random(5);
        int ties = 0;
        for (int na = 0; na <= 40; na++)
            for (int np = 0; np <= 40; np++)
            {
                double[] synaptic = SortedGridTimes(rng, na), poisson = SortedGridTimes(rng, np);
                double[] weights = [.. Enumerable.Range(0, na).Select(k => 1.0 + k)]; // distinct, so the order shows
                const double poissonWeight = -0.5;

                var (expectedTime, expectedWeight, expectedSource) = Reference(synaptic, weights, poisson, poissonWeight);
                var (time, weight, _) = Merge(synaptic, weights, poisson, poissonWeight, sources: false);
                var (timeWithSources, weightWithSources, source) = Merge(synaptic, weights, poisson, poissonWeight, sources: true);

                Assert.Equal(expectedTime, time);
                Assert.Equal(expectedWeight, weight);
                Assert.Equal(expectedTime, timeWithSources);
                Assert.Equal(expectedWeight, weightWithSources);
                Assert.Equal(expectedSource, source);
                ties += synaptic.Count(t => poisson.Contains(t));
            }
        Assert.True(ties > 1000, $"only {ties} ties drawn");
    }

    /// <summary>n times from {0, 0.1, ..., 1.5} ms, sorted (repeats allowed).</summary>
    private static double[] SortedGridTimes(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(16) * 0.1).Order()];

    /// <summary>The textbook stable merge, one comparison at a time; the source of each output is its synaptic index, or -1 for a Poisson event.</summary>
    private static (double[] Time, double[] Weight, int[] Source) Reference(double[] synaptic, double[] weights, double[] poisson, double poissonWeight)
    {
        var time = new List<double>();
        var weight = new List<double>();
        var source = new List<int>();
        int i = 0, j = 0;
        while (i < synaptic.Length || j < poisson.Length)
        {
            if (j == poisson.Length || (i < synaptic.Length && synaptic[i] <= poisson[j]))
            {
                time.Add(synaptic[i]);
                source.Add(i);
                weight.Add(weights[i++]);
            }
            else
            {
                time.Add(poisson[j++]);
                weight.Add(poissonWeight);
                source.Add(-1);
            }
        }
        return ([.. time], [.. weight], [.. source]);
    }

    /// <summary>The engine's merge, with its buffers laid out as the delta path lays them out (sentinels at both ends).</summary>
    private static (double[] Time, double[] Weight, int[] Source) Merge(double[] synaptic, double[] weights, double[] poisson, double poissonWeight, bool sources)
    {
        int na = synaptic.Length, np = poisson.Length;
        double[] sTime = Padded(synaptic), sWeight = new double[na + 2 * Front], pTime = Padded(poisson);
        weights.CopyTo(sWeight, Front);
        double[] time = new double[na + np + 1], weight = new double[na + np + 1];
        int[] source = new int[na + np + 1];
        if (sources)
            Partition.MergeByTimeWithSources(ref sTime[Front], ref sWeight[Front], ref pTime[Front], poissonWeight, ref time[0], ref weight[0], ref source[0], na, np);
        else
            Partition.MergeByTime(ref sTime[Front], ref sWeight[Front], ref pTime[Front], poissonWeight, ref time[0], ref weight[0], na, np);
        return (time[1..], weight[1..], source[1..]);
    }

    private static double[] Padded(double[] times)
    {
        var padded = new double[times.Length + 2 * Front];
        times.CopyTo(padded, Front);
        Partition.MergeSentinels(padded, times.Length);
        return padded;
    }
}
