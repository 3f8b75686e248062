#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 8. Beyond the ReLU: shunting, adaptation, depressing synapses
//
// An artificial neuron computes `y = f(sum_j w_j x_j + b)`: its inputs add up with fixed weights, and its output
// depends on its input *now* and on nothing else. Real neurons break both rules. This lesson measures three
// mechanisms that SpikeSim simulates exactly, each beside the artificial mode on the same input:
//
// 1. **Shunting inhibition divides where subtraction subtracts.** A synapse is a conductance: what it does depends on
//    V. Inhibition whose reversal potential sits at rest changes nothing alone, yet it scales down what excitation
//    does (a change of gain); an artificial neuron can only subtract it (a shift).
// 2. **Adaptation makes the response to a step transient.** An adaptation current grows with every spike; under a
//    constant input the intervals lengthen. The artificial neuron's output under a step is one constant.
// 3. **A depressing synapse transmits changes, not levels.** A synapse that uses up its resources with each spike
//    answers a rise of the presynaptic rate with a burst of drive that relaxes back near its old level; an
//    artificial neuron's output follows the level.
//
// Run it with `dotnet run notebooks/08-beyond-the-relu.cs` (add `--quick` for a shorter run).
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;
using SpikeSim.Runs;

var page = new NotebookPage(args);

// ## 1. Shunting inhibition divides where subtraction subtracts
//
// A synapse opens channels: it adds a conductance g, and the current through it, `g (E - V)`, depends on how far V
// is from the channel's reversal potential E. SpikeSim's `"psc": "cond_exp"` (NEST `iaf_cond_exp`) has it:
// `C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in)`, weights in nS (negative ones open inhibitory
// channels), E_ex = 0 mV, and here E_in = E_L = -70 mV: inhibition whose channels reverse *at rest*. Alone it
// cannot move V at all; it only makes the membrane leakier. With constant conductances V settles at
// `V - E_L = g_ex (E_ex - E_L) / (g_L + g_ex + g_in)`: inhibition sits in the denominator, so it *divides* the
// response to excitation (g_L = C_m / tau_m = 25 nS here).
//
// We measure it. Each neuron receives two Poisson trains of 2 nS conductance jumps (tau_syn 2 ms), excitatory and
// inhibitory, whose rates give mean conductances g_ex from 0 to 10 nS and g_in = 0, 12.5, 25 and 50 nS (0 to 2 g_L);
// the threshold is out of reach, and we average V after the first 100 ms. Beside it, the same neurons with current
// synapses (`"psc": "exp"`, pA): the excitatory weight is the current 2 nS carry at rest, 2 nS x 70 mV = 140 pA, and
// the inhibitory one the current 2 nS of shunt carry when V sits 10 mV above rest, 2 nS x 10 mV = 20 pA (a current
// must pick one V; the conductance adapts to every V). And the artificial mode on the current-based model with
// every `lif` made `linear`: its summed input `sum w r` is the mean excitatory minus the mean inhibitory current,
// which we turn into mV with R = tau_m / C_m, as for the current-based neuron.
double[] inhibition = [0, 12.5, 25, 50];
var excitation = new List<double>();
for (double g = 0; g <= 10 + 1e-9; g += page.Quick ? 2.5 : 1.25) excitation.Add(g);
double shuntMs = page.Quick ? 500 : 2000;
const double wNs = 2, tauSynMs = 2, gLNs = 25, rGOhm = 10.0 / 250;
double RateFor(double meanNs) => meanNs * 1000 / (wNs * tauSynMs); // Hz: g = w tau_syn r / 1000
int cells = excitation.Count * inhibition.Length;
var rateEx = new List<string>();
var rateIn = new List<string>();
foreach (double gi in inhibition)
    foreach (double ge in excitation) { rateEx.Add($"\"{R(RateFor(ge))} Hz\""); rateIn.Add($"\"{R(RateFor(gi))} Hz\""); }
