using MathNet.Numerics;

namespace SpikeSim.Plotting.Figures;

/// <summary>Population firing rates estimated from spike times.</summary>
public static class RateSmoothing
{
    /// <summary>
    /// Gaussian-smoothed population rate on a grid t_j = start + j·step (j = 0.., t_j ≤ end):
    /// r(t) = 1000 / (N · m(t)) · Σ_k g(t − t_k), with g(u) = exp(−u²/2σ²) / (σ√(2π)) in 1/ms, so r is in Hz.
    /// m(t) = ∫_start^end g(t − s) ds corrects for the part of the kernel outside the recording, so a constant rate
    /// stays flat up to the edges. Spikes further than 6σ from a grid point are ignored (relative error below 1e-8).
    /// </summary>
    /// <param name="timesMs">Spike times of the population, ms (any order).</param>
    /// <param name="neurons">Population size N.</param>
    /// <param name="sigmaMs">Kernel width σ, ms.</param>
    /// <param name="startMs">Start of the recording, ms.</param>
    /// <param name="endMs">End of the recording, ms.</param>
    /// <param name="stepMs">Grid step, ms.</param>
    /// <returns>The grid times (ms) and the rate at each (Hz).</returns>
    public static (double[] TimesMs, double[] RateHz) Gaussian(ReadOnlySpan<double> timesMs, int neurons, double sigmaMs, double startMs, double endMs, double stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neurons);
        if (!(sigmaMs > 0)) throw new ArgumentOutOfRangeException(nameof(sigmaMs), "sigma must be positive");
        if (!(stepMs > 0)) throw new ArgumentOutOfRangeException(nameof(stepMs), "step must be positive");
        if (!(endMs >= startMs)) throw new ArgumentOutOfRangeException(nameof(endMs), "end must not be before start");
        int points = (int)Math.Floor((endMs - startMs) / stepMs * (1 + 1e-12)) + 1;
        var grid = new double[points];
        for (int j = 0; j < points; j++) grid[j] = startMs + j * stepMs;
        var sum = new double[points];
        double reach = 6 * sigmaMs;
        double inv2s2 = 1 / (2 * sigmaMs * sigmaMs);
        double norm = 1 / (sigmaMs * Math.Sqrt(2 * Math.PI));
        foreach (double tk in timesMs)
        {
            int lo = Math.Max(0, (int)Math.Ceiling((tk - reach - startMs) / stepMs));
            int hi = Math.Min(points - 1, (int)Math.Floor((tk + reach - startMs) / stepMs));
            for (int j = lo; j <= hi; j++)
            {
                double u = grid[j] - tk;
                sum[j] += Math.Exp(-u * u * inv2s2);
            }
        }
        var rate = new double[points];
        double sqrt2s = Math.Sqrt(2) * sigmaMs;
        for (int j = 0; j < points; j++)
        {
            double mass = 0.5 * (SpecialFunctions.Erf((endMs - grid[j]) / sqrt2s) - SpecialFunctions.Erf((startMs - grid[j]) / sqrt2s));
            rate[j] = 1000.0 * norm * sum[j] / (neurons * Math.Max(mass, 1e-12));
        }
        return (grid, rate);
    }

    /// <summary>
    /// Binned population rate: spikes in [start + i·bin, start + (i+1)·bin) / (N · bin in s), Hz; the last bin may be
    /// shorter (ending at <paramref name="endMs"/>) and is divided by its true length, as rates.csv does.
    /// </summary>
    /// <returns>Bin starts (ms) and rates (Hz).</returns>
    public static (double[] BinStartMs, double[] RateHz) Binned(ReadOnlySpan<double> timesMs, int neurons, double binMs, double startMs, double endMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neurons);
        if (!(binMs > 0)) throw new ArgumentOutOfRangeException(nameof(binMs), "bin must be positive");
        int bins = Math.Max(1, (int)Math.Ceiling((endMs - startMs) / binMs - 1e-9));
        var counts = new long[bins];
        foreach (double t in timesMs)
        {
            int b = (int)Math.Floor((t - startMs) / binMs);
            if (t >= startMs && t <= endMs) counts[Math.Min(b, bins - 1)]++;
        }
        var starts = new double[bins];
        var rates = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            starts[b] = startMs + b * binMs;
            double length = Math.Min(binMs, endMs - starts[b]);
            rates[b] = counts[b] / (neurons * length / 1000.0);
        }
        return (starts, rates);
    }
}
