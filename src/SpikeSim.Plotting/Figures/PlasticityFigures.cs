using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>Figures of plastic networks: weight histograms, weight evolution and synapse counts.</summary>
public static class PlasticityFigures
{
    /// <summary>
    /// Histogram of every projection's weights at its last snapshot (40 bins over the range of all weights shown),
    /// as counts of synapses.
    /// </summary>
    /// <param name="weights">Weight histories (weights.csv).</param>
    /// <param name="unit">Unit of the weights for the axis title ("mV", "pA"), or null when unknown or mixed.</param>
    /// <param name="bins">Number of bins.</param>
    public static PlotModel WeightHistogram(IReadOnlyList<WeightHistory> weights, string? unit = null, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        var times = new List<string>();
        foreach (var h in weights)
        {
            if (h.Weights.Length == 0) continue;
            foreach (double w in h.Weights[^1]) { lo = Math.Min(lo, w); hi = Math.Max(hi, w); }
            string t = FigureStyle.Number(h.TimesMs[^1]);
            if (!times.Contains(t)) times.Add(t);
        }
        var model = FigureStyle.NewModel("Weight distribution", times.Count > 0 ? $"at t = {string.Join(", ", times)} ms" : null);
        if (!(hi > lo)) { lo = double.IsFinite(lo) ? lo - 0.5 : 0; hi = lo + 1; }
        double width = (hi - lo) / bins;
        for (int k = 0; k < weights.Count; k++)
        {
            var h = weights[k];
            if (h.Weights.Length == 0) continue;
            var counts = new int[bins];
            foreach (double w in h.Weights[^1]) counts[Math.Clamp((int)Math.Floor((w - lo) / width), 0, bins - 1)]++;
            var color = FigureStyle.SeriesColor(k);
            var series = new HistogramSeries { Title = h.Projection, FillColor = OxyColor.FromAColor(110, color), StrokeColor = color, StrokeThickness = 1 };
            for (int b = 0; b < bins; b++)
                series.Items.Add(new HistogramItem(lo + b * width, lo + (b + 1) * width, counts[b] * width, counts[b]));
            model.Series.Add(series);
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, unit is null ? "weight" : $"weight ({unit})", lo, hi));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "synapses per bin", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>Mean weight of each projection against time (ms), with a ±1 SD band (population SD over its synapses).</summary>
    /// <param name="weights">Weight histories (weights.csv).</param>
    /// <param name="unit">Unit of the weights ("mV", "pA"), or null.</param>
    public static PlotModel WeightEvolution(IReadOnlyList<WeightHistory> weights, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var model = FigureStyle.NewModel("Weight evolution", "mean ± 1 SD over each projection's synapses");
        for (int k = 0; k < weights.Count; k++)
        {
            var h = weights[k];
            var color = FigureStyle.SeriesColor(k);
            var band = new AreaSeries { Color = OxyColors.Transparent, Fill = OxyColor.FromAColor(60, color), StrokeThickness = 0 };
            var mean = new LineSeries { Title = h.Projection, Color = color, StrokeThickness = 2 };
            for (int i = 0; i < h.TimesMs.Length; i++)
            {
                double[] w = h.Weights[i];
                double m = 0;
                foreach (double x in w) m += x;
                m /= Math.Max(1, w.Length);
                double v = 0;
                foreach (double x in w) v += (x - m) * (x - m);
                double sd = Math.Sqrt(v / Math.Max(1, w.Length));
                mean.Points.Add(new DataPoint(h.TimesMs[i], m));
                band.Points.Add(new DataPoint(h.TimesMs[i], m + sd));
                band.Points2.Add(new DataPoint(h.TimesMs[i], m - sd));
            }
            model.Series.Add(band);
            model.Series.Add(mean);
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)"));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, unit is null ? "weight" : $"weight ({unit})"));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>Number of synapses of each projection against time (ms).</summary>
    public static PlotModel SynapseCounts(IReadOnlyList<SynapseCountHistory> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var model = FigureStyle.NewModel("Synapse count");
        for (int k = 0; k < counts.Count; k++)
        {
            var c = counts[k];
            var line = new LineSeries { Title = c.Projection, Color = FigureStyle.SeriesColor(k), StrokeThickness = 2 };
            for (int i = 0; i < c.TimesMs.Length; i++) line.Points.Add(new DataPoint(c.TimesMs[i], c.Counts[i]));
            model.Series.Add(line);
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)"));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "synapses", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }
}
