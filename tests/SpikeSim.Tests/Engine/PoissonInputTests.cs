using SpikeSim.Modeling;
using SpikeSim.Randomness;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>Poisson inputs: exact exponential inter-arrival times, independent per neuron.</summary>
public class PoissonInputTests
{
    /// <summary>
    /// A neuron with t_ref = 0 and a weight above threshold fires at every input event, so its spike train is the
    /// Poisson train itself.
    /// </summary>
    private static List<double[]> Trains(double rateHz, double durationMs, int neurons, ulong seed = 3)
    {
        var spec = Model(durationMs, [new PopulationSpec("a", neurons, Lif(tRef: 0))],
            inputs: [new PoissonInput("a", null, PerNeuron.Of(rateHz), PerNeuron.Of(20.0))], seed: seed);
        var run = Run(spec, threads: 2);
        return Enumerable.Range(0, neurons).Select(run.SpikeTimesOf).ToList();
    }

    [Fact]
    public void CountMatchesRateWithinPoissonBounds()
    {
        // N ~ Poisson(lambda T): lambda T = 500 Hz * 10 s * 20 neurons = 100000, sd = 316; allow 5 sd
        var trains = Trains(500, 10_000, 20);
        long n = trains.Sum(t => (long)t.Length);
        Assert.InRange(n, 100_000 - 5 * 316, 100_000 + 5 * 316);
    }

    [Fact]
    public void InterArrivalTimesAreExponential()
    {
        // CV of exponential ISIs is 1 (sd of the estimate ~ 1/sqrt(n) for n = 50000: 0.0045; allow 0.03), and
        // a Kolmogorov-Smirnov distance against 1 - e^(-rate t) below 1.63/sqrt(n) (the 1% critical value).
        var isi = Trains(1000, 10_000, 5).SelectMany(t => t.Zip(t.Skip(1), (a, b) => b - a)).OrderBy(x => x).ToArray();
        double mean = isi.Average(), sd = Math.Sqrt(isi.Sum(x => (x - mean) * (x - mean)) / isi.Length);
        Assert.InRange(mean, 0.99, 1.01); // 1 / 1000 Hz = 1 ms
        Assert.InRange(sd / mean, 0.97, 1.03);
        double d = 0;
        for (int i = 0; i < isi.Length; i++)
        {
            double cdf = 1 - Math.Exp(-isi[i] / 1.0);
            d = Math.Max(d, Math.Max(Math.Abs(cdf - (double)i / isi.Length), Math.Abs(cdf - (i + 1.0) / isi.Length)));
        }
        Assert.True(d < 1.63 / Math.Sqrt(isi.Length), $"KS distance {d}");
    }

    [Fact]
    public void NeuronsReceiveIndependentTrainsAndSeedsChangeThem()
    {
        var a = Trains(200, 1000, 2);
        Assert.NotEqual(a[0], a[1]);
        Assert.Equal(a[0], Trains(200, 1000, 2)[0]);
        Assert.NotEqual(a[0], Trains(200, 1000, 2, seed: 4)[0]);
    }

    [Fact]
    public void StartAndStopBoundTheTrain()
    {
        var spec = Model(100, [new PopulationSpec("a", 3, Lif(tRef: 0))],
            inputs: [new PoissonInput("a", null, PerNeuron.Of(2000), PerNeuron.Of(20.0), StartMs: 20, StopMs: 60)]);
        var spikes = Run(spec).Spikes;
        Assert.NotEmpty(spikes);
        Assert.All(spikes, s => Assert.InRange(s.T, 20.0, 60.0));
    }

    /// <summary>
    /// The vector draw the Poisson streams refill from gives exactly the eight scalar draws, in order, and leaves the
    /// generator where eight scalar draws leave it.
    /// </summary>
    [Theory]
    [InlineData(1UL, 0L, 0L)]
    [InlineData(42UL, 3L, 12_499L)]
    public void VectorDrawEqualsEightScalarDraws(ulong seed, long input, long neuron)
    {
        var vector = new RandomStream(seed, StreamKind.Poisson, input, neuron);
        var scalar = new RandomStream(seed, StreamKind.Poisson, input, neuron);
        for (int round = 0; round < 3; round++)
        {
            var draws = vector.NextOpenDoubleVector();
            for (int i = 0; i < 8; i++)
            {
                double expected = scalar.NextOpenDouble();
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(draws[i]));
                Assert.InRange(draws[i], double.Epsilon, 1.0);
            }
        }
        Assert.Equal(scalar.NextUInt64(), vector.NextUInt64());
    }
}
