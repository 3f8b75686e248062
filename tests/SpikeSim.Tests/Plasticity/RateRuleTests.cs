using SpikeSim.Modeling;
using SpikeSim.Plasticity;

namespace SpikeSim.Tests.Plasticity;

/// <summary>The rate-based Hebbian rules: one step against the formula, and Oja's rule finding the first principal component.</summary>
public class RateRuleTests
{
    private static RateRuleSpec Rule(RateRuleKind kind, double eta, double tauTheta = 10) =>
        new(kind, eta, tauTheta, double.NegativeInfinity, double.PositiveInfinity);

    [Fact]
    public void OneStepOfEachRuleFollowsItsFormula()
    {
        double[] x = [0.5, 2.0], y = [1.5];
        double[] w = [0.2, -0.4];
        RateRule.Apply(Rule(RateRuleKind.Hebb, 0.1), w, x, y, []);
        Assert.Equal([0.2 + 0.1 * 1.5 * 0.5, -0.4 + 0.1 * 1.5 * 2.0], w); // Δw = η y x

        w = [0.2, -0.4];
        RateRule.Apply(Rule(RateRuleKind.Oja, 0.1), w, x, y, []);
        Assert.Equal([0.2 + 0.1 * 1.5 * (0.5 - 1.5 * 0.2), -0.4 + 0.1 * 1.5 * (2.0 - 1.5 * -0.4)], w); // Δw = η y (x − y w)

        w = [0.2, -0.4];
        double[] theta = [1.0];
        RateRule.Apply(Rule(RateRuleKind.Bcm, 0.1, tauTheta: 4), w, x, y, theta);
        Assert.Equal([0.2 + 0.1 * 0.5 * 1.5 * 0.5, -0.4 + 0.1 * 2.0 * 1.5 * 0.5], w); // Δw = η x y (y − θ)
        Assert.Equal(1.0 + (1.5 * 1.5 - 1.0) / 4, theta[0]);                    // Δθ = (y² − θ)/τ_θ
    }

    [Fact]
    public void BoundsClipTheWeights()
    {
        double[] w = [0.9];
        RateRule.Apply(new RateRuleSpec(RateRuleKind.Hebb, 1, 10, 0, 1), w, [1.0], [1.0], []);
        Assert.Equal([1.0], w);
    }

    [Fact]
    public void OjasRuleConvergesToTheFirstPrincipalComponent()
    {
        // Inputs x = L z with z standard normal: covariance C = L Lᵀ = [[3, 1], [1, 2]], whose leading eigenvector
        // is (cos φ, sin φ) with tan 2φ = 2·1/(3 − 2), eigenvalue (5 + √5)/2.
        double l11 = Math.Sqrt(3), l21 = 1 / Math.Sqrt(3), l22 = Math.Sqrt(2 - 1.0 / 3);
        var random = new Random(42);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[] w = [0.3, -0.8];
        double[] x = new double[2], y = new double[1];
        // A larger learning rate to converge, then a small one to settle (the fluctuations scale with η).
        for (int step = 0; step < 60_000; step++)
        {
            var rule = Rule(RateRuleKind.Oja, step < 20_000 ? 0.005 : 0.0002);
            double z1 = Gaussian(), z2 = Gaussian();
            x[0] = l11 * z1;
            x[1] = l21 * z1 + l22 * z2;
            y[0] = w[0] * x[0] + w[1] * x[1];
            RateRule.Apply(rule, w, x, y, []);
        }
        double phi = 0.5 * Math.Atan2(2, 1);
        double norm = Math.Sqrt(w[0] * w[0] + w[1] * w[1]);
        Assert.Equal(1.0, norm, 0.05);                                       // Oja normalises: |w| → 1
        double cosine = Math.Abs(w[0] * Math.Cos(phi) + w[1] * Math.Sin(phi)) / norm;
        Assert.True(cosine > 0.999, $"w = ({w[0]}, {w[1]}), cos = {cosine}"); // aligned with the first PC
    }
}
