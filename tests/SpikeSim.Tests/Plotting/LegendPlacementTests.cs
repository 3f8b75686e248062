using OxyPlot;
using OxyPlot.Legends;
using SpikeSim.Modeling;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Figures;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Plotting;

/// <summary>Legends never sit over data: <see cref="FigureStyle.AddLegendIfNeeded"/> is the one place that places them.</summary>
public sealed class LegendPlacementTests : CliTestBase
{
    private static void AssertBesideThePlot(PlotModel model, string figure)
    {
        var legend = Assert.IsType<Legend>(Assert.Single(model.Legends));
        Assert.True(legend.LegendPlacement == LegendPlacement.Outside && legend.LegendPosition == LegendPosition.RightTop,
                    $"{figure}: legend {legend.LegendPlacement} {legend.LegendPosition}, expected Outside RightTop");
    }

    [Fact]
    public void Every_figure_of_a_run_folder_and_the_f_I_curve_put_their_legend_beside_the_plot()
    {
        string model = Write("tiny.json", RecurrentModel("100 ms"));
        string run = Path.Combine(Dir, "tiny");
        Assert.Equal(0, Spikesim("run", model, "--out", run, "-q").Code);
        var options = new PlotOptions { Selection = new PlotSelection { Neurons = [NeuronSet.Parse("exc:0-1"), NeuronSet.Parse("inh:0")] } };
        int withLegend = 0;
        foreach (var figure in RunFolderPlotter.BuildFigures(run, options))
        {
            if (figure.Model.Legends.Count == 0) continue;
            AssertBesideThePlot(figure.Model, figure.Name);
            withLegend++;
        }
        Assert.True(withLegend >= 4, $"only {withLegend} figures with a legend"); // raster, isi, rates, neuron-rates, voltage

        // The f-I curve asked for its legend top left (inside the axes' corner on a narrow export) before.
        var fi = FICurveFigure.Create([new(100, 0), new(400, 20), new(800, 60)], LifSpec.Default("delta") with { ELMv = 0, VResetMv = 0, VThMv = 15 });
        AssertBesideThePlot(fi, "fi-curve");
    }

    [Fact]
    public void No_code_but_FigureStyle_places_a_legend()
    {
        string root = Path.GetDirectoryName(ModelsDir)!;
        string[] tokens = ["LegendPosition", "LegendPlacement", "Legends.Add", "IsLegendVisible", "new Legend"];
        var offenders = new List<string>();
        foreach (string folder in new[] { "src", "notebooks" })
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(file) == "FigureStyle.cs" || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                string text = File.ReadAllText(file);
                offenders.AddRange(tokens.Where(t => text.Contains(t, StringComparison.Ordinal)).Select(t => $"{Path.GetRelativePath(root, file)}: {t}"));
            }
        Assert.Empty(offenders);
    }
}
