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
    public void A_warmup_as_long_as_the_run_is_bad_input()
    {
        var run = Spikesim("compare", TwoNeurons, "--out", Path.Combine(Dir, "c"), "--warmup", "50 ms");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("shorter than the run", run.Err);
    }
}
