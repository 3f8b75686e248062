using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Plasticity;

/// <summary>
/// The live state of a projection whose synapses learn (STDP), grow and disappear (structural plasticity) or depress
/// and facilitate (short-term plasticity): per-synapse weights, traces and short-term state in double precision, indexed
/// by a <em>slot</em> that a synapse keeps for life (<see cref="Weights"/>, <see cref="Pre"/>).
/// </summary>
/// <remarks>
/// <para>The synapse table (CSR by source, used for delivery) lists the live synapses; it maps each position to its slot
/// (<see cref="SynapseTable.Slot"/>), and for a structural projection it is rebuilt at every structural update, while
/// the slots stay put. Slots start in target-major order (ascending source within a target), so the synapses onto one
/// neuron sit side by side.</para>
/// <para><b>Arrivals.</b> When every synapse has the same delay and the slots are in that order
/// (<see cref="SharedArrivals"/>), a spike needs one arrival entry per partition, shared by all its targets, as a
/// static synapse's does: it names the source (<see cref="SharedReference"/>), and each target finds its synapse from a
/// bitmap of its sources (<see cref="FindSlot"/>). Otherwise each event carries its synapse's slot
/// (<see cref="Reference"/>), so a structural rebuild never makes it read another synapse's data. A removed synapse's
/// slot is marked dead at once, so spikes still travelling along it are dropped at arrival; the slot is reused by a new
/// synapse only after the longest delay has passed, when no spike can still refer to it.</para>
/// <para><b>Trace epochs.</b> With accumulating presynaptic traces (all_to_all, nearest_pre_centered) a synapse keeps
/// K+ scaled to an <em>epoch</em> E, a time on a grid of whole slices (<see cref="EpochOf"/>):
/// <c>Pre = K+(t) e^{(t−E)/τ+}</c>, which does not change between arrivals. An arrival at t adds e^{(t−E)/τ+}, and
/// the postsynaptic trace is read as K−(t) = [K−(t_post) e^{(t_post−E)/τ−}] · e^{(E−t)/τ−}, the bracket kept per target.
/// With all-to-all pairing and shared arrivals, every synapse of a source holds the same K+, so it is kept once per
/// source (<see cref="PerSourceTraces"/>, <see cref="SourceTraces"/>) and a synapse keeps only its weight.
/// The increment and the factor e^{(E−t)/τ−} depend only on the spike's arrival time, so they are computed once per
/// spike at delivery (<see cref="ArrivalFactors"/>), not per synapse. A postsynaptic spike at t reads every K+ with one
/// factor e^{(E−t)/τ+}. Each target keeps the epoch its traces refer to; when a slice starts a new epoch, each partition
/// rescales its own targets' traces (<see cref="EnterEpoch"/>). Epochs span at most 64 τ (and at least one slice, of at
/// most 600 τ), so the scaled values stay far from overflow. The formulas are NEST's; only the rounding of the traces
/// differs from evaluating each exponential from the last arrival.</para>
/// <para>Everything about one target neuron (its incoming synapses' weights and traces, its postsynaptic trace) is
/// written only by the partition that owns that neuron, so updates need no locks and do not depend on the number of
/// threads.</para>
/// </remarks>
internal sealed partial class PlasticProjection
{
    /// <summary>Bits of a synapse reference that hold the slot (or the source); the rest hold the plastic projection's index.</summary>
    public const int SlotBits = 26;
    /// <summary>The bits of a reference that hold the slot (or the source).</summary>
    public const int SlotMask = (1 << SlotBits) - 1;

    /// <summary>Epochs span at most this many of the shorter STDP time constant.</summary>
    private const double EpochTaus = 64;

    public readonly int Index;
    public readonly int ProjectionIndex;
    public readonly ProjectionSpec Spec;
    public readonly SynapseTable Table;
    public readonly bool IsStdp;
    public readonly StdpRule Rule;
    /// <summary>Short-term plasticity, or null (then <see cref="ShortTermStates"/> is null too).</summary>
    public readonly ShortTermRule? ShortTerm;
    public readonly int SourceCount, TargetOffset, TargetCount;
    private readonly string? _modelFile;

    /// <summary>True when the presynaptic trace accumulates (all_to_all, nearest_pre_centered) and is kept scaled to the epoch.</summary>
    private readonly bool _traceEpochs;
    /// <summary>Slices per epoch (trace epochs only), and the slice length, ms.</summary>
    private readonly long _epochSlices;
    private readonly double _sliceMs;

