namespace SpikeSim.Neurons;

/// <summary>
/// <c>lif</c> with spike-frequency adaptation (fields <c>a</c>, <c>b</c>, <c>tau_w</c>) and current-based synapses
/// (<c>psc</c> delta, exp or alpha): the adaptive integrate-and-fire model of Brette and Gerstner (2005) without its
/// exponential term (a hard threshold), with NEST's precise-timing LIF synapses, integrated exactly from event to event.
/// The parameter group and its documentation: <see cref="LifAdaptation"/>.
/// <code>
///   C_m dV/dt  = -g_L (V - E_L) - w + I_syn(t) + I_e + I_input(t)      g_L = C_m / tau_m
///   tau_w dw/dt = a (V - E_L) - w
///   V(t) ≥ V_th  -> spike at t (an exact real time): V = V_reset, w += b, V clamped for t_ref
/// </code>
/// While V is clamped (the refractory period [t_spike, t_spike + t_ref)) w and the synaptic currents keep evolving,
/// w relaxing towards a (V_reset - E_L). Synapses as in <see cref="DeltaLif"/> (a weight in mV jumps V, discarded while
/// refractory), <see cref="ExpLif"/> (pA, decaying currents) or <see cref="AlphaLif"/> (pA, alpha currents).
/// <para>Exact integration. With x = V - E_L and F = I_syn + I_e + I_input the total current, eliminating w gives
/// <code>
///   x'' - T x' + D x = (F/tau_w + F') / C_m,    T = -(1/tau_m + 1/tau_w),   D = (g_L + a) / (C_m tau_w)
///   w = F - C_m (x/tau_m + x')
/// </code>
/// Between events F is a constant plus (I + dI u) e^(-u/tau_syn) per current, so x(u) is a constant
/// I/(g_L + a), plus a particular response (polynomial × exponential, of higher degree where a synaptic rate equals a
/// root: the resonant closed form), plus the homogeneous part fixed by x(0) and x'(0): c1 e^(l1 u) + c2 e^(l2 u) for
/// distinct real roots l1,2 = (T ± sqrt(T² - 4D))/2, (c1 + c2 u) e^(l u) for a repeated root, and
/// e^(alpha u)(c1 cos(omega u) + c2 sin(omega u)) for complex ones (a &gt; C_m tau_w (1/tau_m - 1/tau_w)²/4).
/// See <see cref="AdaptationParameters"/> for the tolerances that decide when rates are equal.</para>
/// <para>Threshold crossings: V - V_th is an exponential polynomial, and <see cref="ExpPolynomialRoots"/> isolates
/// every sign change of it by those of a chain of simpler ones (a generalised Rolle argument, with a closed form for
/// the zeros of the oscillation), so no crossing between events is missed, also one V would leave again; roots to
/// 1e-12 ms. <see cref="CrossingLowerBound"/> bounds V' by the sum of its terms' largest magnitudes.</para>
/// <para>State arrays: <see cref="LifState"/>'s, then w, I_ex, dI_ex, I_in, dI_in, the same layout for every psc
/// (<see cref="WArray"/>, <see cref="CurrentsArray"/>).</para>
/// <para>With a = b = 0 the engine keeps using <see cref="DeltaLif"/>, <see cref="ExpLif"/> or
/// <see cref="AlphaLif"/>, so existing models are unchanged bit for bit.</para>
/// <list type="table">
/// <listheader><term>parameter (model file)</term><description>meaning, unit, default</description></listheader>
/// <item><term>a</term><description>subthreshold adaptation conductance, nS, 0 (must not be negative)</description></item>
/// <item><term>b</term><description>spike-triggered adaptation increment, pA, 0</description></item>
/// <item><term>tau_w</term><description>adaptation time constant, ms, 100 (must be positive)</description></item>
/// <item><term>(others)</term><description>as for <c>lif</c>: tau_m, c_m, e_l, v_reset, v_th, t_ref, i_e, v_init, tau_syn_ex, tau_syn_in</description></item>
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>v</term><description>membrane potential V_m, mV</description></item>
/// <item><term>i_syn_ex, i_syn_in</term><description>synaptic currents (exp and alpha), pA</description></item>
/// <item><term>w</term><description>adaptation current, pA (starts at 0)</description></item>
/// </list>
/// <para>References: Brette and Gerstner (2005) J Neurophysiol 94:3637-3642 (adaptive exponential integrate-and-fire
/// model; here without the exponential term); Rotter and Diesmann (1999) Biol Cybern 81:381-402 (exact integration);
/// Naud, Marcille, Clopath and Gerstner (2008) Biol Cybern 99:335-347 (firing patterns of the adaptive model);
/// NEST model documentation of aeif_psc_exp and iaf_psc_alpha_ps.</para>
/// </summary>
internal struct AdaptiveLif : INeuronDynamics
{
    /// <summary>Index of the adaptation current's array in the population's state, pA.</summary>
    public const int WArray = LifState.Count;
    /// <summary>Index of the first of the four current arrays (I_ex, dI_ex, I_in, dI_in; the dI stay 0 for exp currents).</summary>
    public const int CurrentsArray = LifState.Count + 1;
    /// <summary>How many arrays the model keeps beyond <see cref="LifState"/>'s (the same layout for every psc).</summary>
    public const int ExtraArrays = 5;

