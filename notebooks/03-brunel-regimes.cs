#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 3. The Brunel network's regimes
//
// Brunel (2000, J Comput Neurosci 8:183) studied a sparse network of excitatory and inhibitory LIF neurons driven by
// external Poisson input and found that two numbers decide how it behaves:
//
// * **g**, how much stronger an inhibitory synapse is than an excitatory one (J_I = -g J, with J = 0.1 mV);
// * **nu_ext / nu_thr**, the external drive relative to the rate that would just bring the mean input to threshold
//   (nu_thr = 10 Hz here; each neuron's external input is one Poisson train at 1000 nu_ext).
//
// Depending on them the network is **SR** (synchronous regular: excitation wins, neurons fire at their maximal rate
// in lockstep), **AI** (asynchronous irregular: inhibition balances excitation, neurons fire slowly and
// irregularly, the population rate is flat), or **SI** (synchronous irregular: irregular neurons, but the population
// rate oscillates, fast when the drive is strong, slow when it is weak).
//
// `models/brunel2000.json` is the paper's network (12,500 neurons). To run in seconds we shrink it to 2,000 + 500
// neurons while keeping each neuron's 1,000 excitatory and 250 inhibitory inputs, so the mean and variance of its
// input (and the regime boundaries) stay those of the paper; the denser network is somewhat more synchronous.
// Every change is a `--set` override, exactly as on the command line:
// `spikesim run models/brunel2000.json --set populations.exc.size=2000 --set "projections.inh-exc.weight=-0.6 mV" ...`
//
// Run it with `dotnet run notebooks/03-brunel-regimes.cs` (add `--quick` for a shorter run).
using System.Globalization;
using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Plotting;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Recording;
using SpikeSim.Runs;

var page = new NotebookPage(args);
var inv = CultureInfo.InvariantCulture;

// ## Four points of the g - nu_ext plane
//
// The points of Brunel's Fig. 8, moved a little where the smaller network puts the boundaries elsewhere (see
// `models/sweeps/brunel-phase.json`, whose sweep maps the whole plane):
// (SR is the costly one, with every neuron firing at over 300 Hz, and it settles at once: 100 ms show it.)
(string Name, double G, double Nu, double DurationMs, string Expect)[] regimes =
[
    ("SR", 3, 2, 100, "synchronous regular"),
    ("AI", 6, 2, 300, "asynchronous irregular"),
    ("SI-fast", 6, 4, 300, "synchronous irregular, fast oscillation"),
    ("SI-slow", 4.5, 0.9, 300, "synchronous irregular, slow oscillation"),
];

// Each run: read the model with the overrides, build, simulate into a run folder (spikes.csv, rates.csv in 1 ms
// bins, summary.json), then let `RunFolderPlotter.BuildFigures` make the figures that folder allows; we keep the
// raster of the first 50 neurons of each population and the population rates. The initial potentials are drawn
// uniformly below threshold, so that a weakly driven network gets going.
var rows = new List<string[]>();
foreach (var r in regimes)
{
    string[] overrides =
    [
        "populations.exc.size=2000", "populations.inh.size=500",
        """populations.exc.neuron.v_init={"dist": "uniform", "low": "0 mV", "high": "20 mV"}""",
        """populations.inh.neuron.v_init={"dist": "uniform", "low": "0 mV", "high": "20 mV"}""",
        string.Create(inv, $"projections.inh-exc.weight={-0.1 * r.G} mV"),
        string.Create(inv, $"projections.inh-inh.weight={-0.1 * r.G} mV"),
        string.Create(inv, $"inputs.0.rate={10 * r.Nu} kHz"),
        string.Create(inv, $"inputs.1.rate={10 * r.Nu} kHz"),
        "record.v=[]",
        string.Create(inv, $"duration={(page.Quick ? 50 : r.DurationMs)} ms"),
    ];
    ModelSpec spec = ModelReader.ReadFile(page.RepositoryFile("models/brunel2000.json"), overrides);
    var network = Network.Build(spec);
    string dir = page.RunFolder(r.Name);
    // Synchrony chi (the sweep's metric, `SpikeSim.Analysis.ChiMetric`): how much of each neuron's binned activity
    // is shared with the population (about 1/sqrt(N) = 0.02 for independent neurons, 1 for all in lockstep), in 1 ms
    // bins from 50 ms on (20 ms in quick mode). Its probe watches the run beside the run folder's writers
    // (`RunOptions.Observers`).
    var chiMetric = new ChiMetric(new MetricSettings(WarmupMs: page.Quick ? 20 : 50));
    var chiProbe = chiMetric.Start(network, spec.DurationMs);
    SimulationResult result = RunFolder.Run(network, dir, new RunOptions { Observers = [chiProbe] }).Spiking!;
    var chi = new double[chiMetric.Columns(spec).Count];
    chiProbe.Complete(result, chi);
    double chiExc = chi[chiMetric.Columns(spec).ToList().IndexOf("chi.exc")];
    var summary = RunSummary.Read(Path.Combine(dir, RunFolderWriter.SummaryFile));
    var exc = summary.Populations[summary.IndexOf("exc")];

    rows.Add([r.Name, NotebookPage.N(r.G), NotebookPage.N(r.Nu), NotebookPage.N(exc.RateHz ?? 0, 3),
              exc.CvIsi is double cv ? NotebookPage.N(cv, 2) : "n/a", NotebookPage.N(chiExc, 2),
              NotebookPage.N(result.WallS, 2), r.Expect]);
    foreach (var figure in RunFolderPlotter.BuildFigures(dir))
    {
        if (figure.Name is not ("raster-detail" or "rates")) continue;
        figure.Model.Title = $"{r.Name} (g = {r.G}, nu_ext/nu_thr = {r.Nu}): {(figure.Name == "rates" ? "population rates" : "50 neurons per population")}";
        page.Figure(figure.Model, $"{r.Name}-{figure.Name}", height: 380);
    }
}

// ## What the numbers say
//
// The rate is the mean over excitatory neurons, CV the mean coefficient of variation of their inter-spike intervals
// (0: clockwork, 1: as irregular as a Poisson process), chi the synchrony; synchrony also shows in the figures, as
// vertical stripes in the raster and peaks in the population rate.
page.Table(["regime", "g", "nu_ext/nu_thr", "rate exc (Hz)", "CV ISI", "chi exc", "simulation (s)", "expected"], rows);

// * **SR**: with g = 3 inhibition cannot hold excitation back; neurons fire near 1 / t_ref = 500 Hz minus the
//   climb from reset, all together, with CV near 0.
// * **AI**: at g = 6 inhibition dominates; the network settles at a few tens of Hz, neurons fire irregularly and the
//   smoothed population rate stays level, without a rhythm. (In this dense network neighbours share half their
//   inputs, so the 1 ms rate is spikier than in Brunel's sparse one, and chi, the lowest of the four, is still well
//   above 0.02.) This is the state cortex is thought to be in.
// * **SI, fast**: stronger drive at the same g makes the population rate oscillate quickly while each neuron still
//   skips most cycles (CV near 1 or above).
// * **SI, slow**: with drive below threshold and g = 4.5 the activity comes in slow, irregular waves.
//
// Lesson 7 runs a grid of (g, nu_ext) with the sweep runner and draws the whole plane as heatmaps.
page.Save();