string shuntJson = $$"""
    {
      "name": "shunting", "duration": "{{shuntMs}} ms", "seed": 5,
      "populations": [
        { "name": "conductance", "size": {{cells}}, "neuron": { "model": "lif", "psc": "cond_exp", "e_l": "-70 mV", "v_reset": "-70 mV",
          "v_th": "20 mV", "e_ex": "0 mV", "e_in": "-70 mV", "tau_syn_ex": "{{tauSynMs}} ms", "tau_syn_in": "{{tauSynMs}} ms" } },
        { "name": "current", "size": {{cells}}, "neuron": { "model": "lif", "psc": "exp", "e_l": "-70 mV", "v_reset": "-70 mV",
          "v_th": "20 mV", "tau_syn_ex": "{{tauSynMs}} ms", "tau_syn_in": "{{tauSynMs}} ms" } } ],
      "inputs": [
        { "type": "poisson", "to": "conductance", "rate": [{{string.Join(", ", rateEx)}}], "weight": "{{wNs}} nS" },
        { "type": "poisson", "to": "conductance", "rate": [{{string.Join(", ", rateIn)}}], "weight": "-{{wNs}} nS" },
        { "type": "poisson", "to": "current", "rate": [{{string.Join(", ", rateEx)}}], "weight": "{{wNs * 70}} pA" },
        { "type": "poisson", "to": "current", "rate": [{{string.Join(", ", rateIn)}}], "weight": "-{{wNs * 10}} pA" } ],
      "record": { "v": [ { "population": "conductance", "interval": "0.5 ms" }, { "population": "current", "interval": "0.5 ms" } ] }
    }
    """;
ModelSpec shunt = ModelReader.Parse(shuntJson, "shunting");
var shuntNetwork = Network.Build(shunt);
var shuntV = new VoltageBins(shuntNetwork.NeuronCount, 100, shuntMs);
new Simulator(shuntNetwork, new SimulationOptions()).Run(shunt.DurationMs, shuntV);
ArtificialResult linear = new ArtificialSimulator(shuntNetwork, new ArtificialOptions { LifSubstitute = NeuronModel.Linear }).Run();
int condOffset = shuntNetwork.Populations[0].Offset, currentOffset = shuntNetwork.Populations[1].Offset;
double[] Curve(int offset, int level, Func<int, double> value) => [.. excitation.Select((_, k) => value(offset + level * excitation.Count + k))];
var curves = new List<(string Kind, double Gi, double[] DeltaV)>();
for (int l = 0; l < inhibition.Length; l++)
{
    curves.Add(("conductance", inhibition[l], Curve(condOffset, l, n => shuntV.MeanOver(n, 100, shuntMs) + 70)));
    curves.Add(("current", inhibition[l], Curve(currentOffset, l, n => shuntV.MeanOver(n, 100, shuntMs) + 70)));
    curves.Add(("artificial", inhibition[l], Curve(currentOffset, l, n => rGOhm * tauSynMs / 1000 * linear.Values[n])));
}
foreach (var (kind, title) in new[] { ("conductance", "Conductance synapses (cond_exp), E_in = E_L"), ("current", "Current synapses (exp)"), ("artificial", "Artificial neuron (linear)") })
{
    var figure = FigureStyle.NewModel(title, "response against excitation, at four levels of inhibition");
    int c = 0;
    foreach (var curve in curves.Where(x => x.Kind == kind))
    {
        var line = new LineSeries { Title = $"g_in = {NotebookPage.N(curve.Gi)} nS", Color = FigureStyle.SeriesColor(c++), MarkerType = MarkerType.Circle, MarkerSize = 3 };
        for (int k = 0; k < excitation.Count; k++) line.Points.Add(new DataPoint(excitation[k], curve.DeltaV[k]));
        figure.Series.Add(line);
    }
    figure.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "mean excitatory conductance g_ex (nS)"));
    figure.Axes.Add(FigureStyle.Axis(AxisPosition.Left, kind == "artificial" ? "output x R tau_syn (mV)" : "mean V - E_L (mV)", -22, 30));
    FigureStyle.AddLegendIfNeeded(figure);
    page.Figure(figure, "shunting-" + kind, width: 560, height: 400);
}