    private readonly AdaptationParameters _q;
    private double _v, _w, _t, _refractoryUntil, _injected;
    private double _iEx, _dIEx, _iIn, _dIIn;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public AdaptiveLif(AdaptationParameters q)
    {
        _q = q;
    }

    /// <summary>A neuron in a given state (w and currents in pA, the currents' auxiliary states in pA/ms).</summary>
    public AdaptiveLif(AdaptationParameters q, double v, double w, double iEx, double dIEx, double iIn, double dIIn,
                       double t, double refractoryUntil, double injected)
    {
        _q = q; _v = v; _w = w; _iEx = iEx; _dIEx = dIEx; _iIn = iIn; _dIIn = dIIn;
        _t = t; _refractoryUntil = refractoryUntil; _injected = injected;
    }

    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _t = time;
        _refractoryUntil = state[LifState.RefractoryUntil][i];
        _injected = state[LifState.Injected][i];
        _w = state[WArray][i];
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
        state[WArray][i] = _w;
        state[CurrentsArray][i] = _iEx;
        state[CurrentsArray + 1][i] = _dIEx;
        state[CurrentsArray + 2][i] = _iIn;
        state[CurrentsArray + 3][i] = _dIIn;
    }

    public readonly double V => _v;
    public readonly double W => _w;
    public readonly double CurrentEx => _iEx;
    public readonly double CurrentExRate => _dIEx;
    public readonly double CurrentIn => _iIn;
    public readonly double CurrentInRate => _dIIn;
    public readonly double Time => _t;
    public readonly double RefractoryUntil => _refractoryUntil;
    public readonly double Injected => _injected;

    private readonly LifParameters Lif => _q.Lif;

    /// <summary>One current's (I, dI) after u ms without input (an exp current has dI = 0).</summary>
    private static (double I, double DI) Decay(double i, double dI, double tau, double u)
    {
        double e = Exponential.Of(-u / tau);
        return ((i + dI * u) * e, dI * e);
    }

    /// <summary>The state at the start of free evolution (now, or the end of the refractory period).</summary>
    private readonly (double S, double V, double W, double IEx, double DIEx, double IIn, double DIIn) FreeStart()
    {
        double s = Math.Max(_t, _refractoryUntil);
        if (_t >= s) return (s, _v, _w, _iEx, _dIEx, _iIn, _dIIn);
        double u = s - _t;
        (double iEx, double dIEx) = Decay(_iEx, _dIEx, Lif.TauEx, u);
        (double iIn, double dIIn) = Decay(_iIn, _dIIn, Lif.TauIn, u);
        return (s, Lif.VReset, ClampedW(_w, u), iEx, dIEx, iIn, dIIn);
    }

    /// <summary>w after u ms with V held at V_reset: it relaxes towards a (V_reset - E_L) with tau_w.</summary>
    private readonly double ClampedW(double w, double u)
    {
        double wInf = _q.A * (Lif.VReset - Lif.EL);
        return wInf + (w - wInf) * Exponential.Of(-u / _q.TauW);
    }

    /// <summary>V(u) - offset over u ms of free evolution from the given state, as an exponential polynomial in u.</summary>
    private readonly ExpPolynomial FreeV(double v, double w, double iEx, double dIEx, double iIn, double dIIn, double offset)
    {
        LifParameters p = Lif;
        double current = p.IE + _injected;
        double x0 = v - p.EL;
        double slope0 = -x0 / p.TauM + (current + iEx + iIn - w) / p.Cm; // x'(0)
        double rest = _q.RestingOffset(current);
        var f = new ExpPolynomial();
        (double q0, double q1) = AddForced(ref f, iEx, dIEx, p.TauEx);
        double h0 = x0 - rest - q0, h1 = slope0 - q1;
        (q0, q1) = AddForced(ref f, iIn, dIIn, p.TauIn);
        h0 -= q0; h1 -= q1;
        switch (_q.Roots)
        {
            case AdaptationParameters.RootKind.Distinct:
                double c1 = (h1 - _q.Lambda2 * h0) / (_q.Lambda1 - _q.Lambda2);
                f.Add(_q.Lambda1, c1);
                f.Add(_q.Lambda2, h0 - c1);
                break;
            case AdaptationParameters.RootKind.Repeated:
                f.Add(_q.Lambda1, h0, h1 - _q.Lambda1 * h0);
                break;
            default:
                f.SetOscillation(_q.Lambda1, _q.Omega, h0, (h1 - _q.Lambda1 * h0) / _q.Omega);
                break;
        }
        f.Add(0, p.EL + rest - offset);
        return f;
    }

    /// <summary>
    /// Adds x's particular response to one current (I + dI u) e^(su), s = -1/tau, whose forcing is
    /// (F/tau_w + F')/C_m = (g0 + g1 u) e^(su); returns its value and slope at u = 0.
    /// </summary>
    private readonly (double Value, double Slope) AddForced(ref ExpPolynomial f, double i, double dI, double tau)
    {
        if (i == 0 && dI == 0) return (0, 0);
        double s = -1 / tau;
        double g0 = (i * (1 / _q.TauW + s) + dI) / Lif.Cm;
        double g1 = dI * (1 / _q.TauW + s) / Lif.Cm;
        double tolerance = (dI != 0 ? AlphaLif.ResonanceTolerance : AdaptationParameters.RepeatedTolerance) * Math.Abs(s);
        double pAtS, slopeAtS;
        double l1 = _q.Lambda1, l2 = _q.Lambda2;
        switch (_q.Roots)
        {
            case AdaptationParameters.RootKind.Repeated when Math.Abs(s - l1) <= tolerance:
                s = l1; pAtS = 0; slopeAtS = 0;
                break;
            case AdaptationParameters.RootKind.Distinct when Math.Abs(s - l1) <= tolerance:
                s = l1; pAtS = 0; slopeAtS = l1 - l2;
                break;
            case AdaptationParameters.RootKind.Distinct when Math.Abs(s - l2) <= tolerance:
                s = l2; pAtS = 0; slopeAtS = l2 - l1;
                break;
            case AdaptationParameters.RootKind.Complex:
                pAtS = (s - l1) * (s - l1) + _q.Omega * _q.Omega;
                slopeAtS = 2 * (s - l1);
                break;
            default:
                pAtS = (s - l1) * (s - l2);
                slopeAtS = (s - l1) + (s - l2);
                break;
        }
        (double q0, double q1, double q2, double q3) = ForcedResponse.SecondOrder(pAtS, slopeAtS, g0, g1);
        f.Add(s, q0, q1, q2, q3);
        return (q0, q1 + s * q0);
    }

    public void AdvanceTo(double t)
    {
        if (t <= _t) return;
        LifParameters p = Lif;
        if (_t < _refractoryUntil)
        {
            double end = Math.Min(t, _refractoryUntil);
            double u0 = end - _t;
            (_iEx, _dIEx) = Decay(_iEx, _dIEx, p.TauEx, u0);
            (_iIn, _dIIn) = Decay(_iIn, _dIIn, p.TauIn, u0);
            _w = ClampedW(_w, u0);
            _v = p.VReset;
            _t = end;
            if (t <= _refractoryUntil) return;
        }
        double u = t - _t;
        (double v, double dv) = FreeV(_v, _w, _iEx, _dIEx, _iIn, _dIIn, 0).ValueAndSlope(u);
        (_iEx, _dIEx) = Decay(_iEx, _dIEx, p.TauEx, u);
        (_iIn, _dIIn) = Decay(_iIn, _dIIn, p.TauIn, u);
        // w = F - C_m (x/tau_m + x'); without subthreshold adaptation w decays on its own, in closed form.
        _w = _q.A == 0 ? _w * Exponential.Of(-u / _q.TauW) : p.IE + _injected + _iEx + _iIn - p.Cm * ((v - p.EL) / p.TauM + dv);
        _v = v;
        _t = t;
    }

    public void Receive(double w)
    {
        switch (_q.Synapse)
        {
            case AdaptiveSynapse.Delta:
                if (_t >= _refractoryUntil) _v += w;
                break;
            case AdaptiveSynapse.Exp:
                if (w >= 0) _iEx += w; else _iIn += w;
                break;
            default:
                if (w >= 0) _dIEx += Math.E / Lif.TauEx * w; else _dIIn += Math.E / Lif.TauIn * w;
                break;
        }
    }

    public void AddCurrent(double dI) => _injected += dI;

    public void Spike()
    {
        _v = Lif.VReset;
        _w += _q.B;
        _refractoryUntil = _t + Lif.TRef;
    }

    public readonly double SampleAt(double t) => SampleVariable(0, t);

    /// <summary>
    /// State variable <paramref name="index"/> at time t ≥ <see cref="Time"/>, without changing the state: the psc
    /// model's variables in its order (v; then i_syn_ex, i_syn_in for exp and alpha), followed by w
    /// (<see cref="LifAdaptation.W"/>).
    /// </summary>
    public readonly double SampleVariable(int index, double t)
    {
        AdaptiveLif copy = this;
        copy.AdvanceTo(t);
        bool currents = _q.Synapse != AdaptiveSynapse.Delta;
        return (index, currents) switch
        {
            (0, _) => copy._v,
            (1, true) => copy._iEx,
            (2, true) => copy._iIn,
            (1, false) or (3, true) => copy._w,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
    }

    /// <summary>
    /// No crossing before s + (V_th - V(s)) / B', where B' bounds V' over all later times by the sum of the largest
    /// magnitudes of V's terms' derivatives (|c_j| t^j e^(rt) ≤ |c_j| (j/(e|r|))^j); none at all when the constant
    /// part plus the terms' largest magnitudes stays below V_th.
    /// </summary>
    public readonly double CrossingLowerBound()
    {
        (double s, double v, double w, double iEx, double dIEx, double iIn, double dIIn) = FreeStart();
        if (v >= Lif.VTh) return s;
        ExpPolynomial f = FreeV(v, w, iEx, dIEx, iIn, dIIn, Lif.VTh);
        if (f.Constant + f.VariationBound() < 0) return double.PositiveInfinity;
        double slopeBound = f.Eliminated(0).VariationBound();
        return slopeBound > 0 ? s + (Lif.VTh - v) / slopeBound : double.PositiveInfinity;
    }

    /// <summary>The exact first crossing, searched without limit whatever <paramref name="until"/> is: always <paramref name="exact"/>.</summary>
    public readonly double NextCrossing(double until, out bool exact)
    {
        exact = true;
        (double s, double v, double w, double iEx, double dIEx, double iIn, double dIIn) = FreeStart();
        if (v >= Lif.VTh) return s;
        ExpPolynomial f = FreeV(v, w, iEx, dIEx, iIn, dIIn, Lif.VTh);
        return ExpPolynomialRoots.FirstReachFrom(f, s, double.PositiveInfinity);
    }
}
