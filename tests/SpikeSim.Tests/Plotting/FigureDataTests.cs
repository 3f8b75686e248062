using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Legends;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Tests.Plotting;

public sealed class FigureDataTests
{
    private static SpikeTrains Trains(params PopulationSpikes[] pops) => new(pops);

    private static Axis AxisAt(PlotModel model, AxisPosition position) => model.Axes.Single(a => a.Position == position);

    [Fact]
    public void RasterHasOnePointPerSpikeWithPopulationsStacked()
    {
        var spikes = Trains(
            new PopulationSpikes("exc", [1, 2, 3], [0, 5, 7]),
            new PopulationSpikes("inh", [1.5, 4], [0, 2]));
        var model = SpikeFigures.Raster(spikes, new Dictionary<string, int> { ["exc"] = 8, ["inh"] = 3 }, 10);
        var series = model.Series.Cast<RasterSeries>().ToArray();
        Assert.Equal(spikes.Count, series.Sum(s => s.Count));
        Assert.Equal([0, 5, 7], series[0].Rows);
        Assert.Equal([8, 10], series[1].Rows); // offset by exc's 8 neurons
        Assert.Equal(["exc", "inh"], series.Select(s => s.Title));
        Assert.Single(model.Legends);
        var x = AxisAt(model, AxisPosition.Bottom);
        Assert.Equal((0.0, 10.0), (x.Minimum, x.Maximum));
        Assert.Equal("time (ms)", x.Title);
        var y = AxisAt(model, AxisPosition.Left);
        Assert.Equal((-0.5, 10.5), (y.Minimum, y.Maximum));
    }

    [Fact]
    public void FigureCountsAreSingularForOne()
    {
        // The raster's subtitle counts the spikes shown: one is "1 spike", thousands are separated.
        Assert.Equal("1 spike", SpikeFigures.Raster(Trains(new PopulationSpikes("exc", [1], [0])), null, 10).Subtitle);
        Assert.Equal("2 spikes", SpikeFigures.Raster(Trains(new PopulationSpikes("exc", [1, 2], [0, 1])), null, 10).Subtitle);
        Assert.Equal(("0 spikes", "1 neuron", "12,500 neurons"), (FigureStyle.Count(0, "spike"), FigureStyle.Count(1, "neuron"), FigureStyle.Count(12_500, "neuron")));
    }

    [Fact]
    public void DetailRasterKeepsOnlyTheFirstNeuronsOfEachPopulation()
    {
        var spikes = Trains(new PopulationSpikes("exc", [1, 2, 3], [0, 60, 7]), new PopulationSpikes("inh", [1.5], [1]));
        var model = SpikeFigures.Raster(spikes, new Dictionary<string, int> { ["exc"] = 100, ["inh"] = 100 }, 10, maxNeuronsPerPopulation: 10);
        var series = model.Series.Cast<RasterSeries>().ToArray();
        Assert.Equal([0, 7], series[0].Rows);
        Assert.Equal([11], series[1].Rows);
        Assert.Equal(19.5, AxisAt(model, AxisPosition.Left).Maximum);
    }

    [Fact]
    public void RasterDrawsEachOccupiedPixelOnce()
    {
        // 10,000 spikes at the same time and neuron fall on one pixel cell.
        var times = Enumerable.Repeat(5.0, 10_000).ToArray();
        var model = SpikeFigures.Raster(Trains(new PopulationSpikes("a", times, new int[times.Length])), null, 10);
        using var stream = new MemoryStream();
        new OxyPlot.SkiaSharp.PngExporter { Width = 400, Height = 300 }.Export(model, stream);
        Assert.Equal(1, ((RasterSeries)model.Series[0]).LastRenderedTicks);
    }

