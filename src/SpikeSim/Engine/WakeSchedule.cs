using System.Runtime.CompilerServices;

namespace SpikeSim.Engine;

/// <summary>
/// Which of one partition's neurons must be visited in a slice for a reason other than a synaptic event: their
/// wake time (<see cref="NeuronState.Wake"/>: next input, current step, sample, or possible threshold crossing)
/// falls in it. A ring of bitsets over the partition's neurons, one per slice for the next <see cref="Length"/>
/// slices; a neuron that wakes later waits in a far list, scanned every <see cref="ScanInterval"/> slices. A neuron is
/// scheduled after each visit, so a mark may be stale (the neuron was visited earlier for an event and now wakes
/// later): it then costs one look. Together with <see cref="ArrivalTable.Targets"/> this makes a slice's cost follow
/// the neurons that have something to do, not the size of the network.
/// </summary>
internal sealed class WakeSchedule
{
    private readonly int _first;
    private readonly double _sliceMs, _slicesPerMs;
    private readonly ulong[][] _slots;
    private readonly int _mask;
    private readonly List<int> _far = [];
    private readonly bool[] _inFar;
    private long _nextFarScan = long.MinValue;

    /// <param name="first">Global index of the partition's first neuron.</param>
    /// <param name="size">Number of neurons in the partition.</param>
    /// <param name="sliceMs">Slice length, ms.</param>
    public WakeSchedule(int first, int size, double sliceMs)
    {
        _first = first;
        _sliceMs = sliceMs;
        _slicesPerMs = 1 / sliceMs;
        _slots = new ulong[Length][];
        for (int s = 0; s < Length; s++) _slots[s] = new ulong[(size + 63) >> 6];
        _mask = Length - 1;
        _inFar = new bool[size];
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
    public void Schedule(int n, double wake, long earliest, long current)
    {
        if (!(wake < double.PositiveInfinity)) return;
        if (wake < (current + Length - 2) * _sliceMs)
            Mark(n, wake < earliest * _sliceMs ? earliest : EventRing.SliceOf(wake, _sliceMs, _slicesPerMs, earliest));
        else
            Defer(n);
    }

    /// <summary>Moves the neurons of the far list that wake within the ring's reach into it; every <see cref="ScanInterval"/> slices.</summary>
    public void ScanFar(long slice, double[] wakeTimes)
    {
        if (slice < _nextFarScan) return;
        _nextFarScan = slice + ScanInterval;
        int kept = 0;
        for (int i = 0; i < _far.Count; i++)
        {
            int n = _far[i];
            double wake = wakeTimes[n];
            if (wake < (slice + Length - 2) * _sliceMs)
            {
                _inFar[n - _first] = false;
                Mark(n, wake < slice * _sliceMs ? slice : EventRing.SliceOf(wake, _sliceMs, _slicesPerMs, slice));
            }
            else if (wake < double.PositiveInfinity)
            {
                _far[kept++] = n;
            }
            else
            {
                _inFar[n - _first] = false;
            }
        }
        _far.RemoveRange(kept, _far.Count - kept);
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

    private void Defer(int n)
    {
        if (_inFar[n - _first]) return;
        _inFar[n - _first] = true;
        _far.Add(n);
    }
}
