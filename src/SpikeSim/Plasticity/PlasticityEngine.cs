using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Plasticity;

/// <summary>
/// The plastic, structural and short-term plastic projections of a running simulation, as the event loop sees them: a presynaptic
/// spike arriving at a plastic synapse, a postsynaptic spike of a neuron with plastic inputs, and the postsynaptic
/// spikes waiting for their dendritic delay.
/// </summary>
internal sealed partial class PlasticityEngine
{
    public readonly PlasticProjection[] Projections;
    private readonly PlasticProjection?[] _byProjection; // per projection (model order): its live state, or null
    private readonly PlasticProjection[][] _into;   // per population: the STDP projections onto it
    private readonly bool[] _isTarget;              // per population: target of any plastic projection
    private readonly double[] _dendriticDelay;      // per population, ms
    private readonly int[] _populationOffset;

    // Postsynaptic spikes waiting for their dendritic delay: per neuron a FIFO of the times they take effect, ms.
    private readonly double[][] _pending;
    private readonly int[] _pendingHead, _pendingCount;

    /// <summary>Makes the plastic and structural projections of <paramref name="tables"/> live (tables are the simulation's copies).</summary>
    /// <param name="network">The network.</param>
    /// <param name="tables">The simulation's copies of the projections.</param>
    /// <param name="keepLive">Per projection, true to make it live without a rule (frozen learned weights); or null.</param>
    /// <param name="sliceMs">The simulation's slice length, ms (trace epochs are whole slices).</param>
    /// <param name="bounds">
    /// The partitions' first neurons and the end of the last (global indices), for traces kept per source
    /// (<see cref="PlasticProjection.PerSourceTraces"/>); null to keep every trace per synapse.
    /// </param>
    public PlasticityEngine(Network network, SynapseTable[] tables, bool[]? keepLive, double sliceMs, int[]? bounds)
    {
        ModelSpec spec = network.Spec;
        int populations = network.Populations.Count;
        var list = new List<PlasticProjection>();
        var into = new List<PlasticProjection>[populations];
        _isTarget = new bool[populations];
        _dendriticDelay = new double[populations];
        _populationOffset = new int[populations];
        _byProjection = new PlasticProjection?[tables.Length];
        for (int p = 0; p < populations; p++) { into[p] = []; _populationOffset[p] = network.Populations[p].Offset; }
        for (int j = 0; j < tables.Length; j++)
        {
            ProjectionSpec ps = spec.Projections[j];
            if (ps.Plasticity is null && ps.Structural is null && ps.ShortTerm is null && keepLive?[j] != true) continue;
            if (ps.Plasticity is RateRuleSpec)
                throw new ModelException(spec.SourcePath, $"$.projections[{j}].plasticity.rule", null,
                    $"rate rules ({ps.Plasticity switch { RateRuleSpec r => r.Kind.ToString().ToLowerInvariant(), _ => "" }}) learn from real-valued activity: run this model with --mode artificial, or use \"rule\": \"stdp\" for spiking neurons");
            SynapseTable table = tables[j];
            if (table.Count >= 1 << PlasticProjection.SlotBits)
                throw new ModelException(spec.SourcePath, $"$.projections[{j}]", null,
                    $"projection \"{ps.Name}\" has {table.Count:N0} synapses; a plastic or structural projection can hold at most {(1 << PlasticProjection.SlotBits) - 1:N0} (split it into several projections)");
            PopulationRange from = network.Populations[table.FromPopulation], to = network.Populations[table.ToPopulation];
            var plastic = new PlasticProjection(list.Count, j, ps, spec.SourcePath, table, from.Size, to.Offset, to.Size, sliceMs, bounds);
            table.Plastic = plastic;
            _byProjection[j] = plastic;
            list.Add(plastic);
            _isTarget[table.ToPopulation] = true;
            if (ps.Plasticity is StdpSpec stdp)
            {
                into[table.ToPopulation].Add(plastic);
                _dendriticDelay[table.ToPopulation] = stdp.DendriticDelayMs;
            }
        }
        if (list.Count > 1 << (31 - PlasticProjection.SlotBits))
            throw new ModelException(spec.SourcePath, "$.projections", null,
                $"the model has {list.Count} plastic or structural projections; at most {1 << (31 - PlasticProjection.SlotBits)} are supported");
        Projections = [.. list];
        _into = new PlasticProjection[populations][];
        for (int p = 0; p < populations; p++) _into[p] = [.. into[p]];
        _pending = new double[network.NeuronCount][];
        _pendingHead = new int[network.NeuronCount];
        _pendingCount = new int[network.NeuronCount];
    }

