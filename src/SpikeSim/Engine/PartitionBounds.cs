using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>
/// Where the partitions (one per thread) cut the neurons: contiguous ranges that are expected to bring about the same
/// work each, so that no thread waits at every slice's barrier for one that holds the costly neurons (with equal
/// neuron counts, brunel2000-stdp's first partition held 6,250 neurons with plastic inputs and the second 3,750: 58%
/// of the work). A neuron's work is estimated before the run, as <see cref="Simulator.AutoThreads"/> estimates a
/// slice's: its Poisson events (exact: the rates), plus its synaptic events if every neuron fired at
/// <see cref="Simulator.AutoThreadsRateHz"/> (each projection's synapses spread evenly over its target population),
/// those of a changing projection (plasticity, short-term plasticity, structural) counted
/// <see cref="ChangingEventCost"/> times, plus <see cref="NeuronCost"/>. The results do not depend on the cut
/// (every partition count gives the same bits); only the time does.
/// </summary>
internal static class PartitionBounds
{
    /// <summary>
    /// What an event through a changing synapse costs, in events through a static one: brunel2000-stdp's plastic
    /// arrivals and their potentiations took about 40 ns each beyond the static network's 10 ns per event (one thread).
    /// </summary>
    public const double ChangingEventCost = 5;

    /// <summary>A neuron's own work, in events per ms, whatever its inputs (so that a network without any still splits evenly).</summary>
    public const double NeuronCost = 1;

    /// <summary>
    /// Bounds of <paramref name="partitions"/> partitions (partition p holds neurons bounds[p] .. bounds[p+1]-1), each
    /// non-empty (partitions ≤ neurons), with about equal expected work.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="tables">Its projections, in model order.</param>
    /// <param name="changing">Per projection, whether its synapses change as it runs.</param>
    /// <param name="partitions">How many partitions, at least one.</param>
    public static int[] Balanced(Network network, IReadOnlyList<SynapseTable> tables, bool[] changing, int partitions)
    {
        int n = network.NeuronCount;
        var work = new double[n];
        var perNeuron = new double[network.Populations.Count];
        for (int j = 0; j < tables.Count; j++)
        {
            int pop = tables[j].ToPopulation, size = network.Populations[pop].Size;
            if (size > 0)
                perNeuron[pop] += (double)tables[j].Count / size * Simulator.AutoThreadsRateHz / 1000 * (changing[j] ? ChangingEventCost : 1);
        }
        for (int pop = 0; pop < perNeuron.Length; pop++)
        {
            PopulationRange range = network.Populations[pop];
            Array.Fill(work, NeuronCost + perNeuron[pop], range.Offset, range.Size);
        }
        Inputs.InputTables inputs = network.Inputs;
        for (int i = 0; i < n; i++)
            for (int s = inputs.PoissonStart[i]; s < inputs.PoissonStart[i + 1]; s++) work[i] += inputs.PoissonEventsPerMs(s);
        return Cut(work, partitions);
    }

    /// <summary>
    /// Cuts neurons with these work estimates into <paramref name="partitions"/> contiguous, non-empty ranges: bound p
    /// before the first neuron whose middle lies past p/partitions of the total work.
    /// </summary>
    internal static int[] Cut(double[] work, int partitions)
    {
        int n = work.Length;
        var bounds = new int[partitions + 1];
        bounds[partitions] = n;
        double total = 0;
        foreach (double w in work) total += w;
        double sum = 0; // the work of neurons 0 .. i-1
        int i = 0;
        for (int p = 1; p < partitions; p++)
        {
            double share = total * p / partitions;
            while (i < n && sum + work[i] / 2 < share) sum += work[i++];
            // Each partition keeps at least one neuron, before and after this bound.
            bounds[p] = Math.Clamp(i, bounds[p - 1] + 1, n - (partitions - p));
        }
        return bounds;
    }
}
