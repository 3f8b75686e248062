using System.Runtime.Intrinsics;
using SpikeSim.Neurons;
using Xunit;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// <see cref="AoclExponential"/> against <see cref="Vector512.Exp(Vector512{double})"/> bit for bit (the function it
/// reproduces, on .NET 10; beyond ±708 against <see cref="Math.Exp"/>, the lanes mended after the store), and its
/// accuracy where the delta batch uses it.
/// </summary>
public class AoclExponentialTests
{
    [Fact]
    public void EqualsTheRuntimesVectorExpBitForBit()
    {
        // The batch's decay arguments (-dt/tau_m, dt from 0 to many tau_m), the whole range, and its edges. Beyond
        // ±708 the runtime switches whole groups of lanes to the scalar function (which groups depends on how it
        // was compiled), so vectors with such a lane are compared lane by lane: those lanes with Math.Exp, the others
        // with the runtime's vector function of the in-range lanes alone.
        var random = new Random(17);
        var x = new double[8];
        var actual = new double[8];
        double[] special = [0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 707.99, 708, 708.01, -708, -708.01, 709.78,
                            709.79, -709.78, -709.79, -745.2, -746, 800, -800, double.PositiveInfinity, double.NegativeInfinity,
                            double.NaN, 0.5 * Math.Log(2), -0.5 * Math.Log(2)];
        for (int trial = 0; trial < 1_000_000; trial++)
        {
            for (int k = 0; k < 8; k++)
            {
                x[k] = (trial % 4) switch
                {
                    0 => -random.NextDouble() * 2,
                    1 => -Math.Exp(random.NextDouble() * 16 - 10),
                    2 => (random.NextDouble() - 0.5) * 1430,
                    _ => special[random.Next(special.Length)] * (1 + 1e-15 * random.Next(-3, 4)),
                };
            }
            var v = Vector512.Create(x);
            AoclExponential.StoreOf(v, ref actual[0]);
            Vector512<double> beyond = Vector512.GreaterThan(Vector512.Abs(v), Vector512.Create(708.0)) | ~Vector512.Equals(v, v);
            Vector512<double> expected = Vector512.Exp(Vector512.ConditionalSelect(beyond, Vector512<double>.Zero, v));
            for (int k = 0; k < 8; k++)
            {
                double want = beyond.GetElement(k) != 0 ? Math.Exp(x[k]) : expected.GetElement(k);
                if (BitConverter.DoubleToUInt64Bits(want) != BitConverter.DoubleToUInt64Bits(actual[k]))
                    Assert.Fail($"e^{x[k]:R} (lane {k} of {v}): {want:R} expected, {actual[k]:R} here");
            }
        }
    }

    [Fact]
    public void IsWithinTwoUlpOfTheCorrectlyRoundedExp()
    {
        var random = new Random(3);
        var lanes = new double[8];
        for (int trial = 0; trial < 200_000; trial++)
        {
            double x = -random.NextDouble() * 700;
            AoclExponential.StoreOf(Vector512.Create(x), ref lanes[0]);
            double got = lanes[0], reference = Math.Exp(x);
            Assert.True(Math.Abs(got - reference) <= 2 * Math.BitIncrement(reference) - 2 * reference, $"e^{x:R}: {got:R} against {reference:R}");
        }
    }
}
