using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace SpikeSim.Neurons;

/// <summary>
/// LIF neuron with exponentially decaying post-synaptic currents (NEST iaf_psc_exp_ps), integrated exactly.
/// <code>
///   I_ex(s+u) = I_ex(s) e^(-u/tau_ex),   I_in(s+u) = I_in(s) e^(-u/tau_in)
///   V(s+u) = V_inf + (V(s) - V_inf) e^(-u/tau_m) + sum_x I_x(s) P_x(u)
///   P_x(u) = tau_m tau_x / (C_m (tau_x - tau_m)) (e^(-u/tau_x) - e^(-u/tau_m))    (u e^(-u/tau_m)/C_m if tau_x = tau_m)
/// </code>
/// A weight w (pA) adds to I_ex (w &gt; 0) or I_in (w &lt; 0); currents keep integrating while refractory.
/// <para>Threshold crossings between events are found exactly. Write D(u) = V_inf + (tau_m/C_m)(I_ex(u) + I_in(u))
/// for the potential V is drawn to, so that tau_m dV/du = D - V. V can only reach V_th where D ≥ V_th, and where
/// D ≥ V_th a V below V_th rises strictly; once above, it cannot fall back below V_th there. D is a constant
/// plus two exponentials: it has at most one extremum, in closed form. So on each of its (at most two) monotone
/// pieces, the stretch where D ≥ V_th is one interval, ending where a falling D drops below V_th (found by
/// safeguarded Newton iteration); V crosses on the piece iff V(end of that stretch) ≥ V_th, and the crossing is
/// the only sign change of V - V_th there, found by safeguarded Newton iteration to 1e-12 ms, started where V
/// relaxing towards D's supremum would cross: no crossing comes before that point, and it is near the crossing when
/// D changes little until then.
/// This finds every crossing, also when V rises and falls back between two inputs.</para>
/// <para>The model, its parameters and its documentation: <see cref="LifExp"/>.</para>
/// </summary>
internal struct ExpLif : INeuronDynamics
{
    /// <summary>Index of the excitatory synaptic current's array in the population's state, pA.</summary>
    public const int CurrentExArray = LifState.Count;
    /// <summary>Index of the inhibitory synaptic current's array in the population's state, pA.</summary>
    public const int CurrentInArray = LifState.Count + 1;

    private const double RootTolerance = 1e-12;
    private readonly LifParameters _p;
    /// <summary>The factors of P_ex and P_in (<see cref="Kernel"/>), computed once per population.</summary>
    private readonly double _kernelEx, _kernelIn;
    private double _v, _iEx, _iIn, _t, _refractoryUntil, _injected, _vInf;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public ExpLif(LifParameters p)
    {
        _p = p;
        _kernelEx = KernelFactor(p, p.TauEx);
        _kernelIn = KernelFactor(p, p.TauIn);
    }