// A straight line fitted to each curve gives its slope; divided by the slope without inhibition, its gain. The
// curve's value at g_ex = 0 is its shift. For the conductance neuron, the mean-conductance formula above, fitted
// over the same points, gives the gain to expect (at small g_ex it falls as `g_L / (g_L + g_in)`: 1, 0.67, 0.5, 0.33).
var shuntRows = new List<IReadOnlyList<string>>();
double[] baseSlope = new double[3];
foreach (double gi in inhibition)
{
    var row = new List<string> { NotebookPage.N(gi) };
    int kindIndex = 0;
    foreach (string kind in new[] { "conductance", "current", "artificial" })
    {
        double[] deltaV = curves.Single(x => x.Kind == kind && x.Gi == gi).DeltaV;
        double slope = Fit(excitation, deltaV);
        if (gi == 0) baseSlope[kindIndex] = slope;
        row.Add(NotebookPage.N(slope / baseSlope[kindIndex], 3));
        row.Add(NotebookPage.N(deltaV[0], 3));
        kindIndex++;
    }
    double[] meanConductance = [.. excitation.Select(ge => 70 * ge / (gLNs + ge + gi))];
    row.Insert(3, NotebookPage.N(Fit(excitation, meanConductance) / Fit(excitation, [.. excitation.Select(ge => 70 * ge / (gLNs + ge))]), 3));
    shuntRows.Add(row);
}
page.Table(["g_in (nS)", "conductance: gain", "V - E_L at g_ex = 0 (mV)", "formula: gain", "current: gain", "V - E_L at g_ex = 0 (mV)",
            "artificial: gain", "output at g_ex = 0 (mV)"], shuntRows);
page.Text($"Slopes without inhibition: {NotebookPage.N(baseSlope[0], 3)} mV/nS (conductance), {NotebookPage.N(baseSlope[1], 3)} mV/nS (current), " +
          $"{NotebookPage.N(baseSlope[2], 3)} mV/nS (artificial); a gain is a slope divided by its kind's slope without inhibition.");

// What the figures show: with conductances every curve starts at 0 (inhibition at rest does nothing alone) and
// inhibition lowers the slope: it divides. With currents and in the artificial neuron every curve has the same slope
// and inhibition moves it down: it subtracts (a ReLU would then cut it off at 0, still a shift). The measured gains
// of the conductance neuron follow the mean-conductance formula; they differ a little because the conductances
// fluctuate (the mean of V is not V at the mean conductance). Division is the operation an artificial neuron
// lacks: its input is a weighted *sum*. (Once the neuron fires, V spends its time between reset and threshold, where
// the shunt draws a nearly constant current, so its effect on the firing *rate* is mostly subtractive: Holt and
// Koch 1997. The division measured here is the membrane's.)
//
// ## 2. Adaptation makes the response to a step transient
//
// Neocortical regular-spiking cells slow down under a constant input: every spike adds to a slow
// potassium-like adaptation current w. SpikeSim's `lif` takes it with the fields `a` (nS), `b` (pA) and `tau_w` (ms):
// `C_m dV/dt = ... - w`, `tau_w dw/dt = a (V - E_L) - w`, and `w += b` at each spike. `models/adaptation.json`
// ships such a cell (the adaptation parameters of Brette and Gerstner 2005) beside the same cell without adaptation,
// both under a 1 nA current step from 100 ms to 600 ms. We read the intervals between spikes.
ModelSpec adaptation = ModelReader.ReadFile(page.RepositoryFile("models/adaptation.json"));
var adaptNetwork = Network.Build(adaptation);
var adaptSpikes = new SpikeLog(adaptNetwork.NeuronCount);
new Simulator(adaptNetwork, new SimulationOptions()).Run(adaptation.DurationMs, adaptSpikes);
var step = (CurrentInput)adaptation.Inputs[0];
double onMs = step.Steps[0].AtMs, offMs = step.Steps[1].AtMs, stepPa = step.Steps[0].AmplitudePa[0];

