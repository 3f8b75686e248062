using System.Globalization;
using System.Text.Json.Nodes;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Cli;
using SpikeSim.Cli.Commands;
using SpikeSim.Plotting;
using SpikeSim.Recording;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Cli;

/// <summary><c>spikesim compare --warmup --plot</c>, the lif_rate note and the scatter's axes.</summary>
public sealed class CompareOptionsTests : CliTestBase
{
    private static string TwoNeurons => Path.Combine(ModelTestHelpers.ModelsDir, "two-neurons.json");

    [Fact]
    public void Warmup_leaves_the_first_spikes_out_of_the_rate()
    {
        string dir = Path.Combine(Dir, "c");
        var run = Spikesim("compare", TwoNeurons, "--out", dir, "--warmup", "10 ms");
        Assert.True(run.Code == 0, run.Err);
        // b's rate = its spikes at t >= 10 ms / (50 ms - 10 ms), counted here from the spiking run's spikes.csv.
        int late = File.ReadAllLines(Path.Combine(dir, "spiking", "spikes.csv")).Skip(1).Select(l => l.Split(','))
            .Count(f => f[1] == "b" && double.Parse(f[0], CultureInfo.InvariantCulture) >= 10);
        int all = File.ReadAllLines(Path.Combine(dir, "spiking", "spikes.csv")).Skip(1).Count(l => l.Split(',')[1] == "b");
        Assert.True(late < all, "the model fires before 10 ms, so the warm-up matters");
        string row = File.ReadAllLines(Path.Combine(dir, RunFolderWriter.CompareFile)).Single(l => l.StartsWith("b,0,", StringComparison.Ordinal));
        Assert.Equal(late / 0.040, double.Parse(row.Split(',')[2], CultureInfo.InvariantCulture), 9);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFolderWriter.CompareSummaryFile)))!;
        Assert.Equal(10.0, json["warmup_ms"]!.GetValue<double>());
        Assert.Equal(ComparisonOptions.LifRateNote, json["note"]!.GetValue<string>());
    }

    [Fact]
    public void Plot_draws_the_scatter_with_its_unit_and_the_diagonal()
    {
        string dir = Path.Combine(Dir, "c");
        var run = Spikesim("compare", TwoNeurons, "--out", dir, "--plot");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains(Path.Combine(dir, "figures", "compare.png"), run.Out);
        var figure = RunFolderPlotter.BuildFigures(dir).Single(f => f.Name == "compare").Model;
        Assert.Equal("lif_rate: predicted rate (Hz)", figure.Axes.Single(a => a.Position == AxisPosition.Bottom).Title);
        var diagonal = figure.Series.OfType<LineSeries>().Single(s => s.Title == "y = x");
        Assert.All(diagonal.Points, p => Assert.Equal(p.X, p.Y));
        Assert.Contains("cannot capture", figure.Subtitle);
    }

    [Fact]
    public void Quiet_is_accepted_as_in_run_and_sweep()
    {
        // compare had no --quiet ("Unrecognized command or argument '--quiet'", exit 2); it now shares run's option.
        foreach (string flag in new[] { "--quiet", "-q" })
        {
            string dir = Path.Combine(Dir, "c" + flag);
            var run = Spikesim("compare", TwoNeurons, "--out", dir, flag);
            Assert.True(run.Code == 0, run.Err);
            Assert.Equal("", run.RawErr);
            Assert.True(File.Exists(Path.Combine(dir, RunFolderWriter.CompareFile)));
        }
        // The help line, its padding (the width of each command's longest option) made one space.
        string QuietLine(string command) => System.Text.RegularExpressions.Regex.Replace(
            Spikesim(command, "--help").Out.Split('\n').Single(l => l.Contains("--quiet", StringComparison.Ordinal)).Trim(), " +", " ");
        Assert.Equal("-q, --quiet Show no progress on stderr.", QuietLine("compare"));
        Assert.Equal(QuietLine("run"), QuietLine("compare"));
        Assert.Equal(QuietLine("sweep"), QuietLine("compare"));
    }

    [Fact]
    public void A_warmup_as_long_as_the_run_is_bad_input()
    {
        var run = Spikesim("compare", TwoNeurons, "--out", Path.Combine(Dir, "c"), "--warmup", "50 ms");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("shorter than the run", run.Err);
    }

    [Fact]
    public void Pearson_is_NaN_on_a_constant_sample_not_a_rounding_artefact()
    {
        // The mean of three 0.1s is 0.10000000000000002: the variance left by that rounding gave r = 0 (and -1.2e-15
        // below), as if the samples were uncorrelated.
        Assert.True(double.IsNaN(SpikeSim.Analysis.Correlation.Pearson([0.1, 0.1, 0.1], [1, 2, 3])));
        Assert.True(double.IsNaN(SpikeSim.Analysis.Correlation.Pearson([1, 2, 3, 4, 5, 6, 7], [.. Enumerable.Repeat(84.68624887548154, 7)])));
        Assert.Equal(1.0, SpikeSim.Analysis.Correlation.Pearson([0.1, 0.2, 0.3], [1, 2, 3]), 12);
        Assert.Equal(-1.0, SpikeSim.Analysis.Correlation.Pearson([0.1, 0.2, 0.3], [3, 2, 1]), 12);
    }

    private static string FlatModel(bool withQuiet) => $$"""
        { "duration": "100 ms",
          "populations": [ { "name": "inh", "size": 7, "neuron": { "model": "lif", "psc": "exp", "i_e": "600 pA",
                             "v_init": { "dist": "uniform", "low": "-70 mV", "high": "-55 mV" } } }
                           {{(withQuiet ? """, { "name": "quiet", "size": 2, "neuron": { "model": "lif", "psc": "exp" } }""" : "")}} ],
          "projections": [], "inputs": [] }
        """;

    [Fact]
    public void Compare_says_clearly_when_r_is_undefined()
    {
        // Seven identical neurons under the same current, from different initial V: their spiking rates differ (80 or
        // 90 Hz in 100 ms), their lif_rate values are all the same, so r is undefined.
        string model = Write("flat.json", FlatModel(withQuiet: true));
        string dir = Path.Combine(Dir, "flat");
        var run = Spikesim("compare", model, "--out", dir, "--plot");
        Assert.True(run.Code == 0, run.Err);
        Assert.DoesNotContain("NaN", run.Out);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFolderWriter.CompareSummaryFile)))!;
        double r = json["pearson_r"]!.GetValue<double>(); // over all nine neurons: quiet ones at 0 Hz and 0
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Pearson r = {r:0.####} -> "), run.Out);
        var inh = json["populations"]![0]!;
        Assert.Null(inh["pearson_r"]);
        Assert.Equal("every neuron has the same lif_rate value, 84.686: there is no variation to correlate", inh["pearson_r_undefined"]!.GetValue<string>());
        var quiet = json["populations"]![1]!;
        Assert.Null(quiet["pearson_r"]);
        Assert.Equal("every neuron has the same spiking rate, 0 Hz, and the same lif_rate value, 0: there is no variation to correlate",
                     quiet["pearson_r_undefined"]!.GetValue<string>());
        var rates = File.ReadAllLines(Path.Combine(dir, RunFolderWriter.CompareFile)).Skip(1).Where(l => l.StartsWith("inh,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[2]).Distinct().Order().ToArray();
        Assert.Equal(["80", "90"], rates);
        var figure = RunFolderPlotter.BuildFigures(dir).Single(f => f.Name == "compare").Model;
        Assert.Equal(["inh (r undefined: constant)", "quiet (r undefined: constant)"], figure.Series.OfType<ScatterSeries>().Select(s => s.Title));

        // The same model as one population: the whole model's r is undefined too, and stdout says why.
        string single = Write("flat1.json", FlatModel(withQuiet: false));
        run = Spikesim("compare", single, "--out", Path.Combine(Dir, "flat1"));
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("over 7 neurons: Pearson r undefined (every neuron has the same lif_rate value, 84.686: there is no variation to correlate) -> ", run.Out);
        json = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "flat1", RunFolderWriter.CompareSummaryFile)))!;
        Assert.Null(json["pearson_r"]);
        Assert.Equal("every neuron has the same lif_rate value, 84.686: there is no variation to correlate", json["pearson_r_undefined"]!.GetValue<string>());
    }
}