    /// <summary>
    /// The mean short-term u (<paramref name="resources"/> false) or x (true) that a spike arriving at time t (ms)
    /// would use, over neuron <paramref name="n"/>'s incoming synapses of projection <paramref name="projection"/>
    /// (model order; it has short-term plasticity), without changing them: see <see cref="PlasticProjection.ShortTermMean"/>.
    /// </summary>
    public double ShortTermMean(int projection, int n, double t, bool resources)
    {
        PlasticProjection p = _byProjection[projection]!;
        return p.ShortTermMean(n - p.TargetOffset, t, resources);
    }

    /// <summary>Live plastic synapses, the bytes of their own state, and all bytes the plastic projections add to their tables (<see cref="PlasticProjection.Bytes"/>).</summary>
    public (long Synapses, long StateBytes, long Bytes) Footprint()
    {
        long synapses = 0, state = 0, bytes = 0;
        foreach (PlasticProjection p in Projections) { synapses += p.Table.Count; state += p.StateBytes; bytes += p.Bytes; }
        return (synapses, state, bytes);
    }

    /// <summary>The dendritic delay of the STDP projections onto a population, ms (0 without any).</summary>
    public double DendriticDelayOf(int population) => _dendriticDelay[population];

    /// <summary>True when population <paramref name="population"/> receives a plastic or structural projection.</summary>
    public bool IsTarget(int population) => _isTarget[population];

    /// <summary>
    /// The slot reference (<see cref="PlasticProjection.Reference"/>) of the synapse onto neuron n that an arrival
    /// entry's reference names: the reference itself, or, for an entry shared by a spike's targets
    /// (<see cref="PlasticProjection.SharedReference"/>), the synapse found among n's incoming ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SlotReference(int reference, int n)
    {
        if (reference >= 0) return reference;
        PlasticProjection p = Projections[PlasticProjection.ProjectionOf(reference)];
        int i = n - p.TargetOffset, source = PlasticProjection.SourceOfShared(reference);
        return p.Reference(p.FindSlot(i, source, p.WordOf(i, source)));
    }

    /// <summary>
    /// The first half of <see cref="SlotReference"/> for neuron n's queued events (<paramref name="events"/>, entries
    /// of a table whose references are <paramref name="synapseOf"/>), called before they are gathered: each event's
    /// reference goes to <paramref name="references"/>, the positions of the plastic ones (not −1), in order, to
    /// <paramref name="plastic"/> (their number is returned) and, for an entry shared with a spike's other targets, the
    /// word of the neuron's source bitmap that holds the source to <paramref name="words"/>, which is asked of the memory
    /// system now, so that these cache misses overlap with the gathering. <see cref="Resolve"/> finishes the work.
    /// Which events are plastic comes at random (static and Poisson inputs between them): the positions are collected
    /// without a branch, and the rest runs over them alone.
    /// </summary>
    public unsafe int BeginLookups<T>(ReadOnlySpan<T> events, int[] synapseOf, int n, Span<int> references, Span<long> words, Span<int> plastic)
        where T : unmanaged, IBinaryInteger<T>
    {
        int count = 0;
        for (int k = 0; k < events.Length; k++)
        {
            int reference = references[k] = synapseOf[int.CreateTruncating(events[k])];
            plastic[count] = k;
            count += reference != -1 ? 1 : 0;
        }
        if (count > 0) PrefetchTargetsAhead(n, count);
        bool prefetch = Sse.IsSupported;
        for (int j = 0; j < count; j++)
        {
            int k = plastic[j], reference = references[k];
            if (reference > -2) continue;
            PlasticProjection p = Projections[PlasticProjection.ProjectionOf(reference)];
            long w = words[k] = p.WordOf(n - p.TargetOffset, PlasticProjection.SourceOfShared(reference));
            if (prefetch) Sse.Prefetch0(Unsafe.AsPointer(ref p.SourceWords[w]));
        }
        return count;
    }

    /// <summary>
    /// Neuron n, with <paramref name="events"/> events in this slice (its plastic ones, where they are counted), is
    /// being visited: the source bitmaps of the neuron <see cref="SourcesAhead"/> further on and the incoming synapses
    /// of the one <see cref="SynapsesAhead"/> further on are asked for whole (<see cref="PlasticProjection.PrefetchSources"/>,
    /// <see cref="PlasticProjection.PrefetchSynapses"/>), each where it takes at most <see cref="LinesPerEvent"/> cache
    /// lines per event of this neuron (neighbours receive alike). The prefetch of each event's synapse, a few events
    /// ahead within a visit, came too late alone: a visit's first events and a dense stream of misses waited on memory.
    /// A visit reads the bitmap first (<see cref="BeginLookups"/>, <see cref="Resolve"/>), so it is asked for further ahead.
    /// </summary>
    public void PrefetchTargetsAhead(int n, int events)
    {
        int lines = LinesPerEvent * events;
        foreach (PlasticProjection p in Projections)
        {
            p.PrefetchSources(n + SourcesAhead - p.TargetOffset, lines);
            p.PrefetchSynapses(n + SynapsesAhead - p.TargetOffset, lines);
        }
    }

