#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 2. Refractoriness and axon delays
//
// Many simulators advance time in steps of 0.1 ms, so every spike lands on a multiple of 0.1 ms and every delay is
// rounded to one. SpikeSim is **event-driven**: between events each neuron follows its closed-form solution, a
// spike happens at the real-valued time V reaches threshold, and a spike sent at t with delay d arrives at exactly
// t + d. This lesson checks both, with two mechanisms that decide spike timing:
//
// * the **refractory period** t_ref: after a spike V is clamped at V_reset for t_ref, and input arriving then is lost;
// * **axonal delays**: the time a spike takes to reach its target, any positive real number.
//
// Run it with `dotnet run notebooks/02-refractoriness-and-delays.cs` (add `--quick` for a shorter run).
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;
using SpikeSim.Recording;
using SpikeSim.Runs;

var page = new NotebookPage(args);

// ## Part 1: the refractory period sets the rhythm
//
// Three neurons under the same constant current (I_e = 1000 pA, E_L = V_reset = 0 mV, V_th = 15 mV, tau_m 10 ms,
// C_m 250 pF, so V heads for R I_e = 40 mV) that differ only in t_ref: 0, 2 and 5 ms. The first spike comes when
// V first reaches 15 mV, at `T0 = tau_m ln(40 / 25) = 4.700 ms` for all three; after it, each spike is followed by
// t_ref at reset and another climb of T0, so the spikes are at `T0 + k (t_ref + T0)` exactly. We write the model
// with `--set`-style overrides of `models/lif-dc.json`, one run per t_ref.
double[] tRefs = [0, 2, 5];
var rows = new List<string[]>();
double worst = 0;
foreach (double tRef in tRefs)
{
    ModelSpec spec = ModelReader.ReadFile(page.RepositoryFile("models/lif-dc.json"),
        [$"populations.neuron.neuron.t_ref={tRef} ms", page.Quick ? "duration=100 ms" : "duration=1 s", "record.v=[]"]);
    string dir = page.RunFolder($"tref-{tRef}");
    RunFolder.Run(spec, dir);
    double[] t = SpikeTrains.Read(Path.Combine(dir, RunFolderWriter.SpikesFile)).Populations[0].TimesMs;
    double t0 = 10 * Math.Log(40.0 / 25.0);
    for (int k = 0; k < t.Length; k++) worst = Math.Max(worst, Math.Abs(t[k] - (t0 + k * (tRef + t0))));
    rows.Add([NotebookPage.N(tRef), t.Length.ToString(), string.Join(", ", t.Take(3).Select(x => NotebookPage.N(x, 10))),
              NotebookPage.N(t[1] - t[0], 10), NotebookPage.N(tRef + t0, 10), NotebookPage.N(1000 / (tRef + t0))]);
}
page.Table(["t_ref (ms)", "spikes", "first spikes (ms)", "simulated period (ms)", "t_ref + T0 (ms)", "rate (Hz)"], rows);
page.Text($"Largest difference between a simulated spike time and `T0 + k (t_ref + T0)`, over every spike of the three runs: " +
          $"**{worst:0.0e+0} ms**. None of these times is a multiple of 0.1 ms.");

