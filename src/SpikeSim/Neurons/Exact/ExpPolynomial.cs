using System.Runtime.CompilerServices;

namespace SpikeSim.Neurons;

/// <summary>
/// A real exponential polynomial of time t (ms): f(t) = sum_k p_k(t) e^(r_k t) + e^(alpha t) (A cos wt + B sin wt),
/// with at most <see cref="MaxTerms"/> real rates r_k (1/ms) whose polynomials p_k have degree at most
/// <see cref="MaxDegree"/>, and at most one damped oscillation. The free evolution of every linear neuron model
/// (LIF with exponential or alpha currents, with or without adaptation) has this form between events, so one
/// representation serves their values, their slopes and the exact search for threshold crossings
/// (<see cref="ExpPolynomialRoots"/>). A value type of fixed size: building one allocates nothing.
/// </summary>
internal struct ExpPolynomial
{
    /// <summary>Most distinct real rates.</summary>
    public const int MaxTerms = 6;
    /// <summary>Highest polynomial degree of a term.</summary>
    public const int MaxDegree = 3;
    private const int Width = MaxDegree + 1;

    [InlineArray(MaxTerms)] private struct Rates { private double _e; }
    [InlineArray(MaxTerms * Width)] private struct Coefficients { private double _e; }

    private Rates _rate;
    private Coefficients _c;
    private int _count;
    private double _alpha, _omega, _cosCoef, _sinCoef;

    /// <summary>Number of real terms.</summary>
    public readonly int Count => _count;
    /// <summary>Whether the damped oscillation is present (its angular frequency is not zero).</summary>
    public readonly bool HasOscillation => _omega != 0 && (_cosCoef != 0 || _sinCoef != 0);
    /// <summary>Angular frequency of the oscillation, rad/ms (0 when absent).</summary>
    public readonly double Omega => HasOscillation ? _omega : 0;
    /// <summary>Rate (1/ms) of real term k.</summary>
    public readonly double RateOf(int k) => _rate[k];