    /// <summary>The weight of each slot (mV or pA).</summary>
    public double[] Weights;
    /// <summary>
    /// The presynaptic side of STDP per slot, or null (no STDP, or <see cref="PerSourceTraces"/>). All-to-all and
    /// pre-centred pairing: K+ scaled to the target's epoch E, K+(t) e^{(t−E)/τ+} (0: no spike yet). Nearest
    /// pairings: the time of the latest presynaptic arrival, ms (−∞: none).
    /// </summary>
    public double[]? Pre;
    /// <summary>Per-slot delays, ms, or null when every synapse has <see cref="SynapseTable.DelayConstant"/>.</summary>
    public double[]? Delay;
    /// <summary>Short-term plasticity: u, x and the last arrival per slot, apart from <see cref="Weights"/>.</summary>
    public ShortTermState[]? ShortTermStates;
    /// <summary>Structural: the source (index within the source population) of each slot.</summary>
    public int[] SourceOf = [];
    /// <summary>Structural: the target (global index) of each slot.</summary>
    public int[] TargetOf = [];
    /// <summary>Structural: live slots, spikes carried since the last update, updates in a row below the pruning threshold.</summary>
    public bool[]? Alive;
    public int[]? Use;
    public short[]? Below;
    public int SlotCount;
    /// <summary>Structural: removed slots and the time from which no spike in flight can refer to them, ms.</summary>
    public readonly Queue<(int Slot, double FreeFromMs)> Quarantine = new();
    /// <summary>Structural: slots free for new synapses.</summary>
    public readonly Stack<int> FreeSlots = new();
    /// <summary>Structural: updates done so far (keys each update's random stream).</summary>
    public long Updates;
    /// <summary>Homeostatic: each target's calcium trace just after its last spike, and the time of that spike, ms.</summary>
    public readonly double[]? Calcium, CalciumTime;

    /// <summary>
    /// True when a spike's events share one arrival entry per partition (<see cref="SharedReference"/>): one delay,
    /// no structural plasticity, slots target-major with ascending sources (<see cref="InSlot"/> null).
    /// </summary>
    public bool SharedArrivals { get; private set; }

    /// <summary>
    /// True when the synapses of one source share their presynaptic trace, kept per source in each partition's
    /// <see cref="SourceTraces"/> (<see cref="Pre"/> is then null): all-to-all STDP with trace epochs and
    /// <see cref="SharedArrivals"/>, no short-term plasticity.
    /// </summary>
    public bool PerSourceTraces { get; private set; }

    /// <summary>Each partition's copy of the per-source traces (where the rule allows them; else empty).</summary>
    private readonly SourceTraces[] _sourceTraces = [];

    /// <summary>Shared arrivals: each target's source bitmap with counts (<see cref="BuildSourceBits"/>), and its words per target.</summary>
    public ulong[] SourceWords = [];
    private int _words;

    // Incoming synapses of each target (index within the target population), ascending source: slots
    // InSlot[InStart[i] .. InStart[i+1]), or the slots InStart[i] .. InStart[i+1] themselves when InSlot is null.
    public int[] InStart = [];
    public int[]? InSlot;

    // Per target: postsynaptic trace K- just after its last spike, the time of that spike and of the one before, ms.
    public readonly double[] KMinus, TPost, TPostPrev;
    // Per target (trace epochs): the epoch its synapses' scaled traces refer to, ms ("per-neuron trace epochs"), and
    // (all_to_all) K- scaled to it, KMinus e^{(TPost - epoch)/tau_minus}, derived from the saved state, never saved.
    private readonly double[] _epochOf, _kMinusAtEpoch;

