using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>Figures of a parameter sweep's results.csv: metric against one parameter, and metric over two.</summary>
public static class SweepFigures
{
    /// <summary>
    /// Line plot of one metric (e.g. <c>rate_hz</c>) against parameter <paramref name="x"/>: one line per population
    /// (columns <c>METRIC.POPULATION</c>) and per level of parameter <paramref name="group"/> when given; each point
    /// is the mean over the runs with that value (repeats, and levels of other parameters), with ±1 SD error bars.
    /// </summary>
    /// <param name="results">The sweep results.</param>
    /// <param name="metric">Metric name without population, e.g. <c>rate_hz</c>.</param>
    /// <param name="x">Index of the parameter on the x axis.</param>
    /// <param name="group">Index of a parameter whose levels get separate lines, or null.</param>
    /// <param name="population">Only this population's column (<c>METRIC.POPULATION</c>), or null for all.</param>
    public static PlotModel Line(SweepResults results, string metric, int x = 0, int? group = null, string? population = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var px = results.Parameters[x];
        var pg = group is int g ? results.Parameters[g] : null;
        var columns = ColumnsOf(results, metric);
        if (population is not null) columns.RemoveAll(c => SweepResults.SplitMetric(c).Population != population);
        if (columns.Count == 0) throw new ArgumentException($"no metric column '{metric}.{population ?? "*"}' in the results", nameof(metric));
        string subject = Subject(metric, population);
        string others = results.Parameters.Count > (pg is null ? 1 : 2) ? " and the other parameters" : "";
        var model = FigureStyle.NewModel($"{subject} vs {ParameterName(px.Path)}", $"mean ± 1 SD over repeats{others}");
        var undefined = new List<string>();
        var drawn = new List<(string Population, string? Level)>();
        int seriesIndex = 0;
        foreach (string column in columns)
        {
            string columnPopulation = SweepResults.SplitMetric(column).Population;
            int groups = pg?.Levels.Length ?? 1;
            for (int gl = 0; gl < groups; gl++)
            {
                var (mean, sd) = Aggregate(results, column, row => px.LevelOf(row), px.Levels.Length,
                    pg is null ? null : row => pg.LevelOf(row) == gl);
                string label = population is not null ? "" : columnPopulation.Length > 0 ? columnPopulation : metric;
                string? level = pg is null ? null : $"{ParameterName(pg.Path)} = {pg.LevelLabels[gl]}{(pg.Unit is null ? "" : " " + pg.Unit)}";
                if (level is not null) label += $"{(label.Length > 0 ? ", " : "")}{level}";
                var color = FigureStyle.SeriesColor(seriesIndex++);
                var line = new LineSeries { Title = label, Color = color, StrokeThickness = 2, MarkerType = MarkerType.Circle, MarkerSize = 3.5, MarkerFill = color };
                var bars = new ScatterErrorSeries { ErrorBarColor = color, ErrorBarStrokeThickness = 1, MarkerSize = 0, ErrorBarStopWidth = 3 };
                for (int l = 0; l < px.Levels.Length; l++)
                {
                    if (double.IsNaN(mean[l])) continue;
                    double xv = px.Levels[l];
                    line.Points.Add(new DataPoint(xv, mean[l]));
                    bars.Points.Add(new ScatterErrorPoint(xv, mean[l], 0, double.IsNaN(sd[l]) ? 0 : sd[l]));
                }
                // A series without one defined value (e.g. the CV of a population that never fired twice) is left
                // out of the plot and its legend, and named in the subtitle instead.
                if (line.Points.Count == 0)
                {
                    undefined.Add(label.Length > 0 ? label : subject);
                    seriesIndex--;
                    continue;
                }
                model.Series.Add(bars);
                model.Series.Add(line);
                drawn.Add((columnPopulation, level));
            }
        }
        // One line gets no legend (FigureStyle.AddLegendIfNeeded): the title names its population and the subtitle
        // its level of the grouping parameter instead.
        if (drawn is [var only])
        {
            if (population is null && only.Population.Length > 0) model.Title = $"{Subject(metric, only.Population)} vs {ParameterName(px.Path)}";
            if (only.Level is not null) model.Subtitle = $"{only.Level}; {model.Subtitle}";
        }
        if (undefined.Count > 0) model.Subtitle += $"; no value (NaN) for {string.Join("; ", undefined)}";
        if (px.IsNumeric) model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, ParameterTitle(px)));
        else model.Axes.Add(CategoryAxisOf(px, AxisPosition.Bottom));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, MetricTitle(metric)));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>
    /// Heatmap of one metric column (e.g. <c>rate_hz.exc</c>) over parameters <paramref name="x"/> and
    /// <paramref name="y"/>: one cell per pair of levels (axes labelled with the values), colour the mean over runs
    /// with that pair (repeats and other parameters); cells without runs are blank.
    /// </summary>
    public static PlotModel Heatmap(SweepResults results, string column, int x = 0, int y = 1)
    {
        ArgumentNullException.ThrowIfNull(results);
        var px = results.Parameters[x];
        var py = results.Parameters[y];
        int nx = px.Levels.Length, ny = py.Levels.Length;
        var (mean, _) = Aggregate(results, column, row => px.LevelOf(row) * ny + py.LevelOf(row), nx * ny, null);
        var data = new double[nx, ny];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++) data[i, j] = mean[i * ny + j];
        var (metric, population) = SweepResults.SplitMetric(column);
        string subtitle = results.Parameters.Count > 2 ? "mean over repeats and the other parameters" : "mean over repeats";
        var model = FigureStyle.NewModel($"{Subject(metric, population.Length > 0 ? population : null)} over {ParameterName(px.Path)} and {ParameterName(py.Path)}", subtitle);
        model.Series.Add(new HeatMapSeries
        {
            X0 = 0, X1 = nx - 1, Y0 = 0, Y1 = ny - 1,
            Data = data,
            Interpolate = false,
            RenderMethod = HeatMapRenderMethod.Rectangles,
            CoordinateDefinition = HeatMapCoordinateDefinition.Center,
            LabelFontSize = nx * ny <= 64 ? 0.22 : 0,
            LabelFormatString = "0.##",
        });
        model.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalettes.Viridis(200), Title = MetricTitle(metric), InvalidNumberColor = OxyColors.White });
        model.Axes.Add(CategoryAxisOf(px, AxisPosition.Bottom));
        model.Axes.Add(CategoryAxisOf(py, AxisPosition.Left));
        return model;
    }

    /// <summary>The metric names of the results (<c>rate_hz</c>, <c>cv_isi</c>, ...), in column order.</summary>
    public static IReadOnlyList<string> MetricNames(SweepResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var names = new List<string>();
        foreach (string c in results.MetricColumns)
        {
            string m = SweepResults.SplitMetric(c).Metric;
            if (!names.Contains(m)) names.Add(m);
        }
        return names;
    }

    /// <summary>Axis title of a metric, with its unit where the name gives it (<c>rate_hz</c> → "rate (Hz)").</summary>
    public static string MetricTitle(string metric) => metric switch
    {
        "rate_hz" => "rate (Hz)",
        "cv_isi" => "CV of ISIs",
        "fano" => "Fano factor",
        "events" => "synaptic events",
        "chi" => "synchrony χ",
        _ when metric.EndsWith("_hz", StringComparison.Ordinal) => metric[..^3] + " (Hz)",
        _ when metric.EndsWith("_ms", StringComparison.Ordinal) => metric[..^3] + " (ms)",
        _ when metric.EndsWith("_mv", StringComparison.OrdinalIgnoreCase) => metric[..^3] + " (mV)",
        _ => metric,
    };

    private static List<string> ColumnsOf(SweepResults results, string metric)
    {
        var list = new List<string>();
        foreach (string c in results.MetricColumns)
            if (SweepResults.SplitMetric(c).Metric == metric) list.Add(c);
        return list;
    }

    /// <summary>Mean and population SD of a metric column per cell (cell of a row given by <paramref name="cellOf"/>), NaN ignored.</summary>
    internal static (double[] Mean, double[] Sd) Aggregate(SweepResults results, string column, Func<int, int> cellOf, int cells, Func<int, bool>? include)
    {
        double[] values = results.Metric(column);
        var sum = new double[cells];
        var sum2 = new double[cells];
        var n = new int[cells];
        for (int row = 0; row < results.RowCount; row++)
        {
            if (include is not null && !include(row)) continue;
            double v = values[row];
            if (double.IsNaN(v)) continue;
            int c = cellOf(row);
            sum[c] += v;
            sum2[c] += v * v;
            n[c]++;
        }
        var mean = new double[cells];
        var sd = new double[cells];
        for (int c = 0; c < cells; c++)
        {
            mean[c] = n[c] > 0 ? sum[c] / n[c] : double.NaN;
            sd[c] = n[c] > 0 ? Math.Sqrt(Math.Max(0, sum2[c] / n[c] - mean[c] * mean[c])) : double.NaN;
        }
        return (mean, sd);
    }

    private static CategoryAxis CategoryAxisOf(SweepColumn p, AxisPosition position)
    {
        var axis = new CategoryAxis { Position = position, Title = ParameterTitle(p), GapWidth = 0, IsTickCentered = false, AxisTitleDistance = 6 };
        axis.Labels.AddRange(p.LevelLabels);
        return axis;
    }

    /// <summary>
    /// A parameter named for a reader rather than by its raw path: <c>populations.exc.neuron.tau_m</c> → "tau_m of exc",
    /// <c>inputs.0.rate</c> → "rate of input 0", <c>projections.ie.weight+projections.ii.weight</c> → "weight of ie, ii".
    /// </summary>
    public static string ParameterName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var byField = new List<(string Field, List<string> Owners)>();
        foreach (string one in path.Split('+'))
        {
            string[] parts = one.Split('.');
            string field = parts[^1];
            string owner = parts switch
            {
                ["populations", var pop, "neuron", _] => pop,
                ["populations", var pop, _] => pop,
                ["projections", var proj, ..] => proj,
                ["inputs", var input, ..] => "input " + input,
                [_] => "",
                _ => string.Join('.', parts[..^1]),
            };
            int at = byField.FindIndex(f => f.Field == field);
            if (at < 0) byField.Add((field, [owner]));
            else byField[at].Owners.Add(owner);
        }
        return string.Join(" and ", byField.Select(f =>
            f.Owners.All(o => o.Length == 0) ? f.Field : $"{f.Field} of {string.Join(", ", f.Owners.Where(o => o.Length > 0))}"));
    }

    /// <summary>Axis title of a parameter: its readable name and unit, e.g. "tau_m of exc (ms)".</summary>
    public static string ParameterTitle(SweepColumn parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Unit is null ? ParameterName(parameter.Path) : $"{ParameterName(parameter.Path)} ({parameter.Unit})";
    }

    /// <summary>What a metric column measures, for a title: "rate_hz of exc", "recurrent synaptic events".</summary>
    private static string Subject(string metric, string? population) => (metric, population) switch
    {
        ("events", string kind) => $"{kind} synaptic events",
        (_, null) => metric,
        _ => $"{metric} of {population}",
    };
}
