#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:project ../src/SpikeSim.Experiments/SpikeSim.Experiments.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 6. Spiking vs artificial: the contrast experiments
//
// An artificial neuron (lesson 1) is a spiking neuron's *rate* with everything about time taken out. What is lost?
// SpikeSim ships contrast experiments, each a library class in `SpikeSim.Experiments` that runs both kinds of
// network, writes its numbers as CSV and states a claim that its numbers either support or not. This lesson runs
// five of them (as `spikesim experiment NAME` does; `faults`, which takes about 10 s, always in its quick version,
// the others in their quick versions only when the notebook runs quick), then compares one model neuron by neuron
// in both modes.
//
// Run it with `dotnet run notebooks/06-spiking-vs-artificial.cs` (add `--quick` for a shorter run).
using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Analysis;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Experiments;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;

var page = new NotebookPage(args);

// ## The experiments
//
// `ExperimentRegistry.All` lists them (`spikesim experiment --list` prints the same):
page.Table(["experiment", "what it shows"], ExperimentRegistry.All.Select(e => (IReadOnlyList<string>)[$"`{e.Name}`", e.Summary]));

// `ExperimentRunner.Run` runs one into a folder and returns its `ExperimentResult`: the claim, whether it holds,
// and the numbers it rests on. (`signals` is lesson 1's f-I curve; `topology` is about wiring rather than neurons.)
var results = new Dictionary<string, (ExperimentResult Result, string Dir)>();
foreach (string name in new[] { "timing", "learning", "faults", "cost", "plasticity" })
{
    IExperiment experiment = ExperimentRegistry.Find(name)!;
    string dir = page.RunFolder(name);
    ExperimentResult result = ExperimentRunner.Run(experiment, new ExperimentContext(dir, Quick: page.Quick || name == "faults", Seed: 1));
    results[name] = (result, dir);
    page.Text($"**{name}** ({NotebookPage.N(result.WallS, 2)} s): {result.Claim} " +
              $"Claim holds: **{(result.ClaimHolds ? "yes" : "no")}**.");
    page.Table(["number", "value"], result.Numbers.Select(kv => (IReadOnlyList<string>)[kv.Key, NotebookPage.N(kv.Value)]));
}

// ## Timing: coincidences count for spikes, not for rates
//
// One LIF neuron receives the same number of input spikes per second either all at once (synchronous volleys) or
// spread out in time (asynchronous). Rate models see two identical inputs; the spiking neuron does not: coincident
// inputs sum up past threshold, scattered ones leak away. `coincidence.csv` has the output for each input rate.
var coincidence = Csv(Path.Combine(results["timing"].Dir, "coincidence.csv"));
var timing = FigureStyle.NewModel("Same input rate, different timing", "one LIF neuron; lif_rate gives the same value for both");
foreach (var (column, title, k) in new[] { ("spiking_sync_hz", "spiking, synchronous inputs", 0), ("spiking_async_hz", "spiking, asynchronous inputs", 1),
                                           ("lif_rate_sync_hz", "lif_rate (sync = async)", 2) })
{
    var line = new LineSeries { Title = title, Color = FigureStyle.SeriesColor(k), MarkerType = MarkerType.Circle, LineStyle = k == 2 ? LineStyle.Dash : LineStyle.Solid };
    foreach (var row in coincidence) line.Points.Add(new DataPoint(row["input_rate_hz"], row[column]));
    timing.Series.Add(line);
}
timing.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "input rate per synapse (Hz)"));
timing.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "output rate (Hz)", 0));
FigureStyle.AddLegendIfNeeded(timing);
page.Figure(timing, "timing");

