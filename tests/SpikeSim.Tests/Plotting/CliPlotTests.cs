using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Plotting;

/// <summary>The <c>spikesim plot</c> command and <c>spikesim run --plot</c>, in process.</summary>
public sealed class CliPlotTests : CliTestBase
{
    private string RunTiny(string name = "tiny", params string[] extra)
    {
        string model = Write("tiny.json", RecurrentModel("100 ms"));
        string outDir = Path.Combine(Dir, name);
        var run = Spikesim(["run", model, "--out", outDir, "-q", .. extra]);
        Assert.True(run.Code == 0, run.Err);
        return outDir;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void PlotWritesEveryFigureOfARunFolderAndListsThem()
    {
        string run = RunTiny();
        var plot = Spikesim("plot", run);
        Assert.True(plot.Code == 0, plot.Err);
        string figures = Path.Combine(run, "figures");
        string[] expected = ["raster", "isi", "rates", "voltage"];
        Assert.Equal(expected.Select(n => Path.Combine(figures, n + ".png")), Lines(plot.Out));
        foreach (string file in Lines(plot.Out)) Assert.Equal((800, 500), ExportTests.PngSize(file));
        Assert.Equal("", plot.Err);
    }

    [Fact]
    public void PlotWritesSvgOrBothIntoTheGivenFolder()
    {
        string run = RunTiny();
        string outDir = Path.Combine(Dir, "report", "figs");
        var svg = Spikesim("plot", run, "--format", "svg", "--out", outDir);
        Assert.True(svg.Code == 0, svg.Err);
        Assert.All(Lines(svg.Out), f => Assert.EndsWith(".svg", f));
        foreach (string file in Lines(svg.Out)) ExportTests.SvgRoot(file);
        var both = Spikesim("plot", run, "--format", "both", "--out", outDir);
        Assert.Equal(2 * Lines(svg.Out).Length, Lines(both.Out).Length);
    }

    [Fact]
    public void RunWithPlotWritesFiguresAfterTheResultLine()
    {
        string model = Write("tiny.json", RecurrentModel("100 ms"));
        string outDir = Path.Combine(Dir, "tiny");
        var run = Spikesim("run", model, "--out", outDir, "-q", "--plot");
        Assert.True(run.Code == 0, run.Err);
        string[] lines = Lines(run.Out);
        Assert.StartsWith("tiny: 100 ms", lines[0]);
        Assert.Equal(Path.Combine(outDir, "figures", "voltage.png"), lines[^1]);
        Assert.True(File.Exists(lines[^1]));
    }

    [Fact]
    public void PlotWithTheModelMarksThresholds()
    {
        string run = RunTiny();
        var plot = Spikesim("plot", run, "--model", Path.Combine(Dir, "tiny.json"), "--format", "svg");
        Assert.True(plot.Code == 0, plot.Err);
        string svg = File.ReadAllText(Path.Combine(run, "figures", "voltage.svg"));
        Assert.Contains("V_th = 20 mV", svg);
        Assert.Contains("V_reset = 10 mV", svg);
    }

    [Fact]
    public void AVoltageFigureOfSomeRecordedNeuronsSaysHowToPickOthers()
    {
        string model = Write("tiny.json", RecurrentModel("100 ms").Replace("\"neurons\": [0, 1], \"interval\"", "\"neurons\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], \"interval\"", StringComparison.Ordinal));
        string run = Path.Combine(Dir, "tiny");
        Assert.Equal(0, Spikesim("run", model, "--out", run, "-q").Code);
        Assert.Equal(0, Spikesim("plot", run, "--format", "svg").Code);
        // Before: "8 of 12 recorded neurons", and nothing about how to see neurons 8-11.
        Assert.Contains("8 of 12 recorded neurons; pick others with --neurons POP:FIRST-LAST", File.ReadAllText(Path.Combine(run, "figures", "voltage.svg")));
        // Following the hint shows them, and the subtitle goes.
        Assert.Equal(0, Spikesim("plot", run, "--format", "svg", "--neurons", "exc:8-11").Code);
        var voltage = SpikeSim.Plotting.RunFolderPlotter.BuildFigures(run, new SpikeSim.Plotting.PlotOptions
        {
            Selection = new SpikeSim.Plotting.Data.PlotSelection { Neurons = [SpikeSim.Plotting.Data.NeuronSet.Parse("exc:8-11")] },
        }).Single(f => f.Name == "voltage").Model;
        Assert.Null(voltage.Subtitle);
        Assert.Equal(["exc 8", "exc 9", "exc 10", "exc 11"], voltage.Series.Select(s => s.Title).Where(t => !string.IsNullOrEmpty(t)));
    }

    [Fact]
    public void APlotOfAMovedRunFolderKeepsTheThresholdsOfTheModelAsRun()
    {
        // Before: plot drew V_th and V_reset only with --model, which a moved folder whose model is gone cannot give.
        string model = Write("tiny.json", RecurrentModel("100 ms"));
        string run = Path.Combine(Dir, "tiny");
        Assert.Equal(0, Spikesim("run", model, "--out", run, "-q", "--set", "populations.exc.neuron.v_th=18 mV", "--duration", "60 ms").Code);
        string moved = Path.Combine(Dir, "elsewhere", "tiny");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(run, moved);
        File.Delete(model);
        var plot = Spikesim("plot", moved, "--format", "svg");
        Assert.True(plot.Code == 0, plot.Err);
        string svg = File.ReadAllText(Path.Combine(moved, "figures", "voltage.svg"));
        Assert.Contains("V_th = 18 mV", svg);    // the --set of the run, not the file's 20 mV
        Assert.Contains("V_reset = 10 mV", svg);
        Assert.DoesNotContain("V_th = 20 mV", svg);
        // The model as run is in command.json, with --duration applied; the report shows it in place of the lost file.
        var recorded = SpikeSim.Cli.Commands.PlotCommand.RecordedModel(moved)!;
        Assert.Equal(60.0, recorded.DurationMs);
        Assert.Equal(18.0, recorded.Populations[0].Neuron.VThMv);
        Assert.Equal(0, Spikesim("report", moved).Code);
        string html = File.ReadAllText(Path.Combine(moved, "report.html"));
        Assert.Contains("no longer exists", html);
        Assert.Contains("The model as run, kept in command.json:", html);
        Assert.Contains("&quot;v_th&quot;: &quot;18 mV&quot;", html);
        // --model still wins.
        string other = Write("other.json", RecurrentModel("100 ms").Replace("\"v_th\": \"20 mV\"", "\"v_th\": \"19 mV\"", StringComparison.Ordinal));
        Assert.Equal(0, Spikesim("plot", moved, "--format", "svg", "--model", other).Code);
        Assert.Contains("V_th = 19 mV", File.ReadAllText(Path.Combine(moved, "figures", "voltage.svg")));
    }

    [Fact]
    public void AMissingRunFolderIsBadInput()
    {
        string missing = Path.Combine(Dir, "nope");
        var plot = Spikesim("plot", missing);
        Assert.Equal(2, plot.Code);
        Assert.Equal($"spikesim: error: {missing}: run folder not found" + Environment.NewLine, plot.Err);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void AFolderWithNothingToPlotIsBadInput()
    {
        string empty = Path.Combine(Dir, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "hello");
        var plot = Spikesim("plot", empty);
        Assert.Equal(2, plot.Code);
        Assert.Contains($"{empty}: nothing to plot (expected at least one of spikes.csv", plot.Err);
        Assert.False(Directory.Exists(Path.Combine(empty, "figures")));
    }

    [Fact]
    public void ABrokenFileIsBadInputNamingIt()
    {
        string dir = Path.Combine(Dir, "broken");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "spikes.csv"), "time,population,neuron\n1,a,0\n");
        var plot = Spikesim("plot", dir);
        Assert.Equal(2, plot.Code);
        Assert.Contains("spikes.csv: no column 't_ms'", plot.Err);
    }

    [Fact]
    public void SetWithoutModelIsBadInput()
    {
        string run = RunTiny();
        var plot = Spikesim("plot", run, "--set", "seed=2");
        Assert.Equal(2, plot.Code);
        Assert.Contains("no --model was given", plot.Err);
    }

    [Fact]
    public void AnUnknownFormatIsBadInput()
    {
        string run = RunTiny();
        var plot = Spikesim("plot", run, "--format", "gif");
        Assert.Equal(2, plot.Code);
        Assert.Contains("gif", plot.Err);
    }
}
