using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Experiments;
using SpikeSim.Plotting.Export;

namespace SpikeSim.Plotting.Figures;

/// <summary>
/// Draws the figures an experiment describes (<see cref="ExperimentResult.Figures"/>) in the shared look and writes
/// them as PNG, SVG or both beside its <c>summary.md</c>, which already shows them by file name (in the format of
/// <see cref="ExperimentContext.FigureExtension"/>: <see cref="SummaryExtension"/>).
/// </summary>
public static class ExperimentFigures
{
    /// <summary>The PlotModel of <paramref name="figure"/>: one line (or marker series) per <see cref="FigureLine"/>, titled axes, log axes where asked.</summary>
    public static PlotModel Model(ExperimentFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        PlotModel model = FigureStyle.NewModel(figure.Title);
        for (int s = 0; s < figure.Lines.Count; s++)
        {
            FigureLine line = figure.Lines[s];
            if (line.X.Count != line.Y.Count)
                throw new ArgumentException($"figure {figure.Name}: series '{line.Label}' has {line.X.Count} x and {line.Y.Count} y values", nameof(figure));
            OxyColor color = FigureStyle.SeriesColor(s);
            if (line.Markers)
            {
                var points = new ScatterSeries { Title = line.Label, MarkerType = MarkerType.Circle, MarkerSize = 4, MarkerFill = color };
                for (int i = 0; i < line.X.Count; i++)
                    if (Drawable(figure, line.X[i], line.Y[i])) points.Points.Add(new ScatterPoint(line.X[i], line.Y[i]));
                model.Series.Add(points);
            }
            else
            {
                var series = new LineSeries { Title = line.Label, Color = color, StrokeThickness = 2, MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = color };
                for (int i = 0; i < line.X.Count; i++)
                    series.Points.Add(Drawable(figure, line.X[i], line.Y[i]) ? new DataPoint(line.X[i], line.Y[i]) : DataPoint.Undefined);
                model.Series.Add(series);
            }
        }
        model.Axes.Add(Axis(AxisPosition.Bottom, figure.XTitle, figure.LogX));
        model.Axes.Add(Axis(AxisPosition.Left, figure.YTitle, figure.LogY));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>
    /// Writes every figure of <paramref name="figures"/> into <paramref name="directory"/> as <c>NAME.png</c> and/or
    /// <c>NAME.svg</c> (<paramref name="formats"/>, default PNG); returns the file names.
    /// </summary>
    public static IReadOnlyList<string> Save(IReadOnlyList<ExperimentFigure>? figures, string directory, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var written = new List<string>();
        if (figures is null) return written;
        foreach (ExperimentFigure figure in figures)
            written.AddRange(FigureExporter.Save(Model(figure), directory, figure.Name, formats).Select(Path.GetFileName).OfType<string>());
        return written;
    }

    /// <summary>The format summary.md shows figures written in <paramref name="formats"/>: SVG for SVG alone, else PNG.</summary>
    public static string SummaryExtension(FigureFormats formats) => formats == FigureFormats.Svg ? ExperimentFigure.Svg : ExperimentFigure.Png;

    private static bool Drawable(ExperimentFigure figure, double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) && (!figure.LogX || x > 0) && (!figure.LogY || y > 0);

    private static Axis Axis(AxisPosition position, string title, bool log) =>
        log ? FigureStyle.LogAxis(position, title) : FigureStyle.Axis(position, title);
}
