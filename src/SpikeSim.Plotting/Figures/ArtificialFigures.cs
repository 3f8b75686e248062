using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>Figures of the artificial-neuron mode: activation heatmaps and the spiking-vs-artificial scatter.</summary>
public static class ArtificialFigures
{
    /// <summary>
    /// Heatmap of one population's activations: x the step, y the neuron, colour the value (viridis; missing
    /// values blank). Cells are centred on (step, neuron).
    /// </summary>
    public static PlotModel ActivationHeatmap(ActivationGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var model = FigureStyle.NewModel($"Activations: {grid.Population}");
        int steps = grid.Steps.Length;
        var heat = new HeatMapSeries
        {
            X0 = steps > 0 ? grid.Steps[0] : 0,
            X1 = steps > 0 ? grid.Steps[^1] : 0,
            Y0 = 0,
            Y1 = Math.Max(0, grid.NeuronCount - 1),
            Data = grid.Values,
            Interpolate = false,
            RenderMethod = HeatMapRenderMethod.Bitmap,
            CoordinateDefinition = HeatMapCoordinateDefinition.Center,
        };
        model.Series.Add(heat);
        model.Axes.Add(new LinearColorAxis
        {
            Position = AxisPosition.Right,
            Palette = OxyPalettes.Viridis(200),
            Title = "activation",
            InvalidNumberColor = OxyColors.White,
        });
        double half = 0.5;
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "step", heat.X0 - half, heat.X1 + half));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "neuron", -half, heat.Y1 + half));
        return model;
    }

    /// <summary>A population's legend entry: <c>exc (r = 0.93)</c>, or <c>exc (r undefined: constant)</c> when a side is constant.</summary>
    private static string Correlation(ComparePoints p)
    {
        double r = SpikeSim.Analysis.Correlation.Pearson(p.Values, p.RateHz);
        return double.IsNaN(r) ? $"{p.Population} (r undefined: constant)" : $"{p.Population} (r = {FigureStyle.Number(r)})";
    }

    /// <summary>
    /// Spiking firing rate (Hz) against artificial activation, one point per neuron, one colour per population;
    /// each population's Pearson correlation r is in its legend entry. The x axis names the artificial neuron and its
    /// unit when <paramref name="artificialNeuron"/> is given (Hz for <c>lif_rate</c>, whose value is a rate: the
    /// figure then also draws y = x, where a neuron's spiking rate equals its predicted rate).
    /// </summary>
    /// <param name="points">Each population's neurons: spiking rate and artificial value.</param>
    /// <param name="artificialNeuron">The artificial neuron type of every population (e.g. <c>lif_rate</c>, <c>relu</c>), or null when unknown or mixed.</param>
    /// <param name="note">A sentence to show under the title (e.g. what lif_rate cannot capture), or null.</param>
    public static PlotModel CompareScatter(IReadOnlyList<ComparePoints> points, string? artificialNeuron = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var model = FigureStyle.NewModel("Spiking vs artificial", note is null ? "one point per neuron" : Wrap("One point per neuron. " + note, 130));
        for (int k = 0; k < points.Count; k++)
        {
            var p = points[k];
            var scatter = new ScatterSeries
            {
                Title = Correlation(p),
                MarkerType = MarkerType.Circle,
                MarkerSize = 3,
                MarkerFill = OxyColor.FromAColor(170, FigureStyle.SeriesColor(k)),
            };
            for (int i = 0; i < p.Values.Length; i++) scatter.Points.Add(new ScatterPoint(p.Values[i], p.RateHz[i]));
            model.Series.Add(scatter);
        }
        bool rate = artificialNeuron == "lif_rate";
        if (rate)
        {
            double top = 0;
            foreach (var p in points)
            {
                foreach (double v in p.Values) if (double.IsFinite(v)) top = Math.Max(top, v);
                foreach (double v in p.RateHz) if (double.IsFinite(v)) top = Math.Max(top, v);
            }
            var diagonal = new LineSeries { Title = "y = x", Color = OxyColor.FromRgb(120, 120, 120), LineStyle = LineStyle.Dash, StrokeThickness = 1.2 };
            diagonal.Points.Add(new DataPoint(0, 0));
            diagonal.Points.Add(new DataPoint(Math.Max(top, 1), Math.Max(top, 1)));
            model.Series.Add(diagonal);
        }
        string xTitle = artificialNeuron switch
        {
            null => "artificial value",
            "lif_rate" => "lif_rate: predicted rate (Hz)",
            _ => $"{artificialNeuron} activation (dimensionless)",
        };
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, xTitle));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "spiking rate (Hz)"));
        FigureStyle.AddLegendIfNeeded(model);
        // A single population still gets its r shown.
        if (model.Legends.Count == 0 && points.Count == 1) model.Subtitle = $"one point per neuron, {model.Series[0].Title}" + (note is null ? "" : "\n" + Wrap(note, 130));
        if (note is not null) model.SubtitleFontSize = 10;
        return model;
    }

    /// <summary>Text broken into lines of at most <paramref name="width"/> characters at spaces (for a subtitle).</summary>
    private static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return string.Join('\n', lines);
    }
}
