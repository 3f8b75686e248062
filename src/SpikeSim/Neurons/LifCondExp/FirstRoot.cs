namespace SpikeSim.Neurons;

/// <summary>
/// The first point where a polynomial on [0, 1] reaches zero from below, found by Bernstein subdivision: in the
/// Bernstein basis of an interval a polynomial lies inside the convex hull of its coefficients, so an interval
/// whose coefficients are all negative holds no root, and one whose coefficients increase holds at most one sign
/// change. Other intervals are halved (de Casteljau), earliest half first, so the first root is found even when
/// the polynomial rises above zero and falls back within the interval.
/// </summary>
internal static class FirstRoot
{
    private const int MaxDepth = 64;
    private const double Tolerance = 1e-15;

    /// <summary>
    /// The smallest x in [0, 1] with p(x) ≥ 0, p(x) = sum_k a_k x^k of degree n with p(0) &lt; 0, to 1e-15 (the
    /// side where p ≥ 0); or -1 when p &lt; 0 on the whole interval.
    /// </summary>
    public static double Find(ReadOnlySpan<double> a, int n)
    {
        // Cheap rejection: p(x) ≤ a_0 + sum of the positive a_k on [0, 1].
        double upper = a[0];
        for (int k = 1; k <= n; k++) if (a[k] > 0) upper += a[k];
        if (upper < 0) return -1;

        int m = n + 1;
        Span<double> stack = stackalloc double[m * (MaxDepth + 2)];
        Span<double> lows = stackalloc double[MaxDepth + 2];
        Span<double> widths = stackalloc double[MaxDepth + 2];
        Span<double> work = stackalloc double[m];
        ToBernstein(a, n, stack[..m]);
        lows[0] = 0;
        widths[0] = 1;
        int top = 1;
        while (top > 0)
        {
            top--;
            Span<double> b = stack.Slice(top * m, m);
            double lo = lows[top], width = widths[top];
            double max = b[0];
            bool rising = true;
            for (int i = 1; i < m; i++)
            {
                if (b[i] > max) max = b[i];
                if (b[i] < b[i - 1]) rising = false;
            }
            if (max < 0) continue;
            if (b[0] >= 0) return lo;
            if (rising || width <= Tolerance || top >= MaxDepth) return Refine(a, n, lo, lo + width);
            // Halve: the right half goes below the left so that the earlier one is examined first.
            b.CopyTo(work);
            Span<double> left = stack.Slice((top + 1) * m, m);
            left[0] = work[0];
            b[n] = work[n];
            for (int r = 1; r <= n; r++)
            {
                for (int i = 0; i <= n - r; i++) work[i] = 0.5 * (work[i] + work[i + 1]);
                left[r] = work[0];
                b[n - r] = work[n - r];
            }
            lows[top] = lo + 0.5 * width;
            widths[top] = 0.5 * width;
            lows[top + 1] = lo;
            widths[top + 1] = 0.5 * width;
            top += 2;
        }
        return -1;
    }

    /// <summary>
    /// The one sign change of p on [0, 1] when p(0) &lt; 0 ≤ p(1) and p changes sign only once there, to 1e-15 (the
    /// side where p ≥ 0).
    /// </summary>
    public static double FindRising(ReadOnlySpan<double> a, int n) => Refine(a, n, 0, 1);

    /// <summary>b_i = sum_{k ≤ i} C(i, k) / C(n, k) a_k: the Bernstein coefficients of p on [0, 1].</summary>
    private static void ToBernstein(ReadOnlySpan<double> a, int n, Span<double> b)
    {
        b.Clear();
        double inverseBinomial = 1; // 1 / C(n, k)
        for (int k = 0; k <= n; k++)
        {
            double r = inverseBinomial; // C(i, k) / C(n, k) for i = k
            for (int i = k; i <= n; i++)
            {
                b[i] += r * a[k];
                r *= (i + 1.0) / (i + 1.0 - k);
            }
            inverseBinomial *= (k + 1.0) / (n - k);
        }
    }

    /// <summary>
    /// The sign change of p in [lo, hi] where p rises: Newton's method on the power basis kept inside a shrinking
    /// bracket (bisection when a step leaves it), to 1e-15; returns the side where p ≥ 0.
    /// </summary>
    private static double Refine(ReadOnlySpan<double> a, int n, double lo, double hi)
    {
        if (CondExpSeries.Evaluate(a, n, hi) < 0) return hi; // rounding at a tangency: take the interval's end
        double x = 0.5 * (lo + hi);
        for (int i = 0; i < 200; i++)
        {
            double f = CondExpSeries.Evaluate(a, n, x);
            if (f >= 0) hi = x; else lo = x;
            if (hi - lo <= Tolerance) break;
            double slope = CondExpSeries.Derivative(a, n, x);
            double next = slope > 0 ? x - f / slope : double.NaN;
            // Newton converges from one side: once its step is below the tolerance, step just past the root
            // so that the bracket closes around it.
            if (Math.Abs(next - x) < 0.5 * Tolerance) next = f < 0 ? x + 0.5 * Tolerance : x - 0.5 * Tolerance;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            x = next;
        }
        return hi;
    }
}
