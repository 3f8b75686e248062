#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 1. One LIF neuron vs one ReLU neuron
//
// A spiking neuron and an artificial one both turn an input into an output. The **leaky integrate-and-fire**
// (LIF) neuron integrates a current I on its membrane, `C_m dV/dt = -(C_m/tau_m)(V - E_L) + I`, and fires a spike
// each time V reaches the threshold V_th; V is then reset to V_reset and held there for t_ref. The **rectified
// linear unit** (ReLU) outputs a number, `y = max(0, gain * x + bias)`, with no time in it at all.
//
// This lesson drives one LIF neuron with constant currents and measures how fast it fires (its f-I curve). Under a
// constant current the LIF has a closed-form rate, which SpikeSim's artificial mode calls `lif_rate`:
//
// `rate = 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))` Hz, with `V_inf = E_L + (tau_m / C_m) I`,
//
// and 0 when V_inf stays below V_th. We check the simulation against it and put a ReLU beside it.
//
// Run it with `dotnet run notebooks/01-lif-vs-relu.cs` (add `--quick` for a shorter run).
using OxyPlot;
using OxyPlot.Series;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;
using SpikeSim.Recording;
using SpikeSim.Runs;

var page = new NotebookPage(args);

// ## The model: one population, one current per neuron
//
// Instead of one neuron run many times, we simulate a population of independent neurons (no synapses) and give
// neuron k its own constant current I_k: a `current` input with one amplitude per neuron. The neuron has NEST's
// `iaf_psc_delta` defaults (tau_m 10 ms, C_m 250 pF, E_L = V_reset = -70 mV, V_th = -55 mV, t_ref 2 ms), so the
// threshold current is `C_m (V_th - E_L) / tau_m = 375 pA`.
double durationMs = page.Quick ? 500 : 2000;
var currents = new List<double>();
for (double i = 0; i <= 2000; i += page.Quick ? 100 : 25) currents.Add(i);
string amplitudes = string.Join(", ", currents.Select(i => $"\"{i} pA\""));
string json = $$"""
    {
      "name": "fi-curve", "duration": "{{durationMs}} ms",
      "populations": [ { "name": "lif", "size": {{currents.Count}}, "neuron": { "model": "lif", "psc": "delta" } } ],
      "inputs": [ { "type": "current", "to": "lif", "steps": [ { "at": "0 ms", "amplitude": [{{amplitudes}}] } ] } ]
    }
    """;
ModelSpec spec = ModelReader.Parse(json, "fi-curve");
LifSpec lif = spec.Populations[0].Neuron;

// ## Simulating it
//
// `Network.Build` turns the model into neurons and synapses; `Simulator.Run` advances it event by event. An
// `ISimulationObserver` sees every spike with its exact time; `SpikeLog` (at the bottom of this file) keeps them.
// The rate of a neuron is measured from its inter-spike intervals: (spikes - 1) / (last - first spike time).
var network = Network.Build(spec);
var log = new SpikeLog(network.NeuronCount);
new Simulator(network, new SimulationOptions()).Run(spec.DurationMs, log);

var lifRate = new LifRate(lif);
var simulated = new List<FIPoint>();
double worstError = 0;
for (int k = 0; k < currents.Count; k++)
{
    var t = log.Times[k];
    double rate = t.Count >= 2 ? 1000.0 * (t.Count - 1) / (t[^1] - t[0]) : 0;
    simulated.Add(new FIPoint(currents[k], rate));
    if (t.Count >= 3) worstError = Math.Max(worstError, Math.Abs(rate - lifRate.Activate(currents[k])) / lifRate.Activate(currents[k]));
}
page.Text($"Threshold current {NotebookPage.N(lifRate.ThresholdCurrentPa)} pA; {currents.Count} currents from 0 to 2000 pA, " +
          $"{durationMs} ms each. Largest relative difference between the simulated rate and the closed form: " +
          $"**{worstError:0.0e+0}** (rounding error: the simulation is exact, not an approximation on a time grid).");

// ## The artificial counterparts
//
// The same network runs in the artificial mode with `ArtificialSimulator`: every `lif` neuron becomes `lif_rate`,
// and its value is the closed-form rate for its mean input current. A ReLU knows nothing of membranes; we match it
// to the LIF by hand: zero up to the threshold current, and equal to the LIF at 1000 pA:
// `gain = rate(1000 pA) / (1000 pA - I_th)`, `bias = -gain * I_th`.
ArtificialResult artificial = new ArtificialSimulator(network).Run();
double gain = lifRate.Activate(1000) / (1000 - lifRate.ThresholdCurrentPa);
double bias = -gain * lifRate.ThresholdCurrentPa;
var relu = new ReluNeuron();