// ## Learning: XOR, and a trained network converted to spikes
//
// A single perceptron cannot learn XOR (it is not linearly separable); a small ReLU network trained by
// backpropagation can. Converted into a spiking network (weights normalised, inputs as Poisson rates), it
// classifies by counting output spikes, so its accuracy grows with the time it is given: `conversion.csv`.
var conversion = Csv(Path.Combine(results["learning"].Dir, "conversion.csv"), textColumns: ["dataset"]).Where(r => r.Text["dataset"] == "xor");
var learning = FigureStyle.NewModel("Converted network: accuracy vs time", "XOR; the ReLU network it came from is the dashed line");
var spiking = new LineSeries { Title = "spiking network", Color = FigureStyle.SeriesColor(0), MarkerType = MarkerType.Circle };
var ann = new LineSeries { Title = "ReLU network", Color = FigureStyle.SeriesColor(1), LineStyle = LineStyle.Dash };
foreach (var row in conversion)
{
    spiking.Points.Add(new DataPoint(row["t_ms"], row["spiking_accuracy"]));
    ann.Points.Add(new DataPoint(row["t_ms"], row["ann_accuracy"]));
}
learning.Series.Add(spiking);
learning.Series.Add(ann);
learning.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "simulated time per sample (ms)"));
learning.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "accuracy", 0, 1.05));
FigureStyle.AddLegendIfNeeded(learning);
page.Figure(learning, "learning");

// ## Faults: both kinds degrade alike
//
// Removing random synapses or hidden neurons from the trained network (and from its spiking conversion):
// `lesions.csv`, averaged here over the seeds.
var lesions = Csv(Path.Combine(results["faults"].Dir, "lesions.csv"), textColumns: ["lesion"]);
var faults = FigureStyle.NewModel("Random lesions", "two moons; mean over seeds");
int s = 0;
foreach (string kind in new[] { "synapses", "neurons" })
    foreach (var (column, mode) in new[] { ("ann_accuracy", "ReLU"), ("spiking_accuracy", "spiking") })
    {
        var line = new LineSeries { Title = $"{mode}, lesioned {kind}", Color = FigureStyle.SeriesColor(s++), MarkerType = MarkerType.Circle };
        foreach (var group in lesions.Where(r => r.Text["lesion"] == kind).GroupBy(r => r["fraction"]).OrderBy(g => g.Key))
            line.Points.Add(new DataPoint(group.Key, group.Average(r => r[column])));
        faults.Series.Add(line);
    }
faults.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "fraction removed"));
faults.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "accuracy", 0, 1.05));
FigureStyle.AddLegendIfNeeded(faults);
page.Figure(faults, "faults");

// ## Plasticity: STDP hears timing, a rate rule does not
//
// Inputs all at the same rate (200 of them; 100 in the quick version); the first half fire partly together
// (correlated in time), the second half independently. STDP on the spiking neuron drives the correlated group's weights to w_max and the others towards 0.
// Oja's Hebbian rate rule, run by the artificial engine on the same rates, cannot tell the groups apart: it sees
// identical inputs, so it gives them identical weights. `plasticity.csv` has every input's final weight.
var plastic = Csv(Path.Combine(results["plasticity"].Dir, "plasticity.csv"), textColumns: ["group"]);
int half = plastic.Count(r => r.Text["group"] == "correlated");
var weights = FigureStyle.NewModel("Final weight of each input", $"inputs 0-{half - 1} correlated in time, {half}-{plastic.Count - 1} independent; all at the same rate");
foreach (var (column, title, k) in new[] { ("stdp_weight", "STDP (w / w_max)", 0), ("rate_rule_weight", "Oja's rule (unit-length weight vector)", 1) })
{
    var points = new ScatterSeries { Title = title, MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = FigureStyle.SeriesColor(k) };
    foreach (var row in plastic) points.Points.Add(new ScatterPoint(row["input"], row[column]));
    weights.Series.Add(points);
}
weights.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "input"));
weights.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "final weight", 0, 1.05));
FigureStyle.AddLegendIfNeeded(weights);
page.Figure(weights, "plasticity");

