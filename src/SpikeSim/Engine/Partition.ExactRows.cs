using SpikeSim.Synapses;

namespace SpikeSim.Engine;

// Delivery along synapses whose user-written weights or delays are kept as doubles (a weight matrix or a
// connection file whose values are not all floats): kept apart so that the common float path stays as it is.
internal sealed partial class Partition
{
    /// <summary>Queues the events of synapses [lo, hi) of a table with double weights or delays, for a spike at t (ms).</summary>
    private void DeliverExactRow(SynapseTable table, int lo, int hi, double t, long earliestSlice)
    {
        for (int k = lo; k < hi; k++)
        {
            double arrival = t + table.DelayOf(k);
            long slice = _ring.SliceOf(arrival, earliestSlice);
            ArrivalTable arrivals = _ring.Table(slice, Index);
            arrivals.Queue(table.TargetOf(k), arrivals.Add(arrival, table.WeightOf(k)));
        }
    }
}
