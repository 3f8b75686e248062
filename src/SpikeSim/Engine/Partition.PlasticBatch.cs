using System.Runtime.CompilerServices;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;

namespace SpikeSim.Engine;

/// <summary>The delta batch path's part for neurons with plastic inputs (<see cref="TryPrepareDelta"/>, <see cref="ApplyWithPlasticity"/>): their synapses found, their rule applied.</summary>
internal sealed partial class Partition
{
    // The slot reference of each gathered event (-1: not a plastic synapse), and its arrival table entry (for the
    // trace factors); the same in the synaptic events' order; where each merged event came from (MergeByTimeWithSources).
    private int[] _batchRef = new int[256], _batchEntry = new int[256];
    private int[] _synapticRef = new int[64], _synapticEntry = new int[64];
    private int[] _batchSource = new int[256];
    // Each synaptic event's word of its target's source bitmap, the positions of the plastic ones among the synaptic
    // events (BeginLookups), and the one plastic projection of the batch's plastic events (-1: none, -2: several).
    private long[] _synapticWord = new long[64];
    private int[] _synapticPlastic = new int[64];
    private int _synapticPlasticCount, _batchProjection;
    // Plastic events applied ahead of the membrane: their positions among the merged events, and each one's synapse
    // weight and trace (where kept per slot) before it (to undo it after a spike).
    private int[] _batchPlastic = new int[256];
    private int _batchPlasticCount;
    private double[] _batchSavedWeight = new double[256], _batchSavedPre = new double[256];
    // Set where the visit's plastic events arrived before the merge (TryArriveBeforeMerge), with what the merge took:
    // the synaptic and Poisson events' counts and the Poisson weight (to merge again with references after a spike).
    private bool _arrivedAhead;
    private int _aheadSynaptic, _aheadPoisson;
    private double _aheadPoissonWeight;

    /// <summary>
    /// Where a plastic neuron's events go through one all-to-all projection (<see cref="PlasticityEngine.TryAllToAllTarget"/>):
    /// its first <paramref name="na"/> synaptic events (times and weights from <see cref="MergeFront"/> in
    /// <paramref name="synapticTime"/> and <paramref name="synapticWeight"/>, in time order) arrive now, before the
    /// merge with the Poisson events, as <see cref="ArriveAhead"/> has them arrive in the merged order: the plastic
    /// ones are in the same order in both, and the transmitted weights go through the merge. So a visit without a spike
    /// (most) needs neither the merge's sources nor the references in its order; a spike recovers them
    /// (<see cref="MergeWithReferences"/>). False, touching nothing, for other plastic inputs.
    /// </summary>
    private bool TryArriveBeforeMerge(int n, int na, ArrivalTable table, double[] synapticTime, double[] synapticWeight)
    {
        if (!_plasticity!.TryAllToAllTarget(n, _batchProjection, out AllToAllTarget target)) return false;
        int[] plastic = _synapticPlastic;
        int count = _synapticPlasticCount;
        while (count > 0 && plastic[count - 1] >= na) count--; // (only a run's last, cut slice leaves some out)
        EnsureSaved(count);
        ArriveAhead(in target, synapticTime.AsSpan(MergeFront), synapticWeight.AsSpan(MergeFront), _synapticRef, _synapticEntry, table.Weight,
                    table.Decay!, plastic, 0, count, _batchSavedWeight, _batchSavedPre, _sameInstant);
        _arrivedAhead = true;
        return true;
    }

    /// <summary>
    /// Merges the visit's <paramref name="na"/> synaptic and <paramref name="np"/> Poisson events (weight
    /// <paramref name="poissonWeight"/>) into the batch arrays with where each came from, and puts the slot references and
    /// arrival entries in the merged order (<see cref="ReferencesInMergeOrder"/>).
    /// </summary>
    private void MergeWithReferences(int na, int np, double poissonWeight)
    {
        if (_batchSource.Length < _batchTime.Length) _batchSource = new int[_batchTime.Length];
        MergeByTimeWithSources(ref _synapticTime[MergeFront], ref _synapticWeight[MergeFront], ref _poisson[MergeFront], poissonWeight,
                               ref _batchTime[0], ref _batchWeight[0], ref _batchSource[0], na, np);
        ReferencesInMergeOrder(na + np);
    }

    /// <summary>Room for the weights and traces of <paramref name="count"/> plastic events before their arrival (<see cref="Rewind"/>).</summary>
    private void EnsureSaved(int count)
    {
        if (_batchSavedWeight.Length >= count) return;
        _batchSavedWeight = new double[Math.Max(2 * count, 256)];
        _batchSavedPre = new double[_batchSavedWeight.Length];
    }

