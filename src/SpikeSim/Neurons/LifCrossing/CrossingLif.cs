using System.Runtime.CompilerServices;

namespace SpikeSim.Neurons;

/// <summary>
/// The dynamics of <see cref="LifDeltaCrossing"/>: <see cref="DeltaLif"/>'s membrane without reset or refractory
/// period, firing at each rising edge of Θ(V - V_th).
/// <para>The state adds one flag, <c>above</c>: V has been at or above V_th since the last spike (or since the
/// start), as of the last completed instant. It is cleared when an instant ends with V below V_th (at the next
/// <see cref="AdvanceTo"/>, so that inputs at one instant act together) and when V relaxes below V_th between
/// inputs, which needs V_inf &lt; V_th; it is set by a spike. A neuron fires when V ≥ V_th and the flag is clear.
/// Between inputs V moves monotonically towards V_inf, so a set flag can only be cleared, never lead to a spike,
/// before the next input; and V is kept between its start and V_inf, as exact arithmetic keeps it, so that rounding
/// never makes a neuron that sits at V_th dip below it.</para>
/// </summary>
internal struct CrossingLif : INeuronDynamics
{
    /// <summary>Index of the flag array (1: above since the last spike) in the population's state.</summary>
    public const int AboveArray = LifState.Count;

    private readonly LifParameters _p;
    private double _v, _t, _injected, _vInf;
    private bool _above;

    /// <summary>A template holding a population's parameters; <see cref="Load"/> fills in one neuron's state.</summary>
    public CrossingLif(LifParameters p)
    {
        _p = p;
    }

    public readonly double Time => _t;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(double[][] state, int i, double time)
    {
        _v = state[LifState.V][i];
        _t = time;
        _injected = state[LifState.Injected][i];
        _above = state[AboveArray][i] != 0;
        _vInf = _p.VInfinity(_injected);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(double[][] state, int i)
    {
        state[LifState.V][i] = _v;
        state[LifState.Injected][i] = _injected;
        state[AboveArray][i] = _above ? 1 : 0;
    }

    public readonly double NextCrossing(double until, out bool exact)
    {
        exact = true;
        if (_v >= _p.VTh) return _above ? double.PositiveInfinity : _t;
        // Below V_th: once this instant ends the flag is clear, and V rises to V_th in closed form if V_inf is above it.
        if (_vInf <= _p.VTh) return double.PositiveInfinity;
        return _t + RelaxationBound.Time(_p.TauM, _v, _p.VTh, _vInf); // exact, whatever until is
    }

    public readonly double CrossingLowerBound() => NextCrossing(double.PositiveInfinity, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AdvanceTo(double t)
    {
        if (!(t > _t)) return;
        if (_v < _p.VTh) _above = false; // the instant at _t ended below V_th
        double v = _vInf + (_v - _vInf) * Exponential.Of((_t - t) / _p.TauM);
        _v = Math.Clamp(v, Math.Min(_v, _vInf), Math.Max(_v, _vInf));
        if (_v < _p.VTh) _above = false;
        _t = t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Receive(double w) => _v += w;

    public void AddCurrent(double dI)
    {
        _injected += dI;
        _vInf = _p.VInfinity(_injected);
    }

    /// <summary>The rising edge: V stays (at V_th exactly when the crossing was found between inputs), the flag is set.</summary>
    public void Spike()
    {
        _v = Math.Max(_v, _p.VTh);
        _above = true;
    }

    public readonly double SampleAt(double t)
    {
        CrossingLif copy = this;
        copy.AdvanceTo(t);
        return copy._v;
    }

    /// <summary>Variable 0 is V, 1 the adaptation current w, always 0 here.</summary>
    public readonly double SampleVariable(int index, double t) => index switch
    {
        0 => SampleAt(t),
        1 => 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
