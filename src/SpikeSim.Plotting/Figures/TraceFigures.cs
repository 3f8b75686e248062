using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>The threshold and reset of a population's neurons, to mark on membrane traces.</summary>
/// <param name="VThMv">Threshold V_th, mV.</param>
/// <param name="VResetMv">Reset potential V_reset, mV.</param>
public sealed record ThresholdMarks(double VThMv, double VResetMv);

/// <summary>Figures of quantities over time: membrane potentials and population firing rates.</summary>
public static class TraceFigures
{
    /// <summary>Most traces drawn in one membrane-potential figure (the first ones of the file).</summary>
    public const int MaxVoltageTraces = 8;

    /// <summary>
    /// Membrane potential V (mV) against time (ms), one line per recorded neuron (at most
    /// <see cref="MaxVoltageTraces"/>), with V_th and V_reset as dashed horizontal lines where
    /// <paramref name="marks"/> knows the population.
    /// </summary>
    /// <param name="traces">The traces (from v.csv).</param>
    /// <param name="marks">Threshold and reset by population name, or null.</param>
    public static PlotModel Voltage(IReadOnlyList<VoltageTrace> traces, IReadOnlyDictionary<string, ThresholdMarks>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        int shown = Math.Min(traces.Count, MaxVoltageTraces);
        var model = FigureStyle.NewModel("Membrane potential",
            shown < traces.Count ? $"{shown} of {traces.Count} recorded neurons" : null);
        var populations = new List<string>();
        for (int i = 0; i < shown; i++)
        {
            var trace = traces[i];
            if (!populations.Contains(trace.Population)) populations.Add(trace.Population);
            var line = new LineSeries
            {
                Title = $"{trace.Population} {trace.Neuron}",
                Color = FigureStyle.SeriesColor(i),
                StrokeThickness = 1.2,
            };
            line.Points.Capacity = trace.TimesMs.Length;
            for (int k = 0; k < trace.TimesMs.Length; k++) line.Points.Add(new DataPoint(trace.TimesMs[k], trace.VMv[k]));
            model.Series.Add(line);
        }
        var drawn = new HashSet<(string, double)>();
        foreach (string pop in populations)
        {
            if (marks is null || !marks.TryGetValue(pop, out var m)) continue;
            string who = populations.Count > 1 ? $" ({pop})" : "";
            if (drawn.Add(("th", m.VThMv))) model.Annotations.Add(Level(m.VThMv, $"V_th{who} = {FigureStyle.Number(m.VThMv)} mV", OxyColor.FromRgb(200, 30, 30)));
            if (drawn.Add(("reset", m.VResetMv))) model.Annotations.Add(Level(m.VResetMv, $"V_reset{who} = {FigureStyle.Number(m.VResetMv)} mV", OxyColor.FromRgb(90, 90, 90)));
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)"));
        var v = FigureStyle.Axis(AxisPosition.Left, "V (mV)");
        v.MaximumPadding = 0.08; // room for the V_th label when V touches threshold
        v.MinimumPadding = 0.04;
        model.Axes.Add(v);
        FigureStyle.AddLegendIfNeeded(model, OxyPlot.Legends.LegendPosition.RightTop);
        foreach (var legend in model.Legends) legend.LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside;
        return model;
    }

    private static LineAnnotation Level(double y, string text, OxyColor color) => new()
    {
        Type = LineAnnotationType.Horizontal,
        Y = y,
        Text = text,
        Color = color,
        TextColor = color,
        LineStyle = LineStyle.Dash,
        StrokeThickness = 1.2,
        TextHorizontalAlignment = HorizontalAlignment.Right,
        TextVerticalAlignment = VerticalAlignment.Bottom,
        TextLinePosition = 1,
        BorderBackground = OxyColor.FromAColor(200, OxyColors.White),
    };

    /// <summary>
    /// Population firing rates (Hz) against time (ms): the binned rates as thin step lines and, when spikes and
    /// population sizes are given, the Gaussian-smoothed rate (<see cref="RateSmoothing.Gaussian"/>, width
    /// <paramref name="sigmaMs"/>, which the y-axis title states) as thick lines, one colour per population.
    /// </summary>
    /// <param name="binned">Binned rates (rates.csv), or empty.</param>
    /// <param name="spikes">Spikes for the smoothed rate, or null.</param>
    /// <param name="sizes">Population sizes by name (needed for the smoothed rate).</param>
    /// <param name="durationMs">The run's duration, ms.</param>
    /// <param name="sigmaMs">Gaussian kernel width σ, ms.</param>
    /// <param name="startMs">Where the run starts, ms: 0, or the saved time of a continued run (summary.json's <c>start_ms</c>).</param>
    public static PlotModel Rates(IReadOnlyList<BinnedRate> binned, SpikeTrains? spikes, IReadOnlyDictionary<string, int>? sizes, double durationMs, double sigmaMs = 5,
                                  double startMs = 0)
    {
        double endMs = startMs + durationMs;
        ArgumentNullException.ThrowIfNull(binned);
        var names = new List<string>();
        foreach (var b in binned) if (!names.Contains(b.Population)) names.Add(b.Population);
        if (spikes is not null) foreach (var p in spikes.Populations) if (!names.Contains(p.Name)) names.Add(p.Name);
        bool smoothed = false;
        var model = FigureStyle.NewModel("Population firing rate");
        for (int i = 0; i < names.Count; i++)
        {
            var color = FigureStyle.SeriesColor(i);
            foreach (var b in binned)
            {
                if (b.Population != names[i]) continue;
                var stairs = new StairStepSeries
                {
                    Title = $"{b.Population}, {FigureStyle.Number(b.BinMs)} ms bins",
                    Color = OxyColor.FromAColor(110, color),
                    StrokeThickness = 1,
                    VerticalStrokeThickness = 1,
                };
                for (int k = 0; k < b.BinStartMs.Length; k++) stairs.Points.Add(new DataPoint(b.BinStartMs[k], b.RateHz[k]));
                // Close the last bin at the end of the run so every bin is drawn with its width.
                if (b.BinStartMs.Length > 0)
                {
                    double end = double.IsFinite(b.BinMs) ? b.BinStartMs[^1] + b.BinMs : endMs;
                    if (endMs > b.BinStartMs[^1]) end = Math.Min(end, endMs);
                    stairs.Points.Add(new DataPoint(end, b.RateHz[^1]));
                }
                model.Series.Add(stairs);
            }
            if (spikes is null || sizes is null || !sizes.TryGetValue(names[i], out int size) || size <= 0 || !(durationMs > 0)) continue;
            PopulationSpikes? pop = null;
            foreach (var p in spikes.Populations) if (p.Name == names[i]) pop = p;
            if (pop is null) continue;
            double step = Math.Clamp(sigmaMs / 5, 0.05, Math.Max(0.05, durationMs / 400));
            var (t, r) = RateSmoothing.Gaussian(pop.TimesMs, size, sigmaMs, startMs, endMs, step);
            var line = new LineSeries { Title = $"{pop.Name}, Gaussian σ = {FigureStyle.Number(sigmaMs)} ms", Color = color, StrokeThickness = 2.2 };
            line.Points.Capacity = t.Length;
            for (int k = 0; k < t.Length; k++) line.Points.Add(new DataPoint(t[k], r[k]));
            model.Series.Add(line);
            smoothed = true;
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)", durationMs > 0 ? startMs : null, durationMs > 0 ? endMs : null));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, smoothed ? $"rate (Hz), Gaussian σ = {FigureStyle.Number(sigmaMs)} ms" : "rate (Hz)", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }
}
