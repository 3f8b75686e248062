using SpikeSim.Inputs;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>
/// One thread's share of the network: a contiguous range of neurons. Each slice it (A) advances its neurons
/// through their events, and (B) delivers every spike of the slice to the synapses whose targets it owns.
/// A partition writes only its own neurons' state, event lists and arrival tables, so partitions never contend;
/// and what a neuron computes depends only on its own ordered events, so results do not depend on how many
/// partitions there are.
/// </summary>
internal sealed partial class Partition
{
    private readonly Network _network;
    private readonly NeuronState _state;
    private readonly EventRing _ring;
    private readonly InputTables _inputs;
    private readonly SynapseTable[] _tables;
    private readonly PlasticityEngine? _plasticity;

    /// <summary>Spikes of this partition's neurons per slice parity, sorted by (time, neuron) after <see cref="Advance"/>.</summary>
    public readonly SpikeList[] Spikes = [new(), new()];

    /// <summary>Voltage samples of this partition's neurons per slice parity, sorted by (time, neuron).</summary>
    public readonly SampleList[] Samples = [new(), new()];

    /// <summary>State samples of this partition's neurons per slice parity, sorted (<see cref="StateSampleList.Sort"/>).</summary>
    public readonly StateSampleList[] StateSamples = [new(), new()];

    /// <summary>Synaptic events processed by this partition's neurons.</summary>
    public long RecurrentEvents;

    /// <summary>External input events (spike_times, Poisson) processed by this partition's neurons.</summary>
    public long InputEvents;

    /// <summary>
    /// Slices before this one sort their events even when every delay is the same: after a loaded state, spikes that
    /// left under another model's delays share the lists with new ones.
    /// </summary>
    public long SortUntilSlice;

    private bool _sortEvents; // this slice's events need sorting

    // Plastic networks: the current neuron's plastic arrivals at the current instant (coincident pre and post spikes).
    private readonly SameInstantArrivals _sameInstant = new();

    public Partition(int index, int first, int end, Network network, NeuronState state, EventRing ring,
                     SynapseTable[] tables, PlasticityEngine? plasticity)
    {
        _tables = tables;
        _plasticity = plasticity;
        Index = index;
        First = first;
        End = end;
        _network = network;
        _state = state;
        _ring = ring;
        _inputs = network.Inputs;
    }

    public int Index { get; }
    public int First { get; }
    public int End { get; }

    /// <summary>
    /// Phase A: advances neurons [First, End) through slice <paramref name="slice"/>, which ends at t1,
    /// processing every event with time &lt; t1 in time order and emitting exact spike times.
    /// </summary>
    public void Advance(long slice, double t1, double runEnd, bool sliceComplete)
    {
        SpikeList spikes = Spikes[slice & 1];
        SampleList samples = Samples[slice & 1];
        StateSampleList stateSamples = StateSamples[slice & 1];
        spikes.Clear();
        samples.Clear();
        stateSamples.Clear();
        _sortEvents = !_network.HasUniformDelay || slice < SortUntilSlice;
        _plasticity?.EnterSlice(slice, First, End);
        var frame = new SliceFrame(_ring.Slot(slice), _ring.Table(slice, Index), t1, runEnd, spikes, samples, stateSamples);
        PopulationDynamics[] populations = _state.Populations;
        for (int population = 0; population < populations.Length; population++)
        {
            PopulationDynamics pop = populations[population];
            int from = Math.Max(First, pop.Offset), to = Math.Min(End, pop.Offset + pop.Size);
            if (from < to) pop.Advance(this, population, from, to, frame); // one virtual call per population
        }
        // A slice cut short by the end of a run keeps its remaining events, and the table entries they refer to.
        if (sliceComplete) frame.Table.Count = 0;
        spikes.SortByTimeThenNeuron();
        samples.SortByTimeThenNeuron();
        stateSamples.Sort();
    }

    /// <summary>
    /// Phase A for neurons [from, to) of one population, specialised on its dynamics struct: for each neuron with
    /// something to do in the slice, sort its events, then advance it on the vectorised delta path when the model
    /// allows it and the neuron qualifies, otherwise through the general event loop.
    /// </summary>
    internal void AdvancePopulation<TDyn>(PopulationDynamics<TDyn> pop, int population, int from, int to, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        // Neurons with plastic inputs: the rule sees their spikes and each synapse's arrivals. Postsynaptic spikes
        // delayed on their way to the synapses (a dendritic delay) are events of their own: the general loop.
        PlasticityEngine? plasticity = _plasticity is not null && _plasticity.IsTarget(population) ? _plasticity : null;
        LifParameters? batch = plasticity is null || plasticity.DendriticDelayOf(population) == 0 ? pop.DeltaBatch : null;
        EventList[] events = frame.Events;
        ArrivalTable table = frame.Table;
        double t1 = frame.T1;
        double[][] state = pop.State;
        double[] time = _state.Time, wake = _state.Wake;
        for (int n = from; n < to; n++)
        {
            ref EventList list = ref events[n];
            if (list.Count == 0 && wake[n] >= t1) continue; // nothing happens to it in this slice
            if (_sortEvents) list.SortByTime(table.Time);
            int local = n - pop.Offset;
            if (batch is null || !TryAdvanceDeltaBatch(batch, state, local, n, population, plasticity, ref list, table, t1, frame.Spikes, out int processed))
            {
                TDyn dyn = pop.Template;
                dyn.Load(state, local, time[n]);
                processed = RunNeuron(ref dyn, n, population, plasticity, ref list, table, t1, frame.RunEnd, frame.Spikes, frame.Samples, frame.StateSamples);
                dyn.Store(state, local);
                time[n] = dyn.Time;
            }
            list.RemoveFirst(processed);
        }
    }