    /// <summary>
    /// Makes projection <paramref name="projectionIndex"/> (model order; <paramref name="index"/> among the plastic
    /// ones) live from its table, whose sources are <paramref name="sourceCount"/> neurons and targets
    /// <paramref name="targetCount"/> from global index <paramref name="targetOffset"/>; <paramref name="bounds"/>: the
    /// partitions' first neurons and the end of the last (global indices), or null to keep every trace per synapse;
    /// <paramref name="sliceMs"/>: the slice length.
    /// </summary>
    public PlasticProjection(int index, int projectionIndex, ProjectionSpec spec, string? modelFile, SynapseTable table,
                             int sourceCount, int targetOffset, int targetCount, double sliceMs, int[]? bounds)
    {
        _modelFile = modelFile;
        Index = index;
        ProjectionIndex = projectionIndex;
        Spec = spec;
        Table = table;
        SourceCount = sourceCount;
        TargetOffset = targetOffset;
        TargetCount = targetCount;
        IsStdp = spec.Plasticity is StdpSpec;
        if (spec.Plasticity is StdpSpec stdp) Rule = new StdpRule(stdp);
        if (spec.ShortTerm is not null) ShortTerm = new ShortTermRule(spec.ShortTerm);
        _sliceMs = sliceMs;
        _traceEpochs = IsStdp && Rule.AccumulatesPreTrace;
        if (_traceEpochs)
        {
            double tauMin = Math.Min(Rule.TauPlus, Rule.TauMinus);
            // One slice must not span more than 600 time constants, or sums of e^{(t-E)/tau} could overflow.
            if (sliceMs > 600 * tauMin)
                throw new ModelException(modelFile, $"$.projections[{projectionIndex}].plasticity", null,
                    $"projection \"{spec.Name}\": tau_plus and tau_minus must be at least 1/600 of the slice ({sliceMs} ms, the shortest delay up to 2 ms) for exact STDP traces");
            _epochSlices = Math.Max(1, (long)Math.Floor(EpochTaus * tauMin / sliceMs));
        }

        // Slots in target-major order (the synapses onto one neuron side by side): a neuron's arrivals and its
        // potentiation sweep then stay within one block of memory. The table maps its (source-major) positions to them.
        int count = table.Count;
        SlotCount = count;
        int capacity = Math.Max(count, 16);
        var slotOf = new int[count];
        var next = new int[targetCount + 1];
        for (int k = 0; k < count; k++) next[table.TargetOf(k) - targetOffset + 1]++;
        for (int i = 0; i < targetCount; i++) next[i + 1] += next[i];
        for (int k = 0; k < count; k++) slotOf[k] = next[table.TargetOf(k) - targetOffset]++;
        Weights = HugePages.Allocate<double>(capacity);
        for (int k = 0; k < count; k++) Weights[slotOf[k]] = table.WeightOf(k);
        if (ShortTerm is not null)
        {
            ShortTermStates = new ShortTermState[capacity];
            Array.Fill(ShortTermStates, ShortTermState.Initial);
        }
        if (table.Delay is not null || table.Delay64 is not null)
        {
            Delay = new double[capacity];
            for (int k = 0; k < count; k++) Delay[slotOf[k]] = table.DelayOf(k);
        }
        table.SetSlots(slotOf);
        if (spec.Structural is not null)
        {
            SourceOf = new int[capacity];
            TargetOf = new int[capacity];
            for (int s = 0; s < sourceCount; s++)
            {
                (int start, int end) = table.RowOf(s);
                for (int k = start; k < end; k++) { SourceOf[slotOf[k]] = s; TargetOf[slotOf[k]] = table.TargetOf(k); }
            }
            Alive = new bool[capacity];
            Array.Fill(Alive, true, 0, count);
            Use = new int[capacity];
            Below = new short[capacity];
        }
        if (spec.Structural?.Homeostatic is not null)
        {
            Calcium = new double[targetCount];
            CalciumTime = new double[targetCount];
        }
        KMinus = new double[targetCount];
        TPost = new double[targetCount];
        TPostPrev = new double[targetCount];
        _kMinusAtEpoch = new double[targetCount];
        _epochOf = new double[targetCount];
        Array.Fill(TPost, double.NegativeInfinity);
        Array.Fill(TPostPrev, double.NegativeInfinity);
        BuildIncoming();
        // The per-source copies only where the traces can be shared (with shared arrivals, known once the bitmaps are built).
        if (bounds is not null && SharedArrivals && _traceEpochs && Rule.Pairing == StdpPairing.AllToAll && ShortTerm is null && spec.Structural is null)
        {
            _sourceTraces = new SourceTraces[bounds.Length - 1];
            for (int p = 0; p < _sourceTraces.Length; p++) _sourceTraces[p] = new SourceTraces(bounds[p], bounds[p + 1], sourceCount);
            PerSourceTraces = true;
        }
        else NewPre(capacity, count);
    }

    /// <summary>Per-slot traces for <paramref name="capacity"/> slots (STDP only), the first <paramref name="count"/> with no spike seen yet.</summary>
    private void NewPre(int capacity, int count)
    {
        Pre = IsStdp ? HugePages.Allocate<double>(capacity) : null;
        Pre?.AsSpan(0, count).Fill(EmptyPre);
    }

    /// <summary>Bytes of the live synapses' own state: <see cref="Weights"/>, <see cref="Pre"/> and <see cref="ShortTermStates"/>, per slot allocated.</summary>
    public long StateBytes => 8L * Weights.Length + 8L * (Pre?.Length ?? 0)
                              + (ShortTermStates is null ? 0 : (long)ShortTermStates.Length * Unsafe.SizeOf<ShortTermState>());

    /// <summary>
    /// Bytes this projection adds to its synapse table: <see cref="StateBytes"/>, delays, structural bookkeeping, the
    /// slot map, the incoming index, the source bitmaps and the per-target traces.
    /// </summary>
    public long Bytes => StateBytes + 8L * (Delay?.Length ?? 0) + 4L * (SourceOf.Length + TargetOf.Length + (Use?.Length ?? 0))
                         + (Alive?.Length ?? 0) + 2L * (Below?.Length ?? 0) + 4L * ((Table.Slot?.Length ?? 0) + InStart.Length + (InSlot?.Length ?? 0))
                         + 8L * SourceWords.Length + 8L * 6 * TargetCount
                         + (PerSourceTraces ? (long)SourceTraces.BytesPerSource * SourceCount * _sourceTraces.Length : 0);

    /// <summary>The presynaptic trace of a synapse that has seen no spike: 0 (scaled K+), or −∞ (the last arrival, nearest pairings).</summary>
    private double EmptyPre => _traceEpochs ? 0.0 : double.NegativeInfinity;

    /// <summary>The reference a spike in flight carries: this projection's index and the synapse's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reference(int slot) => (Index << SlotBits) | slot;

    /// <summary>
    /// The reference of an arrival entry shared by all targets of a spike of <paramref name="source"/> (index within
    /// the source population; <see cref="SharedArrivals"/> only): −2 − (index, source), so always ≤ −2, apart from
    /// slot references (≥ 0) and static events (−1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SharedReference(int source) => -2 - ((Index << SlotBits) | source);

    /// <summary>The source a <see cref="SharedReference"/> names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SourceOfShared(int reference) => (-2 - reference) & SlotMask;

