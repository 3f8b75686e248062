namespace SpikeSim.Experiments;

/// <summary>
/// A figure an experiment describes from its own results: lines or markers on two titled axes. The experiments'
/// project stays on the core library, so it only describes its figures; <c>SpikeSim.Plotting.Figures.ExperimentFigures</c>
/// draws them as PlotModels and writes them as <see cref="FileName"/> beside <c>summary.md</c>, which shows them
/// (<see cref="Markdown"/>); <c>spikesim experiment</c> does this after every experiment.
/// </summary>
/// <param name="Name">File name without extension (lower case, no spaces), e.g. <c>fi_curve</c>.</param>
/// <param name="Title">Title of the figure.</param>
/// <param name="XTitle">Title of the x axis, with its unit, e.g. <c>injected current (pA)</c>.</param>
/// <param name="YTitle">Title of the y axis, with its unit.</param>
/// <param name="Lines">The series, drawn in order with one colour each.</param>
/// <param name="LogX">A logarithmic x axis (points at x ≤ 0 are left out).</param>
/// <param name="LogY">A logarithmic y axis (points at y ≤ 0 are left out).</param>
public sealed record ExperimentFigure(string Name, string Title, string XTitle, string YTitle, IReadOnlyList<FigureLine> Lines,
                                      bool LogX = false, bool LogY = false)
{
    /// <summary>The extension of a PNG figure, the default (<see cref="ExperimentContext.FigureExtension"/>).</summary>
    public const string Png = "png";

    /// <summary>The extension of an SVG figure.</summary>
    public const string Svg = "svg";

    /// <summary>The figure's file name in the experiment folder (PNG).</summary>
    public string FileName => FileNameFor(Png);

    /// <summary>The Markdown that shows the PNG figure in <c>summary.md</c>.</summary>
    public string Markdown => MarkdownFor(Png);

    /// <summary>The figure's file name with <paramref name="extension"/> (<see cref="Png"/> or <see cref="Svg"/>), e.g. <c>fi_curve.svg</c>.</summary>
    public string FileNameFor(string extension) => $"{Name}.{extension}";

    /// <summary>The Markdown that shows the figure's file of <paramref name="extension"/> in <c>summary.md</c>.</summary>
    public string MarkdownFor(string extension) => $"![{Title}]({FileNameFor(extension)})";
}

/// <summary>One series of an <see cref="ExperimentFigure"/>: points (x, y) in the units of the figure's axes.</summary>
/// <param name="Label">Legend entry.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values, as many as <paramref name="X"/>; a non-finite value breaks the line.</param>
/// <param name="Markers">Markers only (measured points) instead of a line.</param>
public sealed record FigureLine(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false);
