using System.Runtime.CompilerServices;

namespace SpikeSim.Engine;

/// <summary>
/// The events one neuron receives in one slice, as 4-byte references into the slice's <see cref="ArrivalTable"/>:
/// compact, because delivery scatters one entry per synapse over all neurons, and that scatter is what a large
/// network's speed depends on. Grows by doubling; never shrinks (no allocation in steady state).
/// </summary>
internal struct EventList
{
    public int[] Items;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int reference)
    {
        int[] items = Items;
        int count = Count;
        if ((uint)count >= (uint)items.Length) { Grow(); items = Items; }
        items[count] = reference;
        Count = count + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref Items, Math.Max(16, Items.Length * 2));

    /// <summary>
    /// Stable insertion sort by arrival time. Events of equal delays arrive in order, so this is usually one pass;
    /// ties keep their insertion order, which the engine makes independent of the thread count.
    /// </summary>
    public readonly void SortByTime(double[] times)
    {
        int[] items = Items;
        for (int i = 1; i < Count; i++)
        {
            int e = items[i];
            double t = times[e];
            if (times[items[i - 1]] <= t) continue;
            int j = i - 1;
            while (j >= 0 && times[items[j]] > t) { items[j + 1] = items[j]; j--; }
            items[j + 1] = e;
        }
    }

    /// <summary>Drops the first <paramref name="processed"/> events, keeping the rest in order.</summary>
    public void RemoveFirst(int processed)
    {
        if (processed >= Count) { Count = 0; return; }
        Array.Copy(Items, processed, Items, 0, Count - processed);
        Count -= processed;
    }
}

/// <summary>
/// Arrival times (ms) and weights (mV or pA) of the events one partition queued for one slice. A spike through a
/// projection with one delay and one weight needs a single entry, shared by all its targets.
/// </summary>
internal sealed class ArrivalTable(bool plastic)
{
    public double[] Time = new double[256];
    public double[] Weight = new double[256];
    /// <summary>
    /// Networks with plastic synapses: the synapse reference of each event, -1 for a static synapse. A plastic event
    /// names its synapse's slot (<see cref="Plasticity.PlasticProjection.Reference"/>, ≥ 0) or, in an entry shared
    /// by all targets of a spike, its source (<see cref="Plasticity.PlasticProjection.SharedReference"/>, ≤ −2); its
    /// <see cref="Weight"/> then holds the presynaptic trace increment and <see cref="Decay"/> the postsynaptic
    /// trace's factor (<see cref="Plasticity.PlasticProjection.ArrivalFactors"/>): the weight is read at arrival.
    /// </summary>
    public int[]? Synapse = plastic ? new int[256] : null;
    /// <summary>Networks with plastic synapses: see <see cref="Synapse"/>.</summary>
    public double[]? Decay = plastic ? new double[256] : null;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(double time, double weight)
    {
        int r = Count;
        if (r == Time.Length) Grow();
        Time[r] = time;
        Weight[r] = weight;
        if (Synapse is not null) Synapse[r] = -1;
        Count = r + 1;
        return r;
    }

    /// <summary>An event of a plastic synapse, or of all a spike's plastic synapses (networks with plastic synapses only): see <see cref="Synapse"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddPlastic(double time, int synapse, double increment, double decay)
    {
        int r = Count;
        if (r == Time.Length) Grow();
        Time[r] = time;
        Weight[r] = increment;
        Synapse![r] = synapse;
        Decay![r] = decay;
        Count = r + 1;
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Array.Resize(ref Time, Time.Length * 2);
        Array.Resize(ref Weight, Weight.Length * 2);
        if (Synapse is not null) Array.Resize(ref Synapse, Synapse.Length * 2);
        if (Decay is not null) Array.Resize(ref Decay, Decay.Length * 2);
    }
}

/// <summary>
/// Pending synaptic events, bucketed by the slice in which they arrive: a ring of slices (as many as the longest
/// delay spans, plus two), each holding one <see cref="EventList"/> per neuron and one <see cref="ArrivalTable"/>
/// per partition (partitions deliver concurrently, each to its own neurons). Inserting is O(1).
/// </summary>
internal sealed class EventRing
{
    private readonly EventList[][] _slots;
    private readonly ArrivalTable[][] _tables;
    private readonly double _sliceMs;

    public EventRing(int neurons, int partitions, double sliceMs, double maxDelayMs, bool plastic)
    {
        _sliceMs = sliceMs;
        // An event from slice k arrives in slice k+1 .. k+1+ceil(d_max/h); slice k's own lists are empty by then.
        int length = (int)Math.Min(1 << 20, Math.Ceiling(maxDelayMs / sliceMs) + 2);
        _slots = new EventList[length][];
        _tables = new ArrivalTable[length][];
        for (int s = 0; s < length; s++)
        {
            _slots[s] = new EventList[neurons];
            for (int n = 0; n < neurons; n++) _slots[s][n].Items = [];
            _tables[s] = new ArrivalTable[partitions];
            for (int p = 0; p < partitions; p++) _tables[s][p] = new ArrivalTable(plastic);
        }
    }

    /// <summary>Number of slots: events may lie at most this many slices ahead of the slice being advanced.</summary>
    public int Length => _slots.Length;

    /// <summary>The lists of all neurons for slice k.</summary>
    public EventList[] Slot(long slice) => _slots[slice % _slots.Length];

    /// <summary>The arrival table of partition p for slice k.</summary>
    public ArrivalTable Table(long slice, int partition) => _tables[slice % _tables.Length][partition];

    /// <summary>
    /// The slice in which time t (ms) falls: k with k·h ≤ t &lt; (k+1)·h, never earlier than
    /// <paramref name="earliest"/> (a sum like t_spike + d_min may round an ulp below the next slice's start).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long SliceOf(double t, long earliest)
    {
        long k = (long)(t / _sliceMs);
        if (k * _sliceMs > t) k--;
        else if ((k + 1) * _sliceMs <= t) k++;
        return k < earliest ? earliest : k;
    }
}