    /// <summary>
    /// Phase B: delivers the spikes of slice <paramref name="slice"/> (all partitions' lists, merged in
    /// (time, neuron) order) to the synapses whose targets this partition owns. <paramref name="merged"/>, when
    /// given, receives the merged spikes (for the observer).
    /// </summary>
    public void Deliver(long slice, Partition[] all, int[][] splits, SpikeList? merged)
    {
        int parity = (int)(slice & 1);
        int parts = all.Length;
        Span<int> heads = stackalloc int[parts];
        SynapseTable[] tables = _tables;
        while (true)
        {
            // Next spike in (time, neuron) order across partitions.
            int best = -1;
            double bestTime = 0;
            int bestNeuron = 0;
            for (int q = 0; q < parts; q++)
            {
                SpikeList list = all[q].Spikes[parity];
                if (heads[q] >= list.Count) continue;
                double t = list.Times[heads[q]];
                int neuron = list.Neurons[heads[q]];
                if (best < 0 || t < bestTime || (t == bestTime && neuron < bestNeuron)) { best = q; bestTime = t; bestNeuron = neuron; }
            }
            if (best < 0) break;
            heads[best]++;
            merged?.Add(bestTime, bestNeuron);

            int pop = _network.PopulationOf(bestNeuron);
            int local = bestNeuron - _network.Populations[pop].Offset;
            foreach (int j in _network.Outgoing[pop])
            {
                int[] split = splits[j];
                int row = local * (parts + 1) + Index;
                int lo = split[row], hi = split[row + 1];
                if (lo >= hi) continue;
                if (tables[j].Plastic is PlasticProjection plastic) DeliverPlasticRow(plastic, local, lo, hi, bestTime, slice + 1);
                else DeliverRow(tables[j], lo, hi, bestTime, slice + 1);
            }
        }
    }

    /// <summary>Queues the events of synapses [lo, hi) of a table for a spike at time t (ms).</summary>
    private void DeliverRow(SynapseTable table, int lo, int hi, double t, long earliestSlice)
    {
        if (table.Weight64 is not null || table.Delay64 is not null)
        {
            DeliverExactRow(table, lo, hi, t, earliestSlice);
            return;
        }
        int[] target = table.Target;
        float[]? weights = table.Weight;
        float[]? delays = table.Delay;
        if (delays is null)
        {
            // One delay: every event of this spike lands in the same slice.
            double arrival = t + table.DelayConstant;
            long slice = _ring.SliceOf(arrival, earliestSlice);
            EventList[] lists = _ring.Slot(slice);
            ArrivalTable arrivals = _ring.Table(slice, Index);
            if (weights is null)
            {
                // ... and one weight: one table entry serves every target.
                int reference = arrivals.Add(arrival, table.WeightConstant);
                for (int k = lo; k < hi; k++) lists[target[k]].Add(reference);
            }
            else
            {
                for (int k = lo; k < hi; k++) lists[target[k]].Add(arrivals.Add(arrival, weights[k]));
            }
        }
        else
        {
            for (int k = lo; k < hi; k++)
            {
                double arrival = t + delays[k];
                long slice = _ring.SliceOf(arrival, earliestSlice);
                double w = weights is null ? table.WeightConstant : weights[k];
                _ring.Slot(slice)[target[k]].Add(_ring.Table(slice, Index).Add(arrival, w));
            }
        }
    }

    /// <summary>
    /// Queues the events of plastic synapses [lo, hi) of row <paramref name="source"/> for a spike at time t (ms). With
    /// one delay (<see cref="PlasticProjection.SharedArrivals"/>) one entry, naming the source, serves every target,
    /// as for a static projection; otherwise each event carries its synapse's slot. The weight is read, and the rule
    /// applied, when the spike arrives.
    /// </summary>
    private void DeliverPlasticRow(PlasticProjection plastic, int source, int lo, int hi, double t, long earliestSlice)
    {
        SynapseTable table = plastic.Table;
        int[] target = table.Target;
        if (plastic.SharedArrivals)
        {
            double arrival = t + table.DelayConstant;
            long slice = _ring.SliceOf(arrival, earliestSlice);
            EventList[] lists = _ring.Slot(slice);
            int reference = plastic.QueueShared(_ring.Table(slice, Index), arrival, slice, source);
            for (int k = lo; k < hi; k++) lists[target[k]].Add(reference);
            return;
        }
        int[] slotOf = table.Slot!;
        double[]? delay = plastic.Delay;
        for (int k = lo; k < hi; k++)
        {
            int slot = slotOf[k];
            double arrival = t + (delay is null ? table.DelayConstant : delay[slot]);
            long slice = _ring.SliceOf(arrival, earliestSlice);
            _ring.Slot(slice)[target[k]].Add(plastic.Queue(_ring.Table(slice, Index), arrival, slice, slot));
        }
    }
}
