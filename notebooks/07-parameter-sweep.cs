#:project ../src/SpikeSim/SpikeSim.csproj
#:project ../src/SpikeSim.Plotting/SpikeSim.Plotting.csproj
#:property PublishAot=false
#:property Configuration=Release
// # 7. A parameter sweep
//
// Lesson 3 visited four points of the Brunel network's (g, nu_ext) plane by hand. A **sweep** runs a model over a
// grid of parameter values and collects one row of metrics per run, which is how the regimes were mapped in the
// first place. On the command line:
//
// `spikesim sweep models/sweeps/brunel-phase.json --out runs/brunel-phase`
//
// runs the shipped 6 x 6 grid (36 runs of 500 ms) on every core, survives interruption (rerun the same command and
// it resumes) and writes `results.csv`: one row per run, a column per swept parameter, `repeat`, `seed`, and metrics
// named `METRIC.POPULATION` (`rate_hz.exc`, `cv_isi.exc`, `chi.exc`, ...). This lesson does the same through the
// library on a 3 x 3 grid, and draws heatmaps with the plotting library.
//
// Run it with `dotnet run notebooks/07-parameter-sweep.cs` (add `--quick` for a shorter run).
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;
using SpikeSim.Sweeps;

var page = new NotebookPage(args);

// ## The sweep
//
// `SweepFile.Read` reads the shipped sweep file: the model (`models/brunel2000.json`, reduced to 2,000 + 500 neurons
// by the file's `set` block), the parameters and the metrics. We keep its model, sets and metrics and replace the
// grid by a smaller one: g = 4, 6, 8 (the inhibitory weight -g x 0.1 mV, on both inhibitory projections: two paths
// joined by `+` take one value) and nu_ext / nu_thr = 1, 2, 3 (the external Poisson rate, nu_ext / nu_thr x 10 kHz),
// 250 ms per run with the first 100 ms left out of the metrics. `SweepParameter.Parse` reads the same text as
// `--param` on the command line: `START..END:COUNT` is a grid, `[a, b, c]` a list.
SweepDefinition shipped = SweepFile.Read(page.RepositoryFile("models/sweeps/brunel-phase.json"));
SweepSpec spec = shipped.Spec with
{
    Sets = [.. shipped.Spec.Sets, page.Quick ? "duration=150 ms" : "duration=250 ms"],
    Parameters = page.Quick
        ? [SweepParameter.Parse("projections.inh-exc.weight+projections.inh-inh.weight=-0.5 mV..-0.7 mV:2"),
           SweepParameter.Parse("inputs.0.rate+inputs.1.rate=[10 kHz,20 kHz]")]
        : [SweepParameter.Parse("projections.inh-exc.weight+projections.inh-inh.weight=-0.4 mV..-0.8 mV:3"),
           SweepParameter.Parse("inputs.0.rate+inputs.1.rate=10 kHz..30 kHz:3")],
};

// `SweepPlan.Create` checks every point (a bad value is reported before anything runs); `SweepRunner.Run` runs the
// points on all cores, each run with a seed derived from the sweep seed and the point, so any point can be rerun
// alone with the same result. The folder gets `sweep.json`, `journal.csv` (for resuming) and `results.csv`.
SweepPlan plan = SweepPlan.Create(spec);
string dir = page.RunFolder("brunel-grid");
SweepOutcome outcome = SweepRunner.Run(plan, dir, new SweepRunOptions());
page.Text($"{outcome.Ran} runs of {plan.Spec.PointCount} points in {NotebookPage.N(outcome.WallS, 2)} s on " +
          $"{Environment.ProcessorCount} cores. Columns of results.csv: `{string.Join("`, `", plan.Header)}`.");

// ## The results
//
// `SweepResults.Read` reads results.csv; each swept parameter becomes an axis with its levels, its values in the
// internal units (mV, Hz).
var results = SweepResults.Read(Path.Combine(dir, SweepFolder.ResultsFile));
var g = results.Parameters[0];
var nu = results.Parameters[1];
double[] rate = results.Metric("rate_hz.exc"), cv = results.Metric("cv_isi.exc"), chi = results.Metric("chi.exc");
var rows = new List<string[]>();
for (int i = 0; i < results.RowCount; i++)
    rows.Add([NotebookPage.N(-g.Values[i] / 0.1, 2), NotebookPage.N(nu.Values[i] / 10000, 2),
              NotebookPage.N(rate[i], 3), NotebookPage.N(cv[i], 2), NotebookPage.N(chi[i], 2)]);
page.Table(["g", "nu_ext/nu_thr", "rate exc (Hz)", "CV ISI exc", "chi exc"], rows);

// ## Heatmaps
//
// `SweepFigures.Heatmap` draws one metric over the first two parameters (the mean over repeats in each cell). The
// axes show the swept values as written: the inhibitory weight in mV (g = -weight / 0.1 mV) and the input rate in
// kHz (nu_ext / nu_thr = rate / 10 kHz).
page.Figure(SweepFigures.Heatmap(results, "rate_hz.exc"), "heatmap-rate", "Excitatory rate over the grid");
page.Figure(SweepFigures.Heatmap(results, "cv_isi.exc"), "heatmap-cv", "Irregularity (CV of inter-spike intervals)");
page.Figure(SweepFigures.Heatmap(results, "chi.exc"), "heatmap-chi", "Synchrony chi (0: asynchronous, 1: fully synchronous)");

// Reading the maps (the weight axis runs from g = 8 on the left to g = 4 on the right): rates fall as inhibition
// grows and rise with the drive; CV grows with g and with the drive (irregular, inhibition-dominated firing: the AI
// regime), and chi is highest where excitation dominates (g = 4). `SweepFigures.Line` draws a metric against one parameter instead, one line per value of a second:
page.Figure(SweepFigures.Line(results, "rate_hz", x: 1, group: 0, population: "exc"), "rate-lines", "Excitatory rate against the input rate, one line per inhibitory weight");

// To map the plane finely, run the shipped sweep from the command line, split it over a cluster with
// `--shard I/N` and join the shards with `spikesim sweep merge` (see the README's sweep section).
page.Save();
