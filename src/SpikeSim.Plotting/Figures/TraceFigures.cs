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

    /// <summary>Height of one neuron's panel in a membrane-potential figure when exported, px (<see cref="VoltageExportHeight"/>).</summary>
    public const int VoltagePanelHeight = 150;

    /// <summary>
    /// Membrane potential V (mV) against time (ms) of the recorded neurons (at most <see cref="MaxVoltageTraces"/>).
    /// One neuron: one plot. Several: one panel per neuron, stacked over a shared time axis, each with its own y axis
    /// (key <c>panel0</c>, <c>panel1</c>, ...) titled with the neuron (<c>exc 3: V (mV)</c>), so that traces never
    /// overlap however long the window. V_th and V_reset are dashed horizontal lines in each panel where
    /// <paramref name="marks"/> knows the neuron's population; their values and populations are named in the legend,
    /// beside the plot.
    /// </summary>
    /// <param name="traces">The traces (from v.csv).</param>
    /// <param name="marks">Threshold and reset by population name, or null.</param>
    public static PlotModel Voltage(IReadOnlyList<VoltageTrace> traces, IReadOnlyDictionary<string, ThresholdMarks>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        int shown = Math.Min(traces.Count, MaxVoltageTraces);
        var model = FigureStyle.NewModel("Membrane potential", FigureStyle.RecordedSubset(shown, traces.Count));
        bool panels = shown > 1;
        const double gap = 0.03;
        var populations = new List<string>();
        for (int i = 0; i < shown; i++)
        {
            var trace = traces[i];
            if (!populations.Contains(trace.Population)) populations.Add(trace.Population);
            string? key = panels ? "panel" + i : null;
            if (panels)
            {
                var axis = FigureStyle.Axis(AxisPosition.Left, $"{trace.Population} {trace.Neuron}: V (mV)");
                axis.Key = key;
                // Panel 0 on top: positions run from the bottom (0) to the top (1).
                axis.StartPosition = (shown - 1 - i) / (double)shown + (i == shown - 1 ? 0 : gap / 2);
                axis.EndPosition = (shown - i) / (double)shown - (i == 0 ? 0 : gap / 2);
                axis.MinimumPadding = 0.06;
                axis.MaximumPadding = 0.1;
                model.Axes.Add(axis);
            }
            var line = new LineSeries
            {
                Title = $"{trace.Population} {trace.Neuron}",
                Color = FigureStyle.SeriesColor(i),
                StrokeThickness = 1.2,
            };
            if (key is not null) line.YAxisKey = key;
            line.Points.Capacity = trace.TimesMs.Length;
            for (int k = 0; k < trace.TimesMs.Length; k++) line.Points.Add(new DataPoint(trace.TimesMs[k], trace.VMv[k]));
            model.Series.Add(line);
            if (panels && marks is not null && marks.TryGetValue(trace.Population, out var own))
            {
                model.Annotations.Add(Level(own.VThMv, ThresholdColor, key));
                model.Annotations.Add(Level(own.VResetMv, ResetColor, key));
            }
        }
        // V_th and V_reset of every population shown: dashed lines without text over the traces; their values and
        // the populations they belong to are in the legend (outside the plot), one entry per distinct level.
        var levels = new List<(string Kind, double Mv, List<string> Populations)>();
        foreach (string pop in populations)
        {
            if (marks is null || !marks.TryGetValue(pop, out var m)) continue;
            foreach (var (kind, mv) in ((string, double)[])[("V_th", m.VThMv), ("V_reset", m.VResetMv)])
            {
                int at = levels.FindIndex(l => l.Kind == kind && l.Mv == mv);
                if (at < 0) levels.Add((kind, mv, [pop]));
                else levels[at].Populations.Add(pop);
            }
        }
        foreach (var (kind, mv, pops) in levels)
        {
            var color = kind == "V_th" ? ThresholdColor : ResetColor;
            string who = populations.Count > 1 ? $" ({string.Join(", ", pops)})" : "";
            if (!panels) model.Annotations.Add(Level(mv, color, null));
            model.Series.Add(new LineSeries { Title = $"{kind}{who} = {FigureStyle.Number(mv)} mV", Color = color, LineStyle = LineStyle.Dash, StrokeThickness = 1.2 });
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)"));
        if (!panels)
        {
            var v = FigureStyle.Axis(AxisPosition.Left, "V (mV)");
            v.MaximumPadding = 0.08; // room above V_th when V touches threshold
            v.MinimumPadding = 0.04;
            model.Axes.Add(v);
        }
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>The export height of a membrane-potential figure with <paramref name="panels"/> neurons' panels, px (at least the default height).</summary>
    public static int VoltageExportHeight(int panels) => FigureStyle.StackedHeight(panels, VoltagePanelHeight);

    private static readonly OxyColor ThresholdColor = OxyColor.FromRgb(200, 30, 30);
    private static readonly OxyColor ResetColor = OxyColor.FromRgb(90, 90, 90);

    private static LineAnnotation Level(double y, OxyColor color, string? yAxisKey) => new()
    {
        Type = LineAnnotationType.Horizontal,
        YAxisKey = yAxisKey,
        Y = y,
        Color = color,
        LineStyle = LineStyle.Dash,
        StrokeThickness = 1.2,
    };

    /// <summary>
    /// Population firing rates (Hz) against time (ms): the binned rates as thin step lines and, when spikes and
    /// population sizes are given, the Gaussian-smoothed rate (<see cref="RateSmoothing.Gaussian"/>, width
    /// <paramref name="sigmaMs"/>, which the y-axis title states) as thick lines, one colour per population.
    /// </summary>
    /// <param name="binned">Binned rates (rates.csv), or empty.</param>
    /// <param name="spikes">Spikes for the smoothed rate, or null.</param>
    /// <param name="sizes">Population sizes by name (needed for the smoothed rate).</param>
    /// <param name="durationMs">The end of the time shown, ms (the run's duration when it starts at 0).</param>
    /// <param name="sigmaMs">Gaussian kernel width σ, ms.</param>
    /// <param name="startMs">Start of the time shown, ms (a window's start; 0 by default); <paramref name="durationMs"/> is then its end.</param>
    public static PlotModel Rates(IReadOnlyList<BinnedRate> binned, SpikeTrains? spikes, IReadOnlyDictionary<string, int>? sizes, double durationMs, double sigmaMs = 5,
                                  double startMs = 0)
    {
        double endMs = durationMs; // the end of the time shown
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
            if (spikes is null || sizes is null || !sizes.TryGetValue(names[i], out int size) || size <= 0 || !(durationMs > startMs)) continue;
            PopulationSpikes? pop = null;
            foreach (var p in spikes.Populations) if (p.Name == names[i]) pop = p;
            if (pop is null) continue;
            double step = Math.Clamp(sigmaMs / 5, 0.05, Math.Max(0.05, (durationMs - startMs) / 400));
            var (t, r) = RateSmoothing.Gaussian(pop.TimesMs, size, sigmaMs, startMs, durationMs, step);
            var line = new LineSeries { Title = $"{pop.Name}, Gaussian σ = {FigureStyle.Number(sigmaMs)} ms", Color = color, StrokeThickness = 2.2 };
            line.Points.Capacity = t.Length;
            for (int k = 0; k < t.Length; k++) line.Points.Add(new DataPoint(t[k], r[k]));
            model.Series.Add(line);
            smoothed = true;
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)", durationMs > startMs ? startMs : null, durationMs > startMs ? durationMs : null));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, smoothed ? $"rate (Hz), Gaussian σ = {FigureStyle.Number(sigmaMs)} ms" : "rate (Hz)", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>
    /// The firing rate of single neurons (Hz) against time (ms): each neuron's spikes smoothed with a Gaussian of
    /// width <paramref name="sigmaMs"/> (<see cref="RateSmoothing.Gaussian"/> with N = 1, edge-corrected), one line
    /// per neuron, in the window [<paramref name="startMs"/>, <paramref name="endMs"/>].
    /// </summary>
    /// <param name="spikes">The spikes (only the chosen neurons' are used).</param>
    /// <param name="neurons">The neurons to draw, as (population, index within it).</param>
    /// <param name="sigmaMs">Gaussian kernel width σ, ms.</param>
    /// <param name="startMs">Start of the window, ms.</param>
    /// <param name="endMs">End of the window, ms.</param>
    public static PlotModel NeuronRates(SpikeTrains spikes, IReadOnlyList<(string Population, int Neuron)> neurons, double sigmaMs, double startMs, double endMs)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ArgumentNullException.ThrowIfNull(neurons);
        var model = FigureStyle.NewModel("Firing rate of single neurons", $"Gaussian σ = {FigureStyle.Number(sigmaMs)} ms");
        double step = Math.Clamp(sigmaMs / 5, 0.05, Math.Max(0.05, (endMs - startMs) / 400));
        for (int i = 0; i < neurons.Count; i++)
        {
            var (population, neuron) = neurons[i];
            var times = new List<double>();
            foreach (var pop in spikes.Populations)
                if (pop.Name == population)
                    for (int k = 0; k < pop.Count; k++)
                        if (pop.Neurons[k] == neuron) times.Add(pop.TimesMs[k]);
            var (t, r) = endMs > startMs ? RateSmoothing.Gaussian(times.ToArray(), 1, sigmaMs, startMs, endMs, step) : ([], []);
            var line = new LineSeries { Title = $"{population} {neuron} ({FigureStyle.Count(times.Count, "spike")})", Color = FigureStyle.SeriesColor(i), StrokeThickness = 1.6 };
            for (int k = 0; k < t.Length; k++) line.Points.Add(new DataPoint(t[k], r[k]));
            model.Series.Add(line);
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)", startMs, endMs > startMs ? endMs : null));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "rate (Hz)", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }
}
