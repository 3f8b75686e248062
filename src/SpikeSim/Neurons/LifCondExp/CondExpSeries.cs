using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// One integration step of <see cref="CondExpLif"/>: the Taylor series of V and w about the step's start, to as
/// many terms as double precision needs. Between inputs the conductances are known in closed form,
/// g_x(t0 + u) = g_x(t0) e^(-u/tau_x), so their series are exact, and V and w follow from the recurrence
/// <code>
///   C_m dV/du = g_L (E_L - V) + g_ex(u) (E_ex - V) + g_in(u) (E_in - V) + I - w
///   tau_w dw/du = a (V - E_L) - w
/// </code>
/// Coefficients are scaled to the step: V(t0 + x h) = sum_k c_k x^k for x in [0, 1] (the same for w with d_k),
/// so the polynomial is a dense solution on the whole step. The step length is capped at C_m/(g_L + g_ex + g_in), at half of
/// each synaptic time constant (of a conductance that still matters) and, with adaptation, at half the inverse of a bound on the coupled system's rates,
/// so that the scaled coefficients fall fast. Terms are added until two
/// successive ones and the conductances' next contributions are below 1e-15 of the scale of V (a truncation error
/// of order 1e-13 mV per step; with at most 40 terms: 1/40! is far below any double's precision).
/// </summary>
internal static class CondExpSeries
{
    /// <summary>Length of a coefficient buffer: the most terms a step uses.</summary>
    public const int MaxTerms = 40;

    /// <summary>1/k for k = 0..MaxTerms (1/0 unused): the recurrence multiplies instead of dividing.</summary>
    private static readonly double[] Reciprocal = [.. Enumerable.Range(0, MaxTerms + 1).Select(k => k == 0 ? 0 : 1.0 / k)];

    /// <summary>
    /// The longest step (ms) from V = v (mV) with conductances gEx, gIn (nS) and adaptation current w (pA):
    /// C_m/G, and half of each synaptic (and adaptation) time constant whose term can still move V by more than
    /// 1e-15 of it.
    /// </summary>
    /// <exception cref="Engine.DynamicsOverflowException">The step is below <see cref="MinStepMs"/> (or not a number): the conductances overflowed.</exception>
    public static double MaxStep(CondExpParameters p, double v, double gEx, double gIn, double w)
    {
        // The decay of V towards its drive (rate G/C) only makes terms fall like (h G/C)^k/k!; the conductances'
        // exponentials enter V's equation as coefficients, and their series fall much more slowly (like Bell
        // numbers over k!) unless h is well below tau_syn. A conductance whose whole remaining charge,
        // g tau |E - V| / C, is below 1e-15 of V cannot matter.
        double g = p.GL + gEx + gIn, negligible = 1e-15 * Math.Max(1, Math.Abs(v)) * p.Cm;
        double h = p.Cm / g;
        if (gEx * p.TauEx * Math.Abs(p.EEx - v) > negligible) h = Math.Min(h, 0.5 * p.TauEx);
        if (gIn * p.TauIn * Math.Abs(p.EIn - v) > negligible) h = Math.Min(h, 0.5 * p.TauIn);
        if (p.CoupledAdaptation)
            h = Math.Min(h, 0.5 / (g / p.Cm + 1 / p.TauW + Math.Sqrt(Math.Abs(g + p.A) / (p.Cm * p.TauW))));
        else if (Math.Abs(w) * p.TauW > negligible)
            h = Math.Min(h, 0.5 * p.TauW);
        if (!(h >= MinStepMs)) ThrowTooLarge(gEx, gIn, w, p);
        return h;
    }

    /// <summary>
    /// The shortest step the integration accepts, ms: C_m/G below it means a total conductance above C_m / 1e-6 ms
    /// (250,000 µS for 250 pF, 10^5 times what whole networks drive), whose decay would take millions of steps per
    /// input (or, when it overflowed, never end).
    /// </summary>
    public const double MinStepMs = 1e-6;