    public readonly double Time => _t;

    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _iEx = state[CurrentExArray][i];
        _iIn = state[CurrentInArray][i];
        _t = time;
        _refractoryUntil = state[LifState.RefractoryUntil][i];
        _injected = state[LifState.Injected][i];
        _vInf = _p.VInfinity(_injected);
    }

    public readonly void Store(double[][] state, int i)
    {
        state[LifState.V][i] = _v;
        state[CurrentExArray][i] = _iEx;
        state[CurrentInArray][i] = _iIn;
        state[LifState.RefractoryUntil][i] = _refractoryUntil;
        state[LifState.Injected][i] = _injected;
    }

    /// <summary>tau_m tau / (C_m (tau - tau_m)): the factor of P_x for a current with decay tau (unused when tau = tau_m).</summary>
    private static double KernelFactor(LifParameters p, double tau) => p.TauM * tau / (p.Cm * (p.TauM == tau ? 1 : tau - p.TauM));

    /// <summary>The post-synaptic potential kernel P_x(u) of a unit current with decay tau and factor k, given e^(-u/tau) and e^(-u/tau_m).</summary>
    private readonly double Kernel(double tau, double k, double u, double eTau, double eM) =>
        tau == _p.TauM ? u / _p.Cm * eM : k * (eTau - eM);

    /// <summary>V after u ms of free evolution from (v, iEx, iIn).</summary>
    private readonly double FreeV(double v, double iEx, double iIn, double u)
    {
        double eM = Exponential.Of(-u / _p.TauM);
        double eE = Exponential.Of(-u / _p.TauEx);
        double eI = Exponential.Of(-u / _p.TauIn);
        return FreeV(v, iEx, iIn, u, eM, eE, eI);
    }

    /// <summary>V after u ms of free evolution from (v, iEx, iIn), given e^(-u/tau_m), e^(-u/tau_ex) and e^(-u/tau_in).</summary>
    private readonly double FreeV(double v, double iEx, double iIn, double u, double eM, double eE, double eI) =>
        _vInf + (v - _vInf) * eM + iEx * Kernel(_p.TauEx, _kernelEx, u, eE, eM) + iIn * Kernel(_p.TauIn, _kernelIn, u, eI, eM);

    /// <summary>D(u) = V_inf + R (I_ex(u) + I_in(u)): the potential V relaxes towards.</summary>
    private readonly double Drive(double iEx, double iIn, double u) => Drive(iEx, iIn, Exponential.Of(-u / _p.TauEx), Exponential.Of(-u / _p.TauIn));

    /// <summary>D given e^(-u/tau_ex) and e^(-u/tau_in).</summary>
    private readonly double Drive(double iEx, double iIn, double eE, double eI) => _vInf + _p.R * (iEx * eE + iIn * eI);

    public void AdvanceTo(double t)
    {
        if (t <= _t) return;
        if (_t < _refractoryUntil)
        {
            // Clamped: only the currents evolve.
            double end = Math.Min(t, _refractoryUntil);
            _iEx *= Exponential.Of((_t - end) / _p.TauEx);
            _iIn *= Exponential.Of((_t - end) / _p.TauIn);
            _v = _p.VReset;
            _t = end;
            if (t <= _refractoryUntil) return;
        }
        double u = t - _t;
        double eM = Exponential.Of(-u / _p.TauM), eE = Exponential.Of(-u / _p.TauEx), eI = Exponential.Of(-u / _p.TauIn);
        _v = FreeV(_v, _iEx, _iIn, u, eM, eE, eI);
        _iEx *= eE;
        _iIn *= eI;
        _t = t;
    }

    public void Receive(double w)
    {
        if (w >= 0) _iEx += w; else _iIn += w;
    }

    public void AddCurrent(double dI)
    {
        _injected += dI;
        _vInf = _p.VInfinity(_injected);
    }

    public void Spike()
    {
        _v = _p.VReset;
        _refractoryUntil = _t + _p.TRef;
    }

    public readonly double SampleAt(double t)
    {
        ExpLif copy = this;
        copy.AdvanceTo(t);
        return copy._v;
    }

    /// <summary>Variables 0, 1, 2, 3: V, I_syn_ex, I_syn_in, w (always 0 here) (<see cref="SpikingModel.StateVariables"/> of <see cref="LifExp"/>).</summary>
    public readonly double SampleVariable(int index, double t)
    {
        ExpLif copy = this;
        copy.AdvanceTo(t);
        return index switch
        {
            0 => copy._v,
            1 => copy._iEx,
            2 => copy._iIn,
            3 => 0.0, // w: no adaptation current without adaptation
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
    }

    /// <summary>
    /// Comparison bound: D(u) ≤ D_max (<see cref="DriveSupremum"/>), so tau_m dV/du ≤ D_max - V and
    /// V(u) ≤ D_max + (V(s) - D_max) e^(-u/tau_m): no crossing before s + tau_m ln((D_max - V(s))/(D_max - V_th)),
    /// taken without a logarithm by <see cref="RelaxationBound"/>.
    /// </summary>
    public readonly double CrossingLowerBound()
    {
        (double s, double v, double iEx, double iIn) = FreeStart();
        if (v >= _p.VTh) return s;
        double dMax = DriveSupremum(iEx, iIn);
        if (dMax <= _p.VTh) return double.PositiveInfinity;
        return s + RelaxationBound.TimeBelow(_p.TauM, v, _p.VTh, dMax);
    }

    static bool INeuronDynamics.HasEventLanes => true;

    static bool INeuronDynamics.EventLanesWhileRefractory => true;

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes"/>: <see cref="AdvanceTo"/>, <see cref="Receive"/> and
    /// <see cref="CrossingLowerBound"/> of eight neurons, free or refractory, lane by lane the scalar arithmetic with the
    /// propagators from <see cref="Exponential"/> (as everywhere in this model). Refractory lanes take the scalar code's
    /// extra stages only when one of the eight needs them: the currents' decay to the end of the period (or to the
    /// event, V held at V_reset) before the free evolution, and, for a lane still refractory after its event, the
    /// decay to the period's end from which its bound starts. A factor of the stages a lane skips is e^0 = 1 exactly,
    /// so it changes nothing.
    /// A method of its own (not inlined into the engine's, which has calls), with no call in it on
    /// <see cref="Exponential.FastOnly"/>, so that its values stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly Vector512<double> EventLanes<TExp>(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                       Vector512<double> te, Vector512<double> w, out bool finite, out bool outOfRange)
        where TExp : IExponentialPath
    {
        outOfRange = false;
        LifParameters p = _p;
        Vector512<double> v = Lanes.Load(state[LifState.V], local);
        Vector512<double> iEx = Lanes.Load(state[CurrentExArray], local), iIn = Lanes.Load(state[CurrentInArray], local);
        Vector512<double> vInf = p.VInfinity(Lanes.Load(state[LifState.Injected], local));
        Vector512<double> refractoryUntil = Lanes.Load(state[LifState.RefractoryUntil], local);
        Vector512<double> tauEx = Vector512.Create(p.TauEx), tauIn = Vector512.Create(p.TauIn), vReset = Vector512.Create(p.VReset);
        // AdvanceTo. Clamped while refractory at t: only the currents evolve, to the period's end or the event (and
        // nothing at all for an event at the neuron's own time).
        Vector512<double> start = t;
        Vector512<double> refractoryAtT = Vector512.LessThan(t, refractoryUntil);
        if (refractoryAtT != Vector512<double>.Zero)
        {
            start = Vector512.ConditionalSelect(refractoryAtT, Vector512.Min(te, refractoryUntil), t);
            Vector512<double> clamp = t - start;
            iEx *= TExp.Of(clamp / tauEx, ref outOfRange);
            iIn *= TExp.Of(clamp / tauIn, ref outOfRange);
            v = Vector512.ConditionalSelect(refractoryAtT & Vector512.GreaterThan(te, t), vReset, v);
        }
        // FreeV from the start (u = 0 for a lane held up to its event, or whose event comes at its own time: it keeps its
        // V, its currents × 1).
        Vector512<double> u = te - start, minusU = -u;
        Vector512<double> eM = TExp.Of(minusU / Vector512.Create(p.TauM), ref outOfRange);
        Vector512<double> eE = TExp.Of(minusU / tauEx, ref outOfRange);
        Vector512<double> eI = TExp.Of(minusU / tauIn, ref outOfRange);
        Vector512<double> free = vInf + (v - vInf) * eM + iEx * KernelLanes(p.TauEx, _kernelEx, u, eE, eM) + iIn * KernelLanes(p.TauIn, _kernelIn, u, eI, eM);
        v = Vector512.ConditionalSelect(Vector512.GreaterThan(te, start), free, v);
        iEx *= eE;
        iIn *= eI;
        // Receive
        Vector512<double> excitatory = Vector512.GreaterThanOrEqual(w, Vector512<double>.Zero);
        iEx = Vector512.ConditionalSelect(excitatory, iEx + w, iEx);
        iIn = Vector512.ConditionalSelect(excitatory, iIn, iIn + w);
        // CrossingLowerBound's FreeStart: a lane refractory after its event starts at the period's end, from V_reset
        // and its currents decayed until then.
        (Vector512<double> s, Vector512<double> vFree, Vector512<double> exFree, Vector512<double> inFree) = (te, v, iEx, iIn);
        Vector512<double> refractoryAfter = Vector512.LessThan(te, refractoryUntil);
        if (refractoryAfter != Vector512<double>.Zero)
        {
            s = Vector512.Max(te, refractoryUntil);
            Vector512<double> wait = te - s;
            exFree *= TExp.Of(wait / tauEx, ref outOfRange);
            inFree *= TExp.Of(wait / tauIn, ref outOfRange);
            vFree = Vector512.ConditionalSelect(refractoryAfter, vReset, v);
        }
        if (outOfRange)
        {
            finite = true;
            return default;
        }
        Lanes.Store(state[LifState.V], local, count, v);
        Lanes.Store(state[CurrentExArray], local, count, iEx);
        Lanes.Store(state[CurrentInArray], local, count, iIn);
        finite = Lanes.Finite(v, iEx, iIn);
        // DriveSupremum, then the relaxation bound
        Vector512<double> zero = Vector512<double>.Zero, r = Vector512.Create(p.R);
        Vector512<double> dMax = vInf + r * (Vector512.Max(exFree, zero) + Vector512.Max(inFree, zero));
        if (p.TauIn >= p.TauEx)
        {
            Vector512<double> netBound = Vector512.Min(dMax, vInf + r * Vector512.Max(exFree + inFree, zero) + Vector512.Create(1e-9));
            Vector512<double> notOpposite = Vector512.LessThan(exFree, zero) | Vector512.GreaterThanOrEqual(inFree, zero);
            dMax = Vector512.ConditionalSelect(notOpposite, dMax, netBound);
        }
        return RelaxationBound.CrossingLanes(s, p.TauM, vFree, p.VTh, dMax);
    }

    /// <summary><see cref="Kernel"/> of eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly Vector512<double> KernelLanes(double tau, double k, Vector512<double> u, Vector512<double> eTau, Vector512<double> eM) =>
        tau == _p.TauM ? u / Vector512.Create(_p.Cm) * eM : Vector512.Create(k) * (eTau - eM);

    /// <summary>
    /// A bound on D over all the free evolution, for the comparison bound: the positive parts of the currents
    /// (<see cref="DriveBound"/>), or, with excitation and inhibition (I_ex ≥ 0 ≥ I_in) where inhibition decays no
    /// faster (tau_in ≥ tau_ex), V_inf + R max(I_ex + I_in, 0): I_ex e^(-u/tau_ex) + I_in e^(-u/tau_in) =
    /// e^(-u/tau_in) (I_ex e^(-u (1/tau_ex - 1/tau_in)) + I_in), whose bracket falls from I_ex + I_in. Under net
    /// inhibition this is V_inf rather than V_inf + R I_ex, so a neuron that inhibition holds down is not searched, nor
    /// woken, until its inputs change. 1e-9 mV covers the rounding of D as <see cref="NextCrossing"/> computes it.
    /// </summary>
    private readonly double DriveSupremum(double iEx, double iIn)
    {
        double dMax = DriveBound(iEx, iIn);
        if (iEx < 0 || iIn >= 0 || _p.TauIn < _p.TauEx) return dMax;
        return Math.Min(dMax, _vInf + _p.R * Math.Max(iEx + iIn, 0) + 1e-9);
    }

    /// <summary>Where free evolution starts (now, or the end of the refractory period) and the state there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly (double S, double V, double IEx, double IIn) FreeStart()
    {
        double s = Math.Max(_t, _refractoryUntil);
        if (_t >= s) return (s, _v, _iEx, _iIn);
        return (s, _p.VReset, _iEx * Exponential.Of((_t - s) / _p.TauEx), _iIn * Exponential.Of((_t - s) / _p.TauIn));
    }

    /// <summary>D never exceeds V_inf + R (positive parts of the currents): the currents only decay.</summary>
    private readonly double DriveBound(double iEx, double iIn) => _vInf + _p.R * (Math.Max(iEx, 0) + Math.Max(iIn, 0));

    /// <summary>The exact first crossing, searched without limit whatever <paramref name="until"/> is: always <paramref name="exact"/>.</summary>
    public readonly double NextCrossing(double until, out bool exact)
    {
        exact = true;
        (double s, double v, double iEx, double iIn) = FreeStart();
        if (v >= _p.VTh) return s;
        if (DriveBound(iEx, iIn) < _p.VTh) return double.PositiveInfinity;

        double h = double.PositiveInfinity; // D(h) is V_inf
        Span<double> edges = [0, h, h];
        int nEdges = 2;
        double extremum = DriveExtremum(iEx, iIn);
        if (extremum > 0 && extremum < h) { edges[1] = extremum; nEdges = 3; }
        // Walk the monotone pieces of D in time order; on each, the part where D >= V_th is one interval.
        for (int piece = 0; piece + 1 < nEdges; piece++)
        {
            double a = edges[piece], b = edges[piece + 1];
            double da = Drive(iEx, iIn, a) - _p.VTh, db = Drive(iEx, iIn, b) - _p.VTh;
            if (da < 0 && db < 0) continue;
            // Rising D: no need to find where it reaches V_th. Before that V (below V_th) cannot cross, so the
            // first crossing on the whole piece is still the only sign change of V - V_th. Falling D: V may rise
            // above V_th and fall back after D drops below it, so the search must end exactly where D does.
            if (db < 0)
            {
                // An unbounded piece: beyond 50 synaptic time constants D is V_inf to within e^-50.
                if (double.IsPositiveInfinity(b)) b = a + 50 * Math.Max(_p.TauEx, _p.TauIn);
                b = DriveFallsBelowThreshold(iEx, iIn, a, b);
            }
            double vb;
            if (double.IsPositiveInfinity(b))
            {
                // D stays at or above V_th for ever, so V rises towards V_inf >= V_th: find a finite end past the
                // crossing by doubling (none when V_inf = V_th exactly: V only approaches it).
                b = a + _p.TauM;
                vb = FreeV(v, iEx, iIn, b);
                for (int i = 0; i < 64 && vb < _p.VTh; i++)
                {
                    b = a + 2 * (b - a);
                    vb = FreeV(v, iEx, iIn, b);
                }
            }
            else vb = FreeV(v, iEx, iIn, b);
            // V crosses on the piece: Newton's search starts where V's relaxation towards D's supremum would cross,
            // on the rising side of the root, near it when D changes little before the crossing.
            if (vb >= _p.VTh)
                return s + CrossingRoot(v, iEx, iIn, a, b, Math.Min(Math.Max(a, RelaxationTime(v, iEx, iIn)), b));
        }
        return double.PositiveInfinity;
    }

    /// <summary>
    /// How long V, starting at <paramref name="v"/> (mV) below V_th, stays below it at least (ms): the relaxation towards
    /// D's supremum (<see cref="CrossingLowerBound"/>) in closed form; 0 where that supremum does not exceed V_th.
    /// </summary>
    private readonly double RelaxationTime(double v, double iEx, double iIn)
    {
        double dMax = DriveSupremum(iEx, iIn);
        return dMax > _p.VTh ? RelaxationBound.Time(_p.TauM, v, _p.VTh, dMax) : 0;
    }

    /// <summary>Where D'(u) = 0, or NaN: only with currents of opposite signs and distinct time constants.</summary>
    private readonly double DriveExtremum(double iEx, double iIn)
    {
        if (iEx == 0 || iIn == 0 || (iEx > 0) == (iIn > 0) || _p.TauEx == _p.TauIn) return double.NaN;
        // iEx/tauEx e^(-u/tauEx) = -iIn/tauIn e^(-u/tauIn)
        return Math.Log(-iIn * _p.TauEx / (iEx * _p.TauIn)) / (1.0 / _p.TauIn - 1.0 / _p.TauEx);
    }

    /// <summary>
    /// Where a falling D reaches V_th on [a, b] (D(a) ≥ V_th &gt; D(b)), returned on the side where D ≥ V_th:
    /// Newton's method with D' in closed form, kept inside a shrinking bracket, to 1e-12 ms.
    /// </summary>
    private readonly double DriveFallsBelowThreshold(double iEx, double iIn, double a, double b)
    {
        double x = a;
        for (int i = 0; i < 200 && b - a > RootTolerance; i++)
        {
            double eE = Exponential.Of(-x / _p.TauEx), eI = Exponential.Of(-x / _p.TauIn);
            double f = _vInf + _p.R * (iEx * eE + iIn * eI) - _p.VTh;
            if (f >= 0) a = x; else b = x;
            double slope = -_p.R * (iEx * eE / _p.TauEx + iIn * eI / _p.TauIn);
            double next = slope < 0 ? x - f / slope : double.NaN;
            if (!(next > a && next < b)) next = 0.5 * (a + b);
            if (Math.Abs(next - x) <= RootTolerance) return f >= 0 ? x : a;
            x = next;
        }
        return a;
    }

    /// <summary>
    /// Root of V(u) = V_th on [a, b] with V(a) &lt; V_th ≤ V(b) and V rising up to the root: Newton's method
    /// (tau_m dV/du = D - V) from <paramref name="start"/> in [a, b], kept inside a shrinking bracket, falling back to
    /// bisection, to 1e-12 ms (any start gives the root to that tolerance; a start near it, fewer steps). Its loop takes
    /// its exponentials on the fast path alone (<see cref="Exponential.FastOnly"/>, so that its values stay in
    /// registers), and runs again on <see cref="Exponential.AnyRange"/> where an argument is out of that path's range.
    /// </summary>
    private readonly double CrossingRoot(double v0, double iEx, double iIn, double a, double b, double start)
    {
        double root = CrossingRoot<Exponential.FastOnly>(v0, iEx, iIn, a, b, start);
        return double.IsNaN(root) ? CrossingRootAnyRange(v0, iEx, iIn, a, b, start) : root;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly double CrossingRootAnyRange(double v0, double iEx, double iIn, double a, double b, double start) =>
        CrossingRoot<Exponential.AnyRange>(v0, iEx, iIn, a, b, start);

    /// <summary><see cref="CrossingRoot(double, double, double, double, double, double)"/> with the exponentials of <typeparamref name="TExp"/>; NaN where one was out of its range.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly double CrossingRoot<TExp>(double v0, double iEx, double iIn, double a, double b, double start) where TExp : IExponentialPath
    {
        bool outOfRange = false;
        double x = start;
        for (int i = 0; i < 200; i++)
        {
            double eM = TExp.Of(-x / _p.TauM, ref outOfRange), eE = TExp.Of(-x / _p.TauEx, ref outOfRange), eI = TExp.Of(-x / _p.TauIn, ref outOfRange);
            if (outOfRange) return double.NaN;
            double v = FreeV(v0, iEx, iIn, x, eM, eE, eI);
            double f = v - _p.VTh;
            if (f >= 0) b = x; else a = x;
            if (f == 0 || b - a <= RootTolerance) return b;
            double slope = (Drive(iEx, iIn, eE, eI) - v) / _p.TauM;
            double next = slope > 0 ? x - f / slope : double.NaN;
            if (!(next > a && next < b)) next = 0.5 * (a + b);
            if (Math.Abs(next - x) <= RootTolerance) return next;
            x = next;
        }
        return b;
    }
}
