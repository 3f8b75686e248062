using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Cli;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Figures;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Plotting;

/// <summary>Figures a student can shape: time window, populations, neurons, σ; per-neuron rates; the ISI overflow bin.</summary>
public sealed class PlotSelectionTests : CliTestBase
{
    private string RunTiny()
    {
        string model = Write("tiny.json", RecurrentModel("100 ms"));
        string outDir = Path.Combine(Dir, "tiny");
        var run = Spikesim("run", model, "--out", outDir, "-q");
        Assert.True(run.Code == 0, run.Err);
        return outDir;
    }

    private static double Min(OxyPlot.PlotModel m, AxisPosition p) => m.Axes.Single(a => a.Position == p).Minimum;
    private static double Max(OxyPlot.PlotModel m, AxisPosition p) => m.Axes.Single(a => a.Position == p).Maximum;

    [Fact]
    public void A_window_populations_neurons_and_sigma_shape_every_figure()
    {
        string run = RunTiny();
        var options = new PlotOptions
        {
            SmoothingSigmaMs = 2,
            Selection = new PlotSelection { FromMs = 40, ToMs = 70, Populations = ["inh", "exc"], Neurons = [NeuronSet.Parse("exc:0-4"), NeuronSet.Parse("inh:1")] },
        };
        var figures = RunFolderPlotter.BuildFigures(run, options).ToDictionary(f => f.Name, f => f.Model);
        Assert.Equal(["raster", "raster-detail", "isi", "rates", "neuron-rates", "voltage"], figures.Keys);

        var raster = figures["raster"];
        Assert.Equal((40.0, 70.0), (Min(raster, AxisPosition.Bottom), Max(raster, AxisPosition.Bottom)));
        var rows = raster.Series.Cast<RasterSeries>().ToArray();
        Assert.Equal(["inh", "exc"], rows.Select(r => r.Title)); // in the order asked
        Assert.All(rows, r => Assert.All(r.TimesMs, t => Assert.InRange(t, 40, 70)));
        Assert.True(rows.Sum(r => r.Count) > 0);

        var detail = figures["raster-detail"].Series.Cast<RasterSeries>().ToArray();
        Assert.All(detail[0].Rows, r => Assert.Equal(1, r));            // inh 1 only
        Assert.All(detail[1].Rows, r => Assert.InRange(r, 2, 2 + 4));    // exc 0-4, stacked above inh's rows 0-1

        var rates = figures["rates"];
        Assert.Equal((40.0, 70.0), (Min(rates, AxisPosition.Bottom), Max(rates, AxisPosition.Bottom)));
        Assert.Equal("rate (Hz), Gaussian σ = 2 ms", rates.Axes.Single(a => a.Position == AxisPosition.Left).Title);

        var single = figures["neuron-rates"];
        Assert.Equal(6, single.Series.Count); // exc 0-4 and inh 1
        Assert.StartsWith("exc 0 (", single.Series[0].Title);
        Assert.StartsWith("inh 1 (", single.Series[5].Title);

        var voltage = figures["voltage"];
        Assert.All(voltage.Series.OfType<LineSeries>().SelectMany(s => s.Points), p => Assert.InRange(p.X, 40, 70));
        int traces = voltage.Series.OfType<LineSeries>().Count(s => s.Points.Count > 0);
        Assert.True(traces >= 2);
        Assert.Equal(traces, voltage.Axes.Count(a => a.Position == AxisPosition.Left)); // one panel per neuron
    }

    [Fact]
    public void A_single_neurons_rate_is_its_spikes_smoothed_by_the_gaussian()
    {
        // One spike at 50 ms, σ = 2 ms: r(50) = 1000 / (σ √(2π)) Hz = 199.47 Hz; far from it, 0.
        var spikes = new SpikeTrains([new PopulationSpikes("a", [50.0], [3])]);
        var model = TraceFigures.NeuronRates(spikes, [("a", 3), ("a", 4)], 2, 0, 100);
        var line = (LineSeries)model.Series[0];
        Assert.Equal(1000 / (2 * Math.Sqrt(2 * Math.PI)), line.Points.Single(p => Math.Abs(p.X - 50) < 1e-9).Y, 9);
        Assert.Equal(0, line.Points[0].Y, 12);
        Assert.All(((LineSeries)model.Series[1]).Points, p => Assert.Equal(0, p.Y)); // a 4 never fired
        Assert.Equal(["a 3 (1 spike)", "a 4 (0 spikes)"], model.Series.Select(s => s.Title));
    }

    [Fact]
    public void The_isi_histogram_shows_every_interval_with_an_overflow_bin()
    {
        // fast: 1000 intervals of 1 ms; slow: 5 intervals of 50 ms, beyond the pooled 99th percentile (1 ms).
        var fast = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();
        var slow = Enumerable.Range(0, 6).Select(i => 50.0 * i).ToArray();
        var spikes = new SpikeTrains([new PopulationSpikes("fast", fast, new int[fast.Length]), new PopulationSpikes("slow", slow, new int[slow.Length])]);
        var model = SpikeFigures.IsiHistogram(spikes, binMs: 1);
        var series = model.Series.Cast<HistogramSeries>().ToArray();
        Assert.Equal(1000, series[0].Items.Sum(i => i.Count));
        Assert.Equal(5, series[1].Items.Sum(i => i.Count)); // all of them, in the last bin
        var last = series[1].Items[^1];
        Assert.Equal((5, 2.0, 3.0), (last.Count, last.RangeStart, last.RangeEnd));
        Assert.Contains("last bin: every ISI ≥ 2 ms", model.Subtitle);
        Assert.Contains("100% of slow", model.Subtitle);
        Assert.Equal(last.RangeEnd, Max(model, AxisPosition.Bottom));
    }

