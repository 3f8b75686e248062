using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// The dynamics of <see cref="LifCondExp"/> (NEST <c>iaf_cond_exp</c> with exact spike times, optionally with
/// adaptation), for one neuron at a time; the model, its parameters and its documentation are there.
/// <code>
///   C_m dV/dt = -g_L (V - E_L) - g_ex(t) (V - E_ex) - g_in(t) (V - E_in) + I - w,   g_x(t) = g_x(s) e^(-(t-s)/tau_x)
///   tau_w dw/dt = a (V - E_L) - w
/// </code>
/// <para><b>Integration and its tolerance.</b> V has no elementary closed form. Between inputs the conductances are
/// exact exponentials, and V (with w) is integrated by Taylor series steps (<see cref="CondExpSeries"/>) carried
/// to double precision: the truncation error of a step is of order 1e-13 mV, so V stays within 1e-10 mV of the
/// exact solution over thousands of steps; the stated tolerance, checked by the tests against an independent
/// fine-step integration, is 1e-7 mV for V and 1e-7 ms for spike times (met with orders of magnitude to spare).
/// Each step's polynomial is a dense solution on the whole step, and crossings are searched on it.</para>
/// <para><b>Where a crossing can be.</b> Write F(t) = g_L (E_L - V_th) + g_ex(t) (E_ex - V_th) + g_in(t) (E_in - V_th)
/// + I - w(t): at a time where V = V_th, C_m dV/dt = F, so V can only reach V_th from below where F ≥ 0 (F ≥ 0 is
/// the drive D = (g_L E_L + g_ex E_ex + g_in E_in + I - w)/(g_L + g_ex + g_in) ≥ V_th), and where F ≥ 0 a V that
/// has reached V_th cannot fall back. With a = 0, w decays exponentially too, so F is a constant c_0 plus three
/// exponentials, and on each step its shape decides (<see cref="Shape"/>): where F stays negative there is no
/// crossing; where F rises, or falls but stays ≥ 0, V - V_th changes sign at most once, so V crosses iff V at the
/// step's end is ≥ V_th, and the crossing is found by Newton's method in a shrinking bracket on the step's
/// polynomial. Any other step (F falls below 0 inside it, or with a ≠ 0, where F involves w(V)) is searched by
/// Bernstein subdivision (<see cref="FirstRoot"/>), which finds the first crossing also when V rises above V_th and
/// falls back within the step. Crossings are found to 1e-15 of a step (below 1e-14 ms). The search has no end when
/// the input stops: with c_0 &lt; 0 (steady drive below threshold) it ends where the positive exponentials can no
/// longer make F ≥ 0 (closed form); with c_0 &gt; 0 V will cross and the walk continues until it does. With a ≠ 0 it
/// ends once the conductances are below 1e-12 g_L and the closed-form envelope of the remaining constant-coefficient
/// (V, w) system stays below V_th by more than 1e-9 mV.</para>
/// <para><b>Cheap bound</b> (a = 0), the larger of two: F stays negative for a time found in closed form from its
/// terms (<see cref="DriveNegativeFor"/>); and D is a weighted mean of E_L + (I - w)/g_L, E_ex and E_in with weights
/// g_L, g_ex(t), g_in(t), so as the conductances only decay D never exceeds its largest value D_max over the corners
/// g_ex ∈ {0, g_ex(s)}, g_in ∈ {0, g_in(s)}, and with G(s) = g_L + g_ex(s) + g_in(s), V(t) ≤ D_max - (D_max - V(s))
/// e^(-G(s)(t - s)/C_m): no crossing before s + C_m/G(s) ln((D_max - V(s))/(D_max - V_th)). Both logarithms are
/// bounded from below without computing them (<see cref="RelaxationBound"/>). With a ≠ 0 there is no such bound and
/// the exact search runs after every input.</para>
/// <para>References: Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
/// strategies. J Comput Neurosci 23:349 (benchmark 1); Vogels TP, Abbott LF (2005) Signal propagation and logic
/// gating in networks of integrate-and-fire neurons. J Neurosci 25:10786; NEST iaf_cond_exp (Meffin et al. 2004);
/// Brette R, Gerstner W (2005) J Neurophysiol 94:3637 (adaptation current w).</para>
/// </summary>
internal struct CondExpLif : INeuronDynamics
{
    /// <summary>Index of the excitatory conductance's array in the population's state, nS.</summary>
    public const int ConductanceExArray = LifState.Count;
    /// <summary>Index of the inhibitory conductance's array in the population's state, nS.</summary>
    public const int ConductanceInArray = LifState.Count + 1;
    /// <summary>Index of the adaptation current's array in the population's state, pA.</summary>
    public const int AdaptationArray = LifState.Count + 2;
    /// <summary>How many arrays the model adds to <see cref="LifState"/>'s.</summary>
    public const int ExtraArrays = 3;

