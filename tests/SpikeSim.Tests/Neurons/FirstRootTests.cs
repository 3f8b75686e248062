using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>The first root of a polynomial on [0, 1] by Bernstein subdivision (<see cref="FirstRoot"/>).</summary>
public class FirstRootTests
{
    [Fact]
    public void BriefExcursionAboveZeroIsFoundAtItsStart()
    {
        // p(x) = 1e-4 - (x - 0.5)^2 = -0.2499 + x - x^2: positive only on (0.49, 0.51), negative at both ends.
        double[] a = [-0.2499, 1, -1];
        Assert.Equal(0.49, FirstRoot.Find(a, 2), 1e-14);
    }

    [Fact]
    public void EarliestOfSeveralRootsIsReturned()
    {
        // p(x) = (x - 0.2)(x - 0.3)(x - 0.9): rises through 0.2, falls at 0.3, rises at 0.9; first root 0.2.
        double[] a = [-0.054, 0.51, -1.4, 1];
        Assert.Equal(0.2, FirstRoot.Find(a, 3), 1e-14);
    }

    [Fact]
    public void PolynomialBelowZeroHasNoRoot()
    {
        // p(x) = -1e-6 - (x - 0.5)^2 just misses zero at x = 0.5.
        double[] a = [-0.250001, 1, -1];
        Assert.Equal(-1, FirstRoot.Find(a, 2));
    }

    [Fact]
    public void HighDegreeRootMatchesBisection()
    {
        // p(x) = e^(3x) - 2 truncated at degree 20 (Taylor coefficients 3^k/k!): root ln(2)/3 to 1e-14.
        var a = new double[21];
        double term = 1;
        for (int k = 0; k <= 20; k++) { a[k] = term; term *= 3.0 / (k + 1); }
        a[0] -= 2;
        Assert.Equal(Math.Log(2) / 3, FirstRoot.Find(a, 20), 1e-14);
    }
}
