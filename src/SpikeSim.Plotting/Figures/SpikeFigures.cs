using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Analysis;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>Figures made from spike times: the raster and the inter-spike-interval (ISI) histogram.</summary>
public static class SpikeFigures
{
    /// <summary>
    /// Spike raster: one tick per spike at (time, neuron), populations stacked bottom to top in order and coloured,
    /// with a legend. Row of a spike = its neuron index + the sizes of the populations below. Uses
    /// <see cref="RasterSeries"/> (one per population), which stays fast for millions of spikes.
    /// </summary>
    /// <param name="spikes">The spikes.</param>
    /// <param name="sizes">Population sizes by name (rows reserved per population); where unknown, the largest neuron index + 1.</param>
    /// <param name="durationMs">The end of the x axis, ms (the run's duration when it starts at 0); null to fit the spikes.</param>
    /// <param name="maxNeuronsPerPopulation">Show only neurons 0..N-1 of each population (a readable detail view); null for all.</param>
    /// <param name="startMs">Start of the x axis, ms (a time window's start; 0 by default).</param>
    public static PlotModel Raster(SpikeTrains spikes, IReadOnlyDictionary<string, int>? sizes = null, double? durationMs = null, int? maxNeuronsPerPopulation = null,
                                   double startMs = 0)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        string title = maxNeuronsPerPopulation is int cap ? $"Spike raster (neurons 0-{cap - 1} of each population)" : "Spike raster";
        var model = FigureStyle.NewModel(title);
        int offset = 0;
        for (int p = 0; p < spikes.Populations.Count; p++)
        {
            var pop = spikes.Populations[p];
            int rowsOfPop = 0;
            if (sizes is not null && sizes.TryGetValue(pop.Name, out int size)) rowsOfPop = size;
            else foreach (int n in pop.Neurons) rowsOfPop = Math.Max(rowsOfPop, n + 1);
            double[] times = pop.TimesMs;
            int[] rows;
            if (maxNeuronsPerPopulation is int max)
            {
                rowsOfPop = Math.Min(rowsOfPop, max);
                var t = new List<double>();
                var r = new List<int>();
                for (int i = 0; i < pop.Count; i++)
                    if (pop.Neurons[i] < max) { t.Add(pop.TimesMs[i]); r.Add(pop.Neurons[i] + offset); }
                times = [.. t];
                rows = [.. r];
            }
            else
            {
                rows = new int[pop.Count];
                for (int i = 0; i < rows.Length; i++) rows[i] = pop.Neurons[i] + offset;
            }
            model.Series.Add(new RasterSeries(times, rows) { Title = pop.Name, Color = FigureStyle.SeriesColor(p) });
            offset += rowsOfPop;
        }
        long shown = 0;
        foreach (var s in model.Series) shown += ((RasterSeries)s).Count;
        model.Subtitle = FigureStyle.Count(shown, "spike");
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)", durationMs is double ? startMs : null, durationMs));
        var y = FigureStyle.Axis(AxisPosition.Left, "neuron (populations stacked)", -0.5, Math.Max(offset, 1) - 0.5);
        y.MajorGridlineStyle = LineStyle.None;
        y.MinimumMajorStep = 1; // neurons are whole numbers
        y.MinimumMinorStep = 1;
        model.Axes.Add(y);
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>
    /// ISI histogram per population (intervals between successive spikes of the same neuron, pooled over the
    /// population), as a probability density, with each population's mean ISI CV (mean over neurons with at least
    /// two intervals of std/mean, as summary.json's <c>cv_isi</c>) in the title. Bins are
    /// <paramref name="binMs"/> wide from 0 to the 99th percentile of all intervals (rounded up to a bin); longer
    /// intervals go into one last overflow bin, which the subtitle and the x-axis title name with the share of each
    /// population in it, so every interval is counted.
    /// </summary>
    /// <param name="spikes">The spikes.</param>
    /// <param name="binMs">Bin width, ms; null chooses a round width giving about 50 bins.</param>
    public static PlotModel IsiHistogram(SpikeTrains spikes, double? binMs = null)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var isis = new List<double[]>();
        var cvs = new List<double?>();
        var all = new List<double>();
        foreach (var pop in spikes.Populations)
        {
            var (intervals, cv) = Intervals(pop);
            isis.Add(intervals);
            cvs.Add(cv);
            all.AddRange(intervals);
        }
        var cvText = new List<string>();
        for (int p = 0; p < cvs.Count; p++)
            cvText.Add($"{spikes.Populations[p].Name} {(cvs[p] is double c ? FigureStyle.Number(c) : "n/a")}");
        var model = FigureStyle.NewModel("ISI distribution", "CV of ISIs (mean over neurons): " + string.Join(", ", cvText));
        double top = 1;
        double width = binMs ?? 1;
        if (all.Count > 0)
        {
            all.Sort();
            double p99 = all[(int)Math.Min(all.Count - 1, Math.Floor(0.99 * all.Count))];
            width = binMs ?? NiceStep(Math.Max(p99, 1e-3) / 50);
            top = (Math.Floor(p99 / width) + 1) * width; // the bin holding the 99th percentile is included
        }
        int bins = Math.Max(1, (int)Math.Round(top / width));
        // Every interval is shown: those at or beyond `top` (past the pooled 99th percentile, e.g. a slower
        // population's long intervals) fall in one overflow bin [top, top + width), and the subtitle says so.
        var overflowText = new List<string>();
        for (int p = 0; p < isis.Count; p++)
        {
            var counts = new int[bins + 1];
            foreach (double isi in isis[p])
            {
                int b = (int)Math.Floor(isi / width);
                counts[Math.Clamp(b, 0, bins)]++;
            }
            var color = FigureStyle.SeriesColor(p);
            var series = new HistogramSeries
            {
                Title = $"{spikes.Populations[p].Name} ({isis[p].Length:N0} ISIs)",
                FillColor = OxyColor.FromAColor(90, color),
                StrokeColor = color,
                StrokeThickness = 1,
            };
            double n = Math.Max(1, isis[p].Length);
            for (int b = 0; b < bins; b++)
                series.Items.Add(new HistogramItem(b * width, (b + 1) * width, counts[b] / n, counts[b]));
            if (counts[bins] > 0)
            {
                series.Items.Add(new HistogramItem(bins * width, (bins + 1) * width, counts[bins] / n, counts[bins]));
                overflowText.Add($"{FigureStyle.Number(100.0 * counts[bins] / n)}% of {spikes.Populations[p].Name}");
            }
            model.Series.Add(series);
        }
        string xTitle = $"inter-spike interval (ms), {FigureStyle.Number(width)} ms bins";
        if (overflowText.Count > 0)
        {
            model.Subtitle += $"; last bin: every ISI ≥ {FigureStyle.Number(top)} ms ({string.Join(", ", overflowText)})";
            xTitle += $", last bin ≥ {FigureStyle.Number(top)} ms";
            top += width;
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, xTitle, 0, top));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "probability density (1/ms)", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>All ISIs of a population (ms) and the mean over its neurons of the ISI CV (null when no neuron has 2 ISIs).</summary>
    public static (double[] IntervalsMs, double? MeanCv) Intervals(PopulationSpikes population)
    {
        ArgumentNullException.ThrowIfNull(population);
        int neurons = 0;
        foreach (int n in population.Neurons) neurons = Math.Max(neurons, n + 1);
        var last = new double[neurons];
        Array.Fill(last, double.NaN);
        var stats = new IsiStatistics(neurons);
        var intervals = new List<double>(population.Count);
        for (int i = 0; i < population.Count; i++)
        {
            int n = population.Neurons[i];
            double t = population.TimesMs[i];
            if (!double.IsNaN(last[n])) intervals.Add(t - last[n]);
            last[n] = t;
            stats.Add(n, t);
        }
        return ([.. intervals], stats.MeanCvIsi(0, neurons));
    }

    /// <summary>The smallest 1, 2 or 5 × 10^k not below <paramref name="x"/>.</summary>
    internal static double NiceStep(double x)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(x)));
        foreach (double m in (double[])[1, 2, 5, 10])
            if (m * p >= x * (1 - 1e-12)) return m * p;
        return 10 * p;
    }
}
