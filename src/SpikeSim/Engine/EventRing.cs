using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>
/// The events one neuron receives in one slice, as references into the slice's <see cref="ArrivalTable"/>: compact,
/// because delivery scatters one entry per synapse over all neurons, and that scatter is what a large network's speed
/// depends on. A reference takes two bytes while the table holds at most <see cref="ArrivalTable.NarrowLimit"/>
/// entries (a spike through a projection with one delay and one weight needs one entry for all its targets, so a
/// slice's table is usually small), four once it holds more (<see cref="ArrivalTable.Wide"/>: the table widens its
/// lists when it outgrows two bytes); the width is the table's, so every reader asks it. The entries live in the
/// <see cref="EventArena"/> of the slice's table and are written through a pointer, with the capacity (in bytes) kept
/// here: an Add touches only this struct and the entry's cache line (no array header to null- or bounds-check). Grows
/// by doubling; never shrinks (no allocation in steady state).
/// </summary>
internal unsafe struct EventList
{
    private byte* _data;
    private int _capacityBytes;
    public int Count;

    /// <summary>The references while the table's references take two bytes, in queue order.</summary>
    public readonly ReadOnlySpan<ushort> Narrow => new(_data, Count);

    /// <summary>The references once the table's take four bytes (<see cref="ArrivalTable.Wide"/>), in queue order.</summary>
    public readonly ReadOnlySpan<int> Wide => new(_data, Count);

    /// <summary>Reference <paramref name="i"/>, of width <paramref name="wide"/> (the table's <see cref="ArrivalTable.Wide"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int At(int i, bool wide) => wide ? ((int*)_data)[i] : ((ushort*)_data)[i];

    /// <summary>Address of the first reference (for prefetching; meaningless while the list has none).</summary>
    public readonly nint Address => (nint)_data;

    /// <summary>Appends <paramref name="reference"/> of width <paramref name="wide"/>, growing from <paramref name="arena"/> when full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int reference, EventArena arena, bool wide)
    {
        if (wide) Add<int>(reference, arena);
        else Add<ushort>(reference, arena);
    }

    /// <summary><see cref="Add(int, EventArena, bool)"/> as a <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add<T>(int reference, EventArena arena) where T : unmanaged, IBinaryInteger<T>
    {
        int count = Count;
        if ((count + 1) * sizeof(T) > _capacityBytes) Grow(arena);
        ((T*)_data)[count] = T.CreateTruncating(reference);
        Count = count + 1;
    }

    /// <summary>
    /// Appends <paramref name="reference"/> as a <typeparamref name="T"/> (<see cref="ushort"/> or <see cref="int"/>:
    /// the table's width) if there is room (<paramref name="count"/> is <see cref="Count"/>); false, changing nothing, if
    /// the list must grow first. Asks the cache for the memory one line past the new entry: a list fills a line in about
    /// 32 additions of two bytes (16 of four) scattered over a slice's delivery, and the addition that first writes the
    /// next line then finds it in the cache instead of waiting for it (the wait that dominated delivery).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd<T>(int count, int reference) where T : unmanaged, IBinaryInteger<T>
    {
        if ((count + 1) * sizeof(T) > _capacityBytes) return false;
        T* at = (T*)_data + count;
        *at = T.CreateTruncating(reference);
        if (Sse.IsSupported) Sse.Prefetch1((byte*)at + 64);
        Count = count + 1;
        return true;
    }

    /// <summary>Doubles the capacity, moving the references (the whole block: it grows when full) to memory from <paramref name="arena"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Grow(EventArena arena)
    {
        int bytes = Math.Max(MinimumBytes, 2 * _capacityBytes);
        byte* data = (byte*)arena.Allocate(bytes / sizeof(int));
        new ReadOnlySpan<byte>(_data, _capacityBytes).CopyTo(new Span<byte>(data, bytes));
        MoveTo(arena, data, bytes);
    }

    /// <summary>The smallest block a list takes, bytes (a cache line).</summary>
    private const int MinimumBytes = 64;

