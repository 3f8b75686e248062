using System.Runtime.Intrinsics;
using SpikeSim.Neurons;
using Xunit;

namespace SpikeSim.Tests.Neurons;

/// <summary><see cref="AoclLogarithm"/> against <see cref="Vector512.Log(Vector512{double})"/> bit for bit (the function it reproduces, on .NET 10), and its accuracy.</summary>
public class AoclLogarithmTests
{
    [Fact]
    public void EqualsTheRuntimesVectorLogBitForBit()
    {
        // The Poisson draws' arguments (uniform in (0, 1)), positive doubles of every exponent, subnormals, and the
        // special values (zero, negative, infinite, NaN) mixed into ordinary lanes.
        var random = new Random(23);
        var x = new double[8];
        double[] special = [0, -0.0, double.Epsilon, 1e-310, 2.2250738585072014E-308, double.PositiveInfinity, double.NegativeInfinity,
                            double.NaN, -1, -1e-300, 1, 2.0 / 3, 4.0 / 3, double.MaxValue];
        for (int trial = 0; trial < 1_000_000; trial++)
        {
            for (int k = 0; k < 8; k++)
            {
                x[k] = (trial % 4) switch
                {
                    0 => random.NextDouble(),
                    1 => Math.ScaleB(1 + random.NextDouble(), random.Next(-1074, 1024)),
                    2 => random.Next(8) == 0 ? special[random.Next(special.Length)] : random.NextDouble() * 10,
                    _ => Math.ScaleB(random.NextDouble(), -1022), // subnormal
                };
            }
            var v = Vector512.Create(x);
            Vector512<ulong> expected = Vector512.Log(v).AsUInt64(), actual = AoclLogarithm.Of(v).AsUInt64();
            if (expected != actual)
                Assert.Fail($"ln {v} = {Vector512.Log(v)} from the runtime, {AoclLogarithm.Of(v)} here");
        }
    }

    [Fact]
    public void IsWithinTwoUlpOfTheCorrectlyRoundedLog()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200_000; trial++)
        {
            double x = Math.ScaleB(1 + random.NextDouble(), random.Next(-1060, 1020));
            double got = AoclLogarithm.Of(Vector512.Create(x)).GetElement(0), reference = Math.Log(x);
            double ulp = Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference);
            Assert.True(Math.Abs(got - reference) <= 2 * ulp, $"ln {x:R}: {got:R} against {reference:R}");
        }
    }
}
