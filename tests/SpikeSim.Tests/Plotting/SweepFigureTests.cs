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
        Assert.Equal("rate of input 0 (Hz)", model.Axes.Single(a => a.Position == AxisPosition.Bottom).Title);
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
        Assert.Equal("rate_hz of inh vs tau_m of exc", inh.Title);
        var inhLines = inh.Series.OfType<LineSeries>().ToArray();
        Assert.Equal(["g = 4", "g = 5"], inhLines.Select(l => l.Title));
        Assert.Equal([(10.0, 22.0), (20.0, 40.0)], inhLines[0].Points.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void ParametersAndEventsAreNamedForAReader()
    {
        Assert.Equal("weight of ie, ii", SweepFigures.ParameterName("projections.ie.weight+projections.ii.weight"));
        Assert.Equal("rate of input 0, input 1", SweepFigures.ParameterName("inputs.0.rate+inputs.1.rate"));
        Assert.Equal("tau_m of exc", SweepFigures.ParameterName("populations.exc.neuron.tau_m"));
        Assert.Equal("size of exc", SweepFigures.ParameterName("populations.exc.size"));
        Assert.Equal("seed", SweepFigures.ParameterName("seed"));
        var r = SweepResults.Read(Write("results.csv", """
            projections.ie.weight+projections.ii.weight_pA,repeat,seed,events.recurrent,cv_isi.exc,cv_isi.inh
            -10,0,1,100,0.5,NaN
            -20,0,2,200,0.6,NaN
            """));
        var events = SweepFigures.Line(r, "events", 0, null, "recurrent");
        Assert.Equal("recurrent synaptic events vs weight of ie, ii", events.Title);
        Assert.Equal("weight of ie, ii (pA)", events.Axes.Single(a => a.Position == AxisPosition.Bottom).Title);
        Assert.Equal("synaptic events", events.Axes.Single(a => a.Position == AxisPosition.Left).Title);
        // An all-NaN series is left out of the plot and its legend, and named in the subtitle.
        var cv = SweepFigures.Line(r, "cv_isi");
        Assert.Equal(["exc"], cv.Series.OfType<LineSeries>().Select(l => l.Title));
        Assert.EndsWith("; no value (NaN) for inh", cv.Subtitle);
    }

    [Fact]
    public void A_single_line_is_named_in_the_title_and_subtitle_as_it_has_no_legend()
    {
        // One population: the title said "rate_hz vs rate of input 0", so the reader did not learn the line was exc's.
        var r = SweepResults.Read(Write("results.csv", """
            inputs.0.rate,g,repeat,seed,rate_hz.exc,cv_isi.exc,cv_isi.inh
            10 Hz,4,0,1,1,0.5,NaN
            20 Hz,4,0,2,5,0.6,NaN
            """));
        var one = SweepFigures.Line(r, "rate_hz");
        Assert.Single(one.Series.OfType<LineSeries>());
        Assert.Empty(one.Legends);
        Assert.Equal("rate_hz of exc vs rate of input 0", one.Title);
        Assert.Equal("mean ± 1 SD over repeats and the other parameters", one.Subtitle);
        // inh drew nothing (all NaN): the one line left is exc's.
        var cv = SweepFigures.Line(r, "cv_isi");
        Assert.Equal("cv_isi of exc vs rate of input 0", cv.Title);
        Assert.Equal("mean ± 1 SD over repeats and the other parameters; no value (NaN) for inh", cv.Subtitle);
        // Grouped by a parameter with one level: the subtitle says which.
        var grouped = SweepFigures.Line(r, "rate_hz", 0, 1, "exc");
        Assert.Empty(grouped.Legends);
        Assert.Equal("rate_hz of exc vs rate of input 0", grouped.Title);
        Assert.Equal("g = 4; mean ± 1 SD over repeats", grouped.Subtitle);
        // Two lines keep their legend and the general title.
        var two = SweepFigures.Line(TwoParameterSweep(), "rate_hz");
        Assert.Equal("rate_hz vs tau_m of exc", two.Title);
        Assert.Single(two.Legends);
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
        Assert.Equal("tau_m of exc (ms)", x.Title);
        Assert.Equal("g", model.Axes.Single(a => a.Position == AxisPosition.Left).Title);
        Assert.Equal("rate (Hz)", model.Axes.OfType<LinearColorAxis>().Single().Title);
        Assert.Equal("rate_hz of exc over tau_m of exc and g", model.Title);
    }
}