    /// <summary>
    /// Turns the two-byte references into four-byte ones, in order (the table outgrew two bytes): in place where the
    /// block has room, else into a block large enough from <paramref name="arena"/>.
    /// </summary>
    public void Widen(EventArena arena)
    {
        if (Count == 0) return;
        int bytes = _capacityBytes;
        while (bytes < Count * sizeof(int)) bytes *= 2;
        byte* data = bytes == _capacityBytes ? _data : (byte*)arena.Allocate(bytes / sizeof(int));
        // From the last: in place, each four-byte slot lies at or after the two-byte one it replaces.
        for (int i = Count - 1; i >= 0; i--) ((int*)data)[i] = ((ushort*)_data)[i];
        if (data != _data) MoveTo(arena, data, bytes);
    }

    /// <summary>Takes <paramref name="data"/> (<paramref name="bytes"/> from <paramref name="arena"/>, the references already there) as the list's block, releasing the old one.</summary>
    private void MoveTo(EventArena arena, byte* data, int bytes)
    {
        if (_capacityBytes > 0) arena.Release((int*)_data, _capacityBytes / sizeof(int));
        _data = data;
        _capacityBytes = bytes;
    }

    /// <summary>
    /// Stable insertion sort by arrival time. Events of equal delays arrive in order, so this is usually one pass;
    /// ties keep their insertion order, which the engine makes independent of the thread count.
    /// </summary>
    public readonly void SortByTime(double[] times, bool wide)
    {
        if (wide) SortByTime(new Span<int>(_data, Count), times);
        else SortByTime(new Span<ushort>(_data, Count), times);
    }

    private static void SortByTime<T>(Span<T> items, double[] times) where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 1; i < items.Length; i++)
        {
            T e = items[i];
            double t = times[int.CreateTruncating(e)];
            if (times[int.CreateTruncating(items[i - 1])] <= t) continue;
            int j = i - 1;
            while (j >= 0 && times[int.CreateTruncating(items[j])] > t) { items[j + 1] = items[j]; j--; }
            items[j + 1] = e;
        }
    }

    /// <summary>
    /// Exchanges the storage of <paramref name="a"/> and <paramref name="b"/> when both are empty (else does nothing):
    /// a list just read then writes its next events into memory that is still in the cache.
    /// </summary>
    public static void ExchangeIfEmpty(ref EventList a, ref EventList b)
    {
        if (a.Count == 0 && b.Count == 0) (a, b) = (b, a);
    }

    /// <summary>Drops the first <paramref name="processed"/> events, keeping the rest in order (references of width <paramref name="wide"/>).</summary>
    public void RemoveFirst(int processed, bool wide)
    {
        if (processed >= Count) { Count = 0; return; }
        int width = wide ? sizeof(int) : sizeof(ushort);
        new Span<byte>(_data + processed * width, (Count - processed) * width).CopyTo(new Span<byte>(_data, Count * width)); // overlapping: a move
        Count -= processed;
    }
}

/// <summary>
/// Arrival times (ms) and weights (mV or pA) of the events one partition queued for one slice, and which of the
/// partition's neurons have events in it. A spike through a projection with one delay and one weight needs a single
/// entry, shared by all its targets. The partition's event lists of the slice (<paramref name="lists"/>) hold
/// references to the entries, two bytes each until the table holds more than <see cref="NarrowLimit"/> entries, then
/// four (<see cref="Wide"/>).
/// </summary>
/// <param name="first">Global index of the partition's first neuron.</param>
/// <param name="size">Number of neurons in the partition.</param>
/// <param name="plastic">Whether the network has plastic synapses.</param>
/// <param name="lists">The slice's event lists of all neurons (this partition's are [first, first + size)).</param>
/// <param name="narrowLimit">How many entries two-byte references can name (65,536; less in tests of the widening).</param>
internal sealed class ArrivalTable(int first, int size, bool plastic, EventList[] lists, int narrowLimit = ArrivalTable.NarrowLimit)
{
    /// <summary>Entries that two-byte references can name.</summary>
    public const int NarrowLimit = ushort.MaxValue + 1;

    /// <summary>
    /// Whether the references of the partition's event lists in this slice take four bytes (the table has held more
    /// than <see cref="NarrowLimit"/> entries since it was last cleared) rather than two.
    /// </summary>
    public bool Wide { get; private set; }

    /// <summary>
    /// Bit i set: neuron <c>first</c> + i has events queued for this slice (set by <see cref="Queue"/>). Phase A visits
    /// these neurons; a set bit whose neuron has no event left only costs a look.
    /// </summary>
    public readonly ulong[] Targets = new ulong[(size + 63) >> 6];

