using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace SpikeSim.Plotting.Figures;

/// <summary>
/// The look shared by every figure: white background, report size (<see cref="Width"/> × <see cref="Height"/> px),
/// axis titles with units, light grid lines, one colour per population or projection, and a legend when a figure has
/// more than one series.
/// </summary>
public static class FigureStyle
{
    /// <summary>Default export width, px.</summary>
    public const int Width = 800;

    /// <summary>Default export height, px.</summary>
    public const int Height = 500;

    /// <summary>Export height of a figure of <paramref name="panels"/> stacked panels of <paramref name="panelHeight"/> px each (and room for titles), at least <see cref="Height"/>.</summary>
    public static int StackedHeight(int panels, int panelHeight) => Math.Max(Height, 90 + panelHeight * panels);

    /// <summary>Font family of every text (viewers and fontconfig substitute a metric-compatible sans serif where it is missing).</summary>
    public const string Font = "Arial";

    // A colour-blind-safe qualitative palette (Okabe & Ito 2008), darkest first.
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0, 114, 178),   // blue
        OxyColor.FromRgb(213, 94, 0),    // vermillion
        OxyColor.FromRgb(0, 158, 115),   // bluish green
        OxyColor.FromRgb(204, 121, 167), // reddish purple
        OxyColor.FromRgb(230, 159, 0),   // orange
        OxyColor.FromRgb(86, 180, 233),  // sky blue
        OxyColor.FromRgb(0, 0, 0),       // black
        OxyColor.FromRgb(240, 228, 66),  // yellow
    ];

    /// <summary>The colour of the <paramref name="index"/>-th population (or projection, or series).</summary>
    public static OxyColor SeriesColor(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>
    /// The subtitle of a figure of recorded neurons that shows only the first <paramref name="shown"/> of
    /// <paramref name="total"/>, e.g. "8 of 12 recorded neurons; pick others with --neurons POP:FIRST-LAST", or null
    /// when it shows them all.
    /// </summary>
    public static string? RecordedSubset(int shown, int total) =>
        shown < total ? $"{shown} of {total} recorded neurons; pick others with --neurons POP:FIRST-LAST" : null;

    /// <summary>A new figure with a title and the shared look.</summary>
    public static PlotModel NewModel(string title, string? subtitle = null) => new()
    {
        Title = title,
        Subtitle = subtitle,
        Background = OxyColors.White,
        DefaultFont = Font,
        PlotAreaBorderColor = OxyColor.FromRgb(96, 96, 96),
        PlotAreaBorderThickness = new OxyThickness(1),
        TextColor = OxyColor.FromRgb(32, 32, 32),
        DefaultFontSize = 13,
        TitleFontSize = 16,
        TitleFontWeight = FontWeights.Bold,
        SubtitleFontSize = 12,
        Padding = new OxyThickness(8, 8, 16, 8),
    };

    /// <summary>A linear axis with a title (which names the unit) and light major grid lines.</summary>
    public static LinearAxis Axis(AxisPosition position, string title, double? minimum = null, double? maximum = null)
    {
        var axis = Styled(new LinearAxis(), position, title);
        if (minimum is double min) axis.Minimum = min;
        if (maximum is double max) axis.Maximum = max;
        return axis;
    }

    /// <summary>A logarithmic axis styled as <see cref="Axis"/>.</summary>
    public static LogarithmicAxis LogAxis(AxisPosition position, string title) => Styled(new LogarithmicAxis(), position, title);

    private static T Styled<T>(T axis, AxisPosition position, string title) where T : OxyPlot.Axes.Axis
    {
        axis.Position = position;
        axis.Title = title;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = OxyColor.FromRgb(230, 230, 230);
        axis.TicklineColor = OxyColor.FromRgb(96, 96, 96);
        axis.AxisTitleDistance = 6;
        return axis;
    }

    /// <summary>
    /// Adds a legend when the model has more than one titled series. Every figure's legend is placed here, and only
    /// here: outside the plot area, to its right at the top, so that it never hides data however many series there are.
    /// </summary>
    public static void AddLegendIfNeeded(PlotModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int titled = 0;
        foreach (var s in model.Series)
            if (!string.IsNullOrEmpty(s.Title)) titled++;
        if (titled < 2) return;
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.RightTop,
            LegendPlacement = LegendPlacement.Outside,
            LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
            LegendBorder = OxyColor.FromRgb(180, 180, 180),
            LegendFontSize = 12,
        });
    }

    /// <summary>
    /// A count and its noun for a figure's text, singular for one: <c>1 spike</c>, <c>0 spikes</c>, <c>12,500 neurons</c>
    /// (thousands separated, invariant culture). <paramref name="noun"/> is the singular and takes an "s".
    /// </summary>
    public static string Count(long n, string noun) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>A number for a title: about 3 significant digits, invariant culture ("n/a" when not finite).</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) return "n/a";
        double a = Math.Abs(value);
        string format = a >= 100 ? "0" : a >= 10 ? "0.#" : a >= 1 ? "0.##" : "0.###";
        return value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }
}
