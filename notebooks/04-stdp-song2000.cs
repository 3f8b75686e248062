#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 4. STDP and the Song (2000) result
//
// **Spike-timing-dependent plasticity** changes a synapse according to the order of the spikes on its two sides: an
// input spike shortly *before* an output spike strengthens the synapse (it helped cause the output), one shortly
// *after* weakens it. With additive STDP each pair of spikes Delta t = t_post - t_pre apart changes the weight by
//
// `+lambda w_max exp(-Delta t / tau_plus)` for Delta t > 0, `-alpha lambda w_max exp(Delta t / tau_minus)` for Delta t < 0,
//
// clipped to [0, w_max]. Song, Miller and Abbott (2000, Nat Neurosci 3:919) showed what this does to one neuron
// driven by 1,000 independent Poisson inputs: with depression slightly stronger than potentiation (alpha = 1.05),
// the synapses **compete**. Inputs whose spikes happen to precede output spikes grow, which makes them precede even
// more output spikes; the rest decay. The weights, uniform at the start, end **bimodal**, piled up at 0 and at
// w_max, and the output rate settles where potentiation and depression balance.
//
// `models/song2000-stdp.json` is that experiment (its description explains each number); this lesson runs it and
// plots what happened. Run it with `dotnet run notebooks/04-stdp-song2000.cs` (add `--quick` for a shorter run).
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

// ## Running the model
//
// The model records the output neuron's spikes, its rate in 1 s bins and every weight every 10 s (`weights.csv`:
// `t_ms,projection,source,target,weight`). The quick mode simulates 10 s instead of 100 s, with a snapshot every 2 s.
string[] overrides = page.Quick ? ["duration=10 s", "record.weights.interval=2 s"] : [];
ModelSpec spec = ModelReader.ReadFile(page.RepositoryFile("models/song2000-stdp.json"), overrides);
string dir = page.RunFolder("song2000");
SimulationResult result = RunFolder.Run(spec, dir).Spiking!;
var stdp = (StdpSpec)spec.Projections[0].Plasticity!;
double wMax = stdp.WMax;
page.Text($"Simulated {NotebookPage.N(spec.DurationMs / 1000)} s in {NotebookPage.N(result.WallS, 2)} s of wall time: " +
          $"{result.InputEvents:N0} input spikes, {result.SpikesPerPopulation[1]:N0} output spikes " +
          $"({NotebookPage.N(result.SpikesPerPopulation[1] / (spec.DurationMs / 1000), 3)} Hz on average).");

// ## Before and after
//
// `PlasticityTables.ReadWeights` gives, per projection, the weights at each snapshot. We draw the first snapshot
// (t = 0, the uniform initial weights) and the last one in one histogram.
WeightHistory history = PlasticityTables.ReadWeights(Path.Combine(dir, RunFolderWriter.WeightsFile))[0];
double[] first = history.Weights[0], last = history.Weights[^1];
var histogram = PlasticityFigures.WeightHistogram(
    [new WeightHistory("t = 0 s", [history.TimesMs[0]], [first]),
     new WeightHistory($"t = {NotebookPage.N(history.TimesMs[^1] / 1000)} s", [history.TimesMs[^1]], [last])], "pA", bins: 20);
histogram.Title = "Weights before and after STDP";
page.Figure(histogram, "weights-histogram", "1,000 weights: uniform at the start, bimodal at the end");

// The lowest and highest tenth of [0, w_max] at every snapshot: uniform weights put 10% in each; competition
// empties the middle and fills both ends.
var low = new LineSeries { Title = "weights < 0.1 w_max", Color = FigureStyle.SeriesColor(0), MarkerType = MarkerType.Circle };
var high = new LineSeries { Title = "weights > 0.9 w_max", Color = FigureStyle.SeriesColor(1), MarkerType = MarkerType.Circle };
for (int s = 0; s < history.TimesMs.Length; s++)
{
    double[] w = history.Weights[s];
    low.Points.Add(new DataPoint(history.TimesMs[s] / 1000, 100.0 * w.Count(x => x < 0.1 * wMax) / w.Length));
    high.Points.Add(new DataPoint(history.TimesMs[s] / 1000, 100.0 * w.Count(x => x > 0.9 * wMax) / w.Length));
}
var ends = FigureStyle.NewModel("Competition: weights at the two ends");
ends.Series.Add(low);
ends.Series.Add(high);
ends.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (s)"));
ends.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "synapses (%)", 0));
FigureStyle.AddLegendIfNeeded(ends);
page.Figure(ends, "weights-ends");

// The mean weight hardly moves while the spread grows (`PlasticityFigures.WeightEvolution`: mean ± 1 SD):
page.Figure(PlasticityFigures.WeightEvolution([history], "pA"), "weights-evolution");

// ## The output rate
//
// rates.csv holds the output neuron's rate in 1 s bins. At the start the uniform weights (mean w_max / 2) drive the
// neuron hard; as depression wins for most synapses the rate falls and levels off.
var rates = TraceTables.ReadRates(Path.Combine(dir, RunFolderWriter.RatesFile)).Where(r => r.Population == "neuron").ToList();
var rateFigure = TraceFigures.Rates(rates, null, null, spec.DurationMs);
rateFigure.Title = "Output rate (1 s bins)";
page.Figure(rateFigure, "output-rate");

double Fraction(double[] w, Func<double, bool> test) => 100.0 * w.Count(test) / w.Length;
double[] r = rates[0].RateHz;
int tenth = Math.Max(1, r.Length / 10);
page.Table(["", "t = 0", $"t = {NotebookPage.N(history.TimesMs[^1] / 1000)} s"],
[
    ["weights < 0.1 w_max (%)", NotebookPage.N(Fraction(first, x => x < 0.1 * wMax), 3), NotebookPage.N(Fraction(last, x => x < 0.1 * wMax), 3)],
    ["weights > 0.9 w_max (%)", NotebookPage.N(Fraction(first, x => x > 0.9 * wMax), 3), NotebookPage.N(Fraction(last, x => x > 0.9 * wMax), 3)],
    ["mean weight (pA)", NotebookPage.N(first.Average(), 3), NotebookPage.N(last.Average(), 3)],
    [$"output rate, first / last {tenth} s (Hz)", NotebookPage.N(r.Take(tenth).Average(), 3), NotebookPage.N(r.TakeLast(tenth).Average(), 3)],
]);

// For comparison, Brian2 2.5.1 running its `examples/synapses/STDP.py` (the same experiment with a conductance-based
// neuron) for 100 s ends with 23.4% of the weights in the lowest and 18.5% in the highest tenth, at 26.4 Hz; the
// project's test `Song2000Tests` checks the full run against those numbers. The weights that won are those of
// inputs that, by chance, fired together with the output early on: nothing in the input distinguishes them.
// Lesson 5 lets synapses not only change but appear and disappear.
page.Save();