    /// <summary>Where the event lists of the partition's neurons in this slot keep their references.</summary>
    public readonly EventArena Arena = new();
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
        int r = NextEntry();
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
        int r = NextEntry();
        Time[r] = time;
        Weight[r] = increment;
        Synapse![r] = synapse;
        Decay![r] = decay;
        Count = r + 1;
        return r;
    }

    /// <summary>The index of the entry about to be added (<see cref="Count"/>), with room for it in the columns and in the lists' references.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextEntry()
    {
        int r = Count;
        if (r == Time.Length) Grow();
        if (r == narrowLimit) Widen();
        return r;
    }

    /// <summary>Marks neuron n (global index, one of this partition's) for phase A's visit, whether it has events in the slice or not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Mark(int n)
    {
        int i = n - first;
        Targets[i >> 6] |= 1UL << i;
    }

    /// <summary>Appends <paramref name="reference"/> to the list of neuron <paramref name="target"/> (global index, one of this partition's) and marks the neuron.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Queue(int target, int reference)
    {
        ref EventList list = ref lists[target];
        if (list.Count == 0)
        {
            int i = target - first;
            Targets[i >> 6] |= 1UL << i;
        }
        list.Add(reference, Arena, Wide);
    }

    /// <summary><see cref="QueueShared{TTarget}"/> for synapses [lo, hi) of <paramref name="table"/>, in the width its targets are kept in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void QueueShared(SynapseTable table, int lo, int hi, int reference)
    {
        SynapseTargets targets = table.Targets;
        if (targets.Offsets is { } offsets) QueueShared<ushort>(offsets.AsSpan(lo, hi - lo), targets.Base, reference);
        else QueueShared<int>(targets.Indices.AsSpan(lo, hi - lo), 0, reference);
    }

    /// <summary>
    /// <see cref="Queue"/> for each target <paramref name="targetBase"/> + <paramref name="targets"/>[k], with the same
    /// reference: delivery's common case. A list that must grow is grown outside the inner loop, so that the loop holds
    /// no call (and keeps its registers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void QueueShared<TTarget>(ReadOnlySpan<TTarget> targets, int targetBase, int reference) where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        if (Wide) QueueShared<int, TTarget>(targets, targetBase, reference);
        else QueueShared<ushort, TTarget>(targets, targetBase, reference);
    }

    /// <summary><see cref="QueueShared{TTarget}"/> with references of type <typeparamref name="T"/>.</summary>
    private void QueueShared<T, TTarget>(ReadOnlySpan<TTarget> targets, int targetBase, int reference)
        where T : unmanaged, IBinaryInteger<T> where TTarget : unmanaged, IBinaryInteger<TTarget>
    {
        EventList[] all = lists;
        ulong[] marks = Targets;
        int k = 0;
        while (k < targets.Length)
        {
            for (; k < targets.Length; k++)
            {
                int target = targetBase + int.CreateTruncating(targets[k]);
                ref EventList list = ref all[target];
                int count = list.Count;
                if (count == 0)
                {
                    int i = target - first;
                    marks[i >> 6] |= 1UL << i;
                }
                if (!list.TryAdd<T>(count, reference)) break;
            }
            if (k < targets.Length) all[targetBase + int.CreateTruncating(targets[k])].Grow(Arena); // the next round adds its entry
        }
    }

    /// <summary>Forgets the slice's entries and marks once every event in it has been processed (the lists are empty).</summary>
    public void Clear()
    {
        Count = 0;
        Wide = false;
        Array.Clear(Targets);
    }

    /// <summary>The table is about to hold more entries than two bytes can name: every list of the partition's neurons takes four-byte references from now on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Widen()
    {
        if (Wide) return;
        for (int n = first; n < first + size; n++) lists[n].Widen(Arena);
        Wide = true;
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
    private readonly double _sliceMs, _slicesPerMs;

    /// <param name="neurons">Number of neurons.</param>
    /// <param name="bounds">Partition p owns neurons bounds[p] .. bounds[p+1]-1.</param>
    /// <param name="sliceMs">Slice length, ms.</param>
    /// <param name="maxDelayMs">Longest delay, ms.</param>
    /// <param name="plastic">Whether the network has plastic synapses.</param>
    /// <param name="narrowLimit">Entries a slice's table holds before its lists' references take four bytes instead of two (<see cref="ArrivalTable"/>).</param>
    public EventRing(int neurons, int[] bounds, double sliceMs, double maxDelayMs, bool plastic, int narrowLimit = ArrivalTable.NarrowLimit)
    {
        int partitions = bounds.Length - 1;
        _sliceMs = sliceMs;
        _slicesPerMs = 1 / sliceMs;
        // An event from slice k arrives in slice k+1 .. k+1+ceil(d_max/h); slice k's own lists are empty by then.
        int length = (int)Math.Min(1 << 20, Math.Ceiling(maxDelayMs / sliceMs) + 2);
        _slots = new EventList[length][];
        _tables = new ArrivalTable[length][];
        for (int s = 0; s < length; s++)
        {
            _slots[s] = new EventList[neurons];
            _tables[s] = new ArrivalTable[partitions];
            for (int p = 0; p < partitions; p++) _tables[s][p] = new ArrivalTable(bounds[p], bounds[p + 1] - bounds[p], plastic, _slots[s], narrowLimit);
        }
    }

    /// <summary>Number of slots: events may lie at most this many slices ahead of the slice being advanced.</summary>
    public int Length => _slots.Length;

    /// <summary>The lists of all neurons for slice k.</summary>
    public EventList[] Slot(long slice) => _slots[slice % _slots.Length];

    /// <summary>
    /// The lists of slice k + <see cref="Length"/> - 2: the farthest slice a spike of slice k reaches but for a sum
    /// that rounds up onto the next slice's start, so the one whose lists the delivery after slice k's phase A fills
    /// first.
    /// </summary>
    public EventList[] Farthest(long slice) => Slot(slice + _slots.Length - 2);

    /// <summary>The arrival table of partition p for slice k.</summary>
    public ArrivalTable Table(long slice, int partition) => _tables[slice % _tables.Length][partition];

    /// <summary>
    /// The slice in which time t (ms) falls: k with k·h ≤ t &lt; (k+1)·h, never earlier than
    /// <paramref name="earliest"/> (a sum like t_spike + d_min may round an ulp below the next slice's start).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long SliceOf(double t, long earliest) => SliceOf(t, _sliceMs, _slicesPerMs, earliest);

    /// <summary>
    /// As <see cref="SliceOf(double, long)"/>, for slices of <paramref name="sliceMs"/> (ms), given
    /// <paramref name="slicesPerMs"/> = 1 / <paramref name="sliceMs"/>: the product is within one of k, and one step
    /// either way makes it the k of the comparisons (a multiplication instead of a division, on every wake scheduled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SliceOf(double t, double sliceMs, double slicesPerMs, long earliest)
    {
        long k = (long)(t * slicesPerMs);
        if (k * sliceMs > t) k--;
        else if ((k + 1) * sliceMs <= t) k++;
        return k < earliest ? earliest : k;
    }
}

