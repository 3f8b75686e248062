using SpikeSim.Connectivity;
using SpikeSim.Modeling;
using SpikeSim.Randomness;

namespace SpikeSim.Plasticity;

/// <summary>
/// Structural plasticity: synapses that are weak or unused are pruned, and new synapses grow between neurons that
/// fire together ("neurons that fire together wire together"), at fixed intervals while the network runs.
/// </summary>
/// <remarks>
/// <para><b>When.</b> At t = k·<c>interval</c> (k = 1, 2, ...), with every neuron advanced to t and no thread running.</para>
/// <para><b>Pruning.</b> A synapse is removed when its weight has been below <c>prune_below</c> at <c>prune_after</c>
/// updates in a row, or when it carried fewer than <c>min_use</c> presynaptic spikes since the previous update.
/// Spikes still travelling along a removed synapse are dropped when they arrive (a pruned synapse transmits
/// nothing more).</para>
/// <para><b>Growth.</b> Every unconnected pair (source, target) of the projection's populations gains a synapse with
/// probability <c>p_baseline</c>; a pair whose neurons both fired within <c>window</c> before the update gains one with
/// probability 1 − (1 − p_baseline)(1 − p_coactive). No target exceeds <c>max_in</c> synapses of this projection and no
/// source <c>max_out</c>; the connection rule's <c>allow_autapses</c> and <c>allow_multapses</c> hold. A new synapse
/// draws its weight and delay from the projection's distributions (rounded to float32, like the initial ones) and
/// starts with empty STDP traces and, under short-term plasticity, rested (u = 0, x = 1). Draws come from a random stream keyed by (seed, projection, update number), so the
/// same seed grows the same synapses for any number of threads.</para>
/// <para><b>Homeostatic growth</b> (optional, after NEST's synaptic elements): each target neuron keeps a calcium-like
/// trace (+1 per spike, decaying with <c>tau_ca</c>), whose mean for a neuron firing at <c>target_rate</c> is
/// Ca* = target_rate × tau_ca. At an update a target with trace Ca changes by z = <c>growth_rate</c> × (1 − Ca/Ca*)
/// synapses: floor(|z|), plus one with probability frac(|z|). A neuron below its target grows synapses from sources
/// drawn at random (within the bounds above); one above it loses randomly chosen incoming synapses.</para>
/// <para>References: Butz and van Ooyen (2013) PLoS Comput Biol 9:e1003259; Butz, Wörgötter and van Ooyen (2009) Brain Res Rev 60:287; Diaz-Pier et al. (2016) Front
/// Neuroanat 10:57 (NEST's structural plasticity).</para>
/// </remarks>
internal static class StructuralUpdater
{
    /// <summary>Prunes and grows the synapses of <paramref name="p"/> at time t (ms) and rebuilds its table.</summary>
    /// <param name="p">The projection.</param>
    /// <param name="t">Update time, ms.</param>
    /// <param name="lastSpike">Time of each neuron's latest spike, ms (-infinity: none), by global index.</param>
    /// <param name="sourceOffset">Global index of the source population's first neuron.</param>
    /// <param name="seed">The model's seed.</param>
    /// <param name="quarantineMs">How long a removed synapse's slot stays unused: longer than any spike can travel, ms.</param>
    public static void Update(PlasticProjection p, double t, double[] lastSpike, int sourceOffset, ulong seed, double quarantineMs)
    {
        StructuralSpec spec = p.Spec.Structural!;
        var table = p.Table;
        int nSource = p.SourceCount, nTarget = p.TargetCount;
        var inDegree = new int[nTarget];
        var outDegree = new int[nSource];
        var pairs = new HashSet<long>();
        List<int>[]? liveInto = spec.Homeostatic is null ? null : new List<int>[nTarget];

        // 1. Pruning; the survivors' degrees and pairs.
        for (int k = 0; k < table.Count; k++)
        {
            int slot = table.SlotOf(k);
            bool prune = false;
            if (!double.IsNaN(spec.PruneBelow))
            {
                if (p.Weights[slot] < spec.PruneBelow) prune = ++p.Below![slot] >= spec.PruneAfter;
                else p.Below![slot] = 0;
            }
            if (spec.MinUse > 0 && p.Use![slot] < spec.MinUse) prune = true;
            p.Use![slot] = 0;
            if (prune)
            {
                p.Alive![slot] = false;
                p.Quarantine.Enqueue((slot, t + quarantineMs));
                continue;
            }
            int source = p.SourceOf[slot], target = p.TargetOf[slot] - p.TargetOffset;
            inDegree[target]++;
            outDegree[source]++;
            pairs.Add((long)target * nSource + source);
            if (liveInto is not null) (liveInto[target] ??= []).Add(slot);
        }
        while (p.Quarantine.Count > 0 && p.Quarantine.Peek().FreeFromMs <= t) p.FreeSlots.Push(p.Quarantine.Dequeue().Slot);

        // 2. Growth.
        var rng = new RandomStream(seed, StreamKind.Structural, p.ProjectionIndex, p.Updates++);
        bool noAutapses = p.Table.FromPopulation == p.Table.ToPopulation && !p.Spec.Connect.AllowAutapses;
        bool multapses = p.Spec.Connect.AllowMultapses;
        void TryGrow(int source, int target, ref RandomStream r)
        {
            if (noAutapses && source == target) return;
            if (inDegree[target] >= spec.MaxIn || outDegree[source] >= spec.MaxOut) return;
            long pair = (long)target * nSource + source;
            if (!pairs.Add(pair) && !multapses) return;
            int slot = p.NewSlot();
            double weight = Drawn(p.Spec.Weight, ref r), delay = Drawn(p.Spec.Delay, ref r);
            p.Initialise(slot, source, p.TargetOffset + target, weight, delay);
            inDegree[target]++;
            outDegree[source]++;
        }
        if (spec.Homeostatic is { } h)
        {
            double calciumTarget = h.TargetRateHz * h.TauCaMs / 1000.0;
            for (int i = 0; i < nTarget; i++)
            {
                double z = h.GrowthRate * (1.0 - p.CalciumAt(i, t) / calciumTarget);
                int count = (int)Math.Floor(Math.Abs(z));
                if (rng.NextDouble() < Math.Abs(z) - count) count++;
                if (z > 0)
                {
                    for (int c = 0; c < count; c++) TryGrow(rng.NextInt(nSource), i, ref rng);
                    continue;
                }
                List<int>? into = liveInto![i];
                for (int c = 0; c < count && into is { Count: > 0 }; c++)
                {
                    int at = rng.NextInt(into.Count);
                    int slot = into[at];
                    into[at] = into[^1];
                    into.RemoveAt(into.Count - 1);
                    int source = p.SourceOf[slot];
                    p.Alive![slot] = false;
                    p.Quarantine.Enqueue((slot, t + quarantineMs));
                    inDegree[i]--;
                    outDegree[source]--;
                    pairs.Remove((long)i * nSource + source);
                }
            }
        }
        if (spec.PBaseline > 0)
        {
            double logQ = Math.Log(1 - spec.PBaseline);
            long total = (long)nSource * nTarget;
            for (long i = rng.NextGeometricSkip(logQ); i < total; i += 1 + rng.NextGeometricSkip(logQ))
                TryGrow((int)(i % nSource), (int)(i / nSource), ref rng);
        }
        if (spec.PCoactive > 0)
        {
            var activeSources = new List<int>();
            for (int s = 0; s < nSource; s++) if (lastSpike[sourceOffset + s] >= t - spec.WindowMs) activeSources.Add(s);
            for (int i = 0; i < nTarget; i++)
            {
                if (!(lastSpike[p.TargetOffset + i] >= t - spec.WindowMs)) continue;
                foreach (int s in activeSources)
                    if (rng.NextDouble() < spec.PCoactive) TryGrow(s, i, ref rng);
            }
        }

        Rebuild(p);
    }

