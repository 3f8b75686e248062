#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 5. Growth and pruning
//
// STDP (lesson 4) changes the strength of synapses that exist. The brain also makes and removes synapses:
// **structural plasticity**. SpikeSim's structural rule runs every `interval` (here 100 ms) and
//
// * **grows** a synapse between two neurons that both fired within the last `window` (10 ms), with probability
//   `p_coactive` (0.02) per such pair, up to `max_in` / `max_out` synapses per neuron (30);
// * **prunes** a synapse whose weight has stayed below `prune_below` (0.2 mV) at `prune_after` (2) updates in a row,
//   or that carried no spike since the previous update (`min_use` 1).
//
// `models/structural.json` has 200 neurons, sparsely and randomly connected at the start (p = 0.02). Neurons 0-99,
// the **assembly**, also get 50 synchronous input volleys, one every 100 ms; neurons 100-199 only share the
// independent background input. STDP acts too: co-firing assembly neurons strengthen their mutual synapses, while
// synapses between independently firing neurons weaken until they are pruned. So "neurons that fire together wire
// together": the assembly wires itself up, the rest comes apart.
//
// Run it with `dotnet run notebooks/05-growth-and-pruning.cs` (add `--quick` for a shorter run).
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;
using SpikeSim.Recording;
using SpikeSim.Runs;

var page = new NotebookPage(args);

// ## Running it
//
// The model records the synapse count every 100 ms (`synapses.csv`: `t_ms,projection,count`) and, with
// `"connections": true`, every synapse that exists at the end of the run (`connections.csv`: one row per synapse,
// with source and target), which `RunFolder.Run` writes after the run. For the synapses the network was built with,
// `ConnectionsWriter` writes the same table from `Network.Projections` before it runs. The quick mode simulates 1 s
// instead of 5 s.
ModelSpec spec = ModelReader.ReadFile(page.RepositoryFile("models/structural.json"), page.Quick ? ["duration=1 s"] : null);
var network = Network.Build(spec);
string dir = page.RunFolder("structural");
string initialDir = page.RunFolder("structural-initial");
ConnectionsWriter.Write(network.Projections, network.Populations, initialDir);
SimulationResult result = RunFolder.Run(network, dir).Spiking!;
page.Text($"Simulated {NotebookPage.N(spec.DurationMs / 1000)} s in {NotebookPage.N(result.WallS, 2)} s of wall time " +
          $"({result.SpikesPerPopulation[0]:N0} spikes).");

// ## The synapse count over time
//
// `PlasticityTables.ReadSynapseCounts` reads synapses.csv and `PlasticityFigures.SynapseCounts` draws it.
var counts = PlasticityTables.ReadSynapseCounts(Path.Combine(dir, RunFolderWriter.SynapsesFile));
page.Figure(PlasticityFigures.SynapseCounts(counts), "synapse-count", "Synapses of the recurrent projection, every 100 ms");

// ## Where the synapses are
//
// Splitting the synapses by where they start and end shows who gained and who lost. `Edges` (at the bottom of this
// file) reads a connections.csv into (source, target) pairs.
var before = Edges(Path.Combine(initialDir, ConnectionsWriter.FileName));
var after = Edges(Path.Combine(dir, ConnectionsWriter.FileName));
string Block(int n) => n < 100 ? "assembly" : "rest";
var rows = new List<string[]>();
foreach (string from in new[] { "assembly", "rest" })
    foreach (string to in new[] { "assembly", "rest" })
        rows.Add([$"{from} -> {to}", before.Count(e => Block(e.Source) == from && Block(e.Target) == to).ToString(),
                  after.Count(e => Block(e.Source) == from && Block(e.Target) == to).ToString()]);
rows.Add(["all", before.Count.ToString(), after.Count.ToString()]);
page.Table(["synapses", "at t = 0", $"at t = {NotebookPage.N(spec.DurationMs / 1000)} s"], rows);

// ## The degree distribution
//
// The in-degree of a neuron is the number of synapses it receives. The random start gives a narrow (binomial)
// distribution around 0.02 x 199 = 4; at the end it has split in two: the assembly neurons near the `max_in` cap of
// 30, the others at a few synapses, most of them coming from the assembly.
var degrees = FigureStyle.NewModel("In-degree distribution", "synapses received per neuron");
int[] InDegrees(List<(int Source, int Target)> edges)
{
    var d = new int[200];
    foreach (var e in edges) d[e.Target]++;
    return d;
}
int k = 0;
foreach (var (label, edges) in new[] { ("t = 0", before), ($"t = {NotebookPage.N(spec.DurationMs / 1000)} s", after) })
{
    int[] d = InDegrees(edges);
    var color = FigureStyle.SeriesColor(k++);
    var series = new HistogramSeries { Title = label, FillColor = OxyColor.FromAColor(110, color), StrokeColor = color, StrokeThickness = 1 };
    for (int b = 0; b <= 32; b++) series.Items.Add(new HistogramItem(b - 0.5, b + 0.5, d.Count(x => x == b), d.Count(x => x == b)));
    degrees.Series.Add(series);
}
degrees.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "in-degree (synapses)", -0.5, 32.5));
degrees.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "neurons", 0));
FigureStyle.AddLegendIfNeeded(degrees);
page.Figure(degrees, "in-degree");

int[] finalIn = InDegrees(after);
page.Text($"Mean in-degree at the end: {NotebookPage.N(finalIn.Take(100).Average(), 3)} for assembly neurons, " +
          $"{NotebookPage.N(finalIn.Skip(100).Average(), 3)} for the others (at the start: " +
          $"{NotebookPage.N(InDegrees(before).Average(), 3)} for all).");

// The network's wiring now records its history: which neurons were repeatedly active together. That is the idea
// behind Hebb's cell assemblies, and one way memories are thought to be laid down. Lesson 6 turns to the
// artificial neurons of machine learning.
page.Save();

static List<(int Source, int Target)> Edges(string path)
{
    // The (source, target) pairs of a connections.csv (neuron indices within their populations).
    string[] lines = File.ReadAllLines(path);
    string[] header = lines[0].Split(',');
    int s = Array.IndexOf(header, "source"), t = Array.IndexOf(header, "target");
    var edges = new List<(int, int)>(lines.Length);
    for (int i = 1; i < lines.Length; i++)
    {
        string[] f = lines[i].Split(',');
        edges.Add((int.Parse(f[s]), int.Parse(f[t])));
    }
    return edges;
}
