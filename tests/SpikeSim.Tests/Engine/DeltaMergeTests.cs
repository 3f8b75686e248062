using SpikeSim.Engine;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The merge of a delta neuron's synaptic and Poisson events (<see cref="Partition.MergeByTime"/>), which runs from
/// both ends at once, against the plain stable merge written here: times drawn from a coarse grid so that many
/// synaptic and Poisson events tie (the synaptic one must come first), every length from empty to 40 on each side,
/// odd and even totals.
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

                var (expectedTime, expectedWeight) = Reference(synaptic, weights, poisson, poissonWeight);
                var (time, weight) = Merge(synaptic, weights, poisson, poissonWeight);

                Assert.Equal(expectedTime, time);
                Assert.Equal(expectedWeight, weight);
                ties += synaptic.Count(t => poisson.Contains(t));
            }
        Assert.True(ties > 1000, $"only {ties} ties drawn");
    }

    /// <summary>n times from {0, 0.1, ..., 1.5} ms, sorted (repeats allowed).</summary>
    private static double[] SortedGridTimes(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(16) * 0.1).Order()];

    /// <summary>The textbook stable merge, one comparison at a time.</summary>
    private static (double[] Time, double[] Weight) Reference(double[] synaptic, double[] weights, double[] poisson, double poissonWeight)
    {
        var time = new List<double>();
        var weight = new List<double>();
        int i = 0, j = 0;
        while (i < synaptic.Length || j < poisson.Length)
        {
            if (j == poisson.Length || (i < synaptic.Length && synaptic[i] <= poisson[j]))
            {
                time.Add(synaptic[i]);
                weight.Add(weights[i++]);
            }
            else
            {
                time.Add(poisson[j++]);
                weight.Add(poissonWeight);
            }
        }
        return ([.. time], [.. weight]);
    }

    /// <summary>The engine's merge, with its buffers laid out as the delta path lays them out (sentinels at both ends).</summary>
    private static (double[] Time, double[] Weight) Merge(double[] synaptic, double[] weights, double[] poisson, double poissonWeight)
    {
        int na = synaptic.Length, np = poisson.Length;
        double[] sTime = Padded(synaptic), sWeight = new double[na + 2 * Front], pTime = Padded(poisson);
        weights.CopyTo(sWeight, Front);
        double[] time = new double[na + np + 1], weight = new double[na + np + 1];
        Partition.MergeByTime(ref sTime[Front], ref sWeight[Front], ref pTime[Front], poissonWeight, ref time[0], ref weight[0], na, np);
        return (time[1..], weight[1..]);
    }

    private static double[] Padded(double[] times)
    {
        var padded = new double[times.Length + 2 * Front];
        times.CopyTo(padded, Front);
        Partition.MergeSentinels(padded, times.Length);
        return padded;
    }
}