PlotModel fi = FICurveFigure.Create(simulated, lif, "f-I curve: simulated LIF, closed form, ReLU");
var reluLine = new LineSeries { Title = $"ReLU (gain {NotebookPage.N(gain, 3)} Hz/pA)", Color = FigureStyle.SeriesColor(2), LineStyle = LineStyle.Dash };
foreach (double i in currents) reluLine.Points.Add(new DataPoint(i, relu.Output(i, gain, bias)));
fi.Series.Add(reluLine);
page.Figure(fi, "fi-curve", "Simulated LIF rates (dots) on the closed form (lif_rate), and a ReLU matched at threshold and at 1000 pA");

var rows = new List<string[]>();
foreach (double i in new[] { 300.0, 400, 500, 1000, 2000 })
{
    int k = currents.IndexOf(i);
    if (k < 0) continue;
    rows.Add([NotebookPage.N(i), NotebookPage.N(simulated[k].RateHz), NotebookPage.N(artificial.Values[k]), NotebookPage.N(relu.Output(i, gain, bias))]);
}
page.Table(["I (pA)", "LIF simulated (Hz)", "lif_rate (Hz)", "ReLU (Hz)"], rows);

// What the figure shows: the LIF is silent below 375 pA, then starts with an infinite slope, bends over and
// saturates towards 1 / t_ref = 500 Hz. The ReLU shares the threshold but neither the bend nor the ceiling: above
// 1000 pA it overestimates the rate, between threshold and 1000 pA it underestimates it.
//
// ## A membrane trace
//
// The model file `models/lif-dc.json` has a neuron with E_L = V_reset = 0 mV, V_th = 15 mV and I_e = 1000 pA:
// V relaxes towards `R I_e = 40 mV`, crosses 15 mV after `tau_m ln(40 / 25) = 4.700 ms`, and the refractory period
// adds 2 ms, so the period is 6.700 ms. `RunFolder.Run` (what `spikesim run` calls) runs a model into a run folder
// with what the model's `record` asks for (here v.csv with V every 0.1 ms, and spikes.csv), and
// `TraceTables.ReadVoltages` and `SpikeTrains.Read` read them back.
ModelSpec dc = ModelReader.ReadFile(page.RepositoryFile("models/lif-dc.json"), page.Quick ? ["duration=50 ms"] : null);
string runDir = page.RunFolder("lif-dc");
RunFolder.Run(dc, runDir);
var traces = TraceTables.ReadVoltages(Path.Combine(runDir, RunFolderWriter.VoltageFile));
LifSpec n = dc.Populations[0].Neuron;
var marks = new Dictionary<string, ThresholdMarks> { ["neuron"] = new(n.VThMv, n.VResetMv) };
page.Figure(TraceFigures.Voltage(traces, marks), "trace", "V of the lif-dc neuron: exponential rise, spike at 15 mV, 2 ms clamped at reset");
double[] spikes = SpikeTrains.Read(Path.Combine(runDir, RunFolderWriter.SpikesFile)).Populations[0].TimesMs;
page.Text($"First spikes at {string.Join(", ", spikes.Take(4).Select(s => NotebookPage.N(s, 10) + " ms"))}: " +
          $"the first at tau_m ln(40/25) = {NotebookPage.N(10 * Math.Log(1.6), 10)} ms, then every " +
          $"{NotebookPage.N(spikes[1] - spikes[0], 10)} ms (closed form 2 + 10 ln 1.6 = {NotebookPage.N(2 + 10 * Math.Log(1.6), 10)} ms).");

// A ReLU given the same 1000 pA would output one number, forever; the LIF turns it into a regular spike train
// whose *rate* is that number. Lesson 2 looks at the timing of those spikes.
page.Save();

/// <summary>Keeps every neuron's spike times (for small networks).</summary>
sealed class SpikeLog(int neurons) : ISimulationObserver
{
    public List<double>[] Times { get; } = Enumerable.Range(0, neurons).Select(_ => new List<double>()).ToArray();

    public void OnSlice(in SliceOutput slice)
    {
        for (int i = 0; i < slice.SpikeTimesMs.Length; i++) Times[slice.SpikeNeurons[i]].Add(slice.SpikeTimesMs[i]);
    }
}