/// <summary>
/// Pinned memory from which the event lists of one slot and partition take their references: chunks from the pinned
/// object heap, each twice the previous one, handed out front to back. A list that grows gives its old block back,
/// and the next list that grows to that size takes it (list capacities are powers of two, so a block fits exactly).
/// Lives as long as the ring.
/// </summary>
internal sealed unsafe class EventArena
{
    private readonly List<int[]> _chunks = []; // keeps the chunks alive
    private int* _next;
    private int _left;
    private readonly Stack<nint>[] _free = new Stack<nint>[32]; // blocks given back, by log2 of their size

    /// <summary>Room for <paramref name="count"/> references, uninitialised.</summary>
    public int* Allocate(int count)
    {
        if (_free[BitOperations.Log2((uint)count)] is { Count: > 0 } free) return (int*)free.Pop();
        if (count > _left)
        {
            int size = Math.Max(count, _chunks.Count == 0 ? 1024 : Math.Min(1 << 24, 2 * _chunks[^1].Length));
            int[] chunk = GC.AllocateUninitializedArray<int>(size, pinned: true);
            _chunks.Add(chunk);
            _next = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(chunk));
            _left = size;
        }
        int* block = _next;
        _next += count;
        _left -= count;
        return block;
    }

    /// <summary>Gives back a block of <paramref name="count"/> references (a power of two) from <see cref="Allocate"/>.</summary>
    public void Release(int* block, int count)
    {
        (_free[BitOperations.Log2((uint)count)] ??= new Stack<nint>()).Push((nint)block);
    }
}
