using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Analysis;

/// <summary>
/// A family of numbers measured on one simulation run, e.g. firing rates per population. A sweep asks each metric
/// for its column names once (from the model), then, for every run, starts a probe that watches the run and fills
/// the values. New measurements (weight statistics of plastic runs, MAC counts of artificial runs) plug in by
/// implementing this interface and registering in <see cref="RunMetrics"/>.
/// </summary>
public interface IRunMetric
{
    /// <summary>The metric's name as written in a sweep's metric list, e.g. <c>rate_hz</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Its CSV column names for a model, named <c>METRIC.SCOPE</c> where SCOPE is a population or a network-wide
    /// word, e.g. <c>rate_hz.exc</c>, <c>events.recurrent</c>. Runs of one sweep must give the same columns.
    /// </summary>
    IReadOnlyList<string> Columns(ModelSpec spec);

    /// <summary>Starts measuring a run of <paramref name="network"/> that will last <paramref name="durationMs"/>.</summary>
    IRunProbe Start(Network network, double durationMs);
}

/// <summary>Watches one run (as an <see cref="ISimulationObserver"/>) and then gives the metric's values.</summary>
public interface IRunProbe : ISimulationObserver
{
    /// <summary>
    /// Writes the values, one per column of <see cref="IRunMetric.Columns"/> in that order, into
    /// <paramref name="values"/> after the run ended with <paramref name="result"/>. NaN marks an undefined value
    /// (e.g. the CV of a population that fired fewer than 3 spikes per neuron).
    /// </summary>
    void Complete(SimulationResult result, Span<double> values);
}