    /// <summary>
    /// The slot references of a plastic neuron's synaptic events (<paramref name="events"/>, the first
    /// <paramref name="na"/>, with references of width <paramref name="wide"/>), in their order, and their arrival entries: the synapses are found
    /// (<see cref="PlasticityEngine.Resolve"/>, which also prefetches their state, overlapping the merge).
    /// </summary>
    private void ResolveReferences(int n, in EventList events, bool wide, int na)
    {
        if (_synapticEntry.Length < na) _synapticEntry = new int[2 * na + 1];
        for (int k = 0; k < na; k++) _synapticEntry[k] = events.At(k, wide);
        _batchProjection = _plasticity!.Resolve(_synapticRef, _synapticWord, n, _synapticPlastic, _synapticPlasticCount, na);
    }

    /// <summary>
    /// The slot references and arrival entries of the <paramref name="total"/> merged events (1-based, −1 and 0 for a
    /// Poisson event), from where each came (<see cref="MergeByTimeWithSources"/>): each output on its own, no chain.
    /// </summary>
    private void ReferencesInMergeOrder(int total)
    {
        if (_batchRef.Length < _batchTime.Length) { _batchRef = new int[_batchTime.Length]; _batchEntry = new int[_batchTime.Length]; }
        int[] synapticRef = _synapticRef, synapticEntry = _synapticEntry, source = _batchSource, refs = _batchRef, entries = _batchEntry;
        for (int k = 1; k <= total; k++)
        {
            int from = source[k], poisson = from >> 31, at = from & ~poisson; // poisson: -1 for a Poisson event (at 0), else 0
            refs[k] = synapticRef[at] | poisson;
            entries[k] = synapticEntry[at] & ~poisson;
        }
    }

    /// <summary>
    /// Step 3 for a neuron with plastic inputs that <see cref="ArriveAhead"/> does not serve (several plastic
    /// projections, or one with structural or short-term plasticity, or another rule): as the common loop, but each
    /// plastic event's weight is the synapse's weight when the event is reached (a spike of this neuron earlier in the
    /// slice may have potentiated it), the rule sees every arrival (also those the refractory period discards), and each
    /// spike potentiates the neuron's plastic inputs. Events of removed synapses are dropped (counted in
    /// <paramref name="dropped"/>).
    /// </summary>
    private double ApplyPlastic(LifParameters p, int n, int population, PlasticityEngine plasticity, ArrivalTable table, int m, double u,
                                double uTh, double uReset, ref double last, ref double refractoryUntil, SpikeList spikes, out int dropped)
    {
        double[] time = _batchTime, weight = _batchWeight, decay = _batchDecay;
        int[] refs = _batchRef, entries = _batchEntry;
        double[] increments = table.Weight, decays = table.Decay!;
        dropped = 0;
        for (int i = 1; i <= m; i++)
        {
            if (i + PlasticityEngine.PrefetchAhead <= m) plasticity.Prefetch(refs[i + PlasticityEngine.PrefetchAhead]);
            double t = time[i], w = weight[i];
            int e = entries[i];
            if (refs[i] >= 0 && !plasticity.OnArrival(refs[i], t, n, increments[e], decays[e], _sameInstant, out w))
            {
                w = 0;
                dropped++;
            }
            if (t < refractoryUntil)
            {
                last = t; // lost while refractory
                continue;
            }
            double f = last >= refractoryUntil ? decay[i] : Exponential.Of((refractoryUntil - t) / p.TauM);
            u = Math.FusedMultiplyAdd(u, f, w);
            last = t;
            if (u >= uTh && (i == m || time[i + 1] != last))
            {
                spikes.Add(last, n);
                plasticity.OnSpike(n, population, last, _sameInstant);
                u = uReset;
                refractoryUntil = last + p.TRef;
            }
        }
        return u;
    }

    /// <summary>The positions (1-based) of the plastic events among the m merged ones, in order, without a branch: into <see cref="_batchPlastic"/>.</summary>
    private void CollectPlastic(int m)
    {
        if (_batchPlastic.Length < m + 1) _batchPlastic = new int[_batchTime.Length];
        int[] refs = _batchRef, plastic = _batchPlastic;
        int count = 0;
        for (int k = 1; k <= m; k++)
        {
            plastic[count] = k;
            count += ~refs[k] >>> 31; // 1 for a slot reference (not -1)
        }
        _batchPlasticCount = count;
    }

