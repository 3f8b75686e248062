namespace SpikeSim.Neurons;

/// <summary>
/// Exact threshold-crossing search on an <see cref="ExpPolynomial"/>: the first time f reaches 0 from below.
/// <para>Why no crossing is missed (a generalised Rolle argument): for any rate r, e^(-rt) f(t) has derivative
/// e^(-rt) (f' - r f). Between two consecutive sign changes of g = f' - r f, e^(-rt) f is monotone, so f has at
/// most one sign change there, and its sign at the two ends says whether it has one. Choosing r as one of f's own
/// rates makes g simpler than f: that term loses a polynomial degree, and after enough such steps only a single
/// term remains, c e^(rt) (no sign change) or a damped oscillation (whose zeros are in closed form). So the sign
/// changes of every function in the chain are found exactly, from the bottom up, each by a bracketed root search
/// (Newton's method kept inside the bracket, to 1e-12 ms); and on the pieces they delimit f itself is checked at the
/// ends. This finds a crossing even when f rises above 0 and falls back between two samples, including a touch at
/// an extremum, up to the rounding of f near that extremum.</para>
/// <para>With an oscillation the search runs window by window (half a period each), so that every window holds
/// few sign changes; the windows are searched in time order and the first crossing ends the search.</para>
/// </summary>
internal static class ExpPolynomialRoots
{
    /// <summary>Root tolerance, ms.</summary>
    public const double Tolerance = 1e-12;
    private const int MaxChanges = 48;

    /// <summary>
    /// The earliest time in [start, until] at which f(time - start) ≥ 0, or +infinity; until may be +infinity. For an
    /// unbounded search every rate but the constant's must be negative: then beyond a horizon H, where the terms'
    /// tail bound drops below |constant|, f keeps the constant's sign, so the search on [0, H] decides.
    /// </summary>
    public static double FirstReachFrom(in ExpPolynomial f, double start, double until)
    {
        if (start > until) return double.PositiveInfinity;
        if (f.Value(0) >= 0) return start;
        double h = until - start;
        if (double.IsPositiveInfinity(h))
        {
            double c = f.Constant;
            if (c < 0 && c + f.VariationBound() < 0) return double.PositiveInfinity;
            h = Horizon(f, Math.Abs(c));
        }
        double t = FirstReach(f, h);
        return double.IsPositiveInfinity(t) ? t : Math.Min(start + t, until);
    }

    /// <summary>
    /// A time beyond which f keeps the sign of its constant: the first of T0, 2 T0, 4 T0, ... where the tail bound is
    /// below |constant| (T0 = the terms' <see cref="ExpPolynomial.TailStart"/> or slowest time), at most 800 slowest
    /// time constants (where every term has underflowed).
    /// </summary>
    private static double Horizon(in ExpPolynomial f, double constantSize)
    {
        double slowest = f.SlowestTime;
        if (slowest == 0) return 0;
        double cap = 800 * slowest;
        for (double t = Math.Max(f.TailStart, slowest); ; t *= 2)
        {
            if (t >= cap) return cap;
            if (f.TailBound(t) < constantSize) return t;
        }
    }

    /// <summary>
    /// The earliest t in [0, h] with f(t) ≥ 0 (to 1e-12 ms, on the side where f ≥ 0), or +infinity. h is finite.
    /// </summary>
    public static double FirstReach(in ExpPolynomial f, double h)
    {
        if (f.Value(0) >= 0) return 0;
        double window = f.HasOscillation ? Math.PI / f.Omega : h;
        for (double a = 0; a < h;)
        {
            double b = Math.Min(a + window, h);
            if (!(b > a)) break;
            double t = FirstReachIn(f, a, b);
            if (!double.IsPositiveInfinity(t)) return t;
            a = b;
        }
        return double.PositiveInfinity;
    }

    /// <summary>The earliest t in [a, b] with f(t) ≥ 0, given f(a) &lt; 0, or +infinity.</summary>
    private static double FirstReachIn(in ExpPolynomial f, double a, double b)
    {
        Span<double> breaks = stackalloc double[MaxChanges];
        int n = 0;
        if (f.Count > 0 || f.HasOscillation) SignChanges(Reduced(f), a, b, breaks, ref n);
        double left = a;
        for (int i = 0; i <= n; i++)
        {
            double right = i < n ? breaks[i] : b;
            if (f.Value(right) >= 0) return Root(f, left, right, leftNegative: true);
            left = right;
        }
        return double.PositiveInfinity;
    }