    [Fact]
    public void IsiHistogramCountsIntervalsPerNeuronAndStatesTheMeanCv()
    {
        // Neuron 0: ISIs 10 and 20 ms (CV = 5/15 = 1/3); neuron 1: one ISI of 5 ms (no CV).
        var spikes = Trains(new PopulationSpikes("a", [0, 5, 10, 10, 30], [0, 1, 1, 0, 0]));
        var (isis, cv) = SpikeFigures.Intervals(spikes.Populations[0]);
        Assert.Equal([5.0, 10.0, 20.0], isis.Order());
        Assert.Equal(1.0 / 3.0, cv!.Value, 12);
        var model = SpikeFigures.IsiHistogram(spikes, binMs: 5);
        var h = (HistogramSeries)model.Series.Single();
        // Bins of 5 ms up to and including the one holding the 99th percentile (20 ms).
        Assert.Equal([0, 1, 1, 0, 1], h.Items.Select(i => i.Count));
        Assert.Equal(25.0, h.Items[^1].RangeEnd);
        Assert.Equal(1.0, h.Items.Sum(i => i.Area), 12); // a probability density
        Assert.Contains("a 0.333", model.Subtitle);
        Assert.Equal("probability density (1/ms)", AxisAt(model, AxisPosition.Left).Title);
    }

    [Fact]
    public void GaussianRateMatchesTheHandComputation()
    {
        // Two neurons, spikes at 100 and 130 ms; sigma 5 ms; far from the edges the correction m(t) is 1.
        var (t, r) = RateSmoothing.Gaussian([100.0, 130.0], neurons: 2, sigmaMs: 5, startMs: 0, endMs: 200, stepMs: 1);
        Assert.Equal(201, t.Length);
        double G(double u) => Math.Exp(-u * u / 50) / (5 * Math.Sqrt(2 * Math.PI)); // 1/ms
        foreach (int j in new[] { 100, 110, 115, 130, 150 })
            Assert.Equal(1000 * (G(j - 100) + G(j - 130)) / 2, r[j], 9);
        Assert.Equal(0.0, r[0], 12); // more than 6 sigma from both spikes
    }

    [Fact]
    public void GaussianRateOfARegularTrainIsFlatUpToTheEdges()
    {
        // 10 neurons, one population spike every 0.1 ms: 10,000 spikes/s / 10 neurons = 1000 Hz everywhere.
        var times = Enumerable.Range(0, 10_000).Select(i => i * 0.1 + 0.05).ToArray();
        var (_, r) = RateSmoothing.Gaussian(times, neurons: 10, sigmaMs: 5, startMs: 0, endMs: 1000, stepMs: 1);
        Assert.All(r, rate => Assert.InRange(rate, 990, 1010));
    }

    [Fact]
    public void BinnedRateDividesTheLastBinByItsLength()
    {
        var (starts, rates) = RateSmoothing.Binned([1, 2, 6, 11], neurons: 2, binMs: 5, startMs: 0, endMs: 12);
        Assert.Equal([0.0, 5.0, 10.0], starts);
        // 2 spikes / (2 neurons * 5 ms) = 200 Hz; 1 / (2 * 5 ms) = 100 Hz; 1 / (2 * 2 ms) = 250 Hz.
        Assert.Equal([200.0, 100.0, 250.0], rates);
    }

    [Fact]
    public void RateFigureStatesTheKernelWidthAndKeepsBinnedRates()
    {
        var binned = new[] { new BinnedRate("a", [0, 10], [5, 15], 10) };
        var spikes = Trains(new PopulationSpikes("a", [3, 12], [0, 0]));
        var model = TraceFigures.Rates(binned, spikes, new Dictionary<string, int> { ["a"] = 1 }, 20, sigmaMs: 2.5);
        Assert.Equal("rate (Hz), Gaussian σ = 2.5 ms", AxisAt(model, AxisPosition.Left).Title);
        var stairs = model.Series.OfType<StairStepSeries>().Single();
        Assert.Equal([(0.0, 5.0), (10.0, 15.0), (20.0, 15.0)], stairs.Points.Select(p => (p.X, p.Y)));
        var smooth = model.Series.OfType<LineSeries>().Single(s => s is not StairStepSeries);
        Assert.Equal("a, Gaussian σ = 2.5 ms", smooth.Title);
        Assert.Equal(0.0, smooth.Points[0].X);
        Assert.Equal(20.0, smooth.Points[^1].X, 9);
        Assert.Equal((0.0, 20.0), (AxisAt(model, AxisPosition.Bottom).Minimum, AxisAt(model, AxisPosition.Bottom).Maximum));
    }

