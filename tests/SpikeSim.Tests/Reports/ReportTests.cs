using System.Text.Json;
using System.Text.RegularExpressions;
using SpikeSim.Plotting;
using SpikeSim.Recording;
using SpikeSim.Plotting.Reports;
using SpikeSim.Tests.Cli;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Reports;

/// <summary><c>spikesim report</c>, <c>run --report</c> and command.json, through the CLI; the page checked in headless Chromium.</summary>
public sealed class ReportTests : CliTestBase
{
    private static string Shipped(string name) => Path.Combine(ModelTestHelpers.ModelsDir, name);

    private string RunTwoNeurons(params string[] extra)
    {
        string outDir = Path.Combine(Dir, "two");
        var run = Spikesim(["run", Shipped("two-neurons.json"), "--out", outDir, "-q", .. extra]);
        Assert.True(run.Code == 0, run.Err);
        return outDir;
    }

    /// <summary>Every src/href/url(...) of the page: none may reach outside it (data: URIs and #anchors only).</summary>
    private static List<string> ExternalReferences(string html) =>
        Regex.Matches(html, "(?:src|href)\\s*=\\s*\"([^\"]*)\"|url\\(([^)]*)\\)")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Where(u => !u.StartsWith("data:", StringComparison.Ordinal) && !u.StartsWith('#'))
            .ToList();

    [ChromiumFact]
    public async Task ReportOfAShippedModelLoadsInChromiumWithoutErrorsAndShowsEveryFigure()
    {
        string run = RunTwoNeurons("--report");
        string report = Path.Combine(run, HtmlReport.FileName);
        Assert.True(File.Exists(report));
        int figures = RunFolderPlotter.BuildFigures(run).Count; // raster, isi, rates, voltage
        Assert.Equal(4, figures);

        var page = await HeadlessChromium.LoadAsync(report, TimeSpan.FromSeconds(60));

        Assert.Empty(page.Problems);
        Assert.Empty(page.Requests); // nothing fetched: no network, no file beside it
        Assert.Equal("Run: two-neurons", page.Title);
        Assert.Equal(figures, page.Images.Count);
        // Each figure decoded at the size it was drawn (800 x 500 px): an image that failed would be 0 x 0.
        Assert.All(page.Images, i => Assert.Equal((true, 800, 500), i));
    }

    [Fact]
    public void RunRecordsItsCommandVersionAndModelInCommandJson()
    {
        string run = RunTwoNeurons("--duration", "20 ms");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunProvenance.FileName)));
        var root = doc.RootElement;
        Assert.Equal($"spikesim run {Shipped("two-neurons.json")} --out {run} -q --duration '20 ms'", root.GetProperty("command").GetString());
        Assert.Equal(["run", Shipped("two-neurons.json"), "--out", run, "-q", "--duration", "20 ms"],
                     root.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(RunFolderWriter.Version, root.GetProperty("version").GetString());
        Assert.Equal(Path.GetFullPath(Shipped("two-neurons.json")), root.GetProperty("model_file").GetString());
    }

    [Fact]
    public void ReportOfARunHasTheSummaryEveryFigureTheModelAndTheCommand()
    {
        string run = RunTwoNeurons();
        var report = Spikesim("report", run, "--out", Path.Combine(Dir, "out", "r.html"));
        Assert.True(report.Code == 0, report.Err);
        Assert.Equal(Path.Combine(Dir, "out", "r.html"), report.Out.Trim());
        string html = File.ReadAllText(Path.Combine(Dir, "out", "r.html"));
        Assert.Equal(4, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
        Assert.Empty(ExternalReferences(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"spikesim run {Shipped("two-neurons.json")} --out {run} -q", html);
        Assert.Contains(RunFolderWriter.Version, html);
        Assert.Contains("&quot;name&quot;: &quot;two-neurons&quot;", html); // the model file, escaped
        Assert.Contains("<td>a</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">40</td>", html); // a: size 1, 2 spikes, 40 Hz
        Assert.Contains("<th>duration (ms)</th><td>50</td>", html);
    }

    [Fact]
    public void ReportOfASweepShowsResultsFiguresAndTheDefinition()
    {
        string sweep = Path.Combine(Dir, "sweep");
        var run = Spikesim("sweep", Shipped("two-neurons.json"), "--param", "inputs.1.rate=[10 kHz,20 kHz]", "--out", sweep, "-q", "-t", "1", "--report");
        Assert.True(run.Code == 0, run.Err);
        string html = File.ReadAllText(Path.Combine(sweep, HtmlReport.FileName));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Sweep: sweep</title>", html);
        Assert.Contains("Sweep definition (sweep.json)", html);
        Assert.True(Regex.Matches(html, "<img src=\"data:image/png;base64,").Count >= 1);
        string results = Regex.Match(html, "<table class=\"wide\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(3, Regex.Matches(results, "<tr>").Count); // header and the two points
        Assert.Contains("spikesim sweep", html);
        Assert.Empty(ExternalReferences(html));
    }

    [Fact]
    public void ReportOfAnExperimentFolderEmbedsTheFiguresItsSummaryShows()
    {
        string exp = Path.Combine(Dir, "exp");
        Directory.CreateDirectory(Path.Combine(exp, "figures"));
        byte[] png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        File.WriteAllBytes(Path.Combine(exp, "figures", "curve.png"), png);
        File.WriteAllBytes(Path.Combine(exp, "extra.png"), png);
        Write("exp/result.json", """{ "experiment": "demo", "claim": "x beats y", "claim_holds": true, "numbers": { "gain": 1.5 } }""");
        Write("exp/summary.md", "# Demo\n\n| a | b |\n|---|---|\n| 1 ms | `2` |\n\n![the curve](figures/curve.png)\n");
        var report = Spikesim("report", exp);
        Assert.True(report.Code == 0, report.Err);
        string html = File.ReadAllText(Path.Combine(exp, HtmlReport.FileName));
        Assert.Contains("<title>Experiment: exp</title>", html);
        Assert.Contains("<tr><td>1 ms</td><td><code>2</code></td></tr>", html);
        Assert.Contains("<img src=\"data:image/png;base64,iVBOR", html);
        Assert.Equal(2, Regex.Matches(html, "<img ").Count); // curve.png in the summary, extra.png after it
        Assert.Contains("<th>claim holds</th><td>true</td>", html);
        Assert.Contains("<td>gain</td><td class=\"num\">1.5</td>", html);
        Assert.Empty(ExternalReferences(html));
    }

    [Fact]
    public void ReportOfAComparisonShowsItsCorrelationsAndScatter()
    {
        string dir = Path.Combine(Dir, "cmp");
        var run = Spikesim("compare", Shipped("two-neurons.json"), "--out", dir);
        Assert.True(run.Code == 0, run.Err);
        var report = Spikesim("report", dir);
        Assert.True(report.Code == 0, report.Err);
        string html = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        Assert.Contains("<th>pearson r</th>", html);
        Assert.Contains("<th>artificial_neuron</th>", html);
        Assert.Single(Regex.Matches(html, "<img src=\"data:image/png;base64,")); // the scatter
        Assert.Contains("spikesim compare", html);
    }

    [Fact]
    public void ReportOfAMissingOrEmptyFolderIsBadInput()
    {
        var missing = Spikesim("report", Path.Combine(Dir, "nope"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("folder not found", missing.Err);
        Directory.CreateDirectory(Path.Combine(Dir, "empty"));
        var empty = Spikesim("report", Path.Combine(Dir, "empty"));
        Assert.Equal(2, empty.Code);
        Assert.Contains("not a run, sweep or experiment folder", empty.Err);
    }
}