    private static void ThrowTooLarge(double gEx, double gIn, double w, CondExpParameters p) =>
        throw new Engine.DynamicsOverflowException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"its conductances (g_ex = {gEx} nS, g_in = {gIn} nS, w = {w} pA) are too large to integrate (a step of C_m/G = {p.Cm / (p.GL + gEx + gIn):G3} ms, below 1e-6 ms)"));

    /// <summary>
    /// The scaled Taylor coefficients of V (into <paramref name="c"/>) and w (into <paramref name="d"/>) over a step
    /// of h ms from (v, w, gEx, gIn) under the injected current (I_e + inputs, pA); returns the degree n (c[0..n]).
    /// Buffers hold <see cref="MaxTerms"/> values.
    /// </summary>
    public static int Expand(CondExpParameters p, double current, double v, double w, double gEx, double gIn, double h,
                             Span<double> c, Span<double> d)
    {
        if (c.Length < MaxTerms || d.Length < MaxTerms) throw new ArgumentException("A coefficient buffer is too short.");
        Span<double> gHatBuffer = stackalloc double[MaxTerms];
        // The loops below index within MaxTerms only: without bounds checks.
        ref double gHat = ref MemoryMarshal.GetReference(gHatBuffer);
        ref double cs = ref MemoryMarshal.GetReference(c);
        ref double ds = ref MemoryMarshal.GetReference(d);
        double q = h / p.Cm, qw = h / p.TauW, dEx = p.EEx - v, dIn = p.EIn - v;
        double rEx = -h / p.TauEx, rIn = -h / p.TauIn;
        double eps = 1e-15 * Math.Max(1, Math.Abs(v));
        bool coupled = p.CoupledAdaptation;

        cs = v;
        ds = w;
        double g0 = p.GL + gEx + gIn;
        gHat = g0;
        Unsafe.Add(ref cs, 1) = q * (p.GL * (p.EL - v) + gEx * dEx + gIn * dIn + current - w);
        Unsafe.Add(ref ds, 1) = coupled ? qw * (p.A * (v - p.EL) - w) : -qw * w;
        double eEx = gEx, eIn = gIn; // g_x (-h/tau_x)^k / k!: the conductances' own scaled coefficients
        ref double inverse = ref MemoryMarshal.GetArrayDataReference(Reciprocal);
        for (int k = 1; k < MaxTerms - 1; k++)
        {
            double invK = Unsafe.Add(ref inverse, k), invNext = Unsafe.Add(ref inverse, k + 1);
            eEx *= rEx * invK;
            eIn *= rIn * invK;
            Unsafe.Add(ref gHat, k) = eEx + eIn;
            // (k+1) c_{k+1} = q (ghat_ex,k (E_ex - v) + ghat_in,k (E_in - v) - sum_{j<k} ghat_j c_{k-j} - d_k):
            // the V_0 part of the product G V is folded into the differences E_x - v. The sum over j ≥ 1 needs
            // only older coefficients and runs in two interleaved partial sums; c_k comes last. So the sums of
            // successive terms overlap in the processor instead of forming one chain of k(k+1)/2 dependent
            // subtractions.
            double even = 0, odd = 0;
            int j = k - 1;
            for (; j >= 2; j -= 2)
            {
                even += Unsafe.Add(ref gHat, j) * Unsafe.Add(ref cs, k - j);
                odd += Unsafe.Add(ref gHat, j - 1) * Unsafe.Add(ref cs, k - j + 1);
            }
            if (j == 1) even += Unsafe.Add(ref gHat, 1) * Unsafe.Add(ref cs, k - 1);
            double ck = Unsafe.Add(ref cs, k), dk = Unsafe.Add(ref ds, k);
            double drive = eEx * dEx + eIn * dIn;
            double next = q * (drive - dk - (even + odd) - g0 * ck) * invNext;
            double dNext = coupled ? qw * (p.A * ck - dk) * invNext : -qw * dk * invNext;
            Unsafe.Add(ref cs, k + 1) = next;
            Unsafe.Add(ref ds, k + 1) = dNext;
            if (k >= 2
                && Math.Abs(ck) + Math.Abs(next) <= eps
                && q * (Math.Abs(dk) + Math.Abs(dNext)) <= eps
                && q * (Math.Abs(eEx * dEx) + Math.Abs(eIn * dIn)) <= eps)
                return k + 1;
        }
        return MaxTerms - 1;
    }

    /// <summary>
    /// <see cref="MaxStep"/> of eight lanes, operation for operation; a lane whose step is below <see cref="MinStepMs"/>
    /// (or not a number) is reported in <paramref name="invalid"/> instead of throwing.
    /// </summary>
    public static Vector512<double> MaxStepLanes(CondExpParameters p, Vector512<double> v, Vector512<double> gEx, Vector512<double> gIn,
                                                 Vector512<double> w, out Vector512<double> invalid)
    {
        Vector512<double> g = Vector512.Create(p.GL) + gEx + gIn;
        Vector512<double> negligible = Vector512.Create(1e-15) * Vector512.Max(Vector512<double>.One, Vector512.Abs(v)) * Vector512.Create(p.Cm);
        Vector512<double> h = Vector512.Create(p.Cm) / g;
        h = Vector512.ConditionalSelect(Vector512.GreaterThan(gEx * Vector512.Create(p.TauEx) * Vector512.Abs(Vector512.Create(p.EEx) - v), negligible),
                                        Vector512.Min(h, Vector512.Create(0.5 * p.TauEx)), h);
        h = Vector512.ConditionalSelect(Vector512.GreaterThan(gIn * Vector512.Create(p.TauIn) * Vector512.Abs(Vector512.Create(p.EIn) - v), negligible),
                                        Vector512.Min(h, Vector512.Create(0.5 * p.TauIn)), h);
        if (p.CoupledAdaptation)
        {
            Vector512<double> rate = g / Vector512.Create(p.Cm) + Vector512.Create(1 / p.TauW)
                                   + Vector512.Sqrt(Vector512.Abs(g + Vector512.Create(p.A)) / Vector512.Create(p.Cm * p.TauW));
            h = Vector512.Min(h, Vector512.Create(0.5) / rate);
        }
        else
        {
            h = Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Abs(w) * Vector512.Create(p.TauW), negligible),
                                            Vector512.Min(h, Vector512.Create(0.5 * p.TauW)), h);
        }
        invalid = ~Vector512.GreaterThanOrEqual(h, Vector512.Create(MinStepMs));
        return h;
    }

    /// <summary>
    /// <see cref="Expand"/> of eight lanes, each with its own state and step h, operation for operation: the terms are
    /// computed for all lanes until every lane has converged, and each lane's degree goes to <paramref name="degree"/>
    /// (its coefficients past it are not used). Buffers hold <see cref="MaxTerms"/> vectors.
    /// </summary>
    public static void ExpandLanes(CondExpParameters p, Vector512<double> current, Vector512<double> v, Vector512<double> w, Vector512<double> gEx,
                                   Vector512<double> gIn, Vector512<double> h, Span<Vector512<double>> c, Span<Vector512<double>> d,
                                   out Vector512<double> degree)
    {
        if (c.Length < MaxTerms || d.Length < MaxTerms) throw new ArgumentException("A coefficient buffer is too short.");
        Span<Vector512<double>> gHatBuffer = stackalloc Vector512<double>[MaxTerms];
        ref Vector512<double> gHat = ref MemoryMarshal.GetReference(gHatBuffer);
        ref Vector512<double> cs = ref MemoryMarshal.GetReference(c);
        ref Vector512<double> ds = ref MemoryMarshal.GetReference(d);
        Vector512<double> q = h / Vector512.Create(p.Cm), qw = h / Vector512.Create(p.TauW);
        Vector512<double> dEx = Vector512.Create(p.EEx) - v, dIn = Vector512.Create(p.EIn) - v;
        Vector512<double> rEx = -h / Vector512.Create(p.TauEx), rIn = -h / Vector512.Create(p.TauIn);
        Vector512<double> eps = Vector512.Create(1e-15) * Vector512.Max(Vector512<double>.One, Vector512.Abs(v));
        bool coupled = p.CoupledAdaptation;
        Vector512<double> a = Vector512.Create(p.A), gL = Vector512.Create(p.GL);

        cs = v;
        ds = w;
        Vector512<double> g0 = gL + gEx + gIn;
        gHat = g0;
        Unsafe.Add(ref cs, 1) = q * (gL * (Vector512.Create(p.EL) - v) + gEx * dEx + gIn * dIn + current - w);
        Unsafe.Add(ref ds, 1) = coupled ? qw * (a * (v - Vector512.Create(p.EL)) - w) : -qw * w;
        Vector512<double> eEx = gEx, eIn = gIn;
        Vector512<double> converged = Vector512<double>.Zero;
        degree = Vector512.Create((double)(MaxTerms - 1));
        ref double inverse = ref MemoryMarshal.GetArrayDataReference(Reciprocal);
        for (int k = 1; k < MaxTerms - 1; k++)
        {
            Vector512<double> invK = Vector512.Create(Unsafe.Add(ref inverse, k)), invNext = Vector512.Create(Unsafe.Add(ref inverse, k + 1));
            eEx *= rEx * invK;
            eIn *= rIn * invK;
            Unsafe.Add(ref gHat, k) = eEx + eIn;
            Vector512<double> even = Vector512<double>.Zero, odd = Vector512<double>.Zero;
            int j = k - 1;
            for (; j >= 2; j -= 2)
            {
                even += Unsafe.Add(ref gHat, j) * Unsafe.Add(ref cs, k - j);
                odd += Unsafe.Add(ref gHat, j - 1) * Unsafe.Add(ref cs, k - j + 1);
            }
            if (j == 1) even += Unsafe.Add(ref gHat, 1) * Unsafe.Add(ref cs, k - 1);
            Vector512<double> ck = Unsafe.Add(ref cs, k), dk = Unsafe.Add(ref ds, k);
            Vector512<double> drive = eEx * dEx + eIn * dIn;
            Vector512<double> next = q * (drive - dk - (even + odd) - g0 * ck) * invNext;
            Vector512<double> dNext = coupled ? qw * (a * ck - dk) * invNext : -qw * dk * invNext;
            Unsafe.Add(ref cs, k + 1) = next;
            Unsafe.Add(ref ds, k + 1) = dNext;
            if (k >= 2)
            {
                Vector512<double> done = Vector512.LessThanOrEqual(Vector512.Abs(ck) + Vector512.Abs(next), eps)
                                       & Vector512.LessThanOrEqual(q * (Vector512.Abs(dk) + Vector512.Abs(dNext)), eps)
                                       & Vector512.LessThanOrEqual(q * (Vector512.Abs(eEx * dEx) + Vector512.Abs(eIn * dIn)), eps);
                Vector512<double> first = Vector512.AndNot(done, converged);
                degree = Vector512.ConditionalSelect(first, Vector512.Create((double)(k + 1)), degree);
                converged |= done;
                if (Vector512.EqualsAll(converged.AsUInt64(), Vector512<ulong>.AllBitsSet)) return;
            }
        }
    }

    /// <summary>
    /// <see cref="Evaluate"/> at x = 1 of eight lanes, each to its own <paramref name="degree"/> (at most
    /// <paramref name="n"/>): Horner's sums in each lane's order (s · 1 is s).
    /// </summary>
    public static Vector512<double> EvaluateAtOneLanes(ReadOnlySpan<Vector512<double>> a, int n, Vector512<double> degree)
    {
        Vector512<double> s = a[n];
        for (int k = n - 1; k >= 0; k--)
            s = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Create((double)k), degree), s + a[k], a[k]);
        return s;
    }

    /// <summary>sum_k a_k x^k by Horner's rule.</summary>
    public static double Evaluate(ReadOnlySpan<double> a, int n, double x)
    {
        double s = a[n];
        for (int k = n - 1; k >= 0; k--) s = s * x + a[k];
        return s;
    }

    /// <summary>The derivative sum_k k a_k x^(k-1) by Horner's rule.</summary>
    public static double Derivative(ReadOnlySpan<double> a, int n, double x)
    {
        if (n == 0) return 0;
        double s = n * a[n];
        for (int k = n - 1; k >= 1; k--) s = s * x + k * a[k];
        return s;
    }
}