    [Fact]
    public void VoltageFigureMarksThresholdAndReset()
    {
        var traces = new[] { new VoltageTrace("exc", 0, [0, 0.1, 0.2], [-70, -60, -55]) };
        var model = TraceFigures.Voltage(traces, new Dictionary<string, ThresholdMarks> { ["exc"] = new(-55, -70) });
        // One trace, then two legend entries (no points) naming the dashed levels.
        Assert.Equal([3, 0, 0], model.Series.Cast<LineSeries>().Select(s => s.Points.Count));
        Assert.Equal(-60.0, ((LineSeries)model.Series[0]).Points[1].Y);
        var lines = model.Annotations.Cast<LineAnnotation>().ToArray();
        Assert.Equal([-55.0, -70.0], lines.Select(l => l.Y));
        Assert.All(lines, l => Assert.True(string.IsNullOrEmpty(l.Text))); // no text drawn over the traces
        Assert.Equal(["V_th = -55 mV", "V_reset = -70 mV"], model.Series.Skip(1).Select(s => s.Title));
        Assert.Equal(LegendPlacement.Outside, Assert.Single(model.Legends).LegendPlacement);
        Assert.Equal("V (mV)", AxisAt(model, AxisPosition.Left).Title); // one neuron: one plot
    }

    [Fact]
    public void SeveralVoltageTracesGetOnePanelEachWithTheirOwnLevels()
    {
        var traces = new[] { new VoltageTrace("exc", 0, [0, 0.1, 0.2], [-70, -60, -55]), new VoltageTrace("exc", 3, [0, 0.1], [-65, -64]) };
        var model = TraceFigures.Voltage(traces, new Dictionary<string, ThresholdMarks> { ["exc"] = new(-55, -70) });
        Assert.Equal([3, 2, 0, 0], model.Series.Cast<LineSeries>().Select(s => s.Points.Count));
        var panels = model.Axes.Where(a => a.Position == AxisPosition.Left).ToArray();
        Assert.Equal(["panel0", "panel1"], panels.Select(a => a.Key));
        Assert.Equal(["exc 0: V (mV)", "exc 3: V (mV)"], panels.Select(a => a.Title));
        Assert.True(panels[0].StartPosition >= panels[1].EndPosition); // the first neuron on top, no overlap
        Assert.Equal((0.0, 1.0), (panels[1].StartPosition, panels[0].EndPosition));
        Assert.Equal(["panel0", "panel1"], model.Series.Take(2).Cast<LineSeries>().Select(s => s.YAxisKey));
        var lines = model.Annotations.Cast<LineAnnotation>().ToArray();
        Assert.Equal([-55.0, -70.0, -55.0, -70.0], lines.Select(l => l.Y)); // V_th and V_reset in each panel
        Assert.Equal(["panel0", "panel0", "panel1", "panel1"], lines.Select(l => l.YAxisKey));
        Assert.Equal(["V_th = -55 mV", "V_reset = -70 mV"], model.Series.Skip(2).Select(s => s.Title)); // named once
        Assert.Equal(FigureStyle.Height, TraceFigures.VoltageExportHeight(2)); // never shorter than a plain figure
        Assert.Equal(90 + 8 * TraceFigures.VoltagePanelHeight, TraceFigures.VoltageExportHeight(8));
    }

    [Fact]
    public void VoltageFigureNamesTheLevelsOfEveryPopulation()
    {
        var traces = new[] { new VoltageTrace("exc", 0, [0, 1], [-70, -60]), new VoltageTrace("inh", 0, [0, 1], [-65, -64]) };
        var model = TraceFigures.Voltage(traces, new Dictionary<string, ThresholdMarks> { ["exc"] = new(-50, -60), ["inh"] = new(-50, -65) });
        Assert.Equal(["V_th (exc, inh) = -50 mV", "V_reset (exc) = -60 mV", "V_reset (inh) = -65 mV"], model.Series.Skip(2).Select(s => s.Title));
        Assert.Equal([-50.0, -60.0, -50.0, -65.0], model.Annotations.Cast<LineAnnotation>().Select(l => l.Y)); // each panel its population's
        Assert.Equal(["exc 0: V (mV)", "inh 0: V (mV)"], model.Axes.Where(a => a.Position == AxisPosition.Left).Select(a => a.Title));
    }

