using System.Globalization;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Analysis;

/// <summary>
/// Settings shared by the spike-train metrics.
/// </summary>
/// <param name="WarmupMs">Spikes before this time are ignored by every spike metric (the initial transient), ms.</param>
/// <param name="FanoBinMs">Width of the counting windows of the Fano factor, ms.</param>
/// <param name="ChiBinMs">Width of the bins of the synchrony measure chi, ms.</param>
public sealed record MetricSettings(double WarmupMs = 0, double FanoBinMs = 50, double ChiBinMs = 1)
{
    /// <summary>The number of whole bins of width <paramref name="binMs"/> in [warmup, duration).</summary>
    public long WholeBins(double durationMs, double binMs)
    {
        double span = durationMs - WarmupMs;
        if (!(span > 0) || !(binMs > 0)) return 0;
        // A tiny tolerance so that 500 ms / 50 ms is 10 bins despite rounding in the subtraction.
        return (long)Math.Floor(span / binMs * (1 + 1e-12));
    }
}

/// <summary>The catalogue of run metrics a sweep can ask for by name.</summary>
public static class RunMetrics
{
    /// <summary>The metrics a sweep measures unless told otherwise, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rate_hz", "cv_isi", "fano", "chi", "events"];

    /// <summary>Every metric name: the defaults and those asked for by name only (<c>weights</c>).</summary>
    public static IReadOnlyList<string> AllNames { get; } = ["rate_hz", "cv_isi", "fano", "chi", "events", "weights"];

    /// <summary>Creates the metric called <paramref name="name"/>; null when there is none by that name.</summary>
    public static IRunMetric? TryCreate(string name, MetricSettings settings) => name switch
    {
        "rate_hz" => new RateMetric(settings),
        "cv_isi" => new CvIsiMetric(settings),
        "fano" => new FanoMetric(settings),
        "chi" => new ChiMetric(settings),
        "events" => new EventsMetric(),
        "weights" => new WeightsMetric(),
        _ => null,
    };
}

/// <summary>
/// <c>events.recurrent</c> and <c>events.input</c>: synaptic events delivered through the network's synapses and
/// from external spike inputs (spike_times, Poisson), from <see cref="SimulationResult"/>.
/// </summary>
public sealed class EventsMetric : IRunMetric
{
    /// <inheritdoc/>
    public string Name => "events";

    /// <inheritdoc/>
    public IReadOnlyList<string> Columns(ModelSpec spec) => ["events.recurrent", "events.input"];

    /// <inheritdoc/>
    public IRunProbe Start(Network network, double durationMs) => new Probe();

    private sealed class Probe : IRunProbe
    {
        public void OnSlice(in SliceOutput slice)
        {
        }

        public void Complete(SimulationResult result, Span<double> values)
        {
            values[0] = result.RecurrentEvents;
            values[1] = result.InputEvents;
        }
    }
}

/// <summary>Column names of per-population metrics.</summary>
internal static class MetricColumns
{
    public static IReadOnlyList<string> PerPopulation(string metric, ModelSpec spec)
    {
        var names = new string[spec.Populations.Count];
        for (int p = 0; p < names.Length; p++) names[p] = metric + "." + spec.Populations[p].Name;
        return names;
    }

    public static string Ms(double ms) => ms.ToString("R", CultureInfo.InvariantCulture) + " ms";
}