    [Fact]
    public void Plot_and_run_take_the_options_and_refuse_bad_ones()
    {
        string run = RunTiny();
        var plot = Spikesim("plot", run, "--from", "20 ms", "--to", "60 ms", "--neurons", "exc:0-2", "--sigma", "3 ms", "--format", "svg");
        Assert.True(plot.Code == 0, plot.Err);
        Assert.Contains(Path.Combine(run, "figures", "neuron-rates.svg"), plot.Out);
        Assert.Contains("Gaussian σ = 3 ms", File.ReadAllText(Path.Combine(run, "figures", "rates.svg")));

        string model = Path.Combine(Dir, "tiny.json");
        var withPlot = Spikesim("run", model, "--out", Path.Combine(Dir, "r2"), "-q", "--plot", "--populations", "exc", "--neurons", "exc:1");
        Assert.True(withPlot.Code == 0, withPlot.Err);
        Assert.Contains(Path.Combine(Dir, "r2", "figures", "neuron-rates.png"), withPlot.Out);

        var backwards = Spikesim("plot", run, "--from", "60 ms", "--to", "20 ms");
        Assert.Equal(ExitCodes.BadInput, backwards.Code);
        Assert.Contains("--to must be after --from", backwards.Err);
        var badNeurons = Spikesim("run", model, "--out", Path.Combine(Dir, "r3"), "-q", "--plot", "--neurons", "exc:5-1");
        Assert.Equal(ExitCodes.BadInput, badNeurons.Code);
        Assert.False(Directory.Exists(Path.Combine(Dir, "r3"))); // refused before the run
        var badPopulation = Spikesim("plot", run, "--populations", "exx");
        Assert.Equal(ExitCodes.BadInput, badPopulation.Code);
        Assert.Contains("no population \"exx\"", badPopulation.Err);
        Assert.Equal([0, 1, 2, 5], NeuronSet.Parse("exc:0-2,5").Indices);
        Assert.Throws<FormatException>(() => NeuronSet.Parse("exc"));
    }

    [Theory]
    [InlineData(new[] { "--neurons", "nosuch:0-3" }, "--neurons nosuch:0-3: no population \"nosuch\"; the run in {run} has exc (80 neurons), inh (20 neurons)")]
    [InlineData(new[] { "--neurons", "exc:0-2", "--neurons", "inh:5,19-25" }, "--neurons inh:5,19-25: population \"inh\" has 20 neurons (indices 0-19), so there is no neuron 25")]
    [InlineData(new[] { "--populations", "exc,nosuch" }, "--populations exc,nosuch: no population \"nosuch\"; the run in {run} has exc (80 neurons), inh (20 neurons)")]
    [InlineData(new[] { "--from", "150 ms" }, "--from 150 ms: the run ends at 100 ms")]
    [InlineData(new[] { "--to", "0 ms" }, "--to 0 ms: the run starts at 0 ms")]
    public void A_selection_the_run_lacks_exits_2_naming_the_option_the_value_and_what_exists(string[] options, string expected)
    {
        string run = RunTiny();
        var plot = Spikesim(["plot", run, .. options]);
        Assert.Equal(ExitCodes.BadInput, plot.Code);
        Assert.Equal(CliErrors.Prefix + expected.Replace("{run}", run, StringComparison.Ordinal), plot.Err.Trim());
        Assert.Equal("", plot.Out);
        Assert.False(Directory.Exists(Path.Combine(run, "figures")));

        // run --plot refuses the same before simulating, naming the model.
        string outDir = Path.Combine(Dir, "refused");
        var withPlot = Spikesim(["run", Path.Combine(Dir, "tiny.json"), "--out", outDir, "-q", "--plot", .. options]);
        Assert.Equal(ExitCodes.BadInput, withPlot.Code);
        Assert.Equal(CliErrors.Prefix + expected.Replace("the run in {run}", "the model " + Path.Combine(Dir, "tiny.json"), StringComparison.Ordinal),
                     withPlot.Err.Trim());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void The_library_checks_a_selection_and_names_the_field()
    {
        var e = Assert.Throws<PlotSelectionException>(() =>
            new PlotSelection { Neurons = [NeuronSet.Parse("exc:4,0-2")] }.Check([("exc", 4), ("inh", 1)], 0, 10, "the run"));
        Assert.Equal((PlotSelectionField.Neurons, "exc:0-2,4"), (e.Field, e.Value));
        Assert.Equal("selection neurons exc:0-2,4: population \"exc\" has 4 neurons (indices 0-3), so there is no neuron 4", e.Message);
        e = Assert.Throws<PlotSelectionException>(() => new PlotSelection { Populations = ["x"] }.Check([("exc", 4), ("inh", 1)], null, null, "the run"));
        Assert.Equal("no population \"x\"; the run has exc (4 neurons), inh (1 neuron)", e.Problem);
        new PlotSelection { FromMs = 5, ToMs = 50, Neurons = [NeuronSet.Parse("inh:0")] }.Check([("exc", 4), ("inh", 1)], 0, 10, "the run"); // overlaps: fine
    }
}
