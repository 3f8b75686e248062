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
    // The batch arrays of a delta neuron waiting, prepared, for the next to be applied with it (AdvancePopulation).
    private double[] _spareTime = new double[256], _spareWeight = new double[256], _spareDecay = new double[256];
    private DeltaVisit _waitingDelta;
    private bool _deltaWaiting;
    private double[] _poisson = new double[64];
    private double[] _synapticTime = new double[64], _synapticWeight = new double[64];

    /// <summary>A delta neuron's visit on the batch path, from its preparation (<see cref="TryPrepareDelta"/>) to its end (<see cref="FinishDelta"/>).</summary>
    private struct DeltaVisit
    {
        public LifParameters P;
        public double[][] Model;     // the population's state arrays (LifState)
        public int Neuron, Local;    // global index; index in the population
        public double[] Time, Weight, Decay; // the merged events, 1..M (Time[0]: the time the state refers to)
        public int M, Synaptic;      // events; synaptic ones among them
        public int SpikeIndex;       // the neuron's next spike-times input after the slice's
        public double VInfinity;     // mV
        public double U, Last, RefractoryUntil; // V − V_inf (mV), the last event's time, the end of the refractory period (ms)
    }

    /// <summary>
    /// The common case of a delta-synapse neuron, done in bulk: when its drive stays below threshold (V_inf ≤ V_th)
    /// and nothing but spike inputs arrives this slice (no current step, no voltage probe), V only changes at its
    /// inputs and can only cross threshold at an excitatory one. The slice's events (synaptic, spike-times and
    /// Poisson, merged in the general loop's order) are gathered first and all decay factors
    /// exp(-(t_i - t_(i-1))/tau_m) computed with vector instructions (into the batch arrays, which
    /// <paramref name="visit"/> holds); a short scalar loop then applies them (<see cref="ApplyFrom"/>, two neurons at a
    /// time: <see cref="AdvanceInPairs"/>; for a neuron with plastic inputs, <paramref name="plasticity"/> not null,
    /// <see cref="ApplyWithPlasticity"/>, which reads each plastic event's weight and applies the rule as the event is
    /// reached) and <see cref="FinishDelta"/> ends the visit. The arithmetic is that of <see cref="DeltaLif"/>, on the
    /// population's state arrays (<paramref name="model"/>, laid out as <see cref="LifState"/>; <paramref name="local"/>
    /// is the neuron's index there). Returns false, touching nothing, when the neuron needs the general loop.
    /// </summary>
    private bool TryPrepareDelta(LifParameters p, double[][] model, int local, int n, PlasticityEngine? plasticity,
                                 ref EventList list, ArrivalTable table, double t1, out DeltaVisit visit)
    {
        visit = default;
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int currentIndex = state.CurrentCursor[n];
        double vInf = p.VInfinity(model[LifState.Injected][local]);
        double v = model[LifState.V][local], refractoryUntil = model[LifState.RefractoryUntil][local];
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
        double[] time = _batchTime, decay = _batchDecay;
        double last = time[0] = state.Time[n];
        var negInvTau = Vector512.Create(-1.0 / p.TauM);
        for (int j = 1; j <= m; j += Vector512<double>.Count)
        {
            var dt = Vector512.LoadUnsafe(ref time[j]) - Vector512.LoadUnsafe(ref time[j - 1]);
            AoclExponential.StoreOf(Vector512.Min(Vector512<double>.Zero, dt * negInvTau), ref decay[j]);
        }
        visit = new DeltaVisit
        {
            P = p, Model = model, Neuron = n, Local = local, Time = time, Weight = _batchWeight, Decay = decay, M = m, Synaptic = synaptic,
            SpikeIndex = spikeIndex, VInfinity = vInf, U = v - vInf, Last = last, RefractoryUntil = refractoryUntil,
        };
        return true;
    }

    /// <summary>
    /// A prepared visit of a neuron without plastic inputs (<see cref="TryPrepareDelta"/>): the first of two waits
    /// (its batch arrays set aside), the second is applied with it (<see cref="ApplyPair"/>) and both visits end.
    /// </summary>
    private void AdvanceInPairs(PopulationDynamics pop, ref DeltaVisit visit, in SliceFrame frame)
    {
        if (!_deltaWaiting)
        {
            _deltaWaiting = true;
            _waitingDelta = visit;
            (_batchTime, _batchWeight, _batchDecay, _spareTime, _spareWeight, _spareDecay) = (_spareTime, _spareWeight, _spareDecay, _batchTime, _batchWeight, _batchDecay);
            return;
        }
        _deltaWaiting = false;
        ApplyPair(ref _waitingDelta, ref visit, frame.Spikes);
        EndVisit(pop, _waitingDelta.Neuron, FinishDelta(in _waitingDelta, 0), frame);
        EndVisit(pop, visit.Neuron, FinishDelta(in visit, 0), frame);
    }

    /// <summary>The waiting visit, if any (<see cref="AdvanceInPairs"/>), alone: at the end of a population's range.</summary>
    private void EndWaitingDelta(PopulationDynamics pop, in SliceFrame frame)
    {
        if (!_deltaWaiting) return;
        _deltaWaiting = false;
        ApplyFrom(ref _waitingDelta, 0, applied: false, frame.Spikes, stopAtSpike: false);
        EndVisit(pop, _waitingDelta.Neuron, FinishDelta(in _waitingDelta, 0), frame);
    }

    /// <summary>
    /// 3. Applies the decay factors to u = V − V_inf (one fused multiply-add per event): u relaxes by the decay factor,
    /// jumps by w, and the neuron fires when u reaches V_th − V_inf; inputs are lost while refractory. Goes on after
    /// event <paramref name="i"/> (0: none yet), which is <paramref name="applied"/> (its threshold not yet checked) or
    /// done; with <paramref name="stopAtSpike"/>, stops at the first spike and returns its event (0: none), leaving the
    /// spike itself to the caller.
    /// </summary>
    private static int ApplyFrom(ref DeltaVisit visit, int i, bool applied, SpikeList spikes, bool stopAtSpike)
    {
        LifParameters p = visit.P;
        double[] time = visit.Time, weight = visit.Weight, decay = visit.Decay;
        int m = visit.M, n = visit.Neuron;
        double uTh = p.VTh - visit.VInfinity, uReset = p.VReset - visit.VInfinity, tRef = p.TRef;
        double u = visit.U, last = visit.Last, refractoryUntil = visit.RefractoryUntil;
        int spikeAt = 0;
        while (true)
        {
            if (applied)
            {
                // The common stretch: no refractory period in sight, one multiply-add and one comparison per event.
                if (u < uTh && i < m) i = CommonStretch(ref MemoryMarshal.GetArrayDataReference(decay), ref MemoryMarshal.GetArrayDataReference(weight), i, m, uTh, ref u);
                last = time[i];
                // Inputs at the same instant act together: threshold is checked after the last of them.
                if (u >= uTh && (i == m || time[i + 1] != last))
                {
                    if (stopAtSpike)
                    {
                        spikeAt = i;
                        break;
                    }
                    spikes.Add(last, n);
                    u = uReset;
                    refractoryUntil = last + tRef;
                }
            }
            if (++i > m) break;
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
            applied = true;
        }
        visit.U = u;
        visit.Last = last;
        visit.RefractoryUntil = refractoryUntil;
        return spikeAt;
    }

    /// <summary>
    /// Step 3 for two neurons at once (their chains of multiply-adds are independent, so the processor overlaps them):
    /// when neither is refractory at its first event, their events go through one loop while both stay below
    /// threshold and both have events left; each then goes on alone (<see cref="ApplyFrom"/>). The same arithmetic,
    /// event for event, as one at a time.
    /// </summary>
    private static void ApplyPair(ref DeltaVisit a, ref DeltaVisit b, SpikeList spikes)
    {
        int k = 0;
        if (FreeAtFirstEvent(in a) && FreeAtFirstEvent(in b))
        {
            double ua = a.U, ub = b.U;
            k = CommonStretchOfTwo(ref MemoryMarshal.GetArrayDataReference(a.Decay), ref MemoryMarshal.GetArrayDataReference(a.Weight), a.P.VTh - a.VInfinity, ref ua,
                                   ref MemoryMarshal.GetArrayDataReference(b.Decay), ref MemoryMarshal.GetArrayDataReference(b.Weight), b.P.VTh - b.VInfinity, ref ub,
                                   Math.Min(a.M, b.M));
            a.U = ua;
            b.U = ub;
        }
        ApplyFrom(ref a, k, applied: k > 0, spikes, stopAtSpike: false);
        ApplyFrom(ref b, k, applied: k > 0, spikes, stopAtSpike: false);
    }

    /// <summary>Whether the visit's first event takes the common stretch's arithmetic: there is one, and neither it nor the state's time falls in a refractory period.</summary>
    private static bool FreeAtFirstEvent(in DeltaVisit v) => v.M > 0 && v.Time[1] >= v.RefractoryUntil && v.Last >= v.RefractoryUntil;

    /// <summary>
    /// <see cref="CommonStretch"/> for two neurons from their first events, in one loop while both are below their
    /// thresholds and events remain (up to <paramref name="m"/>, both neurons having that many): returns the last
    /// event applied to both.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CommonStretchOfTwo(ref double decayA, ref double weightA, double uThA, ref double uA,
                                          ref double decayB, ref double weightB, double uThB, ref double uB, int m)
    {
        double xa = uA, xb = uB;
        nint k = 0;
        do
        {
            k++;
            xa = Math.FusedMultiplyAdd(xa, Unsafe.Add(ref decayA, k), Unsafe.Add(ref weightA, k));
            xb = Math.FusedMultiplyAdd(xb, Unsafe.Add(ref decayB, k), Unsafe.Add(ref weightB, k));
        }
        while (xa < uThA && xb < uThB && k < m);
        uA = xa;
        uB = xb;
        return (int)k;
    }

    /// <summary>
    /// Step 3 for a neuron with plastic inputs. Plastic inputs through one all-to-all projection: their rule goes
    /// first, for all of them (<see cref="ArriveAhead"/>; on the common gather already before the merge,
    /// <see cref="TryArriveBeforeMerge"/>), and the membrane takes the common loop until its first
    /// spike, if any; the spike potentiates the inputs, so the arrivals after it are undone (<see cref="Rewind"/>) and
    /// arrive again after the spike, and so on. Other plastic inputs go through <see cref="ApplyPlastic"/>.
    /// </summary>
    private void ApplyWithPlasticity(ref DeltaVisit visit, int population, PlasticityEngine plasticity, ArrivalTable table, SpikeList spikes, out int dropped)
    {
        dropped = 0;
        int n = visit.Neuron, m = visit.M;
        LifParameters p = visit.P;
        bool ahead = _arrivedAhead; // (then the target below is the one they arrived at)
        _arrivedAhead = false;
        if (!plasticity.TryAllToAllTarget(n, _batchProjection, out AllToAllTarget target))
        {
            double uTh = p.VTh - visit.VInfinity, uReset = p.VReset - visit.VInfinity;
            visit.U = ApplyPlastic(p, n, population, plasticity, table, m, visit.U, uTh, uReset, ref visit.Last, ref visit.RefractoryUntil, spikes, out dropped);
            return;
        }
        if (!ahead)
        {
            CollectPlastic(m);
            EnsureSaved(_batchPlasticCount);
            ArriveAhead(in target, visit.Time, visit.Weight, _batchRef, _batchEntry, table.Weight, table.Decay!, _batchPlastic, 0, _batchPlasticCount,
                        _batchSavedWeight, _batchSavedPre, _sameInstant);
        }
        int from = 0;
        while (true)
        {
            int spikeAt = ApplyFrom(ref visit, from, applied: false, spikes, stopAtSpike: true);
            if (spikeAt == 0) break;
            if (ahead)
            {
                // The events arrived before the merge: the merge's order of references, which what follows works in.
                ahead = false;
                MergeWithReferences(_aheadSynaptic, _aheadPoisson, _aheadPoissonWeight);
                CollectPlastic(m);
            }
            int nextPlastic = Rewind(n, spikeAt, visit.Time, _batchRef, _batchPlastic, _batchPlasticCount, _batchSavedWeight, _batchSavedPre, in target, _sameInstant);
            spikes.Add(visit.Last, n);
            plasticity.OnSpike(n, population, visit.Last, _sameInstant);
            visit.U = p.VReset - visit.VInfinity;
            visit.RefractoryUntil = visit.Last + p.TRef;
            plasticity.TryAllToAllTarget(n, _batchProjection, out target); // its trace changed
            from = spikeAt;
            ArriveAhead(in target, visit.Time, visit.Weight, _batchRef, _batchEntry, table.Weight, table.Decay!, _batchPlastic, nextPlastic, _batchPlasticCount,
                        _batchSavedWeight, _batchSavedPre, _sameInstant);
        }
    }

    /// <summary>
    /// The end of a visit on the batch path: the neuron's state stored, its next wake (below-threshold drive: no
    /// crossing without input, so the next input that is not a synaptic event), the event counts. Returns the
    /// synaptic events processed (<paramref name="dropped"/> of them, of removed synapses, not counted as delivered).
    /// </summary>
    private int FinishDelta(in DeltaVisit visit, int dropped)
    {
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int n = visit.Neuron, local = visit.Local, spikeIndex = visit.SpikeIndex, currentIndex = state.CurrentCursor[n];
        double wake = spikeIndex < inputs.SpikeStart[n + 1] ? inputs.SpikeTime[spikeIndex] : double.PositiveInfinity;
        wake = Math.Min(wake, state.EarliestPoisson(inputs.PoissonStart[n], inputs.PoissonStart[n + 1], out _));
        if (currentIndex < inputs.CurrentStart[n + 1]) wake = Math.Min(wake, inputs.CurrentTime[currentIndex]);
        state.Wake[n] = wake;
        state.SetBound(n, double.PositiveInfinity);
        double[][] model = visit.Model;
        model[LifState.V][local] = visit.VInfinity + visit.U;
        if (visit.M > 0 && visit.Last > state.Time[n]) state.Time[n] = visit.Last;
        model[LifState.RefractoryUntil][local] = visit.RefractoryUntil;
        state.SpikeCursor[n] = spikeIndex;
        RecurrentEvents += visit.Synaptic - dropped;
        InputEvents += visit.M - visit.Synaptic;
        return visit.Synaptic;
    }

    /// <summary>
    /// The delta path's common stretch, from event <paramref name="i"/> (applied) on: u relaxes by each event's decay
    /// factor and jumps by its weight (one fused multiply-add) while it stays below <paramref name="uTh"/> and events
    /// remain (up to <paramref name="m"/>); returns the last event applied. Its own method, on references, so that
    /// the loop is the chain of multiply-adds and little else (in its caller the compiler reloaded the arrays from
    /// the stack and checked bounds at every event, and the longer loop let the next neuron's work start later).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CommonStretch(ref double decay, ref double weight, int i, int m, double uTh, ref double u)
    {
        double x = u;
        nint k = i;
        do
        {
            k++;
            x = Math.FusedMultiplyAdd(x, Unsafe.Add(ref decay, k), Unsafe.Add(ref weight, k));
        }
        while (x < uTh && k < m);
        u = x;
        return (int)k;
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
            if (TryArriveBeforeMerge(n, na, table, synapticTime, synapticWeight))
            {
                MergeByTime(ref synapticTime[MergeFront], ref synapticWeight[MergeFront], ref poisson[MergeFront], poissonWeight,
                            ref _batchTime[0], ref _batchWeight[0], na, np);
                (_aheadSynaptic, _aheadPoisson, _aheadPoissonWeight) = (na, np, poissonWeight);
            }
            else MergeWithReferences(na, np, poissonWeight);
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
