using SpikeSim.Modeling;
using SpikeSim.Randomness;

namespace SpikeSim.Connectivity;

/// <summary>Draws values (weights, delays, initial potentials) from a <see cref="ValueSpec"/>.</summary>
public static class ValueSampler
{
    private const int MaxRedraws = 10_000;

    /// <summary>
    /// One draw in the field's internal unit. Draws outside [Min, Max] are redrawn; a distribution that keeps
    /// missing its bounds throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public static double Draw(ValueSpec spec, ref RandomStream rng)
    {
        switch (spec)
        {
            case ConstantValue c:
                return c.Value;
            case DistributionValue d:
                for (int attempt = 0; attempt < MaxRedraws; attempt++)
                {
                    double x = DrawUnbounded(d, ref rng);
                    if (x >= d.Min && x <= d.Max) return x;
                }
                throw new InvalidOperationException(
                    $"{d.Kind} distribution (A={d.A}, B={d.B}) drew no value inside [{d.Min}, {d.Max}] in {MaxRedraws} tries");
            default:
                throw new ArgumentException($"unknown value spec {spec.GetType().Name}", nameof(spec));
        }
    }

    /// <summary>The smallest and largest value <see cref="Draw"/> can return (±infinity where unbounded).</summary>
    public static (double Low, double High) Support(ValueSpec spec) => spec switch
    {
        ConstantValue c => (c.Value, c.Value),
        DistributionValue { Kind: DistributionKind.Uniform } u => (Math.Max(u.A, u.Min), Math.Min(u.B, u.Max)),
        DistributionValue { Kind: DistributionKind.LogNormal } l => l.A > 0 ? (Math.Max(0, l.Min), l.Max) : (l.Min, Math.Min(0, l.Max)),
        DistributionValue d => (d.Min, d.Max),
        FileValue f => (f.Min, f.Max),
        _ => throw new ArgumentException($"unknown value spec {spec.GetType().Name}", nameof(spec)),
    };

    private static double DrawUnbounded(DistributionValue d, ref RandomStream rng)
    {
        switch (d.Kind)
        {
            case DistributionKind.Normal:
                return d.A + d.B * rng.NextGaussian();
            case DistributionKind.Uniform:
                return d.A + (d.B - d.A) * rng.NextDouble();
            case DistributionKind.LogNormal:
            {
                // A and B are the mean and standard deviation of the value itself: sigma^2 = ln(1 + B^2/A^2),
                // mu = ln|A| - sigma^2/2. A negative mean mirrors the distribution (inhibitory weights).
                double m = Math.Abs(d.A);
                double sigma2 = Math.Log(1.0 + d.B * d.B / (m * m));
                double mu = Math.Log(m) - 0.5 * sigma2;
                double x = Math.Exp(mu + Math.Sqrt(sigma2) * rng.NextGaussian());
                return d.A < 0 ? -x : x;
            }
            default:
                throw new ArgumentException($"unknown distribution {d.Kind}");
        }
    }
}
