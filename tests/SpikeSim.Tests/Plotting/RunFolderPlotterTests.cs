using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Tests.Plotting;

/// <summary>Which figures a folder's files give.</summary>
public sealed class RunFolderPlotterTests : PlotTestFolder
{
    [Fact]
    public void PlasticityAndArtificialFilesGiveTheirFigures()
    {
        Write("weights.csv", "t_ms,projection,source,target,weight\n0,ee,0,1,0.5\n0,ee,1,0,0.7\n50,ee,0,1,0.6\n50,ee,1,0,0.9\n");
        Write("synapses.csv", "t_ms,projection,count\n0,ee,2\n50,ee,3\n");
        Write("activations.csv", "step,population,neuron,value\n0,hidden layer,0,0.5\n1,hidden layer,0,0.25\n");
        Write("compare.csv", "population,neuron,rate_hz,value\nexc,0,10,0.1\nexc,1,20,0.2\n");
        var figures = RunFolderPlotter.BuildFigures(Dir);
        Assert.Equal(["weights-histogram", "weights-evolution", "synapse-count", "activations-hidden-layer", "compare"], figures.Select(f => f.Name));
        var written = RunFolderPlotter.PlotAll(Dir, Path.Combine(Dir, "figures"), new PlotOptions { Formats = SpikeSim.Plotting.Export.FigureFormats.Both });
        Assert.Equal(10, written.Count);
        foreach (string f in written.Where(f => f.EndsWith(".png"))) ExportTests.PngSize(f);
        foreach (string f in written.Where(f => f.EndsWith(".svg"))) ExportTests.SvgRoot(f);
    }

    [Fact]
    public void ASweepGivesLinesPerMetricAndHeatmapsPerColumn()
    {
        Write("results.csv", """
            a,b,repeat,seed,rate_hz.exc,cv_isi.exc
            1 ms,2,0,1,3,0.5
            2 ms,2,0,2,4,0.6
            1 ms,3,0,3,5,0.7
            2 ms,3,0,4,6,0.8
            """);
        var names = RunFolderPlotter.BuildFigures(Dir).Select(f => f.Name);
        // Two parameters: one line figure per column (a line per level of b) and one heatmap per column.
        Assert.Equal(["sweep-rate_hz.exc", "sweep-cv_isi.exc", "sweep-heatmap-rate_hz.exc", "sweep-heatmap-cv_isi.exc"], names);
    }

    [Fact]
    public void ACurrentSweepWithTheModelGivesTheFICurve()
    {
        Write("results.csv", "populations.neuron.neuron.i_e,repeat,seed,rate_hz.neuron\n0 pA,0,1,0\n500 pA,0,2,40\n1 nA,0,3,149\n");
        var model = SpikeSim.Modeling.ModelReader.ReadFile(Path.Combine(SpikeSim.Tests.Modeling.ModelTestHelpers.ModelsDir, "lif-dc.json"), []);
        var figures = RunFolderPlotter.BuildFigures(Dir, new PlotOptions { Model = model });
        var fi = figures.Single(f => f.Name == "fi-curve").Model;
        var points = fi.Series.OfType<OxyPlot.Series.ScatterSeries>().Single().Points;
        Assert.Equal([(0.0, 0.0), (500.0, 40.0), (1000.0, 149.0)], points.Select(p => (p.X, p.Y)));
        var theory = fi.Series.OfType<OxyPlot.Series.LineSeries>().Single();
        Assert.Equal(1000 / (2 + 10 * Math.Log(1.6)), theory.Points[^1].Y, 9); // lif-dc.json's documented 6.700 ms period
    }

    [Fact]
    public void SpikesWithoutSummaryStillGiveRasterAndIsi()
    {
        Write("spikes.csv", "t_ms,population,neuron\n1,a,0\n2,a,0\n4,a,0\n");
        Assert.Equal(["raster", "isi"], RunFolderPlotter.BuildFigures(Dir).Select(f => f.Name));
    }

    [Fact]
    public void SpikesWithSummaryGiveSmoothedRatesAndADetailRasterForLargePopulations()
    {
        Write("spikes.csv", "t_ms,population,neuron\n1,a,0\n2,a,150\n4,a,0\n");
        WriteSummary(".", 10, ("a", 200));
        Assert.Equal(["raster", "raster-detail", "isi", "rates"], RunFolderPlotter.BuildFigures(Dir).Select(f => f.Name));
    }

    [Fact]
    public void AnEmptySpikeFileIsNothingToPlot()
    {
        Write("spikes.csv", "t_ms,population,neuron\n");
        var e = Assert.Throws<PlotDataException>(() => RunFolderPlotter.BuildFigures(Dir));
        Assert.Contains("nothing to plot", e.Message);
    }
}
