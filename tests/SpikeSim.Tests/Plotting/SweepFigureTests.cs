using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Tests.Plotting;

public sealed class SweepFigureTests : PlotTestFolder
{
    private SweepResults TwoParameterSweep() => SweepResults.Read(Write("results.csv", """
        populations.exc.neuron.tau_m,g,repeat,seed,rate_hz.exc,rate_hz.inh,cv_isi.exc
        10 ms,4,0,1,10,20,0.5
        10 ms,4,1,2,14,24,0.7
        10 ms,5,0,3,8,18,0.6
        20 ms,4,0,4,30,40,
        20 ms,5,0,5,26,36,0.9
        20 ms,5,1,6,22,32,0.8
        """));

    [Fact]
    public void LinePlotShowsTheMeanAndSdOverRepeatsPerPopulation()
    {
        var r = SweepResults.Read(Write("results.csv", """
            inputs.0.rate,repeat,seed,rate_hz.exc,rate_hz.inh
            10 Hz,0,1,1,2
            10 Hz,1,2,3,4
            20 Hz,0,3,5,6
            """));
        var model = SweepFigures.Line(r, "rate_hz");
        var lines = model.Series.OfType<LineSeries>().ToArray();
        Assert.Equal(["exc", "inh"], lines.Select(l => l.Title));
        Assert.Equal([(10.0, 2.0), (20.0, 5.0)], lines[0].Points.Select(p => (p.X, p.Y)));
        var bars = model.Series.OfType<ScatterErrorSeries>().First();
        Assert.Equal([1.0, 0.0], bars.Points.Select(p => p.ErrorY)); // SD of 1 and 3 is 1
        Assert.Equal("inputs.0.rate (Hz)", model.Axes.Single(a => a.Position == AxisPosition.Bottom).Title);
        Assert.Equal("rate (Hz)", model.Axes.Single(a => a.Position == AxisPosition.Left).Title);
    }

    [Fact]
    public void LinePlotGroupsByTheSecondParameter()
    {
        var model = SweepFigures.Line(TwoParameterSweep(), "cv_isi", 0, 1);
        var lines = model.Series.OfType<LineSeries>().ToArray();
        Assert.Equal(["exc, g = 4", "exc, g = 5"], lines.Select(l => l.Title));
        // g = 4: tau 10 -> mean(0.5, 0.7); tau 20 -> missing value left out.
        Assert.Equal([(10.0, 0.6)], lines[0].Points.Select(p => (p.X, Math.Round(p.Y, 12))));
        Assert.Equal([(10.0, 0.6), (20.0, 0.85)], lines[1].Points.Select(p => (p.X, Math.Round(p.Y, 12))));
        var inh = SweepFigures.Line(TwoParameterSweep(), "rate_hz", 0, 1, "inh");
        Assert.Equal("rate_hz of inh vs populations.exc.neuron.tau_m", inh.Title);
        var inhLines = inh.Series.OfType<LineSeries>().ToArray();
        Assert.Equal(["g = 4", "g = 5"], inhLines.Select(l => l.Title));
        Assert.Equal([(10.0, 22.0), (20.0, 40.0)], inhLines[0].Points.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void HeatmapCellsAreMeansOverRepeats()
    {
        var model = SweepFigures.Heatmap(TwoParameterSweep(), "rate_hz.exc");
        var heat = (HeatMapSeries)model.Series.Single();
        Assert.Equal(12.0, heat.Data[0, 0]); // tau 10 ms, g 4: (10 + 14) / 2
        Assert.Equal(8.0, heat.Data[0, 1]);
        Assert.Equal(30.0, heat.Data[1, 0]);
        Assert.Equal(24.0, heat.Data[1, 1]);
        var x = (CategoryAxis)model.Axes.Single(a => a.Position == AxisPosition.Bottom);
        Assert.Equal(["10", "20"], x.Labels);
        Assert.Equal("populations.exc.neuron.tau_m (ms)", x.Title);
        Assert.Equal("g", model.Axes.Single(a => a.Position == AxisPosition.Left).Title);
        Assert.Equal("rate (Hz)", model.Axes.OfType<LinearColorAxis>().Single().Title);
        Assert.Equal("rate_hz of exc over tau_m and g", model.Title);
    }
}