    /// <summary>The plastic projection's index a <see cref="Reference"/> or <see cref="SharedReference"/> names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ProjectionOf(int reference) => (reference >= 0 ? reference : -2 - reference) >>> SlotBits;

    /// <summary>Sources per word of a target's source bitmap (<see cref="SourceWords"/>): the word's top 16 bits hold a count.</summary>
    private const int SourcesPerWord = 48;

    /// <summary>The bits of a bitmap word that hold sources (the rest hold the count before the word).</summary>
    private const ulong SourceBitsMask = (1UL << SourcesPerWord) - 1;

    /// <summary>
    /// The word of target <paramref name="i"/>'s (index within the target population) source bitmap that holds
    /// <paramref name="source"/>, in <see cref="SourceWords"/> (<see cref="SharedArrivals"/> only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WordOf(int i, int source) => (long)i * _words + (uint)source / SourcesPerWord;

    /// <summary>
    /// Asks the memory system for target <paramref name="i"/>'s (index within the target population) incoming synapse
    /// state, whole (weights, and traces where kept per slot), where its slots lie side by side (<see cref="InSlot"/>
    /// null) and each array's part takes at most <paramref name="maxLines"/> cache lines; nothing otherwise, or where i
    /// is not a target of this projection. A target's arrivals in one slice touch a random part of these lines.
    /// </summary>
    public unsafe void PrefetchSynapses(int i, int maxLines)
    {
        if ((uint)i >= (uint)TargetCount || InSlot is not null || !Sse.IsSupported) return;
        int first = InStart[i], count = InStart[i + 1] - first;
        long bytes = (long)count * sizeof(double);
        if (count == 0 || bytes > (long)maxLines * CacheLine) return;
        PrefetchLines((byte*)Unsafe.AsPointer(ref Weights[first]), bytes);
        if (Pre is not null) PrefetchLines((byte*)Unsafe.AsPointer(ref Pre[first]), bytes);
    }

    /// <summary>
    /// Asks the memory system for target <paramref name="i"/>'s source bitmap (<see cref="SharedArrivals"/>), whole,
    /// where it takes at most <paramref name="maxLines"/> cache lines; nothing otherwise, or where i is not a target of
    /// this projection. Each shared arrival at the target reads one word of it (<see cref="FindSlot"/>).
    /// </summary>
    public unsafe void PrefetchSources(int i, int maxLines)
    {
        if ((uint)i >= (uint)TargetCount || !SharedArrivals || !Sse.IsSupported) return;
        long bytes = (long)_words * sizeof(ulong);
        if (bytes <= (long)maxLines * CacheLine) PrefetchLines((byte*)Unsafe.AsPointer(ref SourceWords[WordOf(i, 0)]), bytes);
    }

    /// <summary>Bytes in a cache line.</summary>
    private const int CacheLine = 64;

    /// <summary>Asks for the cache lines of <paramref name="bytes"/> bytes from <paramref name="from"/> (into every cache level).</summary>
    private static unsafe void PrefetchLines(byte* from, long bytes)
    {
        byte* end = from + bytes;
        for (byte* line = (byte*)((nint)from & ~(nint)(CacheLine - 1)); line < end; line += CacheLine) Sse.Prefetch0(line);
    }

    /// <summary>
    /// The slot of the synapse from <paramref name="source"/> onto target <paramref name="i"/> (<see cref="SharedArrivals"/>
    /// only; <paramref name="wordIndex"/> from <see cref="WordOf"/>): the target's first slot plus the number of its sources below <paramref name="source"/>, from one word of
    /// its bitmap (one cache line); −1 when there is none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindSlot(int i, int source, long wordIndex)
    {
        ulong word = SourceWords[wordIndex];
        int bit = (int)((uint)source % SourcesPerWord);
        if ((word >> bit & 1) == 0) return -1;
        return InStart[i] + (int)(word >> SourcesPerWord) + System.Numerics.BitOperations.PopCount(word & ((1UL << bit) - 1));
    }

    /// <summary>
    /// Rebuilds the per-target index of incoming synapses from the table (ascending source per target), and decides
    /// whether arrivals can be shared (<see cref="SharedArrivals"/>).
    /// </summary>
    public void BuildIncoming()
    {
        var start = new int[TargetCount + 1];
        SynapseTable table = Table;
        int count = table.Count;
        for (int k = 0; k < count; k++) start[table.TargetOf(k) - TargetOffset + 1]++;
        for (int i = 0; i < TargetCount; i++) start[i + 1] += start[i];
        var next = (int[])start.Clone();
        var slots = new int[count];
        int[]? slotOf = Table.Slot;
        for (int k = 0; k < count; k++) slots[next[table.TargetOf(k) - TargetOffset]++] = slotOf is null ? k : slotOf[k];
        bool identity = true;
        for (int j = 0; j < count && identity; j++) identity = slots[j] == j;
        InStart = start;
        InSlot = identity ? null : slots;
        SharedArrivals = identity && Alive is null && Delay is null && SourceCount < SlotMask;
        if (SharedArrivals) SharedArrivals = BuildSourceBits();
        PerSourceTraces = SharedArrivals && _sourceTraces.Length > 0;
    }