    /// <summary>Adds (c0 + c1 t + c2 t² + c3 t³) e^(rate t) to the function; equal rates share one term.</summary>
    public void Add(double rate, double c0, double c1 = 0, double c2 = 0, double c3 = 0)
    {
        if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0) return;
        int k = 0;
        while (k < _count && _rate[k] != rate) k++;
        if (k == _count)
        {
            if (_count == MaxTerms) throw new InvalidOperationException("Too many exponential rates.");
            _rate[k] = rate;
            for (int j = 0; j < Width; j++) _c[k * Width + j] = 0;
            _count++;
        }
        _c[k * Width] += c0; _c[k * Width + 1] += c1; _c[k * Width + 2] += c2; _c[k * Width + 3] += c3;
    }

    /// <summary>Sets the damped oscillation e^(alpha t) (a cos(omega t) + b sin(omega t)); omega &gt; 0 (rad/ms).</summary>
    public void SetOscillation(double alpha, double omega, double a, double b)
    {
        _alpha = alpha; _omega = omega; _cosCoef = a; _sinCoef = b;
    }

    /// <summary>f(t) (the value of <see cref="ValueAndSlope"/>, without the slope's work).</summary>
    public readonly double Value(double t)
    {
        double value = 0;
        for (int k = 0; k < _count; k++)
        {
            int o = k * Width;
            double p = ((_c[o + 3] * t + _c[o + 2]) * t + _c[o + 1]) * t + _c[o];
            double r = _rate[k];
            value += p * (r == 0 ? 1 : Exponential.Of(r * t));
        }
        if (HasOscillation)
        {
            (double sin, double cos) = Math.SinCos(_omega * t);
            value += Exponential.Of(_alpha * t) * (_cosCoef * cos + _sinCoef * sin);
        }
        return value;
    }

    /// <summary>f(t) and f'(t).</summary>
    public readonly (double Value, double Slope) ValueAndSlope(double t)
    {
        double value = 0, slope = 0;
        for (int k = 0; k < _count; k++)
        {
            int o = k * Width;
            double c0 = _c[o], c1 = _c[o + 1], c2 = _c[o + 2], c3 = _c[o + 3];
            double p = ((c3 * t + c2) * t + c1) * t + c0;
            double dp = (3 * c3 * t + 2 * c2) * t + c1;
            double r = _rate[k];
            double e = r == 0 ? 1 : Exponential.Of(r * t);
            value += p * e;
            slope += (dp + r * p) * e;
        }
        if (HasOscillation)
        {
            double e = Exponential.Of(_alpha * t);
            (double sin, double cos) = Math.SinCos(_omega * t);
            value += e * (_cosCoef * cos + _sinCoef * sin);
            slope += e * ((_alpha * _cosCoef + _omega * _sinCoef) * cos + (_alpha * _sinCoef - _omega * _cosCoef) * sin);
        }
        return (value, slope);
    }

    /// <summary>
    /// f' - r f: the derivative of e^(-r t) f(t) times e^(r t), which has the sign of that derivative. A term with
    /// rate r loses one polynomial degree (and vanishes from a constant one); the others keep theirs.
    /// </summary>
    public readonly ExpPolynomial Eliminated(double r)
    {
        var g = new ExpPolynomial();
        for (int k = 0; k < _count; k++)
        {
            int o = k * Width;
            double d = _rate[k] - r;
            double c0 = _c[o], c1 = _c[o + 1], c2 = _c[o + 2], c3 = _c[o + 3];
            g.Add(_rate[k], c1 + d * c0, 2 * c2 + d * c1, 3 * c3 + d * c2, d * c3);
        }
        if (HasOscillation)
        {
            double d = _alpha - r;
            g.SetOscillation(_alpha, _omega, d * _cosCoef + _omega * _sinCoef, d * _sinCoef - _omega * _cosCoef);
        }
        return g;
    }

    /// <summary>The constant part: the coefficient of the degree-0 term with rate 0 (what f tends to when every other rate is negative).</summary>
    public readonly double Constant
    {
        get
        {
            for (int k = 0; k < _count; k++) if (_rate[k] == 0) return _c[k * Width];
            return 0;
        }
    }

    /// <summary>
    /// An upper bound on |f(t) - <see cref="Constant"/>| for every t ≥ <paramref name="t"/> ≥ 0, or +infinity when
    /// a rate is not negative (other than the constant) or <paramref name="t"/> is before <see cref="TailStart"/>.
    /// With q(t) = sum_j |c_j| t^j, each |p(t)| e^(rt) ≤ q(t) e^(rt), which falls for t ≥ degree/|r|.
    /// </summary>
    public readonly double TailBound(double t)
    {
        if (t < TailStart) return double.PositiveInfinity;
        double bound = 0;
        for (int k = 0; k < _count; k++)
        {
            int o = k * Width;
            double r = _rate[k];
            if (r == 0)
            {
                if (_c[o + 1] != 0 || _c[o + 2] != 0 || _c[o + 3] != 0) return double.PositiveInfinity;
                continue;
            }
            if (r > 0) return double.PositiveInfinity;
            double q = ((Math.Abs(_c[o + 3]) * t + Math.Abs(_c[o + 2])) * t + Math.Abs(_c[o + 1])) * t + Math.Abs(_c[o]);
            bound += q * Exponential.Of(r * t);
        }
        if (HasOscillation)
        {
            if (_alpha >= 0) return double.PositiveInfinity;
            bound += Math.Sqrt(_cosCoef * _cosCoef + _sinCoef * _sinCoef) * Exponential.Of(_alpha * t);
        }
        return bound;
    }

    /// <summary>The time (ms) from which <see cref="TailBound"/> holds: the largest degree/|rate| of the decaying terms.</summary>
    public readonly double TailStart
    {
        get
        {
            double start = 0;
            for (int k = 0; k < _count; k++)
            {
                if (_rate[k] >= 0) continue;
                int o = k * Width;
                int degree = _c[o + 3] != 0 ? 3 : _c[o + 2] != 0 ? 2 : _c[o + 1] != 0 ? 1 : 0;
                start = Math.Max(start, degree / -_rate[k]);
            }
            return start;
        }
    }

    /// <summary>The slowest decay time (ms) of the non-constant terms: 1/min |rate|, or 0 when there are none.</summary>
    public readonly double SlowestTime
    {
        get
        {
            double slowest = 0;
            for (int k = 0; k < _count; k++) if (_rate[k] != 0) slowest = Math.Max(slowest, 1 / Math.Abs(_rate[k]));
            if (HasOscillation && _alpha != 0) slowest = Math.Max(slowest, 1 / Math.Abs(_alpha));
            return slowest;
        }
    }

    /// <summary>
    /// An upper bound on f(t) - <see cref="Constant"/> over all t ≥ 0 (+infinity when a rate is not negative):
    /// each term's |c_j| t^j e^(rt) is at most |c_j| (j / (e |r|))^j.
    /// </summary>
    public readonly double VariationBound()
    {
        double bound = 0;
        for (int k = 0; k < _count; k++)
        {
            int o = k * Width;
            double r = _rate[k];
            if (r == 0)
            {
                if (_c[o + 1] != 0 || _c[o + 2] != 0 || _c[o + 3] != 0) return double.PositiveInfinity;
                continue;
            }
            if (r > 0) return double.PositiveInfinity;
            double scale = 1 / (Math.E * -r);
            bound += Math.Abs(_c[o]) + Math.Abs(_c[o + 1]) * scale + Math.Abs(_c[o + 2]) * 4 * scale * scale
                     + Math.Abs(_c[o + 3]) * 27 * scale * scale * scale;
        }
        if (HasOscillation)
        {
            if (_alpha > 0) return double.PositiveInfinity;
            bound += Math.Sqrt(_cosCoef * _cosCoef + _sinCoef * _sinCoef);
        }
        return bound;
    }

    /// <summary>Oscillation parameters (alpha 1/ms, omega rad/ms, cosine and sine coefficients).</summary>
    public readonly (double Alpha, double Omega, double Cos, double Sin) Oscillation => (_alpha, _omega, _cosCoef, _sinCoef);
}
