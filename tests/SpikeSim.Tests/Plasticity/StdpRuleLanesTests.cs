using System.Runtime.Intrinsics;
using SpikeSim.Modeling;
using SpikeSim.Plasticity;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// The four-lane potentiation (<see cref="StdpRule.FacilitateLanes"/>, the sweep of a postsynaptic spike) against the
/// scalar rule, bit for bit, for additive and multiplicative STDP: weights drawn across [w_min, w_max] and beyond it
/// (so that both clips act), traces from 0 (no change) to large.
/// </summary>
public class StdpRuleLanesTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void LanesEqualTheScalarRule(double muPlus)
    {
        var rule = new StdpRule(new StdpSpec(20, 20, 0.05, 1.05, muPlus, 1.0, 2.0, 0.1, StdpPairing.AllToAll, 0));
        var rng = new Random(3);
        int clippedHigh = 0, clippedLow = 0, unchanged = 0;
        for (int k = 0; k < 100_000; k++)
        {
            double[] w = new double[4], kPlus = new double[4];
            for (int lane = 0; lane < 4; lane++)
            {
                w[lane] = -0.5 + 3 * rng.NextDouble();
                kPlus[lane] = rng.Next(8) == 0 ? 0 : 40 * rng.NextDouble() * rng.NextDouble();
            }
            Vector256<double> lanes = rule.FacilitateLanes(Vector256.Create(w), Vector256.Create(kPlus));
            for (int lane = 0; lane < 4; lane++)
            {
                double expected = rule.Facilitate(w[lane], kPlus[lane]);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(lanes[lane]));
                if (expected == 2.0) clippedHigh++;
                else if (expected == 0.1 && kPlus[lane] != 0) clippedLow++;
                if (kPlus[lane] == 0) unchanged++;
            }
        }
        Assert.True(clippedHigh > 1000 && unchanged > 1000, $"{clippedHigh} clipped at w_max, {unchanged} unchanged");
        Assert.True(clippedLow > 100, $"{clippedLow} clipped at w_min");
    }
}
