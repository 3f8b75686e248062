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

    /// <summary>
    /// Spiking firing rate (Hz) against artificial activation, one point per neuron, one colour per population;
    /// each population's Pearson correlation r is in its legend entry.
    /// </summary>
    public static PlotModel CompareScatter(IReadOnlyList<ComparePoints> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var model = FigureStyle.NewModel("Spiking vs artificial", "one point per neuron");
        for (int k = 0; k < points.Count; k++)
        {
            var p = points[k];
            var scatter = new ScatterSeries
            {
                Title = $"{p.Population} (r = {FigureStyle.Number(SpikeSim.Analysis.Correlation.Pearson(p.Values, p.RateHz))})",
                MarkerType = MarkerType.Circle,
                MarkerSize = 3,
                MarkerFill = OxyColor.FromAColor(170, FigureStyle.SeriesColor(k)),
            };
            for (int i = 0; i < p.Values.Length; i++) scatter.Points.Add(new ScatterPoint(p.Values[i], p.RateHz[i]));
            model.Series.Add(scatter);
        }
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "artificial activation"));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "spiking rate (Hz)"));
        FigureStyle.AddLegendIfNeeded(model, OxyPlot.Legends.LegendPosition.LeftTop);
        // A single population still gets its r shown.
        if (model.Legends.Count == 0 && points.Count == 1) model.Subtitle = $"one point per neuron, {model.Series[0].Title}";
        return model;
    }
}
