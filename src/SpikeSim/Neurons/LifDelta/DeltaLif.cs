using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// LIF neuron with delta synapses (NEST iaf_psc_delta_ps), integrated exactly.
/// <code>
///   V(t) = V_inf + (V(s) - V_inf) exp(-(t - s)/tau_m),   V_inf = E_L + (tau_m/C_m)(I_e + I_input)
///   input of weight w (mV) at t:  V(t) += w  (discarded while refractory)
///   spontaneous crossing (V_inf > V_th):  t* = s + tau_m ln((V_inf - V(s)) / (V_inf - V_th))
/// </code>
/// where s is the later of the last update and the end of the refractory period. Between inputs V relaxes
/// monotonically towards V_inf, so the threshold can only be crossed at an excitatory jump or, under
/// suprathreshold drive, at t*; both are found in closed form. The model, its parameters and its documentation:
/// <see cref="LifDelta"/>.
/// <para>Inputs that arrive at the same instant act together: V jumps by their sum, then the threshold is checked
/// (as in NEST's precise-timing models). With exact spike times, simultaneous arrivals are common: one input can
/// make several neurons fire at exactly the same time, and their spikes then arrive together. Checking the
/// threshold after each of them in turn would let whichever comes first (say, excitation) fire the neuron and
/// the rest (inhibition) be lost to refractoriness, a bias that grows into runaway synchrony.</para>
/// </summary>
internal struct DeltaLif : INeuronDynamics
{
    private readonly LifParameters _p;
    private double _v, _t, _refractoryUntil, _injected, _vInf;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public DeltaLif(LifParameters p)
    {
        _p = p;
    }

    public readonly double Time => _t;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _t = time;
        _refractoryUntil = state[LifState.RefractoryUntil][i];
        _injected = state[LifState.Injected][i];
        _vInf = _p.VInfinity(_injected);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(double[][] state, int i)
    {
        state[LifState.V][i] = _v;
        state[LifState.RefractoryUntil][i] = _refractoryUntil;
        state[LifState.Injected][i] = _injected;
    }

    /// <summary>The closed-form crossing time t*, whatever <paramref name="until"/> is: always <paramref name="exact"/>.</summary>
    public readonly double NextCrossing(double until, out bool exact)
    {
        exact = true;
        double s = Math.Max(_t, _refractoryUntil);
        if (_v >= _p.VTh) return s;
        if (_vInf <= _p.VTh) return double.PositiveInfinity;
        return s + RelaxationBound.Time(_p.TauM, _v, _p.VTh, _vInf);
    }

    /// <summary>
    /// The crossing time t* bounded from below without its logarithm (<see cref="RelaxationBound"/>), so that an input
    /// costs no logarithm while the neuron is far from threshold: the exact t* is computed only when the bound
    /// falls before the next input.
    /// </summary>
    public readonly double CrossingLowerBound()
    {
        double s = Math.Max(_t, _refractoryUntil);
        if (_v >= _p.VTh) return s;
        if (_vInf <= _p.VTh) return double.PositiveInfinity;
        return s + RelaxationBound.TimeBelow(_p.TauM, _v, _p.VTh, _vInf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AdvanceTo(double t)
    {
        double s = Math.Max(_t, _refractoryUntil);
        if (t > s) _v = _vInf + (_v - _vInf) * Exponential.Of((s - t) / _p.TauM);
        if (t > _t) _t = t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Receive(double w)
    {
        if (_t >= _refractoryUntil) _v += w;
    }

    static bool INeuronDynamics.HasEventLanes => true;

    static bool INeuronDynamics.EventLanesWhileRefractory => true;

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes"/>: <see cref="AdvanceTo"/> (free), <see cref="Receive"/> (not
    /// refractory) and <see cref="CrossingLowerBound"/> (from the event) of eight neurons, lane by lane the scalar
    /// arithmetic with the decay from <see cref="Exponential"/> (as everywhere in this model).
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
        Vector512<double> vInf = p.VInfinity(Lanes.Load(state[LifState.Injected], local));
        Vector512<double> v = Lanes.Load(state[LifState.V], local), refractoryUntil = Lanes.Load(state[LifState.RefractoryUntil], local);
        // AdvanceTo: V relaxes from the end of the refractory period (s) if the event comes after it; Receive: the
        // input counts unless the neuron is still refractory at the event.
        Vector512<double> s = Vector512.Max(t, refractoryUntil);
        Vector512<double> decay = TExp.Of((s - te) / Vector512.Create(p.TauM), ref outOfRange);
        if (outOfRange)
        {
            finite = true;
            return default;
        }
        v = Vector512.ConditionalSelect(Vector512.GreaterThan(te, s), vInf + (v - vInf) * decay, v);
        v = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(te, refractoryUntil), v + w, v);
        Lanes.Store(state[LifState.V], local, count, v);
        finite = Lanes.Finite(v);
        return RelaxationBound.CrossingLanes(Vector512.Max(te, refractoryUntil), p.TauM, v, p.VTh, vInf);
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
        DeltaLif copy = this;
        copy.AdvanceTo(t);
        return copy._v;
    }

    /// <summary>Variable 0 is V, 1 the adaptation current w, always 0 here (<see cref="SpikingModel.StateVariables"/> of <see cref="LifDelta"/>).</summary>
    public readonly double SampleVariable(int index, double t) => index switch
    {
        0 => SampleAt(t),
        1 => 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
