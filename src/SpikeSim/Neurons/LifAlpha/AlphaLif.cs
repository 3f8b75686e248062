using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// The exact dynamics of <see cref="LifAlpha"/> (NEST iaf_psc_alpha_ps) for one neuron. Each alpha current is kept as
/// two state variables (NEST's dI and I): dI' = -dI/tau, I' = dI - I/tau, and a weight w adds e w / tau to dI. Over
/// u ms without input, dI(u) = dI e^(-u/tau), I(u) = (I + dI u) e^(-u/tau), and
/// <code>
///   V(u) = V_inf + h0 e^(-u/tau_m) + sum_x (q0_x + q1_x u) e^(-u/tau_x),   V_inf = E_L + (tau_m/C_m)(I_e + I_input)
///   q1_x = dI_x / (C_m k_x),  q0_x = (I_x/C_m - q1_x) / k_x,  k_x = 1/tau_m - 1/tau_x,  h0 = V(0) - V_inf - sum_x q0_x
/// </code>
/// and for tau_x = tau_m (k_x = 0) the resonant closed form (I_x u + dI_x u²/2) e^(-u/tau_m) / C_m. Time constants
/// within a relative 1e-5 of tau_m are treated as equal: there the two closed forms differ by less than the rounding
/// error of the general one, which divides by k_x² (NEST warns of the same near-singularity in its propagators).
/// <para>Threshold crossings between events are found exactly by <see cref="ExpPolynomialRoots"/>: V - V_th is an
/// exponential polynomial, whose sign changes are isolated by those of a chain of simpler ones (a generalised Rolle
/// argument, explained there), so a crossing that V would leave again before the next input is found too; the root
/// is found to 1e-12 ms. A cheap comparison bound comes first (<see cref="CrossingLowerBound"/>).</para>
/// <para>State arrays: <see cref="LifState"/>'s, then I_ex, dI_ex, I_in, dI_in (<see cref="CurrentsArray"/>).</para>
/// </summary>
internal struct AlphaLif : INeuronDynamics
{
    /// <summary>Relative difference of time constants below which they are treated as equal.</summary>
    public const double ResonanceTolerance = 1e-5;
    /// <summary>Index of the first of the four current arrays (I_ex, dI_ex, I_in, dI_in) in the population's state.</summary>
    public const int CurrentsArray = LifState.Count;
    /// <summary>How many arrays the model keeps beyond <see cref="LifState"/>'s.</summary>
    public const int ExtraArrays = 4;

    private readonly LifParameters _p;
    // Whether EventLanes may take the vector form: three distinct rates (-1/tau_ex, -1/tau_in, -1/tau_m) and no
    // resonance, so that FreeV's exponential polynomial always has the same terms in the same order.
    private readonly bool _distinctRates;
    // With tau_in > tau_ex: the time constant of e^(-u/tau_ex) / e^(-u/tau_in), 1 / (1/tau_ex - 1/tau_in) (DriveSupremum).
    private readonly double _tauNet;
    private double _v, _t, _refractoryUntil, _injected, _vInf;
    private double _dIEx, _iEx, _dIIn, _iIn;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public AlphaLif(LifParameters p)
    {
        _p = p;
        double rEx = -1 / p.TauEx, rIn = -1 / p.TauIn, rM = -1 / p.TauM;
        _distinctRates = !Resonant(p, p.TauEx) && !Resonant(p, p.TauIn) && rEx != rIn && rEx != rM && rIn != rM;
        _tauNet = p.TauIn > p.TauEx ? 1 / (1 / p.TauEx - 1 / p.TauIn) : double.NaN;
    }

    /// <summary>Whether a current's time constant is treated as tau_m (<see cref="ResonanceTolerance"/>).</summary>
    private static bool Resonant(LifParameters p, double tau) => Math.Abs(1 / p.TauM - 1 / tau) <= ResonanceTolerance / p.TauM;