// ## Part 2: lost input and real-valued delays
//
// Three neurons sit at V = 10 mV, held there by a constant current (I_e = 250 pA: R I_e = 10 mV, below the 15 mV
// threshold). Neuron `a` gets three input spikes of 20 mV, each enough to make it fire at once: at 1.132123512 ms,
// 2.5 ms and 3.6180339887 ms. The second arrives 1.37 ms after the first spike, inside a's 2 ms refractory period,
// so it is discarded: a fires twice, not three times. Two axons carry a's spikes on: to `b` with a delay of
// 1.234567 ms and to `c` with a delay of pi/10 = 0.3141592654 ms, both with 20 mV weights, so b and c fire exactly
// one delay after each spike of a. V is recorded every 0.01 ms to draw the traces.
string json = """
    {
      "name": "delays", "duration": "8 ms",
      "populations": [
        { "name": "a", "size": 1, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "2 ms", "i_e": "250 pA", "v_init": "10 mV" } },
        { "name": "b", "size": 1, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "2 ms", "i_e": "250 pA", "v_init": "10 mV" } },
        { "name": "c", "size": 1, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "2 ms", "i_e": "250 pA", "v_init": "10 mV" } }
      ],
      "projections": [
        { "from": "a", "to": "b", "connect": { "rule": "one_to_one" }, "weight": "20 mV", "delay": "1.234567 ms" },
        { "from": "a", "to": "c", "connect": { "rule": "one_to_one" }, "weight": "20 mV", "delay": "0.3141592654 ms" }
      ],
      "inputs": [
        { "type": "spike_times", "to": "a", "times": ["1.132123512 ms", "2.5 ms", "3.6180339887 ms"], "weight": "20 mV" }
      ],
      "record": { "spikes": true, "v": [ { "population": "a", "interval": "0.01 ms" }, { "population": "b", "interval": "0.01 ms" },
                                         { "population": "c", "interval": "0.01 ms" } ] }
    }
    """;
ModelSpec delays = ModelReader.Parse(json, "delays");
string runDir = page.RunFolder("delays");
RunFolder.Run(delays, runDir);

// The spikes, read back from spikes.csv, beside what a simulator on a 0.1 ms grid would have recorded (the time
// rounded up to the next step, where it would notice the crossing):
var trains = SpikeTrains.Read(Path.Combine(runDir, RunFolderWriter.SpikesFile), ["a", "b", "c"]);
var spikeRows = new List<string[]>();
foreach (var pop in trains.Populations)
    foreach (double t in pop.TimesMs)
    {
        double grid = Math.Ceiling(t / 0.1 - 1e-9) * 0.1;
        spikeRows.Add([pop.Name, NotebookPage.N(t, 12), NotebookPage.N(grid, 3), NotebookPage.N(grid - t, 4)]);
    }
page.Table(["neuron", "spike time t_ms (exact)", "on a 0.1 ms grid", "grid error (ms)"], spikeRows);
double[] a = trains.Populations[0].TimesMs, b = trains.Populations[1].TimesMs, c = trains.Populations[2].TimesMs;
page.Text($"a fired {a.Length} times (the input at 2.5 ms fell into the refractory period). Measured delays: " +
          $"b - a = {NotebookPage.N(b[0] - a[0], 12)} ms and {NotebookPage.N(b[1] - a[1], 12)} ms; " +
          $"c - a = {NotebookPage.N(c[0] - a[0], 12)} ms and {NotebookPage.N(c[1] - a[1], 12)} ms.");

// The traces show each spike (V jumps past threshold and is reset at once), the flat refractory stretch at 0 mV and
// the slow climb back towards 10 mV. Watch a's trace at 2.5 ms: nothing happens, because a is clamped.
var traces = TraceTables.ReadVoltages(Path.Combine(runDir, RunFolderWriter.VoltageFile));
var marks = new Dictionary<string, ThresholdMarks> { ["a"] = new(15, 0), ["b"] = new(15, 0), ["c"] = new(15, 0) };
page.Figure(TraceFigures.Voltage(traces, marks), "traces", "V of a, b and c: b and c follow a after their own delays; a ignores the input at 2.5 ms");

// The spike times themselves, on a raster with a 0.1 ms grid behind them: none of the spikes sits on a grid line.
var raster = SpikeFigures.Raster(trains, new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 1 }, delays.DurationMs);
raster.Title = "Spike times (grid lines every 0.1 ms)";
raster.Axes[0].Minimum = 1;
raster.Axes[0].Maximum = 5;
raster.Axes[0].MinorStep = 0.1;
raster.Axes[0].MinorGridlineStyle = OxyPlot.LineStyle.Dot;
page.Figure(raster, "raster", "The five spikes of a, b and c on a 0.1 ms grid", height: 300);

// A grid simulator with 0.1 ms steps makes errors of up to 0.1 ms on every spike, and they add up along a chain of
// neurons; here each time is exact to the last digit a double can hold. Lesson 3 moves from single neurons to a
// network of 2,500.
page.Save();
