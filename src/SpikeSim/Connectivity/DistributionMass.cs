using MathNet.Numerics;
using SpikeSim.Modeling;

namespace SpikeSim.Connectivity;

/// <summary>
/// How much of a truncated distribution lies inside its bounds [min, max]: the chance that one unbounded draw is
/// kept. <see cref="ValueSampler"/> redraws values outside the bounds, so a distribution with almost no mass
/// inside them could never be sampled; the model reader refuses it up front.
/// </summary>
public static class DistributionMass
{
    /// <summary>
    /// The smallest accepted mass. With 10,000 redraws per value the chance that one value fails is then
    /// (1 - 0.01)^10000 ≈ e^-100: never, even over 10^12 draws.
    /// </summary>
    public const double Minimum = 0.01;

    /// <summary>The probability that an unbounded draw of <paramref name="d"/> falls in [Min, Max].</summary>
    public static double Inside(DistributionValue d)
    {
        switch (d.Kind)
        {
            case DistributionKind.Uniform:
                return Math.Max(0, Math.Min(d.B, d.Max) - Math.Max(d.A, d.Min)) / (d.B - d.A);
            case DistributionKind.Normal:
                if (d.B == 0) return d.A >= d.Min && d.A <= d.Max ? 1 : 0;
                return NormalBetween((d.Min - d.A) / d.B, (d.Max - d.A) / d.B);
            case DistributionKind.LogNormal:
            {
                double m = Math.Abs(d.A);
                double sigma2 = Math.Log(1.0 + d.B * d.B / (m * m));
                double mu = Math.Log(m) - 0.5 * sigma2, sigma = Math.Sqrt(sigma2);
                // |x| = e^(mu + sigma z); mirror the bounds for a negative mean.
                double lo = d.A > 0 ? d.Min : -d.Max, hi = d.A > 0 ? d.Max : -d.Min;
                if (hi <= 0) return 0;
                if (sigma == 0) return m >= lo && m <= hi ? 1 : 0;
                double zLo = lo <= 0 ? double.NegativeInfinity : (Math.Log(lo) - mu) / sigma;
                double zHi = double.IsPositiveInfinity(hi) ? double.PositiveInfinity : (Math.Log(hi) - mu) / sigma;
                return NormalBetween(zLo, zHi);
            }
            default:
                throw new ArgumentException($"unknown distribution {d.Kind}", nameof(d));
        }
    }

    /// <summary>P(a &lt;= Z &lt;= b) for a standard normal Z, accurate in both tails.</summary>
    private static double NormalBetween(double a, double b)
    {
        if (a >= b) return 0;
        // Work in the tail nearer to the interval so that tiny masses are not lost to cancellation.
        if (a > 0) return 0.5 * (SpecialFunctions.Erfc(a / Math.Sqrt(2)) - SpecialFunctions.Erfc(b / Math.Sqrt(2)));
        if (b < 0) return 0.5 * (SpecialFunctions.Erfc(-b / Math.Sqrt(2)) - SpecialFunctions.Erfc(-a / Math.Sqrt(2)));
        return 1 - 0.5 * SpecialFunctions.Erfc(-a / Math.Sqrt(2)) - 0.5 * SpecialFunctions.Erfc(b / Math.Sqrt(2));
    }
}
