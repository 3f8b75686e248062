using System.Globalization;
using System.Text;

namespace SpikeSim.Experiments;

/// <summary>Writes an experiment's CSV tables and Markdown summary (invariant culture, shortest round-trip doubles).</summary>
/// <param name="directory">The experiment's folder.</param>
/// <param name="figureExtension">The format the summary shows figures in (<see cref="ExperimentContext.FigureExtension"/>).</param>
public sealed class ExperimentFiles(string directory, string figureExtension = ExperimentFigure.Png)
{
    /// <summary>File name of an experiment's Markdown summary.</summary>
    public const string SummaryFile = "summary.md";

    private readonly List<string> _written = [];
    private readonly List<ExperimentFigure> _figures = [];

    /// <summary>Names of the files written so far.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>The figures described so far (<see cref="Figure"/>), for <see cref="ExperimentResult.Figures"/>.</summary>
    public IReadOnlyList<ExperimentFigure> Figures => _figures;

    /// <summary>Adds a figure to <see cref="Figures"/>; returns the Markdown that shows it in the summary.</summary>
    public string Figure(ExperimentFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        _figures.Add(figure);
        return figure.MarkdownFor(figureExtension);
    }

    /// <summary>Writes a CSV with the given header and rows (numbers as doubles, strings as they are).</summary>
    public void Csv(string name, string header, IEnumerable<object[]> rows)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (object[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(Format(row[i]));
            }
            text.Append('\n');
        }
        File.WriteAllText(Path.Combine(directory, name), text.ToString());
        _written.Add(name);
    }

    /// <summary>Writes <c>summary.md</c>.</summary>
    public void Markdown(string text)
    {
        File.WriteAllText(Path.Combine(directory, SummaryFile), text.ReplaceLineEndings("\n"));
        _written.Add(SummaryFile);
    }

    /// <summary>A number for a table or a sentence: up to <paramref name="digits"/> significant digits.</summary>
    public static string N(double value, int digits = 4) =>
        double.IsFinite(value) ? value.ToString("G" + digits, CultureInfo.InvariantCulture) : "n/a";

    private static string Format(object value) => value switch
    {
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