// The artificial mode's `lif_rate` for each cell is its steady rate under the step current (for the adapting cell,
// the rate once w has settled into its periodic orbit): one number for the whole step, and 0 outside it.
var cellsOfModel = new[] { ("adapting", 0), ("plain", 1) };
var rateFigure = FigureStyle.NewModel("A current step: instantaneous rate 1/ISI", $"{NotebookPage.N(stepPa)} pA from {onMs} to {offMs} ms; dashed: lif_rate, the artificial mode's value");
var isiRows = new List<IReadOnlyList<string>>();
foreach (var (name, p) in cellsOfModel)
{
    LifSpec cell = adaptation.Populations[p].Neuron;
    double[] spikes = [.. adaptSpikes.Times[adaptNetwork.Populations[p].Offset].Where(t => t >= onMs && t < offMs)];
    double[] isi = [.. spikes.Skip(1).Select((t, k) => t - spikes[k])];
    double artificialHz = NeuronTypes.Create(NeuronModel.LifRate, cell).Activate(stepPa);
    var line = new LineSeries { Title = $"{name} (spiking)", Color = FigureStyle.SeriesColor(p), MarkerType = MarkerType.Circle, MarkerSize = 3 };
    for (int k = 0; k < isi.Length; k++) line.Points.Add(new DataPoint(spikes[k + 1], 1000 / isi[k]));
    var flat = new LineSeries { Title = $"{name}: lif_rate", Color = FigureStyle.SeriesColor(p), LineStyle = LineStyle.Dash };
    foreach (var (t, r) in new[] { (0.0, 0.0), (onMs, 0), (onMs, artificialHz), (offMs, artificialHz), (offMs, 0), (adaptation.DurationMs, 0) }) flat.Points.Add(new DataPoint(t, r));
    rateFigure.Series.Add(line);
    rateFigure.Series.Add(flat);
    int settled = Array.FindIndex(isi, x => x >= 0.95 * isi[^1]);
    if (p == 0) page.Text($"The adapting cell's intervals (ms): {string.Join(", ", isi.Select(x => NotebookPage.N(x, 4)))}. " +
                          $"They come within 5% of the last at spike {settled + 2} of {spikes.Length}, " +
                          $"{NotebookPage.N(spikes[settled + 1] - onMs, 3)} ms after the onset (tau_w = {NotebookPage.N(cell.Parameter("tau_w"))} ms).");
    isiRows.Add([name, spikes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", isi.Take(6).Select(x => NotebookPage.N(x, 4))),
                 NotebookPage.N(isi[^1], 4), NotebookPage.N(isi[^1] / isi[0], 3), NotebookPage.N(1000 / isi[0], 4), NotebookPage.N(1000 / isi[^1], 4), NotebookPage.N(artificialHz, 4)]);
}
rateFigure.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "t (ms)", 0, adaptation.DurationMs));
rateFigure.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "rate (Hz)", 0, 130));
FigureStyle.AddLegendIfNeeded(rateFigure);
page.Figure(rateFigure, "adaptation", "Instantaneous rate (1 / ISI, at the second spike of each pair) under the step, and lif_rate");
page.Table(["cell", "spikes in the step", "first ISIs (ms)", "last ISI (ms)", "adaptation ratio last / first ISI", "first 1/ISI (Hz)", "last 1/ISI (Hz)", "lif_rate (Hz)"], isiRows);