    [Fact]
    public void FICurveClosedFormGivesTheDocumentedPeriodOfLifDc()
    {
        // models/lif-dc.json: period t_ref + tau_m ln(40/(40-15)) = 2 ms + 10 ms ln 1.6 = 6.700 ms.
        var neuron = LifSpec.Default("delta") with { ELMv = 0, VResetMv = 0, VThMv = 15 };
        Assert.Equal(1000 / (2 + 10 * Math.Log(1.6)), FICurveFigure.LifRateHz(neuron, 1000), 9);
        Assert.Equal(0.0, FICurveFigure.LifRateHz(neuron, 375)); // V_inf = 15 mV = V_th: never fires
        var model = FICurveFigure.Create([new(0, 0), new(1000, 149.2)], neuron);
        var theory = model.Series.OfType<LineSeries>().Single();
        Assert.Equal(401, theory.Points.Count);
        Assert.Equal(FICurveFigure.LifRateHz(neuron, 1000), theory.Points[^1].Y, 12);
        Assert.Equal(2, model.Series.OfType<ScatterSeries>().Single().Points.Count);
        Assert.Equal("injected current I (pA)", AxisAt(model, AxisPosition.Bottom).Title);
    }

    [Fact]
    public void WeightFiguresCountSynapsesAndTrackMeanAndSd()
    {
        var w = new[] { new WeightHistory("ee", [0, 100], [[1, 1, 1, 1], [0, 2, 2, 4]]) };
        var hist = PlasticityFigures.WeightHistogram(w, "mV", bins: 4);
        var h = (HistogramSeries)hist.Series.Single();
        // Last snapshot 0, 2, 2, 4 over [0, 4] in 4 bins of 1 mV; the maximum falls in the last bin.
        Assert.Equal([1, 0, 2, 1], h.Items.Select(i => i.Count));
        Assert.Equal("weight (mV)", AxisAt(hist, AxisPosition.Bottom).Title);
        var evo = PlasticityFigures.WeightEvolution(w, "mV");
        var mean = evo.Series.OfType<LineSeries>().Single(s => s is not AreaSeries);
        Assert.Equal([(0.0, 1.0), (100.0, 2.0)], mean.Points.Select(p => (p.X, p.Y)));
        var band = evo.Series.OfType<AreaSeries>().Single();
        Assert.Equal(2 + Math.Sqrt(2), band.Points[1].Y, 12); // SD of 0, 2, 2, 4 is sqrt(2)
        Assert.Equal(2 - Math.Sqrt(2), band.Points2[1].Y, 12);
    }

    [Fact]
    public void SynapseCountsArePlottedPerProjection()
    {
        var model = PlasticityFigures.SynapseCounts([new SynapseCountHistory("ee", [0, 10], [100, 90]), new SynapseCountHistory("ei", [0, 10], [50, 55])]);
        Assert.Equal([90.0, 55.0], model.Series.Cast<LineSeries>().Select(s => s.Points[1].Y));
        Assert.Single(model.Legends);
    }

    [Fact]
    public void ActivationHeatmapHoldsTheGrid()
    {
        var values = new double[,] { { 0.1, 0.2, 0.3 }, { 0.4, double.NaN, 0.6 } };
        var model = ArtificialFigures.ActivationHeatmap(new ActivationGrid("h", [3, 4], 3, values));
        var heat = (HeatMapSeries)model.Series.Single();
        Assert.Same(values, heat.Data);
        Assert.Equal((3.0, 4.0, 0.0, 2.0), (heat.X0, heat.X1, heat.Y0, heat.Y1));
        Assert.Equal((2.5, 4.5), (AxisAt(model, AxisPosition.Bottom).Minimum, AxisAt(model, AxisPosition.Bottom).Maximum));
    }

    [Fact]
    public void CompareScatterHasOnePointPerNeuronAndItsCorrelation()
    {
        var model = ArtificialFigures.CompareScatter([new ComparePoints("exc", [0, 1, 2], [10, 20, 30], [0.1, 0.2, 0.3]), new ComparePoints("inh", [0, 1], [5, 1], [0.1, 0.2])]);
        var s = model.Series.Cast<ScatterSeries>().ToArray();
        Assert.Equal([(0.2, 20.0)], s[0].Points.Skip(1).Take(1).Select(p => (p.X, p.Y)));
        Assert.Equal("exc (r = 1)", s[0].Title);
        Assert.Equal("inh (r = -1)", s[1].Title);
        Assert.Equal("spiking rate (Hz)", AxisAt(model, AxisPosition.Left).Title);
    }
}
