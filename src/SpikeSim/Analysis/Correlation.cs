namespace SpikeSim.Analysis;

/// <summary>Correlation of two paired samples.</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r = cov(x, y) / (sd(x) sd(y)), in [-1, 1]; NaN when fewer than two pairs or either sample is constant
    /// (<see cref="IsConstant"/>: every value equal, checked on the values themselves, so that the rounding of a mean
    /// cannot leave a tiny variance and a meaningless r such as -1.2e-15).
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("the samples differ in length");
        int n = x.Length;
        if (n < 2 || IsConstant(x) || IsConstant(y)) return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN; // (underflow of tiny differences)
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>Whether every value of <paramref name="x"/> equals the first (true for an empty sample); r is undefined on such a sample.</summary>
    public static bool IsConstant(ReadOnlySpan<double> x)
    {
        for (int i = 1; i < x.Length; i++)
            if (x[i] != x[0]) return false;
        return true;
    }
}