    /// <summary>A new synapse's value: a constant exactly, a draw rounded to float32 like the initial synapses' draws.</summary>
    private static double Drawn(ValueSpec spec, ref RandomStream rng) =>
        spec.IsConstant ? ValueSampler.Draw(spec, ref rng) : (float)ValueSampler.Draw(spec, ref rng);

    /// <summary>The table of the live slots: rows by source, targets ascending (then by slot), and the incoming index.</summary>
    private static void Rebuild(PlasticProjection p)
    {
        int nSource = p.SourceCount;
        var live = new List<int>(p.Table.Count);
        for (int slot = 0; slot < p.SlotCount; slot++) if (p.Alive![slot]) live.Add(slot);
        live.Sort((a, b) =>
        {
            int c = p.SourceOf[a].CompareTo(p.SourceOf[b]);
            if (c != 0) return c;
            c = p.TargetOf[a].CompareTo(p.TargetOf[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var rowStart = new int[nSource + 1];
        var target = new int[live.Count];
        var slots = live.ToArray();
        for (int k = 0; k < slots.Length; k++)
        {
            rowStart[p.SourceOf[slots[k]] + 1]++;
            target[k] = p.TargetOf[slots[k]];
        }
        for (int s = 0; s < nSource; s++) rowStart[s + 1] += rowStart[s];
        p.Table.Replace(rowStart, target, slots);
        p.BuildIncoming();
    }
}
