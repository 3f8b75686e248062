using System.Runtime.CompilerServices;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Plasticity;

/// <summary>
/// The live state of a projection whose synapses learn (STDP), grow and disappear (structural plasticity) or depress
/// and facilitate (short-term plasticity): per-synapse weights, traces and short-term state in double precision, indexed
/// by a <em>slot</em> that a synapse keeps for life.
/// </summary>
/// <remarks>
/// <para>The synapse table (CSR by source, used for delivery) lists the live synapses; for a structural projection it
/// maps each position to its slot (<see cref="SynapseTable.Slot"/>) and is rebuilt at every structural update, while
/// the slots stay put. Slots start in target-major order, so the synapses onto one neuron sit side by side. A spike in
/// flight carries its synapse's slot, so a rebuild never makes it read another synapse's data; it is transmitted with
/// the synapse's weight when it arrives. A removed synapse's slot is marked dead at once, so spikes still
/// travelling along it are dropped at arrival; the slot is reused by a new synapse only after the longest delay has passed, when no spike can still
/// refer to it.</para>
/// <para>Everything about one target neuron (its incoming synapses' weights and traces, its postsynaptic trace) is
/// written only by the partition that owns that neuron, so updates need no locks and do not depend on the number of
/// threads.</para>
/// </remarks>
internal sealed partial class PlasticProjection
{
    /// <summary>Bits of a synapse reference that hold the slot; the rest hold the plastic projection's index.</summary>
    public const int SlotBits = 26;

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

    /// <summary>Weight and traces per slot, side by side: an arrival or a potentiation touches one cache line.</summary>
    public PlasticSynapse[] Synapses;
    /// <summary>Per-slot delays, ms, or null when every synapse has <see cref="SynapseTable.DelayConstant"/>.</summary>
    public double[]? Delay;
    /// <summary>Short-term plasticity: u and x per slot, apart from <see cref="Synapses"/> so that STDP alone stays at 24 bytes a synapse.</summary>
    public ShortTermState[]? ShortTermStates;
    /// <summary>Structural: source (index within the source population) and target (global index) of each slot.</summary>
    public int[] SourceOf = [], TargetOf = [];
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

    // Incoming synapses of each target (index within the target population), by slot, ascending source.
    public int[] InStart = [];
    public int[] InSlot = [];

    // Per target: postsynaptic trace K- just after its last spike, the time of that spike and of the one before, ms.
    public readonly double[] KMinus, TPost, TPostPrev;

    public PlasticProjection(int index, int projectionIndex, ProjectionSpec spec, string? modelFile, SynapseTable table,
                             int sourceCount, int targetOffset, int targetCount)
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

