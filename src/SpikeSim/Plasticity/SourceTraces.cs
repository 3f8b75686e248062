using System.Runtime.CompilerServices;
using SpikeSim.Engine;

namespace SpikeSim.Plasticity;

/// <summary>
/// One partition's presynaptic traces of an all-to-all STDP projection whose synapses of one source share their trace
/// (<see cref="PlasticProjection.PerSourceTraces"/>): with one delay, every synapse of a source takes the same arrivals
/// at the same times, each adding the same increment e^{(t−E)/τ+}, and the same rescaling at each new epoch, so their
/// scaled K+ are one number, to the bit. It is kept once per source, and each synapse keeps only its weight (8 bytes):
/// an arrival writes the weight alone, and a visit streams half the bytes.
/// </summary>
/// <remarks>
/// At the start of each slice the partition's own copy takes in the slice before (<see cref="Enter"/>): the last value
/// of each source that had arrivals, then the new epoch's rescaling, as a synapse's trace had them in that order. The
/// slice's own arrivals come from its arrival table, known whole before the slice starts (a slice is no longer than the
/// shortest delay): for each source, the value just after each of its arrivals. A synapse's trace at time t is then
/// the value after its source's last arrival strictly before t (<see cref="At"/>): what the synapse itself held when
/// its target, advanced in time order, reached t, with arrivals at exactly t left out, as a postsynaptic spike at t
/// pairs only with earlier ones. Each partition keeps its own copy, written only by itself, so the traces need no lock
/// and do not depend on the number of threads; a source with no target in the partition is never read there.
/// </remarks>
internal sealed class SourceTraces
{
    /// <summary>The partition's neurons, global indices [First, End).</summary>
    public readonly int First, End;

    // Per source: the scaled K+ with every arrival before the current slice, in epoch _epoch (8 bytes: a
    // potentiation reads its target's sources from this array, spread over all of it); a bit set when the source has
    // arrivals in the slice (small enough to stay in the cache), and the first one's index in the lists below (-1: none).
    private readonly double[] _before;
    private readonly ulong[] _arrives;
    private readonly int[] _head;
    // The slice's arrivals, each source's in time order: time, the increment and then the value just after it, the
    // next arrival of the same source (-1: none); and the sources that have any.
    private double[] _time = new double[64], _after = new double[64];
    private int[] _next = new int[64];
    private int _count;
    private readonly List<int> _sources = [];
    private double _epoch;
    private long _slice = -1;
    private double[] _buffer = [];
    private int[] _sourceBuffer = [];

    public SourceTraces(int first, int end, int sources)
    {
        First = first;
        End = end;
        _before = new double[sources];
        _arrives = new ulong[(sources + 63) / 64];
        _head = new int[sources];
        Array.Fill(_head, -1);
    }

    /// <summary>Bytes this copy takes, per source.</summary>
    public const int BytesPerSource = sizeof(double) + sizeof(int);

    /// <summary>True when target neuron n (global index) is one of this partition's.</summary>
    public bool Owns(int n) => n >= First && n < End;

    /// <summary>
    /// Replaces the traces with <paramref name="before"/> (per source, scaled to <paramref name="epoch"/>, ms), as
    /// they are after every arrival before the saved time: a loaded state, whose spikes in flight all arrive later.
    /// </summary>
    public void Reset(double[] before, double epoch)
    {
        ClearSlice();
        before.CopyTo(_before, 0);
        _epoch = epoch;
        _slice = -1;
    }

    /// <summary>
    /// Slice <paramref name="slice"/>, in epoch <paramref name="epoch"/> (ms), starts (again, when a run ended inside
    /// it: then nothing changes): the slice before is taken in, the traces move to the epoch (factor
    /// e^{(E_old−E)/τ+}), and the arrivals of <paramref name="projection"/> in <paramref name="table"/> (the
    /// partition's table of this slice) are listed with the values just after them.
    /// </summary>
    public void Enter(long slice, double epoch, double tauPlus, ArrivalTable table, PlasticProjection projection)
    {
        if (slice == _slice) return;
        _slice = slice;
        foreach (int s in _sources)
        {
            int a = _head[s];
            while (_next[a] >= 0) a = _next[a];
            _before[s] = _after[a];
        }
        ClearSlice();
        if (epoch != _epoch)
        {
            double factor = Math.Exp((_epoch - epoch) / tauPlus);
            double[] before = _before;
            for (int s = 0; s < before.Length; s++) before[s] *= factor;
            _epoch = epoch;
        }
        int[]? references = table.Synapse;
        if (references is null) return;
        for (int r = 0; r < table.Count; r++)
        {
            int reference = references[r];
            if (reference == -1 || PlasticProjection.ProjectionOf(reference) != projection.Index) continue;
            // A shared entry names the source; a slot's own entry (a loaded state's spikes in flight) its synapse.
            int source = reference <= -2 ? PlasticProjection.SourceOfShared(reference)
                                         : projection.SourceOfSlot(reference & PlasticProjection.SlotMask);
            Add(source, table.Time[r], table.Weight[r]);
        }
        foreach (int s in _sources)
        {
            double value = _before[s];
            for (int a = _head[s]; a >= 0; a = _next[a]) _after[a] = value += _after[a];
        }
    }

    /// <summary>Lists an arrival of source s at time t (ms) adding <paramref name="increment"/>, in time order among the source's; once per time.</summary>
    private void Add(int s, double t, double increment)
    {
        int previous = -1, a = _head[s];
        while (a >= 0 && _time[a] < t) { previous = a; a = _next[a]; }
        if (a >= 0 && _time[a] == t) return; // the same arrival, through another target's own entry
        if (_count == _time.Length)
        {
            Array.Resize(ref _time, 2 * _count);
            Array.Resize(ref _after, 2 * _count);
            Array.Resize(ref _next, 2 * _count);
        }
        int k = _count++;
        _time[k] = t;
        _after[k] = increment;
        _next[k] = a;
        if (previous < 0)
        {
            if (_head[s] < 0)
            {
                _sources.Add(s);
                _arrives[s >> 6] |= 1UL << s;
            }
            _head[s] = k;
        }
        else _next[previous] = k;
    }

    private void ClearSlice()
    {
        foreach (int s in _sources)
        {
            _head[s] = -1;
            _arrives[s >> 6] = 0;
        }
        _sources.Clear();
        _count = 0;
    }

    /// <summary>The scaled K+ of source s's synapses at time t (ms) of the current slice or before: every arrival strictly before t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double At(int s, double t) => (_arrives[s >> 6] >> s & 1) != 0 ? Later(s, t) : _before[s];

    private double Later(int s, double t)
    {
        double value = _before[s];
        for (int a = _head[s]; a >= 0 && _time[a] < t; a = _next[a]) value = _after[a];
        return value;
    }

    /// <summary>A buffer of at least <paramref name="count"/> traces, reused by the next call.</summary>
    public double[] Buffer(int count) => _buffer.Length >= count ? _buffer : _buffer = new double[Math.Max(count, 2 * _buffer.Length)];

    /// <summary>A buffer of at least <paramref name="count"/> sources, reused by the next call.</summary>
    public int[] SourceBuffer(int count) => _sourceBuffer.Length >= count ? _sourceBuffer : _sourceBuffer = new int[Math.Max(count, 2 * _sourceBuffer.Length)];
}