    /// <summary>Most steps one crossing search walks (only reached when the drive sits exactly at threshold).</summary>
    private const int MaxSearchSteps = 100_000;
    /// <summary>With a ≠ 0: conductances below this fraction of g_L count as gone for the search's end.</summary>
    private const double NegligibleConductance = 1e-12;
    /// <summary>With a ≠ 0: how far below V_th (mV) the envelope must stay for the search to end.</summary>
    private const double EnvelopeMargin = 1e-9;

    private readonly CondExpParameters _p;
    private double _v, _w, _gEx, _gIn, _t, _refractoryUntil, _injected;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public CondExpLif(CondExpParameters p)
    {
        _p = p;
        _refractoryUntil = double.NegativeInfinity;
    }

    /// <summary>One neuron's state at time t (ms): V (mV), w (pA), conductances (nS), refractory end (ms), injected current (pA).</summary>
    public CondExpLif(CondExpParameters p, double v, double w, double gEx, double gIn, double t, double refractoryUntil, double injected)
    {
        _p = p; _v = v; _w = w; _gEx = gEx; _gIn = gIn; _t = t; _refractoryUntil = refractoryUntil; _injected = injected;
    }

    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _gEx = state[ConductanceExArray][i];
        _gIn = state[ConductanceInArray][i];
        _w = state[AdaptationArray][i];
        _t = time;
        _refractoryUntil = state[LifState.RefractoryUntil][i];
        _injected = state[LifState.Injected][i];
    }

    public readonly void Store(double[][] state, int i)
    {
        state[LifState.V][i] = _v;
        state[ConductanceExArray][i] = _gEx;
        state[ConductanceInArray][i] = _gIn;
        state[AdaptationArray][i] = _w;
        state[LifState.RefractoryUntil][i] = _refractoryUntil;
        state[LifState.Injected][i] = _injected;
    }

    /// <summary>V, mV.</summary>
    public readonly double V => _v;
    /// <summary>Adaptation current w, pA.</summary>
    public readonly double W => _w;
    /// <summary>Excitatory conductance g_ex, nS.</summary>
    public readonly double ConductanceEx => _gEx;
    /// <summary>Inhibitory conductance g_in (≥ 0), nS.</summary>
    public readonly double ConductanceIn => _gIn;
    public readonly double Time => _t;
    /// <summary>End of the refractory period, ms.</summary>
    public readonly double RefractoryUntil => _refractoryUntil;
    /// <summary>Current injected by current inputs, pA.</summary>
    public readonly double Injected => _injected;

    private readonly double Current => _p.IE + _injected;

    public void AdvanceTo(double t)
    {
        if (t <= _t) return;
        if (_t < _refractoryUntil)
        {
            double end = Math.Min(t, _refractoryUntil);
            (_v, _w, _gEx, _gIn) = Clamped(end - _t);
            _t = end;
            if (t <= _refractoryUntil) return;
        }
        Span<double> c = stackalloc double[CondExpSeries.MaxTerms];
        Span<double> d = stackalloc double[CondExpSeries.MaxTerms];
        while (true)
        {
            double h = t - _t, hMax = CondExpSeries.MaxStep(_p, _v, _gEx, _gIn, _w);
            bool last = h <= hMax;
            if (!last) h = hMax;
            int n = CondExpSeries.Expand(_p, Current, _v, _w, _gEx, _gIn, h, c, d);
            (_v, _w, _gEx, _gIn) = EndOfStep(c, d, n, _w, _gEx, _gIn, h);
            if (last) { _t = t; return; }
            _t += h;
        }
    }

    static bool INeuronDynamics.HasEventLanes => true;

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes"/>: <see cref="AdvanceTo"/> (free) and <see cref="Receive"/> of eight
    /// neurons, lane by lane the scalar arithmetic: the same steps (<see cref="CondExpSeries.MaxStepLanes"/>), each
    /// step's series (<see cref="CondExpSeries.ExpandLanes"/>, the eight recurrences advancing together, which is what
    /// pays: each is a chain of dependent operations) and its end (<see cref="EndOfStep"/>); a lane that has reached
    /// its event keeps its state while the others take more steps, and the last lane to arrive takes its remaining steps
    /// by the scalar loop. Then <see cref="CrossingLowerBound"/> of each lane, in vector form where the first pass of
    /// <see cref="DriveNegativeFor"/> settles it (<see cref="CrossingLowerBoundLanes"/>), else by the scalar code. A step
    /// too short to integrate sends the eight to the scalar calls, which report it. Its exponentials come from
    /// <see cref="Exponential.Of(Vector512{double})"/> whatever <typeparamref name="TExp"/> is (its steps are methods
    /// that call each other), so it never sets <paramref name="outOfRange"/>.
    /// </summary>
    public readonly Vector512<double> EventLanes<TExp>(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                       Vector512<double> te, Vector512<double> w, out bool finite, out bool outOfRange)
        where TExp : IExponentialPath
    {
        outOfRange = false;
        return AdvanceLanes(state, local, count, t, te, w, stopShort: false, out _, out _, out finite);
    }

    static bool INeuronDynamics.EventLanesStopShort => true;

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanesUntil"/>: <see cref="EventLanes"/>, but in a call of eight the last lane
    /// to arrive stops where the others have arrived instead of taking its remaining steps alone.
    /// </summary>
    public readonly Vector512<double> EventLanesUntil(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                      Vector512<double> te, Vector512<double> w, out int stopped, out double reached, out bool finite) =>
        AdvanceLanes(state, local, count, t, te, w, stopShort: count == 8, out stopped, out reached, out finite);

    /// <summary>The lanes of <see cref="EventLanes"/> and <see cref="EventLanesUntil"/>.</summary>
    private readonly Vector512<double> AdvanceLanes(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                    Vector512<double> te, Vector512<double> w, bool stopShort,
                                                    out int stopped, out double reached, out bool finite)
    {
        CondExpParameters p = _p;
        stopped = -1;
        reached = double.NaN;
        Vector512<double> v = Lanes.Load(state[LifState.V], local), adaptation = Lanes.Load(state[AdaptationArray], local);
        Vector512<double> gEx = Lanes.Load(state[ConductanceExArray], local), gIn = Lanes.Load(state[ConductanceInArray], local);
        Vector512<double> injected = Lanes.Load(state[LifState.Injected], local), current = Vector512.Create(p.IE) + injected;
        Span<Vector512<double>> c = stackalloc Vector512<double>[CondExpSeries.MaxTerms];
        Span<Vector512<double>> d = stackalloc Vector512<double>[CondExpSeries.MaxTerms];
        // AdvanceTo: the loop of steps; `now` is each lane's time, `arrived` the lanes that have reached their event.
        Vector512<double> now = t, arrived = Vector512<double>.Zero;
        while (true)
        {
            Vector512<double> h = te - now, hMax = CondExpSeries.MaxStepLanes(p, v, gEx, gIn, adaptation, out Vector512<double> invalid);
            if (!Vector512.EqualsAll(Vector512.AndNot(invalid, arrived), Vector512<double>.Zero))
                return Lanes.ByScalarVisits(this, state, local, count, t, te, w, out finite);
            Vector512<double> last = Vector512.LessThanOrEqual(h, hMax);
            h = Vector512.ConditionalSelect(last, h, hMax);
            CondExpSeries.ExpandLanes(p, current, v, adaptation, gEx, gIn, h, c, d, out Vector512<double> degree);
            Vector256<double> m = Vector256.Max(degree.GetLower(), degree.GetUpper());
            int n = (int)Math.Max(Math.Max(m.GetElement(0), m.GetElement(1)), Math.Max(m.GetElement(2), m.GetElement(3)));
            (Vector512<double> v1, Vector512<double> w1, Vector512<double> gEx1, Vector512<double> gIn1) = EndOfStepLanes(c, d, n, degree, adaptation, gEx, gIn, h);
            v = Vector512.ConditionalSelect(arrived, v, v1);
            adaptation = Vector512.ConditionalSelect(arrived, adaptation, w1);
            gEx = Vector512.ConditionalSelect(arrived, gEx, gEx1);
            gIn = Vector512.ConditionalSelect(arrived, gIn, gIn1);
            now = Vector512.ConditionalSelect(arrived | last, te, now + h);
            arrived |= last;
            // Once one lane is left, it finishes alone: its remaining steps depend on its state only, and the scalar
            // loop takes a step in about half the time the lanes do.
            uint pending = (uint)Vector512.ExtractMostSignificantBits(~arrived) & ((1u << count) - 1);
            if (pending == 0) break;
            if ((pending & (pending - 1)) == 0)
            {
                int k = System.Numerics.BitOperations.TrailingZeroCount(pending);
                if (stopShort)
                {
                    // The lane stops at `now`: the Receive below and its bound pass it by.
                    stopped = k;
                    reached = now.GetElement(k);
                    break;
                }
                var alone = new CondExpLif(p, v.GetElement(k), adaptation.GetElement(k), gEx.GetElement(k), gIn.GetElement(k), now.GetElement(k),
                                           double.NegativeInfinity, injected.GetElement(k));
                try
                {
                    alone.AdvanceTo(te.GetElement(k));
                }
                catch (Engine.DynamicsOverflowException e)
                {
                    e.Lane = k;
                    throw;
                }
                v = v.WithElement(k, alone._v);
                adaptation = adaptation.WithElement(k, alone._w);
                gEx = gEx.WithElement(k, alone._gEx);
                gIn = gIn.WithElement(k, alone._gIn);
                break;
            }
        }
        // Receive, but for a lane stopped short
        Vector512<double> stoppedLane = Vector512.Equals(Vector512.Create(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), Vector512.Create((double)stopped));
        Vector512<double> excitatory = Vector512.GreaterThanOrEqual(w, Vector512<double>.Zero);
        gEx = Vector512.ConditionalSelect(Vector512.AndNot(excitatory, stoppedLane), gEx + w, gEx);
        gIn = Vector512.ConditionalSelect(excitatory | stoppedLane, gIn, gIn - w);
        Lanes.Store(state[LifState.V], local, count, v);
        Lanes.Store(state[ConductanceExArray], local, count, gEx);
        Lanes.Store(state[ConductanceInArray], local, count, gIn);
        Lanes.Store(state[AdaptationArray], local, count, adaptation);
        finite = Lanes.Finite(v, gEx, gIn) && Lanes.Finite(adaptation);
        // CrossingLowerBound: in vector form where the first pass of DriveNegativeFor settles it (NaN elsewhere), then
        // the other lanes by the scalar code; a stopped lane's bound is NaN (the engine does not read it).
        Vector512<double> bounds = Vector512.ConditionalSelect(stoppedLane, Vector512.Create(double.NaN),
                                                               CrossingLowerBoundLanes(te, v, adaptation, gEx, gIn, current));
        uint unsettled = (uint)Vector512.ExtractMostSignificantBits(~(Vector512.Equals(bounds, bounds) | stoppedLane)) & ((1u << count) - 1);
        for (; unsettled != 0; unsettled &= unsettled - 1)
        {
            int k = System.Numerics.BitOperations.TrailingZeroCount(unsettled);
            bounds = bounds.WithElement(k, new CondExpLif(p, v.GetElement(k), adaptation.GetElement(k), gEx.GetElement(k), gIn.GetElement(k),
                                                          te.GetElement(k), state[LifState.RefractoryUntil][local[k]], injected.GetElement(k)).CrossingLowerBound());
        }
        return bounds;
    }

    /// <summary>
    /// <see cref="CrossingLowerBound"/> of eight lanes free at <paramref name="s"/> (ms), operation for operation, where
    /// the first pass of <see cref="DriveNegativeFor"/> settles it: F never reaches 0, F may be ≥ 0 at once (then the
    /// comparison with the largest drive, <see cref="QuietTime"/>), or F stays negative for at least the pass's
    /// horizon. NaN in a lane whose bound needs the later passes (their exponentials lane by lane would make every
    /// lane wait for the slowest, which cost more than the scalar code).
    /// </summary>
    private readonly Vector512<double> CrossingLowerBoundLanes(Vector512<double> s, Vector512<double> v, Vector512<double> w,
                                                               Vector512<double> gEx, Vector512<double> gIn, Vector512<double> current)
    {
        CondExpParameters p = _p;
        if (p.CoupledAdaptation) return s;
        Vector512<double> zero = Vector512<double>.Zero, vTh = Vector512.Create(p.VTh);
        // DriveNegativeFor's first pass (T = 0): A(0) = c0 + the positive terms; F < 0 before the largest tau ln(|f|/A).
        Vector512<double> fEx = gEx * Vector512.Create(p.EEx - p.VTh), fIn = gIn * Vector512.Create(p.EIn - p.VTh), fW = -w;
        Vector512<double> a = Vector512.Create(p.GL * (p.EL - p.VTh)) + current + Vector512.Max(fEx, zero) + Vector512.Max(fIn, zero) + Vector512.Max(fW, zero);
        Vector512<double> next = zero;
        next = Vector512.ConditionalSelect(Vector512.LessThan(fEx, -a), Vector512.Max(next, Vector512.Create(p.TauEx) * RelaxationBound.LogLowerBound(-fEx - a, a)), next);
        next = Vector512.ConditionalSelect(Vector512.LessThan(fIn, -a), Vector512.Max(next, Vector512.Create(p.TauIn) * RelaxationBound.LogLowerBound(-fIn - a, a)), next);
        next = Vector512.ConditionalSelect(Vector512.LessThan(fW, -a), Vector512.Max(next, Vector512.Create(p.TauW) * RelaxationBound.LogLowerBound(-fW - a, a)), next);
        Vector512<double> f = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a, zero), Vector512.Create(double.PositiveInfinity),
                              Vector512.ConditionalSelect(Vector512.LessThanOrEqual(next, zero), zero,
                              Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(next, Vector512.Create(DriveNegativeHorizon)), next,
                                                          Vector512.Create(double.NaN))));
        // QuietTime where F may be ≥ 0 at once: the comparison with the largest drive (DriveSupremum).
        Vector512<double> gL = Vector512.Create(p.GL), eEx = Vector512.Create(p.EEx), eIn = Vector512.Create(p.EIn);
        Vector512<double> vRest = Vector512.Create(p.EL) + (current + Vector512.Max(-w, zero)) / gL;
        Vector512<double> atStart = (gL * vRest + gEx * eEx + gIn * eIn) / (gL + gEx + gIn);
        Vector512<double> dMax = Vector512.Max(Vector512.Max(vRest, (gL * vRest + gEx * eEx) / (gL + gEx)),
                                               Vector512.Max((gL * vRest + gIn * eIn) / (gL + gIn), atStart));
        if (p.TauIn >= p.TauEx)
            dMax = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(eIn, vRest) & Vector512.LessThanOrEqual(vRest, eEx),
                                               Vector512.Max(vRest, atStart), dMax);
        Vector512<double> relax = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(dMax, vTh), Vector512.Create(double.PositiveInfinity),
                                                              RelaxationBound.TimeBelow(Vector512.Create(p.Cm) / (gL + gEx + gIn), v, vTh, dMax));
        Vector512<double> quiet = Vector512.ConditionalSelect(Vector512.GreaterThan(f, zero) | ~Vector512.Equals(f, f), f, relax);
        Vector512<double> bound = s + Vector512.Max(zero, quiet * Vector512.Create(1 - 1e-12) - Vector512.Create(1e-9));
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(v, vTh), s, bound);
    }

    /// <summary><see cref="EndOfStep"/> of eight lanes, each with its own degree (at most n).</summary>
    private readonly (Vector512<double> V, Vector512<double> W, Vector512<double> GEx, Vector512<double> GIn) EndOfStepLanes(
        ReadOnlySpan<Vector512<double>> c, ReadOnlySpan<Vector512<double>> d, int n, Vector512<double> degree, Vector512<double> w,
        Vector512<double> gEx, Vector512<double> gIn, Vector512<double> h)
    {
        Vector512<double> v = CondExpSeries.EvaluateAtOneLanes(c, n, degree);
        if (_p.CoupledAdaptation) w = CondExpSeries.EvaluateAtOneLanes(d, n, degree);
        else if (!Vector512.EqualsAll(w, Vector512<double>.Zero)) // (as the scalar code, no exponential for w = 0)
            w = Vector512.ConditionalSelect(Vector512.Equals(w, Vector512<double>.Zero), w, w * Exponential.Of(-h / Vector512.Create(_p.TauW)));
        return (v, w, gEx * Exponential.Of(-h / Vector512.Create(_p.TauEx)), gIn * Exponential.Of(-h / Vector512.Create(_p.TauIn)));
    }

    /// <summary>The state u ms into the refractory period: V held at V_reset, the conductances decaying, w relaxing to a (V_reset - E_L).</summary>
    private readonly (double V, double W, double GEx, double GIn) Clamped(double u)
    {
        double wHeld = _p.A * (_p.VReset - _p.EL);
        return (_p.VReset, wHeld + (_w - wHeld) * Exponential.Of(-u / _p.TauW),
                _gEx * Exponential.Of(-u / _p.TauEx), _gIn * Exponential.Of(-u / _p.TauIn));
    }

    /// <summary>The state at the end of a step of h ms: V (and w with a ≠ 0) from the series, the rest in closed form.</summary>
    private readonly (double V, double W, double GEx, double GIn) EndOfStep(ReadOnlySpan<double> c, ReadOnlySpan<double> d, int n,
                                                                            double w, double gEx, double gIn, double h)
    {
        double v = CondExpSeries.Evaluate(c, n, 1);
        if (_p.CoupledAdaptation) w = CondExpSeries.Evaluate(d, n, 1);
        else if (w != 0) w *= Exponential.Of(-h / _p.TauW);
        return (v, w, gEx * Exponential.Of(-h / _p.TauEx), gIn * Exponential.Of(-h / _p.TauIn));
    }

    public void Receive(double w)
    {
        if (w >= 0) _gEx += w; else _gIn -= w;
    }

    public void AddCurrent(double dI) => _injected += dI;

    public void Spike()
    {
        _v = _p.VReset;
        _w += _p.B;
        _refractoryUntil = _t + _p.TRef;
    }

    public readonly double SampleAt(double t)
    {
        CondExpLif copy = this;
        copy.AdvanceTo(t);
        return copy._v;
    }

    /// <summary>
    /// Variables 0 to 5: V (mV), g_ex, g_in (nS), the synaptic currents i_syn_ex = g_ex (E_ex - V) and
    /// i_syn_in = g_in (E_in - V) (pA), w (pA) (<see cref="SpikingModel.StateVariables"/> of <see cref="LifCondExp"/>),
    /// at t ≥ Time; the currents from the same V and g at t as variables 0 to 2.
    /// </summary>
    public readonly double SampleVariable(int index, double t)
    {
        CondExpLif copy = this;
        copy.AdvanceTo(t);
        return index switch
        {
            0 => copy._v,
            1 => copy._gEx,
            2 => copy._gIn,
            3 => copy._gEx * (_p.EEx - copy._v),
            4 => copy._gIn * (_p.EIn - copy._v),
            5 => copy._w,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
    }

    /// <summary>Where free evolution starts (now, or the end of the refractory period) and the state there.</summary>
    private readonly (double S, double V, double W, double GEx, double GIn) FreeStart()
    {
        if (_t >= _refractoryUntil) return (_t, _v, _w, _gEx, _gIn);
        (double v, double w, double gEx, double gIn) = Clamped(_refractoryUntil - _t);
        return (_refractoryUntil, v, w, gEx, gIn);
    }

    public readonly double CrossingLowerBound()
    {
        (double s, double v, double w, double gEx, double gIn) = FreeStart();
        if (v >= _p.VTh || _p.CoupledAdaptation) return s;
        // The bound is exact in some cases (no conductance: the closed-form crossing), while the search's crossing
        // is the integrated one: leave it a margin far below the tolerance, so that it never comes after it.
        double quiet = QuietTime(v, w, gEx, gIn);
        return s + Math.Max(0, quiet * (1 - 1e-12) - 1e-9);
    }

    /// <summary>
    /// With a = 0: how long (ms) V surely stays below V_th from a free state without input: F stays negative
    /// (<see cref="DriveNegativeFor"/>), or else the comparison with the largest drive (<see cref="DriveSupremum"/>).
    /// </summary>
    private readonly double QuietTime(double v, double w, double gEx, double gIn)
    {
        double f = DriveNegativeFor(_p.GL * (_p.EL - _p.VTh) + Current, gEx * (_p.EEx - _p.VTh), gIn * (_p.EIn - _p.VTh), -w);
        if (f > 0) return f;
        double gL = _p.GL;
        double dMax = DriveSupremum(_p.EL + (Current + Math.Max(-w, 0)) / gL, gEx, gIn);
        if (dMax <= _p.VTh) return double.PositiveInfinity;
        return RelaxationBound.TimeBelow(_p.Cm / (gL + gEx + gIn), v, _p.VTh, dMax);
    }

    /// <summary>
    /// A bound (mV) on the drive D over all the free evolution. D is a weighted mean of E_L + (I - w)/g_L, E_ex and
    /// E_in with weights g_L, g_ex and g_in, and -w(t) adds at most max(-w(s), 0) to the current, so D ≤ D̃, the
    /// mean with <paramref name="vRest"/> = E_L + (I + max(-w, 0))/g_L in place of the first: in general the largest
    /// of its four corners (each conductance present or gone). Where inhibition decays no faster than excitation
    /// (tau_in ≥ tau_ex) and E_in ≤ vRest ≤ E_ex, it is max(vRest, D̃(0)): D̃ - vRest = N/M with
    /// N = g_ex(t) (E_ex - vRest) - g_in(t) (vRest - E_in) and M = g_L + g_ex(t) + g_in(t); g_ex/g_in only falls, so
    /// N stays ≤ 0 once it is, and while N &gt; 0, N'M - NM' = g_L (-g_ex (E_ex - vRest)/tau_ex + g_in (vRest -
    /// E_in)/tau_in) + g_ex g_in (E_ex - E_in)(1/tau_in - 1/tau_ex) &lt; 0, so D̃ falls: the corner with excitation
    /// alone, which inhibition that outlasts it never allows, drops out. Operation for operation as the lanes' form in
    /// <see cref="CrossingLowerBoundLanes"/>.
    /// </summary>
    private readonly double DriveSupremum(double vRest, double gEx, double gIn)
    {
        double gL = _p.GL;
        double atStart = (gL * vRest + gEx * _p.EEx + gIn * _p.EIn) / (gL + gEx + gIn);
        if (_p.TauIn >= _p.TauEx && _p.EIn <= vRest && vRest <= _p.EEx) return Math.Max(vRest, atStart);
        return Math.Max(Math.Max(vRest, (gL * vRest + gEx * _p.EEx) / (gL + gEx)),
                        Math.Max((gL * vRest + gIn * _p.EIn) / (gL + gIn), atStart));
    }

    /// <summary>How far (ms) <see cref="DriveNegativeFor"/> goes: beyond a few ms the bound is of no use, the engine asks again after the next input.</summary>
    private const double DriveNegativeHorizon = 5;

    /// <summary>
    /// How long (ms) F(u) = c0 + f_ex e^(-u/tau_ex) + f_in e^(-u/tau_in) + f_w e^(-u/tau_w) surely stays negative
    /// (0 when F(0) may be ≥ 0; +infinity when it never becomes ≥ 0): from T, F ≤ A(T) + (negative terms), with A(T)
    /// = c0 + the positive terms at T, and the negative terms exceed A(T) in magnitude as long as the largest of
    /// them does, i.e. before T' = max tau ln(|f| / A(T)). Iterated from T = 0 a few times (an increasing sequence).
    /// </summary>
    private readonly double DriveNegativeFor(double c0, double fEx, double fIn, double fW)
    {
        double t = 0;
        for (int i = 0; i < 4 && t < DriveNegativeHorizon; i++)
        {
            double a = t == 0
                ? c0 + Math.Max(fEx, 0) + Math.Max(fIn, 0) + Math.Max(fW, 0)
                : c0 + (fEx > 0 ? fEx * Exponential.Of(-t / _p.TauEx) : 0) + (fIn > 0 ? fIn * Exponential.Of(-t / _p.TauIn) : 0)
                     + (fW > 0 ? fW * Exponential.Of(-t / _p.TauW) : 0);
            if (a <= 0) return double.PositiveInfinity; // F ≤ A(T) ≤ 0 from T on, and F < 0 before
            // tau ln(|f| / A(T)), taken from below without a logarithm (RelaxationBound.LogLowerBound).
            double next = t;
            if (fEx < -a) next = Math.Max(next, _p.TauEx * RelaxationBound.LogLowerBound(-fEx - a, a));
            if (fIn < -a) next = Math.Max(next, _p.TauIn * RelaxationBound.LogLowerBound(-fIn - a, a));
            if (fW < -a) next = Math.Max(next, _p.TauW * RelaxationBound.LogLowerBound(-fW - a, a));
            if (next <= t) return t;
            t = next;
        }
        return t;
    }

    /// <summary>
    /// The walk takes the steps of an unbounded search, so a crossing it finds is the same whatever
    /// <paramref name="until"/> is, and <paramref name="exact"/> (also where it lies past <paramref name="until"/>,
    /// in the step that passes it); when it has found none by the end of that step, it stops and returns that end
    /// (after <paramref name="until"/>, not exact): the engine asks again after the next input, which would make
    /// the rest of the walk void anyway.
    /// </summary>
    public readonly double NextCrossing(double until, out bool exact)
    {
        (double s, double v, double w, double gEx, double gIn) = FreeStart();
        exact = true;
        if (v >= _p.VTh) return s;
        if (s > until)
        {
            exact = false; // a free start past the horizon is only a bound
            return s;
        }
        bool coupled = _p.CoupledAdaptation;
        double current = Current;
        double c0 = _p.GL * (_p.EL - _p.VTh) + current; // F's constant part
        double limit = coupled ? double.PositiveInfinity : s + DriveEnd(c0, gEx * (_p.EEx - _p.VTh), gIn * (_p.EIn - _p.VTh), -w);
        bool envelopeChecked = false;

        Span<double> c = stackalloc double[CondExpSeries.MaxTerms];
        Span<double> d = stackalloc double[CondExpSeries.MaxTerms];
        double t = s;
        for (int step = 0; step < MaxSearchSteps && t < limit; step++)
        {
            double h = limit - t, hMax = CondExpSeries.MaxStep(_p, v, gEx, gIn, w);
            bool last = h <= hMax;
            if (!last) h = hMax;
            int n = CondExpSeries.Expand(_p, current, v, w, gEx, gIn, h, c, d);
            if (coupled || QuietTime(v, w, gEx, gIn) * (1 - 1e-12) - 1e-9 < h)
            {
                c[0] -= _p.VTh;
                double x = (coupled ? StepShape.Unknown : Shape(c0, gEx, gIn, w, h)) switch
                {
                    StepShape.NoCrossing => -1,
                    StepShape.SingleRise => CondExpSeries.Evaluate(c, n, 1) >= 0 ? FirstRoot.FindRising(c, n) : -1,
                    _ => FirstRoot.Find(c, n),
                };
                c[0] += _p.VTh;
                if (x >= 0) return t + x * h;
            }
            (v, w, gEx, gIn) = EndOfStep(c, d, n, w, gEx, gIn, h);
            t = last ? limit : t + h;
            if (coupled && !envelopeChecked && gEx <= NegligibleConductance * _p.GL && gIn <= NegligibleConductance * _p.GL)
            {
                envelopeChecked = true;
                double end = t + AdaptationEnvelopeEnd(v, w, current);
                if (end < limit) limit = end;
            }
            if (t >= until && t < limit)
            {
                exact = false;
                return t > until ? t : Math.BitIncrement(until);
            }
        }
        exact = t >= limit; // (not when the steps ran out first)
        return double.PositiveInfinity;
    }

    private enum StepShape { NoCrossing, SingleRise, Unknown }

    /// <summary>
    /// With a = 0, what F's shape on a step of h ms says about a crossing there. Each term of F' = -sum f/tau
    /// e^(-u/tau) lies between its values at the step's ends, which bounds F'. Where F rises, or falls but stays
    /// ≥ 0, the part of the step where F ≥ 0 is a final stretch on which V - V_th changes sign at most once (from
    /// below), so V crosses iff V(end) ≥ V_th; where F &lt; 0 throughout there is no crossing. Only a step in which F
    /// falls below 0, or whose F' has no sign, needs the general search.
    /// </summary>
    private readonly StepShape Shape(double c0, double gEx, double gIn, double w, double h)
    {
        double fEx = gEx * (_p.EEx - _p.VTh), fIn = gIn * (_p.EIn - _p.VTh), fW = -w;
        double eEx = Exponential.Of(-h / _p.TauEx), eIn = Exponential.Of(-h / _p.TauIn), eW = fW == 0 ? 1 : Exponential.Of(-h / _p.TauW);
        double dEx = -fEx / _p.TauEx, dIn = -fIn / _p.TauIn, dW = -fW / _p.TauW;
        double slopeLow = Math.Min(dEx, dEx * eEx) + Math.Min(dIn, dIn * eIn) + Math.Min(dW, dW * eW);
        double slopeHigh = Math.Max(dEx, dEx * eEx) + Math.Max(dIn, dIn * eIn) + Math.Max(dW, dW * eW);
        double fStart = c0 + fEx + fIn + fW, fEnd = c0 + fEx * eEx + fIn * eIn + fW * eW;
        if (slopeLow >= 0) return fEnd < 0 ? StepShape.NoCrossing : StepShape.SingleRise;
        if (slopeHigh <= 0)
        {
            if (fStart < 0) return StepShape.NoCrossing;
            if (fEnd >= 0) return StepShape.SingleRise;
        }
        return StepShape.Unknown;
    }

    /// <summary>
    /// With a = 0: a time (ms after the free start) after which F = c0 + f_ex e^(-u/tau_ex) + f_in e^(-u/tau_in) +
    /// f_w e^(-u/tau_w) stays negative, or +infinity when c0 ≥ 0. With m positive terms, F &lt; 0 once each is below
    /// -c0/m: u ≥ tau ln(m f / -c0).
    /// </summary>
    private readonly double DriveEnd(double c0, double fEx, double fIn, double fW)
    {
        if (c0 >= 0) return double.PositiveInfinity;
        int positive = (fEx > 0 ? 1 : 0) + (fIn > 0 ? 1 : 0) + (fW > 0 ? 1 : 0);
        if (positive == 0) return 0;
        double end = 0;
        if (fEx > 0) end = Math.Max(end, _p.TauEx * Math.Log(positive * fEx / -c0));
        if (fIn > 0) end = Math.Max(end, _p.TauIn * Math.Log(positive * fIn / -c0));
        if (fW > 0) end = Math.Max(end, _p.TauW * Math.Log(positive * fW / -c0));
        // Just past the bound, so that the last step's F-bound and the root search cover it.
        return end * (1 + 1e-12) + 1e-12;
    }

    /// <summary>
    /// With a ≠ 0 and the conductances gone: how long (ms) until V surely stays below V_th, from the closed-form
    /// solution of C_m u' = -g_L u - z, tau_w z' = a u - z (u = V - V_ss, z = w - w_ss, V_ss = E_L + I/(g_L + a)):
    /// u(t) = e^(sigma t) (u_0 cosh(nu t) + m sinh(nu t)/nu), whose envelope decays. +infinity when V_ss is at or
    /// above V_th (then V crosses, or approaches V_th without reaching it).
    /// </summary>
    private readonly double AdaptationEnvelopeEnd(double v, double w, double current)
    {
        double gL = _p.GL, cm = _p.Cm, tauW = _p.TauW, a = _p.A;
        double vSs = _p.EL + current / (gL + a), wSs = a * (vSs - _p.EL);
        double room = _p.VTh - EnvelopeMargin - vSs;
        if (room <= 0) return double.PositiveInfinity;
        double u0 = v - vSs, z0 = w - wSs;
        double sigma = -0.5 * (gL / cm + 1 / tauW);
        double det = (gL + a) / (cm * tauW);
        double m = (-gL / cm - sigma) * u0 - z0 / cm;
        double disc = sigma * sigma - det;
        double decay, omega = 0, nu = 0;
        if (disc < 0) { omega = Math.Sqrt(-disc); decay = -sigma; }
        else { nu = Math.Sqrt(disc); decay = -(sigma + nu); }
        double Envelope(double t) => disc < 0
            ? Exponential.Of(sigma * t) * Math.Sqrt(u0 * u0 + m / omega * (m / omega))
            : Exponential.Of(-decay * t) * (Math.Abs(u0) + Math.Abs(m) * Math.Min(t, nu > 0 ? 0.5 / nu : double.PositiveInfinity));
        // e^(-decay t) (A + B t) decreases for t ≥ 1/decay: start there and double until the envelope fits.
        double tEnd = 1 / decay;
        for (int i = 0; i < 200 && Envelope(tEnd) >= room; i++) tEnd *= 2;
        return tEnd;
    }
}