    /// <summary>
    /// The plastic events <paramref name="from"/> to <paramref name="count"/> (positions <paramref name="plastic"/>) arrive
    /// ahead of the membrane, in order, as <see cref="AllToAllTarget.Arrive"/> has them arrive: each one's transmitted weight to
    /// <paramref name="weight"/>, its synapse's weight and trace (where kept per slot) before it to
    /// <paramref name="savedWeight"/> and <paramref name="savedPre"/> (for <see cref="Rewind"/>); with traces per slot,
    /// <paramref name="sameInstant"/> then holds the arrivals at the last one's instant (<see cref="RecordInstant"/>).
    /// Exactly what the loop of <see cref="ApplyPlastic"/> would do for a neuron that does not fire in the slice, as a
    /// loop over the plastic events alone (which events are plastic comes at random: a branch on it, in the membrane's
    /// loop, missed about half the time), leaving the membrane the static neuron's loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ArriveAhead(in AllToAllTarget target, ReadOnlySpan<double> time, Span<double> weight, int[] refs, int[] entries, double[] increments,
                                    double[] decays, int[] plastic, int from, int count, double[] savedWeight, double[] savedPre,
                                    SameInstantArrivals sameInstant)
    {
        const int slotMask = PlasticProjection.SlotMask, ahead = PlasticityEngine.PrefetchAhead;
        double[] weights = target.Weights;
        double[]? pre = target.Pre;
        for (int j = from; j < count; j++)
        {
            if (j + ahead < count) target.Prefetch(refs[plastic[j + ahead]] & slotMask);
            int k = plastic[j], slot = refs[k] & slotMask, e = entries[k];
            savedWeight[j] = weights[slot];
            if (pre is not null) savedPre[j] = pre[slot];
            weight[k] = target.Arrive(slot, time[k], increments[e], decays[e]);
        }
        // Kept arrival by arrival, the record would end holding the arrivals at the last one's instant: a record from
        // before the call (made at the neuron's spike; its later arrivals all come after it) is never extended. So it is
        // made once, here. Traces kept per source need none.
        if (from < count && pre is not null)
            RecordInstant(target.Neuron, time[plastic[count - 1]], count - 1, from, time, refs, plastic, savedPre, sameInstant);
    }

    /// <summary>
    /// Neuron n fires at event <paramref name="spikeAt"/> after <see cref="ArriveAhead"/>: the plastic events after it
    /// are undone, latest first, and (traces per slot) <paramref name="sameInstant"/> is left as it was just after that
    /// event (holding the plastic arrivals at its instant), as <see cref="ApplyPlastic"/> would have it when the neuron
    /// fires. Returns the first plastic event undone (they arrive again after the spike).
    /// </summary>
    private static int Rewind(int n, int spikeAt, double[] time, int[] refs, int[] plastic, int count, double[] savedWeight, double[] savedPre,
                              in AllToAllTarget target, SameInstantArrivals sameInstant)
    {
        const int slotMask = PlasticProjection.SlotMask;
        double[] weights = target.Weights;
        double[]? pre = target.Pre;
        int j = count - 1;
        for (; j >= 0 && plastic[j] > spikeAt; j--)
        {
            int slot = refs[plastic[j]] & slotMask;
            weights[slot] = savedWeight[j];
            if (pre is not null) pre[slot] = savedPre[j];
        }
        // j: the last plastic event up to the spike. The record then held the arrivals at the slice's last plastic
        // instant; at the spike it holds those at the spike's instant.
        if (pre is not null) RecordInstant(n, time[spikeAt], j, 0, time, refs, plastic, savedPre, sameInstant);
        return j + 1;
    }

    /// <summary>
    /// Makes <paramref name="sameInstant"/> hold neuron n's plastic arrivals at <paramref name="instant"/> (ms) among the
    /// plastic events <paramref name="from"/> to <paramref name="last"/> (positions <paramref name="plastic"/>; the
    /// instant's are the last ones), each with its synapse's trace from before it (<paramref name="savedPre"/>).
    /// </summary>
    private static void RecordInstant(int n, double instant, int last, int from, ReadOnlySpan<double> time, int[] refs, int[] plastic, double[] savedPre,
                                      SameInstantArrivals sameInstant)
    {
        int first = last + 1;
        while (first > from && time[plastic[first - 1]] == instant) first--;
        sameInstant.Clear();
        for (int q = first; q <= last; q++)
        {
            int k = plastic[q];
            sameInstant.Add(n, instant, refs[k] >>> PlasticProjection.SlotBits, refs[k] & PlasticProjection.SlotMask, savedPre[q]);
        }
    }
}