    /// <summary>How many neurons ahead of the one visited its incoming synapses are asked for (<see cref="PrefetchTargetsAhead"/>).</summary>
    private const int SynapsesAhead = 3;

    /// <summary>How many neurons ahead of the one visited its source bitmap is asked for (<see cref="PrefetchTargetsAhead"/>).</summary>
    private const int SourcesAhead = 5;

    /// <summary>
    /// The most cache lines of a target's synapses (or of its bitmap) asked for per event the visited neuron has (its
    /// plastic events on the delta batch path, all its events in the general loop): brunel2000-stdp's 1,000 synapses
    /// of 8 bytes (their weights) are 125 lines, its bitmap 27, for some 54 plastic events a slice; a target that
    /// receives much less than its in-degree would make most of the lines wasted traffic.
    /// </summary>
    private const int LinesPerEvent = 8;

    /// <summary>
    /// Finishes <see cref="BeginLookups"/> for the first <paramref name="events"/> events: the slot reference of each
    /// plastic one (<paramref name="plastic"/>, <paramref name="count"/> positions), in place, asking the memory system for
    /// the state of the first <see cref="PrefetchAhead"/> synapses; the caller asks for the others that many events
    /// ahead as it goes (<see cref="Prefetch"/>), so that the cache misses of a slice's scattered arrivals overlap
    /// instead of coming one after another. Returns the one plastic projection the resolved events come through
    /// (<see cref="OneProjection"/>).
    /// </summary>
    public int Resolve(Span<int> references, ReadOnlySpan<long> words, int n, ReadOnlySpan<int> plastic, int count, int events)
    {
        OneProjection one = new();
        for (int j = 0; j < count; j++)
        {
            int k = plastic[j];
            if (k >= events) break;
            int reference = references[k];
            if (reference <= -2)
            {
                PlasticProjection p = Projections[PlasticProjection.ProjectionOf(reference)];
                references[k] = reference = p.Reference(p.FindSlot(n - p.TargetOffset, PlasticProjection.SourceOfShared(reference), words[k]));
            }
            one.Add(reference);
            if (k < PrefetchAhead) Prefetch(reference);
        }
        return one.Projection;
    }

    /// <summary>
    /// Asks the memory system for the state of the synapse onto neuron n that an arrival entry's reference names
    /// (<see cref="SlotReference"/>; nothing for −1, a static synapse): the general event loop's arrivals, one at a
    /// time, ask for the one <see cref="EventsAhead"/> events on (the bitmap word it reads is in the cache already:
    /// <see cref="PrefetchTargetsAhead"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchArrival(int reference, int n)
    {
        if (reference != -1) Prefetch(SlotReference(reference, n));
    }

    /// <summary>How many events ahead the general event loop asks for a plastic synapse's state (<see cref="PrefetchArrival"/>): 2 measured faster than 4 or 8.</summary>
    public const int EventsAhead = 2;

    /// <summary>How many events ahead the state of a plastic synapse is asked for (<see cref="Prefetch"/>).</summary>
    public const int PrefetchAhead = 16;

    /// <summary>
    /// <see cref="SlotReference"/> for all of neuron n's events at once (−1: not plastic), in place, prefetching as
    /// <see cref="Resolve"/> does; returns the one plastic projection they come through, as it does.
    /// </summary>
    public int ResolveAll(Span<int> references, int n)
    {
        OneProjection one = new();
        for (int k = 0; k < references.Length; k++)
        {
            if (references[k] == -1) continue;
            references[k] = SlotReference(references[k], n);
            one.Add(references[k]);
            if (k < PrefetchAhead) Prefetch(references[k]);
        }
        return one.Projection;
    }

    /// <summary>
    /// The plastic projection that slot references come through, without a branch: <see cref="Projection"/> is its
    /// index when they all come through one, −1 when there were none (or only −1: synapses gone), −2 when several.
    /// </summary>
    private struct OneProjection
    {
        private int _lowest, _highest;

        public OneProjection()
        {
            _lowest = int.MaxValue;
            _highest = -1;
        }

        /// <summary>A slot reference (−1: none, ignored).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int reference)
        {
            int projection = reference >>> PlasticProjection.SlotBits; // −1 gives 63, above every projection
            _lowest = Math.Min(_lowest, projection);
            _highest = Math.Max(_highest, reference < 0 ? -1 : projection);
        }

