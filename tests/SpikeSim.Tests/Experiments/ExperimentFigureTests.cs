using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Experiments;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Figures;
using SpikeSim.Plotting.Reports;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Experiments;

/// <summary>Every experiment describes its figures, summary.md shows them, spikesim experiment writes them as PNG and
/// spikesim report embeds them; every number in a summary table has its unit in the column's name.</summary>
public sealed class ExperimentFigureTests : CliTestBase
{
    private (ExperimentResult Result, string Folder) Run(string name)
    {
        string folder = Path.Combine(Dir, name);
        ExperimentResult r = ExperimentRunner.Run(ExperimentRegistry.Find(name)!, new ExperimentContext(folder, Quick: true));
        return (r, folder);
    }

    private static Axis AxisAt(PlotModel m, AxisPosition p) => m.Axes.Single(a => a.Position == p);

    private static LineSeries Line(PlotModel m, string title) => m.Series.OfType<LineSeries>().Single(s => s.Title == title);

    [Theory]
    [InlineData("signals")]
    [InlineData("timing")]
    [InlineData("learning")]
    [InlineData("faults")]
    [InlineData("cost")]
    [InlineData("plasticity")]
    [InlineData("topology")]
    public void EachExperimentShowsItsFiguresAndNamesTheUnitOfEveryTableNumber(string name)
    {
        (ExperimentResult r, string folder) = Run(name);
        Assert.NotNull(r.Figures);
        Assert.InRange(r.Figures.Count, 1, 2);
        string summary = File.ReadAllText(Path.Combine(folder, "summary.md"));
        IReadOnlyList<string> written = ExperimentFigures.Save(r.Figures, folder);
        Assert.Equal(r.Figures.Select(f => f.Name + ".png"), written);
        foreach (ExperimentFigure f in r.Figures)
        {
            Assert.Contains($"![{f.Title}]({f.Name}.png)", summary, StringComparison.Ordinal);
            byte[] png = File.ReadAllBytes(Path.Combine(folder, f.FileName));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            PlotModel model = ExperimentFigures.Model(f);
            Assert.Equal(f.Title, model.Title);
            Assert.Equal(f.XTitle, AxisAt(model, AxisPosition.Bottom).Title);
            Assert.Equal(f.YTitle, AxisAt(model, AxisPosition.Left).Title);
            Assert.Matches(@"\(.+\)", f.XTitle + f.YTitle); // a unit (or "fraction", "ratio") in parentheses
            Assert.Equal(f.Lines.Select(l => l.Label), model.Series.Select(s => s.Title));
            Assert.All(f.Lines, l => Assert.Contains(l.Y, y => double.IsFinite(y)));
        }
        Assert.Empty(NumbersWithoutUnits(summary));
    }

    [Theory]
    [InlineData("signals", "svg", new[] { "svg" }, "svg")]
    [InlineData("signals", "both", new[] { "png", "svg" }, "png")]
    [InlineData("signals", null, new[] { "png" }, "png")]
    [InlineData("topology", "svg", new[] { "svg" }, "svg")] // writes its summary itself
    public void ExperimentFormatChoosesTheFiguresFilesAndWhatSummaryShows(string name, string? format, string[] written, string shown)
    {
        string folder = Path.Combine(Dir, name + "-" + (format ?? "default"));
        string[] args = ["experiment", name, "--quick", "--out", folder, .. format is null ? Array.Empty<string>() : ["--format", format]];
        var run = Spikesim(args);
        Assert.True(run.Code == 0, run.Err);
        string[] figures = [.. Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>()
                                .Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        string[] names = name == "signals" ? ["fi_curve", "fi_saturation"] : ["degrees", "lesions"];
        Assert.Equal([.. names.SelectMany(n => written.Select(e => $"{n}.{e}")).Order(StringComparer.Ordinal)], figures);
        string summary = File.ReadAllText(Path.Combine(folder, "summary.md"));
        foreach (string n in names)
        {
            Assert.Matches($@"!\[[^\]]+\]\({n}\.{shown}\)", summary);
            Assert.DoesNotContain($"({n}.{(shown == "png" ? "svg" : "png")})", summary, StringComparison.Ordinal);
        }
        if (written.Contains("svg")) Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(folder, names[0] + ".svg")), StringComparison.Ordinal);