// **Cost** (table above): a spiking network pays per spike (synaptic operations, SOPs), an artificial one per
// connection (multiply-accumulates, MACs), whatever the values. Higher input rates buy accuracy with more SOPs.
//
// ## One model in both modes
//
// Finally the comparison `spikesim compare` makes, done with the library: one model, run by the event-driven engine
// and by the `ArtificialSimulator` (each `lif` becomes `lif_rate`), compared neuron by neuron. The model: 200 LIF
// neurons with Brunel's parameters (threshold 20 mV above rest, tau_m 20 ms), each driven by its own Poisson
// input of 0.1 mV spikes at a rate from 5 to 25 kHz, so the mean input `0.1 mV x rate x 20 ms` goes from half the
// threshold to 2.5 times it.
double durationMs = page.Quick ? 200 : 2000;
int n = 200;
var inputRates = Enumerable.Range(0, n).Select(i => 5000 + 20000.0 * i / (n - 1)).ToArray();
string rateList = string.Join(", ", inputRates.Select(r => "\"" + r.ToString("R", CultureInfo.InvariantCulture) + " Hz\""));
string json = $$"""
    {
      "name": "rate-vs-spikes", "duration": "{{durationMs}} ms", "seed": 3,
      "populations": [ { "name": "lif", "size": {{n}},
        "neuron": { "model": "lif", "psc": "delta", "tau_m": "20 ms", "e_l": "0 mV", "v_reset": "10 mV", "v_th": "20 mV", "t_ref": "2 ms" } } ],
      "inputs": [ { "type": "poisson", "to": "lif", "rate": [{{rateList}}], "weight": "0.1 mV" } ]
    }
    """;
ModelSpec spec = ModelReader.Parse(json, "rate-vs-spikes");
var network = Network.Build(spec);
var counter = new SpikeCounter(network.NeuronCount);
new Simulator(network, new SimulationOptions()).Run(spec.DurationMs, counter);
double[] measured = counter.Counts.Select(c => c / (durationMs / 1000)).ToArray();
ArtificialResult artificial = new ArtificialSimulator(network).Run();

var scatter = ArtificialFigures.CompareScatter([new ComparePoints("lif", [.. Enumerable.Range(0, n)], measured, artificial.Values)]);
scatter.Axes[0].Title = "lif_rate value (Hz)";
var diagonal = new LineSeries { Title = "spiking = lif_rate", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
diagonal.Points.Add(new DataPoint(0, 0));
diagonal.Points.Add(new DataPoint(artificial.Values.Max(), artificial.Values.Max()));
scatter.Series.Add(diagonal);
page.Figure(scatter, "compare", "Each neuron's spiking rate against its lif_rate value");

int silent = Enumerable.Range(0, n).Count(i => artificial.Values[i] == 0 && measured[i] > 1);
page.Text($"Pearson r = {NotebookPage.N(Correlation.Pearson(measured, artificial.Values), 3)} over {n} neurons; " +
          $"mean rate {NotebookPage.N(measured.Average(), 3)} Hz spiking vs {NotebookPage.N(artificial.Values.Average(), 3)} Hz lif_rate; " +
          $"{silent} neurons that lif_rate calls silent fire above 1 Hz.");

// The two agree where the mean input is far above threshold. Near and below it they part: `lif_rate` sees only the
// mean input, which never reaches threshold, so it says 0; the spiking neuron also feels the input's
// *fluctuations*, which carry it across threshold now and then. Rate models need an extra term for that noise
// (the Siegert formula, for instance); the spiking simulation has it for free. Lesson 7 sweeps parameters.
page.Save();

static List<Row> Csv(string path, string[]? textColumns = null)
{
    // A small CSV reader: numbers by column name, and the columns in textColumns as text.
    string[] lines = File.ReadAllLines(path);
    string[] header = lines[0].Split(',');
    var rows = new List<Row>();
    foreach (string line in lines.Skip(1))
    {
        string[] f = line.Split(',');
        var row = new Row();
        for (int c = 0; c < header.Length; c++)
            if (textColumns?.Contains(header[c]) == true) row.Text[header[c]] = f[c];
            else row.Numbers[header[c]] = double.Parse(f[c], CultureInfo.InvariantCulture);
        rows.Add(row);
    }
    return rows;
}

sealed class Row
{
    public Dictionary<string, double> Numbers { get; } = [];
    public Dictionary<string, string> Text { get; } = [];
    public double this[string column] => Numbers[column];
}