// What the figure shows: the plain cell fires at one interval from the first spike to the last, and its `lif_rate`
// is that rate. The adapting cell starts almost as fast, then its intervals lengthen spike by spike as w builds up,
// to a steady interval almost three times the first: its response to the step is an onset burst
// followed by a lower plateau, and when the step ends w decays again, so a second step would find it rested. Its
// `lif_rate` is the plateau; no single number is both the onset and the plateau. An artificial neuron answers a step
// with a step: to show the onset it would need a state, which is what w is.
//
// ## 3. A depressing synapse transmits changes, not levels
//
// A presynaptic population of 100 neurons fires regular trains at 10 Hz, and from t_step on at 40 Hz, their phases
// spread evenly over the period (each neuron relays a list of spike times, as in `models/short-term.json`). They
// all project onto two target neurons with exponential synaptic currents (tau_syn 2 ms) and a threshold out of
// reach, so a target's V is just the filtered drive it receives. One target receives static synapses; the other
// depressing ones with NEST's `tsodyks2_synapse` defaults,
// `"short_term": {"U": 0.5, "tau_rec": "800 ms", "tau_fac": "0 ms"}`: each spike transmits `w u x` and uses the
// fraction u = U of the resources x, which recover with tau_rec. At a regular rate r the resources before a spike
// settle at `x* = (1 - e) / (1 - (1 - U) e)`, `e = exp(-1000 / (r tau_rec))`, so the drive per second `r U x*`
// grows far less than r. We give the depressing synapses the weight that makes both targets receive the same mean
// drive at 10 Hz: `w_dep = w_static / (U x*(10 Hz))`.
const double stepMs = 1500, endMs = 2500; // short enough for quick mode too
const int trains = 100;
const double u = 0.5, tauRecMs = 800, wStaticPa = 50;
static double XStar(double rateHz, double u, double tauRecMs)
{
    double e = Math.Exp(-1000 / (rateHz * tauRecMs));
    return (1 - e) / (1 - (1 - u) * e);
}
double wDepressingPa = wStaticPa / (u * XStar(10, u, tauRecMs));
var times = new List<string>();
for (int k = 0; k < trains; k++)
{
    var train = new List<double>();
    for (double t = k * 100.0 / trains; t < stepMs; t += 100) train.Add(t);
    for (double t = stepMs + k * 25.0 / trains; t < endMs; t += 25) train.Add(t);
    times.Add("[" + string.Join(", ", train.Select(t => $"\"{R(t)} ms\"")) + "]");
}
const string relay = """{ "model": "lif", "psc": "delta", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "0 ms" }""";
const string target = """{ "model": "lif", "psc": "exp", "tau_m": "10 ms", "c_m": "250 pF", "e_l": "-70 mV", "v_reset": "-70 mV", "v_th": "0 mV", "tau_syn_ex": "2 ms" }""";
string stpJson = $$"""
    {
      "name": "depressing", "duration": "{{endMs}} ms",
      "populations": [
        { "name": "pre", "size": {{trains}}, "neuron": {{relay}} },
        { "name": "static", "size": 1, "neuron": {{target}} },
        { "name": "depressing", "size": 1, "neuron": {{target}} } ],
      "projections": [
        { "from": "pre", "to": "static", "connect": { "rule": "all_to_all" }, "weight": "{{wStaticPa}} pA", "delay": "1 ms" },
        { "from": "pre", "to": "depressing", "connect": { "rule": "all_to_all" }, "weight": "{{R(wDepressingPa)}} pA", "delay": "1 ms",
          "short_term": { "U": {{u}}, "tau_rec": "{{tauRecMs}} ms", "tau_fac": "0 ms" } } ],
      "inputs": [ { "type": "spike_times", "to": "pre", "weight": "100 mV", "times": [{{string.Join(", ", times)}}] } ],
      "record": { "v": [ { "population": "static", "interval": "0.1 ms" }, { "population": "depressing", "interval": "0.1 ms" } ] }
    }
    """;
ModelSpec stp = ModelReader.Parse(stpJson, "depressing");
var stpNetwork = Network.Build(stp);
const double binMs = 25;
var stpV = new VoltageBins(stpNetwork.NeuronCount, binMs, endMs);
var stpSpikes = new SpikeLog(stpNetwork.NeuronCount);
new Simulator(stpNetwork, new SimulationOptions()).Run(stp.DurationMs, new ObserverFanOut(stpV, stpSpikes));
int staticNeuron = stpNetwork.Populations[1].Offset, depressingNeuron = stpNetwork.Populations[2].Offset;

// An artificial network sees rates, not spikes: its presynaptic units output 10, then 40 (a `values` input through a
// `linear` unit), and the target is a `linear` unit whose gain turns its summed input `sum_j w r_j` (pA Hz) into the
// mean depolarisation it causes, `R tau_syn / 1000` mV per pA Hz with R = tau_m / C_m: what a static synapse's
// target reaches on average. Its weight is w_static, the depressing synapse's effective weight at 10 Hz (an
// artificial synapse has one weight, whatever the rate). The artificial neuron has no state, so its output after the
// step is its output for the 40 Hz input alone: `ArtificialSimulator` runs it once for each level.
double linearGain = 10.0 / 250 * 2 / 1000;
double ArtificialDepolarisation(double rateHz)
{
    string json = $$"""
        {
          "name": "artificial", "duration": "100 ms",
          "populations": [
            { "name": "pre", "size": {{trains}}, "neuron": { "model": "linear" } },
            { "name": "static", "size": 1, "neuron": { "model": "linear", "gain": {{R(linearGain)}} } } ],
          "projections": [ { "from": "pre", "to": "static", "connect": { "rule": "all_to_all" }, "weight": {{wStaticPa}} } ],
          "inputs": [ { "type": "values", "to": "pre", "values": {{rateHz}} } ]
        }
        """;
    var network = Network.Build(ModelReader.Parse(json, "artificial"));
    ArtificialResult result = new ArtificialSimulator(network).Run();
    return result.Values[network.Populations[1].Offset];
}
double art10 = ArtificialDepolarisation(10), art40 = ArtificialDepolarisation(40);