        // Slots in target-major order (the synapses onto one neuron side by side): a neuron's arrivals and its
        // potentiation sweep then stay within one block of memory. The table maps its (source-major) positions to them.
        int count = table.Count;
        SlotCount = count;
        int capacity = Math.Max(count, 16);
        var slotOf = new int[count];
        var next = new int[targetCount + 1];
        for (int k = 0; k < count; k++) next[table.Target[k] - targetOffset + 1]++;
        for (int i = 0; i < targetCount; i++) next[i + 1] += next[i];
        for (int k = 0; k < count; k++) slotOf[k] = next[table.Target[k] - targetOffset]++;
        Synapses = new PlasticSynapse[capacity];
        double emptyTrace = IsStdp && Rule.AccumulatesPreTrace ? 0.0 : double.NegativeInfinity;
        for (int k = 0; k < count; k++) Synapses[slotOf[k]] = new PlasticSynapse(table.WeightOf(k), double.NegativeInfinity, emptyTrace);
        if (ShortTerm is not null)
        {
            ShortTermStates = new ShortTermState[capacity];
            Array.Fill(ShortTermStates, ShortTermState.Initial);
        }
        if (table.Delay is float[] delays)
        {
            Delay = new double[capacity];
            for (int k = 0; k < count; k++) Delay[slotOf[k]] = delays[k];
        }
        table.Replace(table.RowStart, table.Target, slotOf);
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
        Array.Fill(TPost, double.NegativeInfinity);
        Array.Fill(TPostPrev, double.NegativeInfinity);
        BuildIncoming();
    }

    /// <summary>The reference a spike in flight carries: this projection's index and the synapse's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reference(int slot) => (Index << SlotBits) | slot;

    /// <summary>Rebuilds the per-target index of incoming synapses from the table (ascending source per target).</summary>
    public void BuildIncoming()
    {
        var start = new int[TargetCount + 1];
        int[] target = Table.Target;
        int count = target.Length;
        for (int k = 0; k < count; k++) start[target[k] - TargetOffset + 1]++;
        for (int i = 0; i < TargetCount; i++) start[i + 1] += start[i];
        var next = (int[])start.Clone();
        var slots = new int[count];
        int[]? slotOf = Table.Slot;
        for (int k = 0; k < count; k++) slots[next[target[k] - TargetOffset]++] = slotOf is null ? k : slotOf[k];
        InStart = start;
        InSlot = slots;
    }

    /// <summary>
    /// A presynaptic spike arrives at synapse <paramref name="slot"/> of target <paramref name="i"/> (index within the
    /// target population) at time t (ms): it is transmitted with the synapse's weight now (<paramref name="weight"/>),
    /// scaled by u · x after the short-term update if the projection has one, then the postsynaptic trace depresses the
    /// synapse and the presynaptic trace takes the spike. Returns false, changing nothing, when the synapse has been
    /// removed since the spike left (the spike is then dropped).
    /// </summary>
    public bool OnArrival(int slot, double t, int i, out double weight)
    {
        ref PlasticSynapse syn = ref Synapses[slot];
        weight = syn.Weight;
        if (Alive is not null)
        {
            if (!Alive[slot]) return false;
            Use![slot]++;
        }
        if (ShortTerm is not null)
        {
            ref ShortTermState state = ref ShortTermStates![slot];
            ShortTerm.OnArrival(ref state, syn.TLast, t);
            weight = weight * state.U * state.X;
            if (!IsStdp)
            {
                syn.TLast = t;
                return true;
            }
        }
        if (!IsStdp) return true;
        double tLast = syn.TLast;
        double tPost = TPost[i] < t ? TPost[i] : TPostPrev[i]; // the latest postsynaptic spike strictly before t
        double kMinus;
        switch (Rule.Pairing)
        {
            case StdpPairing.AllToAll:
                // K- just after the last post spike, decayed to t; a post spike exactly at t is taken out again.
                kMinus = TPost[i] < t ? KMinus[i] * Math.Exp((TPost[i] - t) / Rule.TauMinus) : KMinus[i] - 1.0;
                break;
            case StdpPairing.NearestRestricted:
                double previousPre = tLast < t ? tLast : syn.Trace;
                kMinus = tPost >= previousPre ? Math.Exp((tPost - t) / Rule.TauMinus) : 0.0;
                break;
            default:
                kMinus = Math.Exp((tPost - t) / Rule.TauMinus);
                break;
        }
        syn.Weight = Rule.Depress(syn.Weight, kMinus);

        if (Rule.AccumulatesPreTrace)
            syn.Trace = (tLast == t ? syn.Trace : syn.Trace * Math.Exp((tLast - t) / Rule.TauPlus)) + 1.0;
        else if (tLast != t)
            syn.Trace = tLast;
        syn.TLast = t;
        return true;
    }

    /// <summary>
    /// The mean, over target <paramref name="i"/>'s incoming synapses (index within the target population), of the
    /// utilisation (<paramref name="resources"/> false) or the resources (true) that a spike arriving at time t (ms)
    /// would use (<see cref="ShortTermRule.NextUtilisation"/>, <see cref="ShortTermRule.NextResources"/>), summed in
    /// the order of <see cref="InSlot"/>; NaN when it has none. Reads the state without changing it.
    /// </summary>
    public double ShortTermMean(int i, double t, bool resources)
    {
        ShortTermRule rule = ShortTerm!;
        int first = InStart[i], end = InStart[i + 1];
        if (first == end) return double.NaN;
        double sum = 0;
        for (int k = first; k < end; k++)
        {
            int slot = InSlot[k];
            double tLast = Synapses[slot].TLast;
            sum += resources ? rule.NextResources(ShortTermStates![slot], tLast, t) : rule.NextUtilisation(ShortTermStates![slot], tLast, t);
        }
        return sum / (end - first);
    }

    /// <summary>
    /// Target <paramref name="i"/> (index within the target population) spiked, as seen by its synapses at time t (ms):
    /// potentiation of every incoming synapse by its presynaptic trace, then the postsynaptic trace takes the spike.
    /// </summary>
    public void OnPost(int i, double t)
    {
        if (!IsStdp) return;
        double previousPost = TPost[i] < t ? TPost[i] : TPostPrev[i];
        double tauPlus = Rule.TauPlus;
        int[] slots = InSlot;
        PlasticSynapse[] synapses = Synapses;
        for (int j = InStart[i], end = InStart[i + 1]; j < end; j++)
        {
            ref PlasticSynapse syn = ref synapses[slots[j]];
            double tLast = syn.TLast;
            double kPlus;
            switch (Rule.Pairing)
            {
                case StdpPairing.AllToAll:
                    kPlus = tLast < t ? syn.Trace * Math.Exp((tLast - t) / tauPlus) : syn.Trace - 1.0;
                    break;
                case StdpPairing.NearestPreCentered:
                    kPlus = tLast < t ? syn.Trace * Math.Exp((tLast - t) / tauPlus) : syn.Trace - 1.0;
                    // Presynaptic spikes before this post spike are used up; one exactly at t still waits for the next.
                    syn.Trace = tLast == t ? 1.0 : 0.0;
                    break;
                case StdpPairing.NearestRestricted:
                    double pre = tLast < t ? tLast : syn.Trace;
                    kPlus = pre >= previousPost ? Math.Exp((pre - t) / tauPlus) : 0.0;
                    break;
                default:
                    kPlus = Math.Exp(((tLast < t ? tLast : syn.Trace) - t) / tauPlus);
                    break;
            }
            syn.Weight = Rule.Facilitate(syn.Weight, kPlus);
        }
        if (TPost[i] != t)
        {
            KMinus[i] = KMinus[i] * Math.Exp((TPost[i] - t) / Rule.TauMinus) + 1.0;
            TPostPrev[i] = TPost[i];
            TPost[i] = t;
        }
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
        if (slot == Synapses.Length)
        {
            int n = slot * 2;
            Array.Resize(ref Synapses, n);
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
        Synapses[slot] = new PlasticSynapse(weight, double.NegativeInfinity, IsStdp && Rule.AccumulatesPreTrace ? 0.0 : double.NegativeInfinity);
        if (Delay is not null) Delay[slot] = delay;
        if (ShortTermStates is not null) ShortTermStates[slot] = ShortTermState.Initial;
        Alive![slot] = true;
        Use![slot] = 0;
        Below![slot] = 0;
    }
}

/// <summary>One plastic synapse's state.</summary>
/// <param name="Weight">Current weight (mV or pA).</param>
/// <param name="TLast">Time of the latest presynaptic arrival, ms (-infinity: none yet; kept by STDP and short-term plasticity).</param>
/// <param name="Trace">All-to-all and pre-centred pairing: K+ just after that arrival. Nearest pairings: the arrival before it, ms.</param>
internal record struct PlasticSynapse(double Weight, double TLast, double Trace);
