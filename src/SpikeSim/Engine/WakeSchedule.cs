using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Engine;

/// <summary>
/// Which of one partition's neurons must be visited in a slice for a reason other than a synaptic event: their
/// wake time (<see cref="NeuronState.Wake"/>: next input, current step, sample, or possible threshold crossing)
/// falls in it. A ring of bitsets over the partition's neurons, one per slice for the next <see cref="Length"/>
/// slices; a neuron that wakes later waits in a far set (one more bitset), scanned every <see cref="ScanInterval"/>
/// slices in index order, 64 neurons' wake times at a time (in a small network nearly every neuron waits there). A
/// neuron is scheduled after each visit, so a mark may be stale (the neuron was visited earlier for an event and now
/// wakes later): it then costs one look. Together with <see cref="ArrivalTable.Targets"/> this makes a slice's cost follow
/// the neurons that have something to do, not the size of the network.
/// </summary>
internal sealed class WakeSchedule
{
    private readonly int _first, _size;
    private readonly double _sliceMs, _slicesPerMs;
    private readonly ulong[][] _slots;
    private readonly int _mask;
    private readonly ulong[] _far;
    private long _nextFarScan = long.MinValue;

    /// <param name="first">Global index of the partition's first neuron.</param>
    /// <param name="size">Number of neurons in the partition.</param>
    /// <param name="sliceMs">Slice length, ms.</param>
    public WakeSchedule(int first, int size, double sliceMs)
    {
        _first = first;
        _size = size;
        _sliceMs = sliceMs;
        _slicesPerMs = 1 / sliceMs;
        _slots = new ulong[Length][];
        for (int s = 0; s < Length; s++) _slots[s] = new ulong[(size + 63) >> 6];
        _mask = Length - 1;
        _far = new ulong[(size + 63) >> 6];
    }

    /// <summary>Slices ahead that the ring covers (a power of two).</summary>
    public static int Length => 64;

    /// <summary>
    /// Slices between scans of the far list. A neuron goes there when it wakes Length - 2 or more slices ahead, so
    /// the first scan after that comes before its wake, and the last scan before its wake finds it within
    /// Length - 2 slices: it is then marked in a slot that is not the one being advanced.
    /// </summary>
    public static int ScanInterval => Length - 4;

    /// <summary>The marks of slice k: bit i set, neuron first + i wakes in it (or did, and may have been visited since).</summary>
    public ulong[] Slot(long slice) => _slots[slice & _mask];

    /// <summary>
    /// Schedules neuron n (global index) for the slice in which <paramref name="wake"/> (ms) falls, but no earlier than
    /// <paramref name="earliest"/>; nothing for +infinity. <paramref name="current"/> is the slice being advanced
    /// (its marks are cleared at its end, so <paramref name="earliest"/> must be later while it runs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(int n, double wake, long earliest, long current) => Schedule(n, wake, earliest, Reach(current));

    /// <summary>
    /// <see cref="Schedule(int, double, long, long)"/> with the ring's <see cref="Reach"/> from the slice being
    /// advanced, for a loop that schedules many neurons.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(int n, double wake, long earliest, double reach)
    {
        if (!(wake < double.PositiveInfinity)) return;
        if (wake < reach)
            Mark(n, wake < earliest * _sliceMs ? earliest : EventRing.SliceOf(wake, _sliceMs, _slicesPerMs, earliest));
        else
            Defer(n);
    }

    /// <summary>The time (ms) from which a wake goes to the far set while slice <paramref name="current"/> is advanced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Reach(long current) => (current + Length - 2) * _sliceMs;

    /// <summary>
    /// Moves the neurons of the far set that wake within the ring's reach into it, and drops those that never wake;
    /// every <see cref="ScanInterval"/> slices.
    /// </summary>
    public void ScanFar(long slice, double[] wakeTimes)
    {
        if (slice < _nextFarScan) return;
        _nextFarScan = slice + ScanInterval;
        double reach = Reach(slice);
        for (int word = 0; word < _far.Length; word++)
        {
            ulong far = _far[word];
            if (far == 0) continue;
            int first = _first + (word << 6);
            (ulong near, ulong never) = (word << 6) + 64 <= _size ? Compare64(wakeTimes, first, reach) : CompareEach(wakeTimes, first, far, reach);
            _far[word] = far & ~(near | never);
            for (ulong due = far & near; due != 0; due &= due - 1)
            {
                int n = first + BitOperations.TrailingZeroCount(due);
                double wake = wakeTimes[n];
                Mark(n, wake < slice * _sliceMs ? slice : EventRing.SliceOf(wake, _sliceMs, _slicesPerMs, slice));
            }
        }
    }

    /// <summary>For the 64 neurons from <paramref name="first"/>: which wake before <paramref name="reach"/> (ms), and which never (+∞ or NaN).</summary>
    private static (ulong Near, ulong Never) Compare64(double[] wakeTimes, int first, double reach)
    {
        ref double start = ref wakeTimes[first];
        Vector512<double> limit = Vector512.Create(reach), infinity = Vector512.Create(double.PositiveInfinity);
        ulong near = 0, never = 0;
        for (int k = 0; k < 64; k += 8)
        {
            Vector512<double> wake = Vector512.LoadUnsafe(ref start, (nuint)k);
            near |= Vector512.ExtractMostSignificantBits(Vector512.LessThan(wake, limit)) << k;
            never |= Vector512.ExtractMostSignificantBits(~Vector512.LessThan(wake, infinity)) << k;
        }
        return (near, never);
    }

    /// <summary><see cref="Compare64"/> for the neurons of <paramref name="far"/> alone (the partition's last word, where it holds fewer than 64).</summary>
    private static (ulong Near, ulong Never) CompareEach(double[] wakeTimes, int first, ulong far, double reach)
    {
        ulong near = 0, never = 0;
        for (; far != 0; far &= far - 1)
        {
            int i = BitOperations.TrailingZeroCount(far);
            double wake = wakeTimes[first + i];
            if (wake < reach) near |= 1UL << i;
            else if (!(wake < double.PositiveInfinity)) never |= 1UL << i;
        }
        return (near, never);
    }

    /// <summary>Schedules every neuron [first, end) by its wake time, from slice k on: at the start of a run segment.</summary>
    public void ScheduleAll(long slice, double[] wakeTimes, int end)
    {
        _nextFarScan = slice + ScanInterval;
        for (int n = _first; n < end; n++) Schedule(n, wakeTimes[n], slice, slice);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mark(int n, long slice)
    {
        int i = n - _first;
        _slots[slice & _mask][i >> 6] |= 1UL << i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Defer(int n)
    {
        int i = n - _first;
        _far[i >> 6] |= 1UL << i;
    }
}