var transmitted = FigureStyle.NewModel("Presynaptic rate steps from 10 Hz to 40 Hz", $"mean depolarisation of each target per {binMs} ms bin; rate step at {stepMs} ms");
var staticLine = new LineSeries { Title = "static synapses (spiking)", Color = FigureStyle.SeriesColor(0), MarkerType = MarkerType.Circle, MarkerSize = 2 };
var depressingLine = new LineSeries { Title = "depressing synapses (spiking)", Color = FigureStyle.SeriesColor(1), MarkerType = MarkerType.Circle, MarkerSize = 2 };
var artificialLine = new LineSeries { Title = "artificial (linear unit)", Color = FigureStyle.SeriesColor(2), LineStyle = LineStyle.Dash };
for (int b = 0; b < stpV.Bins; b++)
{
    double t = (b + 0.5) * binMs;
    staticLine.Points.Add(new DataPoint(t, stpV.Mean(staticNeuron, b) + 70));
    depressingLine.Points.Add(new DataPoint(t, stpV.Mean(depressingNeuron, b) + 70));
}
artificialLine.Points.Add(new DataPoint(0, art10));
artificialLine.Points.Add(new DataPoint(stepMs, art10));
artificialLine.Points.Add(new DataPoint(stepMs, art40));
artificialLine.Points.Add(new DataPoint(endMs, art40));
transmitted.Series.Add(staticLine);
transmitted.Series.Add(depressingLine);
transmitted.Series.Add(artificialLine);
transmitted.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "t (ms)", 0, endMs));
transmitted.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "mean V - E_L (mV)", 0));
FigureStyle.AddLegendIfNeeded(transmitted);
page.Figure(transmitted, "depression", "Mean depolarisation per bin: static synapses follow the rate, depressing ones answer its change");

// The numbers: the mean depolarisation over the last 500 ms before the step (10 Hz, settled: the resources approach
// x* by a factor (1 - U) e = 0.44 per spike from x = 1), the highest of the four bins after the step (the answer),
// and over the last 500 ms of the run (40 Hz, settled); the presynaptic rates
// measured from the spikes over the same windows; and the closed forms `r U x*(r)` for the depressing synapse.
const double before0 = stepMs - 500, after0 = endMs - 500;
double preRateBefore = stpSpikes.Rate(stpNetwork.Populations[0], before0, stepMs), preRateAfter = stpSpikes.Rate(stpNetwork.Populations[0], after0, endMs);
int stepBin = (int)Math.Round(stepMs / binMs);
double PeakAfterStep(int neuron)
{
    double peak = double.NegativeInfinity;
    for (int b = stepBin; b < stepBin + 4 && b < stpV.Bins; b++) peak = Math.Max(peak, stpV.Mean(neuron, b) + 70);
    return peak;
}
var levels = new[] { ("static", staticNeuron), ("depressing", depressingNeuron) }.Select(x => (x.Item1,
    Before: stpV.MeanOver(x.Item2, before0, stepMs) + 70, Peak: PeakAfterStep(x.Item2), After: stpV.MeanOver(x.Item2, after0, endMs) + 70)).ToList();
double closedFormRatio = 40 * XStar(40, u, tauRecMs) / (10 * XStar(10, u, tauRecMs));
var stpRows = levels.Select(l => (IReadOnlyList<string>)[l.Item1, NotebookPage.N(l.Before, 3), NotebookPage.N(l.Peak, 3), NotebookPage.N(l.After, 3),
                                                          NotebookPage.N(l.Peak / l.Before, 3), NotebookPage.N(l.After / l.Before, 3)]).ToList();