        public readonly int Projection => _highest < 0 ? -1 : _lowest == _highest ? _highest : -2;
    }

    /// <summary>Asks the memory system for the state of the synapse a slot reference names (−1: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int reference)
    {
        if (reference < 0 || !Sse.IsSupported) return;
        PlasticProjection p = Projections[reference >>> PlasticProjection.SlotBits];
        int slot = reference & PlasticProjection.SlotMask;
        Sse.Prefetch0(Unsafe.AsPointer(ref p.Weights[slot]));
        if (p.Pre is { } pre) Sse.Prefetch0(Unsafe.AsPointer(ref pre[slot]));
        if (p.ShortTermStates is { } states) Sse.Prefetch0(Unsafe.AsPointer(ref states[slot]));
    }

    /// <summary>
    /// A spike arrives at time t (ms) at neuron n through the synapse <paramref name="reference"/> names (a slot
    /// reference), with the arrival entry's trace factors (<see cref="PlasticProjection.ArrivalFactors"/>), and is
    /// transmitted with <paramref name="weight"/>: the synapse's weight before STDP acts, times u · x under short-term
    /// plasticity; false when the synapse is gone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool OnArrival(int reference, double t, int n, double increment, double decay, SameInstantArrivals sameInstant, out double weight)
    {
        PlasticProjection p = Projections[reference >>> PlasticProjection.SlotBits];
        return p.OnArrival(reference & PlasticProjection.SlotMask, t, n - p.TargetOffset, increment, decay, sameInstant, out weight);
    }

    /// <summary>
    /// Neuron n as its plastic events see it, when they all come through projection <paramref name="projection"/> (from
    /// <see cref="Resolve"/>: −1 none, −2 several) and it is one that <see cref="PlasticProjection.TryAllToAllTarget"/>
    /// serves. False otherwise: the events need <see cref="OnArrival"/>.
    /// </summary>
    public bool TryAllToAllTarget(int n, int projection, out AllToAllTarget target)
    {
        target = default;
        if (projection < 0) return false;
        PlasticProjection plastic = Projections[projection];
        return plastic.TryAllToAllTarget(n - plastic.TargetOffset, out target);
    }

    /// <summary>
    /// Slice <paramref name="slice"/> starts for the partition of neurons [first, end), whose arrival table of the
    /// slice is <paramref name="table"/>: their traces move to its epoch (<see cref="PlasticProjection.EnterEpoch"/>).
    /// </summary>
    public void EnterSlice(long slice, int first, int end, ArrivalTable table)
    {
        foreach (PlasticProjection p in Projections) p.EnterEpoch(slice, first, end, table);
    }

    /// <summary>Neuron n of population <paramref name="population"/> spiked at time t (ms).</summary>
    public void OnSpike(int n, int population, double t, SameInstantArrivals sameInstant)
    {
        if (_into[population].Length == 0) return;
        double delay = _dendriticDelay[population];
        if (delay == 0) { ApplyPost(n, population, t, sameInstant); return; }
        // Spikes come in time order and the delay is fixed, so the FIFO stays sorted.
        double[] queue = _pending[n] ??= new double[4];
        int count = _pendingCount[n];
        if (count == queue.Length)
        {
            var grown = new double[queue.Length * 2];
            for (int i = 0; i < count; i++) grown[i] = queue[(_pendingHead[n] + i) % queue.Length];
            _pending[n] = queue = grown;
            _pendingHead[n] = 0;
        }
        queue[(_pendingHead[n] + count) % queue.Length] = t + delay;
        _pendingCount[n] = count + 1;
    }

    /// <summary>When the next delayed postsynaptic spike of neuron n takes effect at its synapses, ms (+infinity: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextPostEffect(int n) => _pendingCount[n] == 0 ? double.PositiveInfinity : _pending[n][_pendingHead[n]];

    /// <summary>Applies the next delayed postsynaptic spike of neuron n.</summary>
    public void ApplyNextPostEffect(int n, int population, SameInstantArrivals sameInstant)
    {
        double[] queue = _pending[n];
        double t = queue[_pendingHead[n]];
        _pendingHead[n] = (_pendingHead[n] + 1) % queue.Length;
        _pendingCount[n]--;
        ApplyPost(n, population, t, sameInstant);
    }

    private void ApplyPost(int n, int population, double t, SameInstantArrivals sameInstant)
    {
        int local = n - _populationOffset[population];
        foreach (PlasticProjection p in _into[population]) p.OnPost(local, t, sameInstant);
    }
}