        // The report shows each figure once, whatever the formats.
        Assert.Equal(names.Length, File.ReadAllText(HtmlReport.Write(folder, Path.Combine(Dir, name + "-report.html"))).Split("<img ").Length - 1);
    }

    [Fact]
    public void ExperimentFormatIsPngSvgOrBoth()
    {
        var run = Spikesim("experiment", "signals", "--quick", "--out", Path.Combine(Dir, "gif"), "--format", "gif");
        Assert.Equal(SpikeSim.Cli.ExitCodes.BadInput, run.Code);
        Assert.Contains("'gif'", run.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "gif")));
        Assert.Throws<ArgumentException>(() => new ExperimentContext(Dir) { FigureExtension = "gif" });
    }

    /// <summary>"table header: column" for each column of a Markdown table that holds a number but names no unit in parentheses (tables with a unit column are fine).</summary>
    private static List<string> NumbersWithoutUnits(string markdown)
    {
        var missing = new List<string>();
        string[] lines = markdown.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|') || !lines[i + 1].StartsWith("|---", StringComparison.Ordinal)) continue;
            string[] header = Cells(lines[i]);
            bool unitColumn = header.Contains("unit");
            for (int k = i + 2; k < lines.Length && lines[k].StartsWith('|'); k++)
            {
                string[] cells = Cells(lines[k]);
                for (int c = 0; c < cells.Length && c < header.Length; c++)
                    if (!unitColumn && double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !header[c].Contains('('))
                        missing.Add($"{lines[i]}: {header[c]}");
            }
        }
        return [.. missing.Distinct()];
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    [Fact]
    public void TheTableCheckFindsAColumnWithoutAUnit()
    {
        Assert.Equal(["| a | b (Hz) |: a"], NumbersWithoutUnits("| a | b (Hz) |\n|---|---|\n| 1 | 2 |\n"));
        Assert.Empty(NumbersWithoutUnits("| quantity | value | unit |\n|---|---|---|\n| x | 2 | Hz |\n"));
    }

    [Fact]
    public void SignalsFiguresCarryTheClosedFormAndTheCeilingOnALogAxis()
    {
        (ExperimentResult r, _) = Run("signals");
        ExperimentFigure low = r.Figures!.Single(f => f.Name == "fi_curve"), high = r.Figures!.Single(f => f.Name == "fi_saturation");
        PlotModel lowModel = ExperimentFigures.Model(low);
        LineSeries closed = Line(lowModel, "LIF closed form");
        LifSpec lif = LifSpec.Default("delta");
        DataPoint at1000 = closed.Points.Single(p => p.X == 1000);
        Assert.Equal(SignalsExperiment.ClosedForm(lif, 1000), at1000.Y, 12);
        Assert.All(closed.Points, p => Assert.InRange(p.X, 0, 1500));
        Assert.Equal(0, closed.Points.Single(p => p.X == 0).Y); // below threshold (375 pA): silent
        var simulated = lowModel.Series.OfType<ScatterSeries>().Single();
        Assert.Equal("LIF simulated", simulated.Title);

        PlotModel highModel = ExperimentFigures.Model(high);
        Assert.IsType<LogarithmicAxis>(AxisAt(highModel, AxisPosition.Bottom));
        LineSeries ceiling = Line(highModel, "1/t_ref");
        Assert.All(ceiling.Points, p => Assert.Equal(r.Numbers["max_rate_hz"], p.Y));
        Assert.Equal(500.0, r.Numbers["max_rate_hz"], 9);
        Assert.Equal(50000, Line(highModel, "LIF closed form").Points[^1].X);
        Assert.DoesNotContain(highModel.Series, s => s.Title == "relu"); // no ceiling: it would flatten the others
    }

    [Fact]
    public void TimingLatencyFigureIsTheClosedFormAndCostMacsAreFlat()
    {
        (ExperimentResult timing, _) = Run("timing");
        PlotModel latency = ExperimentFigures.Model(timing.Figures!.Single(f => f.Name == "latency"));
        LifSpec lif = LifSpec.Default("delta");
        foreach (DataPoint p in Line(latency, "closed form").Points)
        {
            double vInf = lif.ELMv + lif.TauMMs / lif.CmPf * p.X;
            Assert.Equal(lif.TauMMs * Math.Log((vInf - lif.ELMv) / (vInf - lif.VThMv)), p.Y, 12);
        }
        Assert.Equal(timing.Numbers["latency_first_ms"], latency.Series.OfType<ScatterSeries>().Single().Points[0].Y, 12);

        (ExperimentResult cost, _) = Run("cost");
        PlotModel ops = ExperimentFigures.Model(cost.Figures!.Single(f => f.Name == "operations"));
        Assert.All(Line(ops, "MACs (artificial)").Points, p => Assert.Equal(cost.Numbers["macs_per_sample"], p.Y));
        var sops = Line(ops, "synaptic operations (spiking)").Points;
        Assert.Equal(cost.Numbers["sops_per_sample_lowest_rate"], sops[0].Y, 9);
        Assert.Equal(cost.Numbers["sops_per_sample_highest_rate"], sops[^1].Y, 9);
        Assert.IsType<LogarithmicAxis>(AxisAt(ExperimentFigures.Model(cost.Figures!.Single(f => f.Name == "energy")), AxisPosition.Left));
    }

    [Fact]
    public void TopologyDegreeFractionsSumToAtMostOneAndLesionsStartIntact()
    {
        (ExperimentResult r, _) = Run("topology");
        PlotModel degrees = ExperimentFigures.Model(r.Figures!.Single(f => f.Name == "degrees"));
        Assert.Equal(["random", "small_world", "scale_free", "distance", "all_to_all"], degrees.Series.Select(s => s.Title));
        foreach (ScatterSeries s in degrees.Series.Cast<ScatterSeries>())
            Assert.InRange(s.Points.Sum(p => p.Y), 0.9, 1 + 1e-12); // neurons without a link fall off the log axis
        PlotModel lesions = ExperimentFigures.Model(r.Figures!.Single(f => f.Name == "lesions"));
        Assert.Equal(r.Numbers["hub_lesion_rate_ratio"], Line(lesions, "scale_free, hubs").Points.Single(p => Math.Abs(p.X - TopologyContrast.ClaimFraction) < 1e-12).Y, 12);
        Assert.Equal(r.Numbers["random_lesion_rate_ratio"], Line(lesions, "scale_free, random").Points.Single(p => Math.Abs(p.X - TopologyContrast.ClaimFraction) < 1e-12).Y, 12);
    }

    [Fact]
    public void ModelRejectsASeriesWithMismatchedLengthsAndBreaksLinesAtNaN()
    {
        var bad = new ExperimentFigure("x", "t", "a (ms)", "b (Hz)", [new FigureLine("l", [1, 2], [1])]);
        Assert.Throws<ArgumentException>(() => ExperimentFigures.Model(bad));
        var gap = ExperimentFigures.Model(new ExperimentFigure("x", "t", "a (ms)", "b (Hz)", [new FigureLine("l", [1, 2, 3], [1, double.NaN, 3])]));
        Assert.False(((LineSeries)gap.Series[0]).Points[1].IsDefined());
        var log = ExperimentFigures.Model(new ExperimentFigure("x", "t", "a (ms)", "b (Hz)", [new FigureLine("l", [0, 1, 10], [1, 2, 3], Markers: true)], LogX: true));
        Assert.Equal([1.0, 10.0], ((ScatterSeries)log.Series[0]).Points.Select(p => p.X)); // x = 0 has no place on a log axis
    }

    [Fact]
    public void TheExperimentCommandWritesThePngsAndTheReportShowsThemInline()
    {
        string outDir = Path.Combine(Dir, "cli-signals");
        var run = Spikesim("experiment", "signals", "--quick", "--out", outDir);
        Assert.True(run.Code == 0, run.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "fi_curve.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "fi_saturation.png")));
        var report = Spikesim("report", outDir);
        Assert.True(report.Code == 0, report.Err);
        string html = File.ReadAllText(Path.Combine(outDir, HtmlReport.FileName));
        Assert.Equal(2, CountOf(html, "<img src=\"data:image/png;base64,"));
        Assert.Contains("alt=\"f-I curves up to 1500 pA\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Figures<", html, StringComparison.Ordinal); // both shown by the summary itself, none left over
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
