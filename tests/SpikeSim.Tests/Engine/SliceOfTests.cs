using SpikeSim.Engine;
using Xunit;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// <see cref="EventRing.SliceOf(double, double, double, long)"/>: the slice k with k·h ≤ t &lt; (k+1)·h (the products
/// as the engine rounds them) from a guess by multiplication, for slice lengths whose reciprocal is not exact and
/// times at, just below and just above slice boundaries, against a reference that divides and then steps as far as
/// it must.
/// </summary>
public class SliceOfTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1.0 / 3)]
    [InlineData(1.7)]
    [InlineData(0.0125)]
    public void TheSliceIsTheOneWhoseBoundsHoldTheTime(double h)
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200_000; trial++)
        {
            long k = random.Next(3) == 0 ? random.Next(1000) : random.NextInt64(1L << 31);
            double t = (trial % 4) switch
            {
                0 => k * h,
                1 => Math.BitDecrement(k * h),
                2 => Math.BitIncrement(k * h),
                _ => (k + random.NextDouble()) * h,
            };
            if (t < 0) continue;
            long slice = EventRing.SliceOf(t, h, 1 / h, 0);
            Assert.Equal(Reference(t, h), slice);
            Assert.True(slice * h <= t && t < (slice + 1) * h, $"t = {t:R}, h = {h:R}: slice {slice}");
        }
    }

    [Fact]
    public void NoSliceIsEarlierThanTheEarliestAllowed()
    {
        Assert.Equal(7, EventRing.SliceOf(0.25, 0.1, 10, 7));
        Assert.Equal(2, EventRing.SliceOf(0.25, 0.1, 10, 1));
    }

    private static long Reference(double t, double h)
    {
        long k = (long)Math.Floor(t / h);
        while (k * h > t) k--;
        while ((k + 1) * h <= t) k++;
        return k;
    }
}