    /// <summary>A neuron in a given state (currents in pA, their auxiliary states in pA/ms).</summary>
    public AlphaLif(LifParameters p, double v, double iEx, double dIEx, double iIn, double dIIn,
                    double t, double refractoryUntil, double injected) : this(p)
    {
        _v = v; _iEx = iEx; _dIEx = dIEx; _iIn = iIn; _dIIn = dIIn;
        _t = t; _refractoryUntil = refractoryUntil; _injected = injected;
        _vInf = p.VInfinity(injected);
    }

    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _t = time;
        _refractoryUntil = state[LifState.RefractoryUntil][i];
        _injected = state[LifState.Injected][i];
        _vInf = _p.VInfinity(_injected);
        _iEx = state[CurrentsArray][i];
        _dIEx = state[CurrentsArray + 1][i];
        _iIn = state[CurrentsArray + 2][i];
        _dIIn = state[CurrentsArray + 3][i];
    }

    public readonly void Store(double[][] state, int i)
    {
        state[LifState.V][i] = _v;
        state[LifState.RefractoryUntil][i] = _refractoryUntil;
        state[LifState.Injected][i] = _injected;
        state[CurrentsArray][i] = _iEx;
        state[CurrentsArray + 1][i] = _dIEx;
        state[CurrentsArray + 2][i] = _iIn;
        state[CurrentsArray + 3][i] = _dIIn;
    }

    public readonly double V => _v;
    public readonly double CurrentEx => _iEx;
    public readonly double CurrentExRate => _dIEx;
    public readonly double CurrentIn => _iIn;
    public readonly double CurrentInRate => _dIIn;
    public readonly double Time => _t;
    public readonly double RefractoryUntil => _refractoryUntil;
    public readonly double Injected => _injected;

    /// <summary>One alpha current's (I, dI) after u ms without input.</summary>
    private static (double I, double DI) Decay(double i, double dI, double tau, double u)
    {
        double e = Exponential.Of(-u / tau);
        return ((i + dI * u) * e, dI * e);
    }

    /// <summary>V(u) - offset over u ms of free evolution from (v, currents), as an exponential polynomial in u.</summary>
    private readonly ExpPolynomial FreeV(double v, double iEx, double dIEx, double iIn, double dIIn, double offset)
    {
        var f = new ExpPolynomial();
        double membraneRate = -1 / _p.TauM;
        double h0 = v - _vInf;
        h0 -= AddCurrent(ref f, iEx, dIEx, _p.TauEx);
        h0 -= AddCurrent(ref f, iIn, dIIn, _p.TauIn);
        f.Add(membraneRate, h0);
        f.Add(0, _vInf - offset);
        return f;
    }

    /// <summary>Adds the particular response of V to one alpha current; returns its value at u = 0.</summary>
    private readonly double AddCurrent(ref ExpPolynomial f, double i, double dI, double tau)
    {
        if (i == 0 && dI == 0) return 0;
        double k = 1 / _p.TauM - 1 / tau;
        bool resonant = Resonant(_p, tau);
        (double q0, double q1, double q2) = ForcedResponse.FirstOrder(resonant ? 0 : k, i / _p.Cm, dI / _p.Cm);
        f.Add(resonant ? -1 / _p.TauM : -1 / tau, q0, q1, q2);
        return q0;
    }

    /// <summary>Where free evolution starts (now, or the end of the refractory period) and the state there.</summary>
    private readonly (double S, double V, double IEx, double DIEx, double IIn, double DIIn) FreeStart()
    {
        double s = Math.Max(_t, _refractoryUntil);
        if (_t >= s) return (s, _v, _iEx, _dIEx, _iIn, _dIIn);
        (double iEx, double dIEx) = Decay(_iEx, _dIEx, _p.TauEx, s - _t);
        (double iIn, double dIIn) = Decay(_iIn, _dIIn, _p.TauIn, s - _t);
        return (s, _p.VReset, iEx, dIEx, iIn, dIIn);
    }

    public void AdvanceTo(double t)
    {
        if (t <= _t) return;
        if (_t < _refractoryUntil)
        {
            // Clamped: only the currents evolve.
            double end = Math.Min(t, _refractoryUntil);
            (_iEx, _dIEx) = Decay(_iEx, _dIEx, _p.TauEx, end - _t);
            (_iIn, _dIIn) = Decay(_iIn, _dIIn, _p.TauIn, end - _t);
            _v = _p.VReset;
            _t = end;
            if (t <= _refractoryUntil) return;
        }
        double u = t - _t;
        _v = FreeV(_v, _iEx, _dIEx, _iIn, _dIIn, 0).Value(u);
        (_iEx, _dIEx) = Decay(_iEx, _dIEx, _p.TauEx, u);
        (_iIn, _dIIn) = Decay(_iIn, _dIIn, _p.TauIn, u);
        _t = t;
    }

    public void Receive(double w)
    {
        if (w >= 0) _dIEx += Math.E / _p.TauEx * w;
        else _dIIn += Math.E / _p.TauIn * w;
    }

    static bool INeuronDynamics.HasEventLanes => true;

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes"/>: <see cref="AdvanceTo"/> (free), <see cref="Receive"/> and
    /// <see cref="CrossingLowerBound"/> (from the event) of eight neurons. With three distinct rates, lane by lane the
    /// scalar arithmetic: FreeV's exponential polynomial (its terms in their order, a term left out where the scalar
    /// code leaves it out), the currents' decay, the kick, the drive bound; otherwise (a current's time constant equal
    /// to another's or to tau_m, whose terms merge) the scalar calls lane by lane. Its exponentials come from
    /// <see cref="Exponential.Of(Vector512{double})"/> whatever <typeparamref name="TExp"/> is (on the fast path alone,
    /// cuba-alpha measured no faster: the values spill for want of registers), so it never sets <paramref name="outOfRange"/>.
    /// </summary>
    public readonly Vector512<double> EventLanes<TExp>(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                       Vector512<double> te, Vector512<double> w, out bool finite, out bool outOfRange)
        where TExp : IExponentialPath
    {
        outOfRange = false;
        if (!_distinctRates) return Lanes.ByScalarVisits(this, state, local, count, t, te, w, out finite);
        LifParameters p = _p;
        Vector512<double> zero = Vector512<double>.Zero;
        Vector512<double> v = Lanes.Load(state[LifState.V], local);
        Vector512<double> iEx = Lanes.Load(state[CurrentsArray], local), dIEx = Lanes.Load(state[CurrentsArray + 1], local);
        Vector512<double> iIn = Lanes.Load(state[CurrentsArray + 2], local), dIIn = Lanes.Load(state[CurrentsArray + 3], local);
        Vector512<double> vInf = p.VInfinity(Lanes.Load(state[LifState.Injected], local));
        // AdvanceTo: V from FreeV(...).Value(u), terms in the order ex, in, membrane, constant.
        Vector512<double> u = te - t;
        Vector512<double> h0 = v - vInf;
        (Vector512<double> pEx, Vector512<double> q0Ex, Vector512<double> presentEx, Vector512<double> quietEx) = CurrentTermLanes(iEx, dIEx, p.TauEx, u);
        h0 -= Vector512.ConditionalSelect(quietEx, zero, q0Ex);
        (Vector512<double> pIn, Vector512<double> q0In, Vector512<double> presentIn, Vector512<double> quietIn) = CurrentTermLanes(iIn, dIIn, p.TauIn, u);
        h0 -= Vector512.ConditionalSelect(quietIn, zero, q0In);
        Vector512<double> value = zero;
        value = Vector512.ConditionalSelect(presentEx, value + pEx * Exponential.Of(Vector512.Create(-1 / p.TauEx) * u), value);
        value = Vector512.ConditionalSelect(presentIn, value + pIn * Exponential.Of(Vector512.Create(-1 / p.TauIn) * u), value);
        Vector512<double> pM = TermLanes(zero + h0, zero, zero, u);
        value = Vector512.ConditionalSelect(Vector512.Equals(h0, zero), value, value + pM * Exponential.Of(Vector512.Create(-1 / p.TauM) * u));
        Vector512<double> constant = vInf - zero;
        value = Vector512.ConditionalSelect(Vector512.Equals(constant, zero), value, value + TermLanes(zero + constant, zero, zero, u) * Vector512<double>.One);
        // The currents' decay (Decay). A lane whose event comes at its own time (another came at that instant) keeps
        // its state, as AdvanceTo does.
        Vector512<double> eEx = Exponential.Of(-u / Vector512.Create(p.TauEx)), eIn = Exponential.Of(-u / Vector512.Create(p.TauIn));
        Vector512<double> moved = Vector512.GreaterThan(te, t);
        v = Vector512.ConditionalSelect(moved, value, v);
        iEx = Vector512.ConditionalSelect(moved, (iEx + dIEx * u) * eEx, iEx);
        dIEx = Vector512.ConditionalSelect(moved, dIEx * eEx, dIEx);
        iIn = Vector512.ConditionalSelect(moved, (iIn + dIIn * u) * eIn, iIn);
        dIIn = Vector512.ConditionalSelect(moved, dIIn * eIn, dIIn);
        // Receive
        Vector512<double> excitatory = Vector512.GreaterThanOrEqual(w, zero);
        dIEx = Vector512.ConditionalSelect(excitatory, dIEx + Vector512.Create(Math.E / p.TauEx) * w, dIEx);
        dIIn = Vector512.ConditionalSelect(excitatory, dIIn, dIIn + Vector512.Create(Math.E / p.TauIn) * w);
        Lanes.Store(state[LifState.V], local, count, v);
        Lanes.Store(state[CurrentsArray], local, count, iEx);
        Lanes.Store(state[CurrentsArray + 1], local, count, dIEx);
        Lanes.Store(state[CurrentsArray + 2], local, count, iIn);
        Lanes.Store(state[CurrentsArray + 3], local, count, dIIn);
        finite = Lanes.Finite(v, iEx + dIEx, iIn + dIIn);
        // CrossingLowerBound: DriveSupremum, then the relaxation bound.
        Vector512<double> r = Vector512.Create(p.R);
        Vector512<double> dMax = vInf + r * Vector512.Max(PeakLanes(iEx, dIEx, p.TauEx), zero);
        if (p.TauIn > p.TauEx) // (tau_in = tau_ex takes the scalar calls: the rates merge)
        {
            Vector512<double> opposite = Vector512.GreaterThanOrEqual(iEx, zero) & Vector512.GreaterThanOrEqual(dIEx, zero)
                                       & Vector512.LessThanOrEqual(iIn, zero) & Vector512.LessThanOrEqual(dIIn, zero);
            Vector512<double> net = PeakLanes(iEx, dIEx, _tauNet) + iIn;
            dMax = Vector512.ConditionalSelect(opposite, Vector512.Min(dMax, vInf + r * Vector512.Max(net, zero) + Vector512.Create(1e-9)), dMax);
        }
        return RelaxationBound.CrossingLanes(te, p.TauM, v, p.VTh, dMax);
    }

    /// <summary>
    /// One alpha current's term of FreeV in eight lanes (<see cref="AddCurrent(ref ExpPolynomial, double, double, double)"/>,
    /// not resonant): its polynomial's value at u, its q0, whether the term is in the polynomial (not all its
    /// coefficients zero) and whether the current is quiet (I = dI = 0: then the scalar code adds nothing at all).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly (Vector512<double> P, Vector512<double> Q0, Vector512<double> Present, Vector512<double> Quiet) CurrentTermLanes(
        Vector512<double> i, Vector512<double> dI, double tau, Vector512<double> u)
    {
        Vector512<double> zero = Vector512<double>.Zero, cm = Vector512.Create(_p.Cm), k = Vector512.Create(1 / _p.TauM - 1 / tau);
        Vector512<double> q1 = dI / cm / k;
        Vector512<double> q0 = (i / cm - q1) / k;
        Vector512<double> quiet = Vector512.Equals(i, zero) & Vector512.Equals(dI, zero);
        Vector512<double> present = ~(Vector512.Equals(q0, zero) & Vector512.Equals(q1, zero));
        return (TermLanes(zero + q0, zero + q1, zero + zero, u), q0, present, quiet);
    }

    /// <summary><see cref="Peak"/> of eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> PeakLanes(Vector512<double> i, Vector512<double> dI, double tau)
    {
        Vector512<double> zero = Vector512<double>.Zero, t = Vector512.Create(tau);
        Vector512<double> at = t - i / dI;
        Vector512<double> rising = Vector512.GreaterThan(dI, zero) & Vector512.GreaterThan(at, zero);
        at = Vector512.ConditionalSelect(rising, at, zero); // (the other lanes keep i; no exponential of garbage)
        return Vector512.ConditionalSelect(rising, (i + dI * at) * Exponential.Of(-at / t), i);
    }

    /// <summary><see cref="ExpPolynomial"/>'s polynomial factor ((c3 u + c2) u + c1) u + c0 with c3 = 0, in eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TermLanes(Vector512<double> c0, Vector512<double> c1, Vector512<double> c2, Vector512<double> u) =>
        ((Vector512<double>.Zero * u + c2) * u + c1) * u + c0;

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

    public readonly double SampleAt(double t) => SampleVariable(0, t);

    /// <summary>State variable <paramref name="index"/> (v, i_syn_ex, i_syn_in, w = 0: <see cref="SpikingModel.StateVariables"/> of <see cref="LifAlpha"/>) at time t ≥ <see cref="Time"/>, without changing the state.</summary>
    public readonly double SampleVariable(int index, double t)
    {
        AlphaLif copy = this;
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
    /// Comparison bound: the potential V is drawn to, D(u) = V_inf + (tau_m/C_m)(I_ex(u) + I_in(u)), never exceeds
    /// D_max (<see cref="DriveSupremum"/>), so tau_m dV/du ≤ D_max - V and V(u) ≤ D_max + (V(s) - D_max) e^(-u/tau_m):
    /// no crossing before s + tau_m ln((D_max - V(s)) / (D_max - V_th)), taken without a logarithm by
    /// <see cref="RelaxationBound"/>.
    /// </summary>
    public readonly double CrossingLowerBound()
    {
        (double s, double v, double iEx, double dIEx, double iIn, double dIIn) = FreeStart();
        if (v >= _p.VTh) return s;
        double dMax = DriveSupremum(iEx, dIEx, iIn, dIIn);
        if (dMax <= _p.VTh) return double.PositiveInfinity;
        return s + RelaxationBound.TimeBelow(_p.TauM, v, _p.VTh, dMax);
    }

    /// <summary>V_inf + R (largest future excitatory current) (I_in ≤ 0).</summary>
    private readonly double DriveBound(double iEx, double dIEx) => _vInf + _p.R * Math.Max(Peak(iEx, dIEx, _p.TauEx), 0);

    /// <summary>
    /// A bound on D over all the free evolution, for the comparison bound: <see cref="DriveBound"/>, or, where it is
    /// lower, one that counts inhibition (with a 1e-9 mV margin for rounding). With tau_in = tau_ex the two currents
    /// are one alpha function, (I_ex + I_in + (dI_ex + dI_in) u) e^(-u/tau), whose peak is D's. With tau_in &gt; tau_ex,
    /// excitation (I, dI ≥ 0) and inhibition (I, dI ≤ 0): I_ex(u) + I_in(u) = e^(-u/tau_in) ((I_ex + dI_ex u)
    /// e^(-u/tau_net) + I_in + dI_in u) with 1/tau_net = 1/tau_ex - 1/tau_in, at most max(g + I_in, 0), g the peak of
    /// the first term in brackets: inhibition that decays no faster cancels excitation for good.
    /// </summary>
    private readonly double DriveSupremum(double iEx, double dIEx, double iIn, double dIIn)
    {
        double dMax = DriveBound(iEx, dIEx);
        double net;
        if (_p.TauIn == _p.TauEx) net = Peak(iEx + iIn, dIEx + dIIn, _p.TauEx);
        else if (_p.TauIn > _p.TauEx && iEx >= 0 && dIEx >= 0 && iIn <= 0 && dIIn <= 0) net = Peak(iEx, dIEx, _tauNet) + iIn;
        else return dMax;
        return Math.Min(dMax, _vInf + _p.R * Math.Max(net, 0) + 1e-9);
    }

    /// <summary>The largest value of (i + dI u) e^(-u/tau) over u ≥ 0 when dI ≥ 0: at u = tau - i/dI, or now.</summary>
    private static double Peak(double i, double dI, double tau)
    {
        double peak = i;
        if (dI > 0)
        {
            double at = tau - i / dI;
            if (at > 0) peak = Decay(i, dI, tau, at).I;
        }
        return peak;
    }

    /// <summary>The exact first crossing, searched without limit whatever <paramref name="until"/> is: always <paramref name="exact"/>.</summary>
    public readonly double NextCrossing(double until, out bool exact)
    {
        exact = true;
        (double s, double v, double iEx, double dIEx, double iIn, double dIIn) = FreeStart();
        if (v >= _p.VTh) return s;
        if (DriveBound(iEx, dIEx) < _p.VTh) return double.PositiveInfinity;
        ExpPolynomial f = FreeV(v, iEx, dIEx, iIn, dIIn, _p.VTh);
        return ExpPolynomialRoots.FirstReachFrom(f, s, double.PositiveInfinity);
    }
}
