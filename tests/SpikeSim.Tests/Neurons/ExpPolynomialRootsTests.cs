using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>The exact first-crossing search on exponential polynomials, against functions with known roots.</summary>
public class ExpPolynomialRootsTests
{
    /// <summary>f(t) = -(y - y1)(y - y2)(y - y3) with y = e^(-(t + shift)): zeros at t = -ln y_i - shift.</summary>
    private static ExpPolynomial Cubic(double y1, double y2, double y3, double shift)
    {
        var f = new ExpPolynomial();
        double e = Math.Exp(-shift);
        f.Add(-3, -e * e * e);
        f.Add(-2, (y1 + y2 + y3) * e * e);
        f.Add(-1, -(y1 * y2 + y1 * y3 + y2 * y3) * e);
        f.Add(0, y1 * y2 * y3);
        return f;
    }

    [Fact]
    public void FindsTheFirstOfSeveralRootsOfAPolynomialInEToTheMinusT()
    {
        // f < 0 at t = 0 (y = 1 above every y_i), ≥ 0 on [-ln 0.8, -ln 0.5], < 0 until -ln 0.2, then ≥ 0.
        ExpPolynomial f = Cubic(0.8, 0.5, 0.2, 0);
        double first = ExpPolynomialRoots.FirstReach(f, 100);
        Assert.True(Math.Abs(first - -Math.Log(0.8)) <= 1e-12, $"{first:R}");
        Assert.True(f.Value(first) >= 0);
        // From just past the second root the next crossing is -ln 0.2.
        double shift = -Math.Log(0.5) + 0.01;
        double third = ExpPolynomialRoots.FirstReachFrom(Cubic(0.8, 0.5, 0.2, shift), 0, double.PositiveInfinity);
        Assert.True(Math.Abs(third + shift - -Math.Log(0.2)) <= 1e-12, $"{third + shift:R}");
    }

    [Fact]
    public void FindsANarrowExcursionAboveZeroBetweenTwoSamples()
    {
        // f = eps - (y - y0)² with y = e^(-t): above 0 only where |y - y0| < sqrt(eps), a window of ≈ 2 sqrt(eps)/y0 ms.
        double y0 = 0.3, eps = 1e-14;
        var f = new ExpPolynomial();
        f.Add(-2, -1);
        f.Add(-1, 2 * y0);
        f.Add(0, eps - y0 * y0);
        double t = ExpPolynomialRoots.FirstReach(f, 50);
        double expected = -Math.Log(y0 + Math.Sqrt(eps));
        Assert.True(Math.Abs(t - expected) <= 1e-9, $"{t:R} vs {expected:R}");
        var g = new ExpPolynomial();
        g.Add(-2, -1);
        g.Add(-1, 2 * y0);
        g.Add(0, -1e-14 - y0 * y0); // never reaches 0
        Assert.Equal(double.PositiveInfinity, ExpPolynomialRoots.FirstReach(g, 50));
    }

    [Fact]
    public void FindsRootsOfPolynomialTimesExponentialAndOfADampedOscillation()
    {
        // (t - 1)(t - 2)(t - 3) e^(-t/4): first up-crossing at 1.
        var f = new ExpPolynomial();
        f.Add(-0.25, -6, 11, -6, 1);
        Assert.Equal(1, ExpPolynomialRoots.FirstReach(f, 10), 12);
        // c + e^(-t/20) (A cos t + B sin t): first time it reaches 0, against a fine scan and bisection here.
        var g = new ExpPolynomial();
        g.Add(0, -0.7);
        g.SetOscillation(-0.05, 1, -0.2, 0.9);
        double t = ExpPolynomialRoots.FirstReach(g, 100);
        double Value(double x) => -0.7 + Math.Exp(-0.05 * x) * (-0.2 * Math.Cos(x) + 0.9 * Math.Sin(x));
        double a = 0;
        while (Value(a + 1e-3) < 0) a += 1e-3;
        double lo = a, hi = a + 1e-3;
        for (int i = 0; i < 100; i++) { double m = 0.5 * (lo + hi); if (Value(m) >= 0) hi = m; else lo = m; }
        Assert.True(Math.Abs(t - hi) <= 1e-12, $"{t:R} vs {hi:R}");
        // Once the oscillation has decayed below 0.7 it never reaches 0 again: the unbounded search says so.
        var late = new ExpPolynomial();
        late.Add(0, -0.7);
        late.SetOscillation(-0.05, 1, -0.2 * Math.Exp(-0.05 * 30), 0.9 * Math.Exp(-0.05 * 30));
        Assert.Equal(double.PositiveInfinity, ExpPolynomialRoots.FirstReachFrom(late, 0, double.PositiveInfinity));
    }
}