    /// <summary>
    /// The sources of target <paramref name="i"/>'s (index within the target population) incoming synapses, in slot
    /// order (ascending), from its source bitmap (<see cref="SharedArrivals"/> only), into <paramref name="into"/>;
    /// returns their number.
    /// </summary>
    public int SourcesOf(int i, int[] into)
    {
        int count = 0;
        long from = WordOf(i, 0);
        for (int w = 0; w < _words; w++)
        {
            ulong bits = SourceWords[from + w] & SourceBitsMask;
            while (bits != 0)
            {
                into[count++] = w * SourcesPerWord + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        return count;
    }

    /// <summary>The source of the synapse in <paramref name="slot"/> (<see cref="SharedArrivals"/> only): its target's rank of it, found in the target's bitmap.</summary>
    public int SourceOfSlot(int slot)
    {
        int i = Array.BinarySearch(InStart, slot);
        i = i >= 0 ? i : ~i - 1;
        while (InStart[i + 1] <= slot) i++; // targets with no synapse share their start
        int rank = slot - InStart[i];
        long from = WordOf(i, 0);
        for (int w = 0; w < _words; w++)
        {
            ulong word = SourceWords[from + w];
            int before = (int)(word >> SourcesPerWord), own = System.Numerics.BitOperations.PopCount(word & SourceBitsMask);
            if (rank >= before + own) continue;
            ulong bits = word & SourceBitsMask;
            for (int skip = rank - before; skip > 0; skip--) bits &= bits - 1;
            return w * SourcesPerWord + System.Numerics.BitOperations.TrailingZeroCount(bits);
        }
        throw new InvalidOperationException($"slot {slot} has no source");
    }

    /// <summary>The partition's copy of the per-source traces that target neuron n (global index) reads.</summary>
    private SourceTraces TracesOf(int n)
    {
        foreach (SourceTraces traces in _sourceTraces)
            if (traces.Owns(n)) return traces;
        throw new InvalidOperationException($"neuron {n} is in no partition");
    }

    /// <summary>
    /// Shared arrivals: each target's sources as a bitmap, 48 sources a word, with the number of its sources before the
    /// word in the word's top 16 bits (<see cref="SourceWords"/>), so that a target finds the slot of an arrival's
    /// synapse from the source in one word. Returns false (arrivals then carry their slots) when the bitmaps would take
    /// more than 16 bytes a synapse, a weight and a trace (sparse projections: fewer than one source in 96 connects to a
    /// target on average), when a target has 65,536 synapses or more, or two from one source (multapses).
    /// </summary>
    private bool BuildSourceBits()
    {
        int count = Table.Count;
        int words = (SourceCount + SourcesPerWord - 1) / SourcesPerWord;
        if ((long)TargetCount * words * sizeof(ulong) > 16L * count + 4096) return false;
        for (int i = 0; i < TargetCount; i++) if (InStart[i + 1] - InStart[i] >= 1 << 16) return false;
        ulong[] bits = HugePages.Allocate<ulong>(checked(TargetCount * words));
        for (int s = 0; s < SourceCount; s++)
        {
            (int first, int end) = Table.RowOf(s);
            for (int k = first; k < end; k++)
            {
                long w = (long)(Table.TargetOf(k) - TargetOffset) * words + s / SourcesPerWord;
                ulong bit = 1UL << (s % SourcesPerWord);
                if ((bits[w] & bit) != 0) return false; // a multapse
                bits[w] |= bit;
            }
        }
        for (int i = 0; i < TargetCount; i++)
        {
            ulong before = 0;
            for (long w = (long)i * words, end = w + words; w < end; w++)
            {
                ulong own = bits[w];
                bits[w] = own | before << SourcesPerWord;
                before += (ulong)System.Numerics.BitOperations.PopCount(own);
            }
        }
        _words = words;
        SourceWords = bits;
        return true;
    }

    /// <summary>Queues a spike arriving at synapse <paramref name="slot"/> at time t (ms) in slice <paramref name="slice"/>, whose table is <paramref name="table"/>; returns the entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Queue(ArrivalTable table, double t, long slice, int slot)
    {
        ArrivalFactors(t, slice, out double increment, out double decay);
        return table.AddPlastic(t, Reference(slot), increment, decay);
    }

    /// <summary>Queues one entry for all targets of a spike of <paramref name="source"/> arriving at time t (ms) in slice <paramref name="slice"/> (<see cref="SharedArrivals"/> only).</summary>
    public int QueueShared(ArrivalTable table, double t, long slice, int source)
    {
        ArrivalFactors(t, slice, out double increment, out double decay);
        return table.AddPlastic(t, SharedReference(source), increment, decay);
    }

    /// <summary>The epoch of slice <paramref name="slice"/>: the start of its block of whole slices, ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double EpochOf(long slice) => slice / _epochSlices * _epochSlices * _sliceMs;

    /// <summary>
    /// What an arrival at time t (ms) in slice <paramref name="slice"/> brings to the trace epochs:
    /// <paramref name="increment"/> = e^{(t−E)/τ+}, added to the scaled K+, and <paramref name="decay"/> = e^{(E−t)/τ−},
    /// which reads the scaled K− at t (E the slice's epoch). Both 0 without trace epochs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ArrivalFactors(double t, long slice, out double increment, out double decay)
    {
        if (!_traceEpochs) { increment = decay = 0; return; }
        double epoch = EpochOf(slice);
        increment = Math.Exp((t - epoch) / Rule.TauPlus);
        decay = Rule.Pairing == StdpPairing.AllToAll ? Math.Exp((epoch - t) / Rule.TauMinus) : 0;
    }

    /// <summary>
    /// Slice <paramref name="slice"/> starts for the partition of neurons [<paramref name="first"/>,
    /// <paramref name="end"/>) (global indices), whose arrival table of the slice is <paramref name="table"/>: the
    /// traces of its targets whose epoch is not the slice's are rescaled (per source: <see cref="SourceTraces.Enter"/>,
    /// which also lists the slice's arrivals). Each partition calls this for its own neurons before it advances them,
    /// so a target's traces are always in the epoch of the slice being advanced.
    /// </summary>
    public void EnterEpoch(long slice, int first, int end, ArrivalTable table)
    {
        if (!_traceEpochs) return;
        double epoch = EpochOf(slice);
        if (PerSourceTraces) TracesOf(first).Enter(slice, epoch, Rule.TauPlus, table, this);
        int from = Math.Max(first - TargetOffset, 0), to = Math.Min(end - TargetOffset, TargetCount);
        double[] epochOf = _epochOf;
        for (int i = from; i < to; i++)
        {
            if (epochOf[i] == epoch) continue;
            if (Pre is not null) Rescale(i, Math.Exp((epochOf[i] - epoch) / Rule.TauPlus));
            epochOf[i] = epoch;
            UpdateKMinusAtEpoch(i);
        }
    }

    /// <summary>Multiplies the scaled presynaptic traces of target <paramref name="i"/>'s synapses (kept per slot) by <paramref name="factor"/>.</summary>
    private void Rescale(int i, double factor)
    {
        double[] pre = Pre!;
        int[]? inSlot = InSlot;
        for (int j = InStart[i], end = InStart[i + 1]; j < end; j++) pre[inSlot is null ? j : inSlot[j]] *= factor;
    }

    /// <summary>All-to-all: K- of target i scaled to its epoch, from K- just after its last spike (a function of the saved state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateKMinusAtEpoch(int i)
    {
        if (_traceEpochs && Rule.Pairing == StdpPairing.AllToAll)
            _kMinusAtEpoch[i] = KMinus[i] * Math.Exp((TPost[i] - _epochOf[i]) / Rule.TauMinus);
    }

    /// <summary>
    /// A presynaptic spike arrives at synapse <paramref name="slot"/> of target <paramref name="i"/> (index within the
    /// target population) at time t (ms), with the factors of <see cref="ArrivalFactors"/>: it is transmitted with the
    /// synapse's weight now (<paramref name="weight"/>), scaled by u · x after the short-term update if the projection
    /// has one, then the postsynaptic trace depresses the synapse and the presynaptic trace takes the spike. Returns
    /// false, changing nothing, when the synapse has been removed since the spike left (the spike is then dropped).
    /// <paramref name="sameInstant"/> remembers the trace before the arrival, for a postsynaptic spike at the same time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool OnArrival(int slot, double t, int i, double increment, double decay, SameInstantArrivals sameInstant, out double weight)
    {
        ref double w = ref Weights[slot];
        weight = w;
        if ((Alive is not null || ShortTerm is not null) && !StructuralAndShortTerm(slot, t, ref weight)) return false;
        if (!IsStdp) return true;
        // K- at t: all-to-all from its scaled value (a post spike exactly at t is taken out again); else the nearest.
        double kMinus = Rule.Pairing != StdpPairing.AllToAll ? NearestKMinus(slot, t, i, Pre![slot], sameInstant)
                      : AllToAllTarget.KMinusAt(TPost[i], _kMinusAtEpoch[i], KMinus[i], t, decay);
        w = Rule.Depress(w, kMinus);
        if (Pre is { } pre) // (per-source traces take the arrival from the slice's arrival table)
        {
            double before = pre[slot];
            pre[slot] = _traceEpochs ? before + increment : t;
            sameInstant.Add(TargetOffset + i, t, Index, slot, before);
        }
        return true;
    }

    /// <summary>
    /// Target <paramref name="i"/> (index within the target population) as <see cref="AllToAllTarget"/> sees it, when
    /// this projection is all-to-all STDP with trace epochs, μ− of 0 or 1 and neither structural nor short-term
    /// plasticity; false otherwise.
    /// </summary>
    public bool TryAllToAllTarget(int i, out AllToAllTarget target)
    {
        if (!IsStdp || Rule.Pairing != StdpPairing.AllToAll || !Rule.IntegerMuMinus || Alive is not null || ShortTerm is not null) // (all-to-all keeps trace epochs)
        {
            target = default;
            return false;
        }
        target = new AllToAllTarget(Weights, Pre, Rule, TPost[i], _kMinusAtEpoch[i], KMinus[i], TargetOffset + i);
        return true;
    }

    /// <summary>
    /// <see cref="OnArrival"/>'s structural and short-term part: false when the synapse has been removed; otherwise
    /// counts its use and (short-term) updates u and x and scales the transmitted <paramref name="weight"/> by u · x.
    /// </summary>
    private bool StructuralAndShortTerm(int slot, double t, ref double weight)
    {
        if (Alive is not null)
        {
            if (!Alive[slot]) return false;
            Use![slot]++;
        }
        if (ShortTerm is not null)
        {
            ref ShortTermState state = ref ShortTermStates![slot];
            ShortTerm.OnArrival(ref state, t);
            weight = weight * state.U * state.X;
        }
        return true;
    }

    /// <summary>K- that a presynaptic arrival at t sees under the nearest pairings (<paramref name="before"/>: the synapse's last arrival before this one).</summary>
    private double NearestKMinus(int slot, double t, int i, double before, SameInstantArrivals sameInstant)
    {
        double tPost = TPost[i] < t ? TPost[i] : TPostPrev[i]; // the latest postsynaptic spike strictly before t
        if (Rule.Pairing != StdpPairing.NearestRestricted) return Math.Exp((tPost - t) / Rule.TauMinus);
        double previousPre = before < t ? before : sameInstant.FirstBefore(Index, slot);
        return tPost >= previousPre ? Math.Exp((tPost - t) / Rule.TauMinus) : 0.0;
    }

    /// <summary>
    /// The mean, over target <paramref name="i"/>'s incoming synapses (index within the target population), of the
    /// utilisation (<paramref name="resources"/> false) or the resources (true) that a spike arriving at time t (ms)
    /// would use (<see cref="ShortTermRule.NextUtilisation"/>, <see cref="ShortTermRule.NextResources"/>), summed in
    /// the order of the incoming index; NaN when it has none. Reads the state without changing it.
    /// </summary>
    public double ShortTermMean(int i, double t, bool resources)
    {
        ShortTermRule rule = ShortTerm!;
        int first = InStart[i], end = InStart[i + 1];
        if (first == end) return double.NaN;
        double sum = 0;
        for (int k = first; k < end; k++)
        {
            ShortTermState state = ShortTermStates![InSlot is null ? k : InSlot[k]];
            sum += resources ? rule.NextResources(state, t) : rule.NextUtilisation(state, t);
        }
        return sum / (end - first);
    }

    /// <summary>
    /// Target <paramref name="i"/> (index within the target population) spiked, as seen by its synapses at time t (ms),
    /// potentiation of every incoming synapse by its presynaptic trace, then the
    /// postsynaptic trace takes the spike. Arrivals at exactly t (<paramref name="sameInstant"/>) form no pair with it.
    /// </summary>
    public void OnPost(int i, double t, SameInstantArrivals sameInstant)
    {
        if (!IsStdp) return;
        if (Pre is null) PotentiateFromSources(i, t);
        else PotentiateFromSlots(i, t, Pre, sameInstant);
        if (TPost[i] != t)
        {
            KMinus[i] = KMinus[i] * Math.Exp((TPost[i] - t) / Rule.TauMinus) + 1.0;
            TPostPrev[i] = TPost[i];
            TPost[i] = t;
            UpdateKMinusAtEpoch(i);
        }
    }

    /// <summary><see cref="OnPost"/>'s potentiation with the traces kept per slot (<paramref name="pre"/>).</summary>
    private void PotentiateFromSlots(int i, double t, double[] pre, SameInstantArrivals sameInstant)
    {
        double previousPost = TPost[i] < t ? TPost[i] : TPostPrev[i];
        double tauPlus = Rule.TauPlus;
        int[]? inSlot = InSlot;
        double[] weights = Weights;
        int first = InStart[i], end = InStart[i + 1];
        bool coincident = sameInstant.Begin(TargetOffset + i, t, Index, pre);
        switch (Rule.Pairing)
        {
            case StdpPairing.AllToAll:
            case StdpPairing.NearestPreCentered:
                double decay = Math.Exp((_epochOf[i] - t) / tauPlus); // one exponential for all synapses
                bool reset = Rule.Pairing == StdpPairing.NearestPreCentered;
                if (inSlot is null) first = PotentiateLanes(weights, pre, first, end, first, decay);
                for (int j = first; j < end; j++)
                {
                    int slot = inSlot is null ? j : inSlot[j];
                    weights[slot] = Rule.Facilitate(weights[slot], pre[slot] * decay);
                    // Presynaptic spikes before this post spike are used up (pre-centred); one exactly at t still waits.
                    if (reset) pre[slot] = 0;
                }
                if (reset && inSlot is null) Array.Clear(pre, InStart[i], first - InStart[i]);
                break;
            case StdpPairing.NearestRestricted:
                for (int j = first; j < end; j++)
                {
                    int slot = inSlot is null ? j : inSlot[j];
                    double last = pre[slot];
                    weights[slot] = Rule.Facilitate(weights[slot], last >= previousPost ? Math.Exp((last - t) / tauPlus) : 0.0);
                }
                break;
            default:
                for (int j = first; j < end; j++)
                {
                    int slot = inSlot is null ? j : inSlot[j];
                    weights[slot] = Rule.Facilitate(weights[slot], Math.Exp((pre[slot] - t) / tauPlus));
                }
                break;
        }
        if (coincident) sameInstant.End(pre, Rule.Pairing == StdpPairing.NearestPreCentered);
    }

    /// <summary>
    /// <see cref="OnPost"/>'s potentiation with the traces kept per source (<see cref="PerSourceTraces"/>): each
    /// synapse's trace at t, with its source's arrivals strictly before t, as its own trace would have it with the
    /// arrivals at exactly t taken back out (<see cref="SourceTraces.At"/>).
    /// </summary>
    private void PotentiateFromSources(int i, double t)
    {
        SourceTraces traces = TracesOf(TargetOffset + i);
        int first = InStart[i], end = InStart[i + 1];
        int[] sources = traces.SourceBuffer(end - first);
        int count = SourcesOf(i, sources);
        double[] pre = traces.Buffer(count);
        for (int k = 0; k < count; k++) pre[k] = traces.At(sources[k], t);
        double[] weights = Weights;
        double decay = Math.Exp((_epochOf[i] - t) / Rule.TauPlus); // one exponential for all synapses
        for (int j = PotentiateLanes(weights, pre, first, end, 0, decay); j < end; j++)
            weights[j] = Rule.Facilitate(weights[j], pre[j - first] * decay);
    }

    /// <summary>
    /// The all-to-all and pre-centred potentiation of the weights [first, end) (side by side) by the traces
    /// <paramref name="pre"/> from <paramref name="preFirst"/> on, four synapses at a time
    /// (<see cref="StdpRule.FacilitateLanes"/>: each weight the scalar one, to the bit), where μ+ is 0 or 1; returns
    /// where the scalar loop takes over (the last few, or all).
    /// </summary>
    private int PotentiateLanes(double[] weights, double[] pre, int first, int end, int preFirst, double decay)
    {
        if (end - first < 4 || !Rule.IntegerMuPlus || !Vector256.IsHardwareAccelerated) return first;
        ref double w = ref weights[first];
        ref double p = ref pre[preFirst];
        _ = weights[end - 1]; // the whole range is inside the arrays
        _ = pre[preFirst + end - first - 1];
        Vector256<double> factor = Vector256.Create(decay);
        int j = first;
        for (; j + 4 <= end; j += 4)
        {
            Rule.FacilitateLanes(Vector256.LoadUnsafe(ref w), Vector256.LoadUnsafe(ref p) * factor).StoreUnsafe(ref w);
            w = ref Unsafe.Add(ref w, 4);
            p = ref Unsafe.Add(ref p, 4);
        }
        return j;
    }

    /// <summary>Homeostatic: target <paramref name="i"/> spiked at t (ms); its calcium trace decays to t and gains 1.</summary>
    public void OnTargetSpike(int i, double t)
    {
        double tau = Spec.Structural!.Homeostatic!.TauCaMs;
        Calcium![i] = Calcium[i] * Math.Exp((CalciumTime![i] - t) / tau) + 1.0;
        CalciumTime[i] = t;
    }

    /// <summary>Homeostatic: target <paramref name="i"/>'s calcium trace at t (ms).</summary>
    public double CalciumAt(int i, double t) => Calcium![i] * Math.Exp((CalciumTime![i] - t) / Spec.Structural!.Homeostatic!.TauCaMs);

    /// <summary>A slot for a new synapse: a freed one if any, else a new one (the arrays grow by doubling).</summary>
    public int NewSlot()
    {
        if (FreeSlots.Count > 0) return FreeSlots.Pop();
        int slot = SlotCount++;
        if (slot >= 1 << SlotBits)
            throw new ModelException(_modelFile, $"$.projections[{ProjectionIndex}].structural", null,
                $"projection \"{Spec.Name}\" grew past {(1 << SlotBits) - 1} synapse slots, the most a plastic projection can hold; lower max_in or max_out");
        if (slot == Weights.Length)
        {
            int n = slot * 2;
            Array.Resize(ref Weights, n);
            if (Pre is not null) Array.Resize(ref Pre, n);
            if (Delay is not null) Array.Resize(ref Delay, n);
            if (ShortTermStates is not null) Array.Resize(ref ShortTermStates, n);
            Array.Resize(ref SourceOf, n);
            Array.Resize(ref TargetOf, n);
            Array.Resize(ref Alive, n);
            Array.Resize(ref Use, n);
            Array.Resize(ref Below, n);
        }
        return slot;
    }

    /// <summary>Sets up a new synapse in <paramref name="slot"/>: no spike seen yet (short-term state u_0, x_0), weight and delay as given.</summary>
    public void Initialise(int slot, int source, int target, double weight, double delay)
    {
        SourceOf[slot] = source;
        TargetOf[slot] = target;
        Weights[slot] = weight;
        if (Pre is not null) Pre[slot] = EmptyPre;
        if (Delay is not null) Delay[slot] = delay;
        if (ShortTermStates is not null) ShortTermStates[slot] = ShortTermState.Initial;
        Alive![slot] = true;
        Use![slot] = 0;
        Below![slot] = 0;
    }
}