    /// <summary>f' - r f with r one of f's rates (its oscillation's decay rate when it has no real term).</summary>
    private static ExpPolynomial Reduced(in ExpPolynomial f) =>
        f.Eliminated(f.Count > 0 ? f.RateOf(0) : f.Oscillation.Alpha);

    /// <summary>Appends, in increasing order, the points in (a, b) where f changes sign.</summary>
    private static void SignChanges(in ExpPolynomial f, double a, double b, Span<double> into, ref int count)
    {
        if (f.Count == 0)
        {
            if (f.HasOscillation) OscillationZeros(f, a, b, into, ref count);
            return;
        }
        if (f.Count == 1 && !f.HasOscillation && IsConstantTerm(f)) return; // c e^(rt): one sign throughout
        Span<double> breaks = stackalloc double[MaxChanges];
        int n = 0;
        SignChanges(Reduced(f), a, b, breaks, ref n);
        double left = a, fLeft = f.Value(a);
        for (int i = 0; i <= n; i++)
        {
            double right = i < n ? breaks[i] : b;
            double fRight = f.Value(right);
            if ((fLeft < 0 && fRight > 0) || (fLeft > 0 && fRight < 0))
            {
                if (count == into.Length) throw new InvalidOperationException("Too many sign changes in one window.");
                into[count++] = Root(f, left, right, leftNegative: fLeft < 0);
            }
            left = right; fLeft = fRight;
        }
    }

    private static bool IsConstantTerm(in ExpPolynomial f) => f.Eliminated(f.RateOf(0)).Count == 0;

    /// <summary>Zeros in (a, b) of e^(alpha t)(A cos wt + B sin wt) = rho e^(alpha t) cos(wt - phi): wt = phi + pi/2 + k pi.</summary>
    private static void OscillationZeros(in ExpPolynomial f, double a, double b, Span<double> into, ref int count)
    {
        (_, double omega, double cos, double sin) = f.Oscillation;
        double phase = Math.Atan2(sin, cos) + Math.PI / 2;
        double k = Math.Ceiling((omega * a - phase) / Math.PI);
        for (double t = (phase + k * Math.PI) / omega; t < b; k++, t = (phase + k * Math.PI) / omega)
        {
            if (t <= a) continue;
            if (count == into.Length) throw new InvalidOperationException("Too many sign changes in one window.");
            into[count++] = t;
        }
    }

    /// <summary>
    /// The sign change of f in [a, b] (f(a) and f(b) of opposite signs, or f(b) = 0): Newton's method kept inside the
    /// shrinking bracket, bisection where Newton would leave it, to 1e-12 ms. Returns a point on the side of b.
    /// </summary>
    public static double Root(in ExpPolynomial f, double a, double b, bool leftNegative)
    {
        double sign = leftNegative ? 1 : -1; // sign * f rises through 0
        double x = 0.5 * (a + b);
        for (int i = 0; i < 300; i++)
        {
            if (b - a <= Tolerance) return b;
            (double v, double s) = f.ValueAndSlope(x);
            v *= sign; s *= sign;
            if (v >= 0) b = x; else a = x;
            if (v == 0) return x;
            double next = s > 0 ? x - v / s : double.NaN;
            if (!(next > a && next < b)) next = 0.5 * (a + b);
            if (next <= a || next >= b) return b; // the bracket cannot shrink further in double precision
            if (Math.Abs(next - x) <= Tolerance)
            {
                // Newton has converged, perhaps from one side only: close the bracket around its answer.
                double lo = Math.Max(a, next - Tolerance), hi = Math.Min(b, next + Tolerance);
                if (sign * f.Value(hi) >= 0) b = hi; else a = hi;
                if (lo > a && lo < b) { if (sign * f.Value(lo) >= 0) b = lo; else a = lo; }
                next = 0.5 * (a + b);
                if (next <= a || next >= b) return b;
            }
            x = next;
        }
        return b;
    }
}
