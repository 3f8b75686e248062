using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpikeSim.Inputs;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Scratch for one neuron's slice: merged event times, weights and decay factors; its Poisson event times.
    private double[] _batchTime = new double[256];
    private double[] _batchWeight = new double[256];
    private double[] _batchDecay = new double[256];
    private double[] _poisson = new double[64];
    private double[] _synapticTime = new double[64], _synapticWeight = new double[64];

    /// <summary>
    /// The common case of a delta-synapse neuron, done in bulk: when its drive stays below threshold (V_inf ≤ V_th)
    /// and nothing but spike inputs arrives this slice (no current step, no voltage probe), V only changes at its
    /// inputs and can only cross threshold at an excitatory one. The slice's events (synaptic, spike-times and
    /// Poisson, merged in the general loop's order) are gathered first, all decay factors
    /// exp(-(t_i - t_(i-1))/tau_m) are computed with vector instructions, and a short scalar loop applies them.
    /// The arithmetic is that of <see cref="DeltaLif"/>, on the population's state arrays (<paramref name="model"/>,
    /// laid out as <see cref="LifState"/>; <paramref name="local"/> is the neuron's index there). A neuron with plastic inputs (<paramref name="plasticity"/>
    /// not null) reads each plastic event's weight, and applies the rule, as the event is reached. Returns false,
    /// touching nothing, when the neuron needs the general loop.
    /// </summary>
    private bool TryAdvanceDeltaBatch(LifParameters p, double[][] model, int local, int n, int population, PlasticityEngine? plasticity,
                                      ref EventList list, ArrivalTable table, double t1, SpikeList spikes, out int processed)
    {
        processed = 0;
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int currentIndex = state.CurrentCursor[n];
        double vInf = p.VInfinity(model[LifState.Injected][local]);
        double v = model[LifState.V][local], last = state.Time[n], refractoryUntil = model[LifState.RefractoryUntil][local];
        if (vInf > p.VTh
            || _network.ProbeStart[n] != _network.ProbeStart[n + 1]
            || (currentIndex < inputs.CurrentStart[n + 1] && inputs.CurrentTime[currentIndex] < t1)
            || (v >= p.VTh && refractoryUntil < t1))
            return false;

        // 1. Gather the slice's events in time order.
        int spikeIndex = state.SpikeCursor[n], spikeEnd = inputs.SpikeStart[n + 1];
        int poissonFirst = inputs.PoissonStart[n], poissonEnd = inputs.PoissonStart[n + 1];
        int synaptic;
        int[]? synapseOf = plasticity is null ? null : table.Synapse;
        if (synapseOf is not null)
        {
            if (_synapticRef.Length < list.Count + 1)
            {
                _synapticRef = new int[2 * list.Count + 1];
                _synapticWord = new long[2 * list.Count + 1];
                _synapticPlastic = new int[2 * list.Count + 1];
            }
            _synapticPlasticCount = table.Wide
                ? plasticity!.BeginLookups(list.Wide, synapseOf, n, _synapticRef, _synapticWord, _synapticPlastic)
                : plasticity!.BeginLookups(list.Narrow, synapseOf, n, _synapticRef, _synapticWord, _synapticPlastic);
        }
        int m = spikeIndex < spikeEnd && inputs.SpikeTime[spikeIndex] < t1 || poissonEnd - poissonFirst > 1
            ? GatherAll(n, ref list, table, t1, ref spikeIndex, synapseOf, out synaptic)
            : GatherSynapticAndPoisson(n, ref list, table, t1, synapseOf, out synaptic);

        // 2. Decay factors from each event to the next, eight at a time. Events are time[1..m]; time[0] is the time
        //    the state refers to.
        double[] time = _batchTime, weight = _batchWeight, decay = _batchDecay;
        time[0] = last;
        var negInvTau = Vector512.Create(-1.0 / p.TauM);
        for (int j = 1; j <= m; j += Vector512<double>.Count)
        {
            var dt = Vector512.LoadUnsafe(ref time[j]) - Vector512.LoadUnsafe(ref time[j - 1]);
            AoclExponential.StoreOf(Vector512.Min(Vector512<double>.Zero, dt * negInvTau), ref decay[j]);
        }

        // 3. Apply them to u = V - V_inf (one fused multiply-add per event): u relaxes by the decay factor, jumps by
        //    w, and the neuron fires when u reaches V_th - V_inf; inputs are lost while refractory.
        double uTh = p.VTh - vInf, uReset = p.VReset - vInf, tRef = p.TRef;
        double u = v - vInf;
        int i = 1;
        int dropped = 0;
        // Plastic inputs through one all-to-all projection: their rule goes first, for all of them (ArriveAhead), and
        // the membrane takes the common loop below until its first spike, if any; the spike potentiates the inputs,
        // so the arrivals after it are undone (Rewind) and arrive again after the spike, and so on. Other plastic
        // inputs go through ApplyPlastic.
        bool plasticAhead = false;
        int nextPlastic = 0; // the first plastic event (of _batchPlastic) not yet arrived
        AllToAllTarget target = default;
        if (plasticity is not null)
        {
            plasticAhead = plasticity.TryAllToAllTarget(n, _batchProjection, m, _sameInstant, out target);
            if (plasticAhead)
            {
                CollectPlastic(m);
                if (_batchSaved.Length < _batchPlasticCount) _batchSaved = new PlasticSynapse[Math.Max(2 * _batchPlasticCount, 256)];
            }
            else
            {
                u = ApplyPlastic(p, n, population, plasticity, table, m, u, uTh, uReset, ref last, ref refractoryUntil, spikes, out dropped);
                i = m + 1;
            }
        }
        while (true)
        {
            if (plasticAhead)
                ArriveAhead(in target, time, weight, _batchRef, _batchEntry, table.Weight, table.Decay!, _batchPlastic, nextPlastic, _batchPlasticCount,
                            _batchSaved, _sameInstant);
            int spikeAt = 0;
            while (i <= m)
            {
                // Inputs while refractory are lost.
                if (time[i] < refractoryUntil)
                {
                    while (i <= m && time[i] < refractoryUntil) i++;
                    last = time[i - 1];
                    if (i > m) break;
                }
                // The first input after a refractory period decays from its end, not from the previous input.
                double f = last >= refractoryUntil ? decay[i] : Exponential.Of((refractoryUntil - time[i]) / p.TauM);
                u = Math.FusedMultiplyAdd(u, f, weight[i]);
                // The common stretch: no refractory period in sight, one multiply-add and one comparison per event.
                while (u < uTh && i < m)
                {
                    i++;
                    u = Math.FusedMultiplyAdd(u, decay[i], weight[i]);
                }
                last = time[i];
                // Inputs at the same instant act together: threshold is checked after the last of them.
                if (u >= uTh && (i == m || time[i + 1] != last))
                {
                    if (plasticAhead)
                    {
                        spikeAt = i;
                        break;
                    }
                    spikes.Add(last, n);
                    u = uReset;
                    refractoryUntil = last + tRef;
                }
                i++;
            }
            if (spikeAt == 0) break;
            nextPlastic = Rewind(n, spikeAt, time, _batchRef, _batchPlastic, _batchPlasticCount, _batchSaved, target.Synapses, _sameInstant);
            spikes.Add(last, n);
            plasticity!.OnSpike(n, population, last, _sameInstant);
            u = uReset;
            refractoryUntil = last + tRef;
            plasticity.TryAllToAllTarget(n, _batchProjection, m - spikeAt, _sameInstant, out target); // its trace changed
            i = spikeAt + 1;
        }
        v = vInf + u;

        // Below-threshold drive: no crossing without input. Wake for the next input that is not a synaptic event.
        double wake = spikeIndex < spikeEnd ? inputs.SpikeTime[spikeIndex] : double.PositiveInfinity;
        wake = Math.Min(wake, state.EarliestPoisson(poissonFirst, poissonEnd, out _));
        if (currentIndex < inputs.CurrentStart[n + 1]) wake = Math.Min(wake, inputs.CurrentTime[currentIndex]);
        state.Wake[n] = wake;
        state.SetBound(n, double.PositiveInfinity);
        model[LifState.V][local] = v;
        if (m > 0 && last > state.Time[n]) state.Time[n] = last;
        model[LifState.RefractoryUntil][local] = refractoryUntil;
        state.SpikeCursor[n] = spikeIndex;
        RecurrentEvents += synaptic - dropped;
        InputEvents += m - synaptic;
        processed = synaptic;
        return true;
    }

    /// <summary>
    /// The common case: synaptic events and at most one Poisson stream. The stream's events of the slice are drawn
    /// first, then the two sorted sequences are merged (synaptic first at equal times, as in the general loop).
    /// </summary>
    private int GatherSynapticAndPoisson(int n, ref EventList list, ArrivalTable table, double t1, int[]? synapseOf, out int synaptic)
    {
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int np = 0;
        double poissonWeight = 0;
        int stream = inputs.PoissonStart[n];
        if (stream < inputs.PoissonStart[n + 1])
        {
            poissonWeight = inputs.PoissonWeight[stream];
            np = _poissonLanes.EventsBefore(stream, t1, ref _poisson, MergeFront);
        }
        double[] poisson = _poisson;
        MergeSentinels(poisson, np);

        bool wide = table.Wide; // the width of the list's references
        double[] arrivalTime = table.Time, arrivalWeight = table.Weight;
        int na = list.Count;
        while (na > 0 && arrivalTime[list.At(na - 1, wide)] >= t1) na--; // only a run's last, cut slice keeps some
        int total = na + np;
        EnsureBatch(total);
        if (_synapticTime.Length < na + 2 * MergeFront) { _synapticTime = new double[2 * na + 2 * MergeFront]; _synapticWeight = new double[2 * na + 2 * MergeFront]; }
        double[] synapticTime = _synapticTime, synapticWeight = _synapticWeight;
        if (wide) GatherArrivals(list.Wide[..na], arrivalTime, arrivalWeight, ref synapticTime[MergeFront], ref synapticWeight[MergeFront]);
        else GatherArrivals(list.Narrow[..na], arrivalTime, arrivalWeight, ref synapticTime[MergeFront], ref synapticWeight[MergeFront]);
        MergeSentinels(synapticTime, na);
        synapticWeight[MergeFront - 1] = synapticWeight[MergeFront + na] = 0; // read, never used, at either end
        if (synapseOf is null)
        {
            MergeByTime(ref synapticTime[MergeFront], ref synapticWeight[MergeFront], ref poisson[MergeFront], poissonWeight,
                        ref _batchTime[0], ref _batchWeight[0], na, np);
        }
        else
        {
            ResolveReferences(n, in list, wide, na);
            if (_batchSource.Length < _batchTime.Length) _batchSource = new int[_batchTime.Length];
            MergeByTimeWithSources(ref synapticTime[MergeFront], ref synapticWeight[MergeFront], ref poisson[MergeFront], poissonWeight,
                                   ref _batchTime[0], ref _batchWeight[0], ref _batchSource[0], na, np);
            ReferencesInMergeOrder(total);
        }
        synaptic = na;
        return total;
    }

    /// <summary>
    /// The arrival time and weight of each of <paramref name="events"/> (entries of the slice's arrival table, whose
    /// columns are <paramref name="arrivalTime"/> and <paramref name="arrivalWeight"/>), into consecutive places from
    /// <paramref name="time"/> and <paramref name="weight"/>. Its own call, on references: in its caller the compiler
    /// reloaded the arrays from the stack for every event.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GatherArrivals<T>(ReadOnlySpan<T> events, double[] arrivalTime, double[] arrivalWeight, ref double time, ref double weight)
        where T : unmanaged, IBinaryInteger<T>
    {
        ref double times = ref MemoryMarshal.GetArrayDataReference(arrivalTime), weights = ref MemoryMarshal.GetArrayDataReference(arrivalWeight);
        for (int k = 0; k < events.Length; k++)
        {
            int e = int.CreateTruncating(events[k]);
            if ((uint)e >= (uint)arrivalTime.Length || (uint)e >= (uint)arrivalWeight.Length) throw new IndexOutOfRangeException();
            Unsafe.Add(ref time, k) = Unsafe.Add(ref times, e);
            Unsafe.Add(ref weight, k) = Unsafe.Add(ref weights, e);
        }
    }

    /// <summary>
    /// Where the merge's sources start in their buffers: two -infinity sentinels come before them (and two +infinity
    /// after), so that <see cref="MergeByTime"/> can read one ahead from either end.
    /// </summary>
    internal const int MergeFront = 2;

    /// <summary>The sentinels of a merge source holding <paramref name="count"/> times from <see cref="MergeFront"/> on.</summary>
    internal static void MergeSentinels(double[] times, int count)
    {
        times[0] = times[1] = double.NegativeInfinity;
        times[MergeFront + count] = times[MergeFront + count + 1] = double.PositiveInfinity;
    }

    /// <summary>
    /// Merges <paramref name="na"/> synaptic events (times and weights) with <paramref name="np"/> Poisson events
    /// (times, one weight) into time[1..na + np] and weight[1..na + np], synaptic first at equal times. Each source
    /// has two sentinels at either end (-infinity before, +infinity after; <see cref="MergeFront"/>), the outputs room
    /// for na + np + 1. Two merges run at once: one from the front takes the smaller time (the synaptic one at a tie),
    /// one from the back the larger (the Poisson one at a tie), each filling its half of the output; the halves
    /// meet exactly because the stable order is unique. Each is a loop-carried chain of compare and select (which
    /// source comes next is random, so vector selects replace branches, and each source's next candidate is loaded a
    /// step ahead); the two chains overlap in the processor. Its own method, on references without bounds checks, so
    /// that the loop keeps everything in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MergeByTime(ref double synapticTime, ref double synapticWeight, ref double poisson, double poissonWeight,
                                    ref double time, ref double weight, int na, int np) =>
        MergeByTime<NoSources>(ref synapticTime, ref synapticWeight, ref poisson, poissonWeight, ref time, ref weight, ref Unsafe.NullRef<int>(), na, np);

    /// <summary>
    /// <see cref="MergeByTime(ref double, ref double, ref double, double, ref double, ref double, int, int)"/>, also
    /// writing where each output came from: source[k] is the synaptic event's index (0-based) for a synaptic output k,
    /// −1 for a Poisson one (so that a plastic neuron's slot references follow the merge without replaying it).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MergeByTimeWithSources(ref double synapticTime, ref double synapticWeight, ref double poisson, double poissonWeight,
                                                ref double time, ref double weight, ref int source, int na, int np) =>
        MergeByTime<WithSources>(ref synapticTime, ref synapticWeight, ref poisson, poissonWeight, ref time, ref weight, ref source, na, np);

    private struct NoSources;
    private struct WithSources;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MergeByTime<TSources>(ref double synapticTime, ref double synapticWeight, ref double poisson, double poissonWeight,
                                             ref double time, ref double weight, ref int source, int na, int np)
        where TSources : struct
    {
        bool sources = typeof(TSources) == typeof(WithSources); // a constant of each compiled specialisation
        var wb = Vector128.Create(poissonWeight);
        nint total = na + np, fromBack = total / 2;
        nint i = 0, j = 0, k = 1;                        // front: next synaptic, next Poisson, next output
        nint ib = na - 1, jb = np - 1, kb = total;         // back: the same, from the ends
        var ta = Vector128.CreateScalarUnsafe(synapticTime);
        var tb = Vector128.CreateScalarUnsafe(poisson);
        var tc = Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticTime, ib));
        var td = Vector128.CreateScalarUnsafe(Unsafe.Add(ref poisson, jb));
        for (nint step = 0; step < fromBack; step++)
        {
            var nextA = Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticTime, i + 1));
            var nextB = Vector128.CreateScalarUnsafe(Unsafe.Add(ref poisson, j + 1));
            var wa = Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticWeight, i));
            var takeA = Vector128.LessThanOrEqual(ta, tb);
            var prevC = Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticTime, ib - 1));
            var prevD = Vector128.CreateScalarUnsafe(Unsafe.Add(ref poisson, jb - 1));
            var wc = Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticWeight, ib));
            var takeC = Vector128.GreaterThan(tc, td);

            Unsafe.Add(ref time, k) = Vector128.ConditionalSelect(takeA, ta, tb).ToScalar();
            Unsafe.Add(ref weight, k) = Vector128.ConditionalSelect(takeA, wa, wb).ToScalar();
            ta = Vector128.ConditionalSelect(takeA, nextA, ta);
            tb = Vector128.ConditionalSelect(takeA, tb, nextB);
            nint a = (nint)(takeA.AsInt64().ToScalar() & 1);
            if (sources) Unsafe.Add(ref source, k) = (int)(i | (a - 1));
            i += a;
            j += 1 - a;
            k++;

            Unsafe.Add(ref time, kb) = Vector128.ConditionalSelect(takeC, tc, td).ToScalar();
            Unsafe.Add(ref weight, kb) = Vector128.ConditionalSelect(takeC, wc, wb).ToScalar();
            tc = Vector128.ConditionalSelect(takeC, prevC, tc);
            td = Vector128.ConditionalSelect(takeC, td, prevD);
            nint c = (nint)(takeC.AsInt64().ToScalar() & 1);
            if (sources) Unsafe.Add(ref source, kb) = (int)(ib | (c - 1));
            ib -= c;
            jb -= 1 - c;
            kb--;
        }
        if (k == kb) // an odd total: the middle one, from the front
        {
            var takeA = Vector128.LessThanOrEqual(ta, tb);
            Unsafe.Add(ref time, k) = Vector128.ConditionalSelect(takeA, ta, tb).ToScalar();
            Unsafe.Add(ref weight, k) = Vector128.ConditionalSelect(takeA, Vector128.CreateScalarUnsafe(Unsafe.Add(ref synapticWeight, i)), wb).ToScalar();
            if (sources) Unsafe.Add(ref source, k) = (int)(i | ((takeA.AsInt64().ToScalar() & 1) - 1));
        }
    }

    /// <summary>Any mix of spike-times inputs, synaptic events and Poisson streams (spike-times first at equal times).</summary>
    private int GatherAll(int n, ref EventList list, ArrivalTable table, double t1, ref int spikeIndex, int[]? synapseOf, out int synaptic)
    {
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int spikeEnd = inputs.SpikeStart[n + 1];
        int poissonFirst = inputs.PoissonStart[n], poissonEnd = inputs.PoissonStart[n + 1];
        EventList events = list; // (a copy, so that the loop keeps the list's storage in a register; the list does not change here)
        bool wide = table.Wide; // the width of its references
        int eventCount = list.Count;
        double[] arrivalTime = table.Time, arrivalWeight = table.Weight;
        int m = 0;
        synaptic = 0;
        while (true)
        {
            double tSpike = spikeIndex < spikeEnd ? inputs.SpikeTime[spikeIndex] : double.PositiveInfinity;
            double tSynapse = synaptic < eventCount ? arrivalTime[events.At(synaptic, wide)] : double.PositiveInfinity;
            double tPoisson = state.EarliestPoisson(poissonFirst, poissonEnd, out int stream);
            double t = Math.Min(tSpike, Math.Min(tSynapse, tPoisson));
            if (t >= t1) break;
            EnsureBatch(++m);
            _batchTime[m] = t;
            if (synapseOf is not null)
            {
                bool plastic = tSynapse == t && tSpike != t;
                _batchRef[m] = plastic ? synapseOf[events.At(synaptic, wide)] : -1;
                _batchEntry[m] = plastic ? events.At(synaptic, wide) : 0;
            }
            if (tSpike == t) _batchWeight[m] = inputs.SpikeWeight[spikeIndex++];
            else if (tSynapse == t) _batchWeight[m] = arrivalWeight[events.At(synaptic++, wide)];
            else
            {
                _batchWeight[m] = inputs.PoissonWeight[stream];
                state.PoissonNext[stream] = NextPoisson(n, stream, t, t1);
            }
        }
        if (synapseOf is not null) _batchProjection = _plasticity!.ResolveAll(_batchRef.AsSpan(1, m), n);
        return m;
    }

    /// <summary>Room for m events at 1..m plus a vector's width of slack, so the vector pass never reads past the end.</summary>
    private void EnsureBatch(int m)
    {
        int needed = m + 1 + Vector512<double>.Count;
        if (needed <= _batchTime.Length) return;
        int size = Math.Max(needed, _batchTime.Length * 2);
        Array.Resize(ref _batchTime, size);
        Array.Resize(ref _batchWeight, size);
        Array.Resize(ref _batchDecay, size);
        if (_batchRef.Length < size) { Array.Resize(ref _batchRef, size); Array.Resize(ref _batchEntry, size); }
    }
}