stpRows.Add(["artificial (linear)", NotebookPage.N(art10, 3), NotebookPage.N(art40, 3), NotebookPage.N(art40, 3), NotebookPage.N(art40 / art10, 3), NotebookPage.N(art40 / art10, 3)]);
page.Table(["target", "10 Hz, settled (mV)", "peak 25 ms bin after the step (mV)", "40 Hz, settled (mV)", "peak / 10 Hz", "40 Hz / 10 Hz"], stpRows);
page.Text($"Presynaptic rate measured: {NotebookPage.N(preRateBefore)} Hz before the step, {NotebookPage.N(preRateAfter)} Hz after. " +
          $"Closed form of the depressing synapse's settled ratio, `40 x*(40 Hz) / (10 x*(10 Hz))` = **{NotebookPage.N(closedFormRatio, 4)}** " +
          $"(x* = {NotebookPage.N(XStar(10, u, tauRecMs), 4)} at 10 Hz, {NotebookPage.N(XStar(40, u, tauRecMs), 4)} at 40 Hz), against 4 for a static synapse. " +
          $"Depressing weight w_dep = {NotebookPage.N(wDepressingPa)} pA for w_static = {wStaticPa} pA.");

// What the figure shows: the static synapses' target and the artificial unit agree, and both follow the *level* of
// the presynaptic rate: four times the rate, four times the drive, for as long as it lasts. The depressing synapses'
// target answers the *change*: right after the step the 40 Hz spikes still find the resources that 10 Hz left
// recovered, so the drive jumps, but within a few spikes x falls to its new, lower steady value and the
// depolarisation relaxes to within about 15% of its old level. The onset of the 10 Hz trains at t = 0 gives the
// same kind of answer: fresh resources, a burst of drive, then the settled level. Because at high rates `r U x*` tends to
// `1000 / tau_rec` (each spike only spends what recovered since the last one), such a synapse reports *that* the
// rate changed far more than *what* it is (Tsodyks and Markram 1997; Abbott et al. 1997). A single weight cannot
// do this: it would need to depend on the input's history.
page.Save();

// Shortest round-trip text of a number, for the JSON.
static string R(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

// The slope of the least-squares line through (x, y).
static double Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
{
    double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
    for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
    return sxy / sxx;
}

// Keeps every neuron's spike times (for small networks).
sealed class SpikeLog(int neurons) : ISimulationObserver
{
    public List<double>[] Times { get; } = Enumerable.Range(0, neurons).Select(_ => new List<double>()).ToArray();

    public void OnSlice(in SliceOutput slice)
    {
        for (int i = 0; i < slice.SpikeTimesMs.Length; i++) Times[slice.SpikeNeurons[i]].Add(slice.SpikeTimesMs[i]);
    }

    /// <summary>Mean rate of a population's neurons over [from, to) ms, Hz.</summary>
    public double Rate(PopulationRange population, double from, double to)
    {
        int count = 0;
        for (int n = population.Offset; n < population.Offset + population.Size; n++)
            foreach (double t in Times[n]) if (t >= from && t < to) count++;
        return count * 1000.0 / (population.Size * (to - from));
    }
}

// Sums the sampled V of every recorded neuron into bins of a fixed width (mean V per bin, mV).
sealed class VoltageBins(int neurons, double binMs, double durationMs) : ISimulationObserver
{
    private readonly double[,] _sum = new double[neurons, (int)Math.Ceiling(durationMs / binMs)];
    private readonly int[,] _count = new int[neurons, (int)Math.Ceiling(durationMs / binMs)];

    public int Bins => _sum.GetLength(1);

    public void OnSlice(in SliceOutput slice)
    {
        foreach (VoltageSample s in slice.Samples)
        {
            int b = Math.Min(Bins - 1, (int)(s.TimeMs / binMs));
            _sum[s.Neuron, b] += s.VMv;
            _count[s.Neuron, b]++;
        }
    }

    /// <summary>Mean V of <paramref name="neuron"/> in bin <paramref name="bin"/>, mV.</summary>
    public double Mean(int neuron, int bin) => _sum[neuron, bin] / _count[neuron, bin];

    /// <summary>Mean V of <paramref name="neuron"/> over the bins that make up [from, to) ms, mV.</summary>
    public double MeanOver(int neuron, double from, double to)
    {
        double sum = 0;
        int count = 0;
        for (int b = (int)Math.Round(from / binMs); b < (int)Math.Round(to / binMs); b++) { sum += _sum[neuron, b]; count += _count[neuron, b]; }
        return sum / count;
    }
}

