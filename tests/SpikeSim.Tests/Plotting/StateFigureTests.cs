using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Tests.Plotting;

/// <summary>state.csv: its reader, the figure of one panel per variable, and the plotter that makes it.</summary>
public sealed class StateFigureTests : PlotTestFolder
{
    private const string StateCsv = """
        t_ms,population,neuron,variable,value
        0,exc,1,v,-70
        0,exc,1,i_syn_ex,0
        0,exc,1,stp_x:ee,1
        0,exc,0,v,-65
        0,exc,0,i_syn_ex,12.5
        0,exc,0,stp_x:ee,1
        0.5,exc,1,v,-69.5
        0.5,exc,1,i_syn_ex,200
        0.5,exc,1,stp_x:ee,0.75
        0.5,exc,0,v,-64
        0.5,exc,0,i_syn_ex,10
        0.5,exc,0,stp_x:ee,NaN
        1,inh,3,v,-60
        """;

    [Fact]
    public void TheReaderGivesOneTracePerVariableAndNeuronGroupedByVariable()
    {
        var traces = StateTables.Read(Write("state.csv", StateCsv));
        Assert.Equal(
            ["v exc 1", "v exc 0", "v inh 3", "i_syn_ex exc 1", "i_syn_ex exc 0", "stp_x:ee exc 1", "stp_x:ee exc 0"],
            traces.Select(t => $"{t.Variable} {t.Population} {t.Neuron}"));
        Assert.Equal([0, 0.5], traces[0].TimesMs);
        Assert.Equal([-70, -69.5], traces[0].Values);
        Assert.Equal([1.0], traces[2].TimesMs);
        Assert.True(double.IsNaN(traces[6].Values[1])); // a neuron without synapses of the projection
    }

    [Fact]
    public void EachVariableHasItsPanelWithItsUnitAndEachNeuronItsColour()
    {
        var model = StateFigures.Variables(StateTables.Read(Write("state.csv", StateCsv)));
        var x = model.Axes.Single(a => a.Position == AxisPosition.Bottom);
        Assert.Equal("time (ms)", x.Title);
        var panels = model.Axes.Where(a => a.Position == AxisPosition.Left).ToArray();
        Assert.Equal(["v (mV)", "i_syn_ex (pA)", "stp_x:ee"], panels.Select(a => a.Title)); // u and x are pure numbers
        // Stacked top to bottom without overlap, filling [0, 1].
        Assert.Equal(1.0, panels[0].EndPosition);
        Assert.Equal(0.0, panels[^1].StartPosition);
        for (int i = 0; i < panels.Length; i++)
        {
            Assert.True(panels[i].StartPosition < panels[i].EndPosition);
            if (i > 0) Assert.True(panels[i].EndPosition < panels[i - 1].StartPosition);
        }
        var lines = model.Series.Cast<LineSeries>().ToArray();
        Assert.Equal(7, lines.Length);
        Assert.Equal(["panel0", "panel0", "panel0", "panel1", "panel1", "panel2", "panel2"], lines.Select(l => l.YAxisKey));
        Assert.Equal([new DataPoint(0, -70), new DataPoint(0.5, -69.5)], lines[0].Points);
        // The same neuron has the same colour in every panel, and a legend entry only once.
        Assert.Equal(lines[0].Color, lines[3].Color);
        Assert.Equal(lines[1].Color, lines[4].Color);
        Assert.NotEqual(lines[0].Color, lines[1].Color);
        Assert.Equal(["exc 1", "exc 0", "inh 3"], lines.Select(l => l.Title).Where(t => t is not null));
        Assert.Single(model.Legends);
        Assert.Null(model.Subtitle);
    }

    [Fact]
    public void AtMostEightNeuronsAreDrawnAndTheSubtitleSaysSo()
    {
        var traces = Enumerable.Range(0, 11).Select(n => new StateTrace("w", "exc", n, [0, 1], [n, n])).ToList();
        var model = StateFigures.Variables(traces);
        Assert.Equal(StateFigures.MaxNeurons, model.Series.Count);
        Assert.Equal("8 of 11 recorded neurons; pick others with --neurons POP:FIRST-LAST", model.Subtitle);
        Assert.Equal("w", model.Axes.Single(a => a.Position == AxisPosition.Left).Title.Split(' ')[0]);
    }

    [Fact]
    public void ARunFolderWithStateCsvGivesTheStateFigureTallerPerPanel()
    {
        Write(Path.Combine("run", "state.csv"), StateCsv);
        var figure = Assert.Single(RunFolderPlotter.BuildFigures(Path.Combine(Dir, "run")), f => f.Name == "state");
        Assert.Equal(StateFigures.ExportHeight(3), figure.Height);
        Assert.True(figure.Height > FigureStyle.Height);
        Assert.Contains("state.csv", RunFolderPlotter.DataFiles);
        var written = RunFolderPlotter.PlotAll(Path.Combine(Dir, "run"), Path.Combine(Dir, "out"));
        Assert.Equal([Path.Combine(Dir, "out", "state.png")], written);
        // The PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
        byte[] png = File.ReadAllBytes(written[0]);
        Assert.Equal(FigureStyle.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(StateFigures.ExportHeight(3), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void TheStateFigureHonoursTheWindowPopulationsAndNeurons()
    {
        Write(Path.Combine("run", "state.csv"), StateCsv);
        var options = new PlotOptions
        {
            Selection = new PlotSelection { FromMs = 0.25, ToMs = 1, Populations = ["exc"], Neurons = [NeuronSet.Parse("exc:1")] },
        };
        var model = Assert.Single(RunFolderPlotter.BuildFigures(Path.Combine(Dir, "run"), options), f => f.Name == "state").Model;
        var lines = model.Series.Cast<LineSeries>().ToArray();
        Assert.Equal(3, lines.Length); // exc 1's v, i_syn_ex and stp_x:ee; exc 0 and inh 3 left out
        Assert.Equal([-69.5, 200, 0.75], lines.Select(l => Assert.Single(l.Points).Y)); // only t = 0.5 ms is in [0.25, 1]
        Assert.All(lines, l => Assert.Equal(0.5, l.Points[0].X));
        Assert.Equal("exc 1", lines[0].Title);

        var byPopulation = RunFolderPlotter.BuildFigures(Path.Combine(Dir, "run"), new PlotOptions { Selection = new PlotSelection { Populations = ["inh"] } });
        var inh = Assert.Single(byPopulation, f => f.Name == "state").Model;
        Assert.Equal([-60.0], inh.Series.Cast<LineSeries>().SelectMany(l => l.Points).Select(p => p.Y));
        Assert.Equal(["v (mV)"], inh.Axes.Where(a => a.Position == AxisPosition.Left).Select(a => a.Title));

        // Nothing recorded in the window: no empty state figure (here nothing at all to plot).
        Assert.Throws<PlotDataException>(() => RunFolderPlotter.BuildFigures(Path.Combine(Dir, "run"), new PlotOptions { Selection = new PlotSelection { FromMs = 2 } }));
    }
}
