using System.Globalization;
using System.Runtime.InteropServices;

namespace SpikeSim.Benchmarks;

/// <summary>Medians of one model's samples (null where there is nothing to take the median of).</summary>
public sealed record ModelMedians(
    double? SpikeSimSecondsPerBioS,
    double? SpikeSimOneThreadSecondsPerBioS,
    double? PeerLoopSecondsPerBioS,
    double? TimeRatio,
    double? TimeRatioOneThread,
    double? SpikeSimEventsPerS,
    double? BytesPerSynapse,
    double? SpikeSimPeakMb,
    double? SpikeSimOneThreadPeakMb,
    double? PeerPeakMb,
    double? MemoryRatio,
    double? SpikeSimRateHz,
    double? PeerRateHz,
    double? SpikeSimBuildS,
    double? SpikeSimWarmUpS,
    double? SpikeSimBaselineMb,
    double? PeerBinaryS,
    double? PeerPythonPeakMb,
    double? PeerEventsPerLoopS,
    double? ConvergedPeerLoopSecondsPerBioS,
    double? TimeRatioConverged,
    double? TimeRatioConvergedOneThread,
    double? ConvergedPeerRateHz);

/// <summary>The Markdown report: one summary table and one table of details.</summary>
public sealed class MarkdownReport(BenchOptions options, RepoLayout layout, IReadOnlyList<ModelResult> results, bool oneThreadColumn, string? brianVersion)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The medians of one model.</summary>
    public static ModelMedians Medians(ModelResult r)
    {
        double? ss = Stats.Median(r.SpikeSim.Select(s => s.SecondsPerBioSecond));
        double? ss1 = Stats.Median(r.SpikeSimOneThread.Select(s => s.SecondsPerBioSecond));
        double? pl = Stats.Median(r.Peer.Select(p => p.SecondsPerBioSecond));
        double? sMem = Stats.Median(r.SpikeSim.Select(s => s.PeakRssMb));
        double? pMem = Stats.Median(r.Peer.Select(p => p.PeakRssMb));
        double? converged = Stats.Median(r.ConvergedPeer.Select(p => p.SecondsPerBioSecond));
        return new ModelMedians(
            ss, ss1, pl,
            Stats.Ratio(ss, pl), Stats.Ratio(ss1, pl),
            Stats.Median(r.SpikeSim.Select(s => s.EventsPerS)),
            Stats.Median(r.SpikeSim.Select(s => s.BytesPerSynapse)),
            sMem,
            Stats.Median(r.SpikeSimOneThread.Select(s => s.PeakRssMb)),
            pMem,
            Stats.Ratio(sMem, pMem),
            Stats.Median(r.SpikeSim.Select(s => s.MeanRateHz)),
            Stats.Median(r.Peer.Select(p => p.MeanRateHz)),
            Stats.Median(r.SpikeSim.Select(s => s.BuildS)),
            Stats.Median(r.SpikeSim.Select(s => s.WarmUpS)),
            Stats.Median(r.SpikeSim.Select(s => s.BaselineRssMb)),
            Stats.Median(r.Peer.Select(p => p.RunBinaryS)),
            Stats.Median(r.Peer.Select(p => p.PythonPeakRssMb)),
            Stats.Median(r.Peer.Select(p => p.SynEvents is long e && p.LoopS > 0 ? e / p.LoopS : (double?)null)),
            converged, Stats.Ratio(ss, converged), Stats.Ratio(ss1, converged),
            Stats.Median(r.ConvergedPeer.Select(p => p.MeanRateHz)));
    }

    /// <summary>
    /// A model whose peer at dt = 0.1 ms has not converged (<see cref="PeerCatalog.ConvergedFor"/>) against the same
    /// peer on the grid where it has: the comparison at equal accuracy.
    /// </summary>
    private void WriteConvergedPeers(TextWriter w)
    {
        foreach (ModelResult r in results)
        {
            if (r.ConvergedPeerCommand is null || options.NoPeer) continue;
            ModelMedians m = Medians(r);
            w.WriteLine();
            w.WriteLine($"- {r.Model} against Brian2 where its integration has converged ({r.ConvergedPeerCommand}; SpikeSim's is exact "
                        + $"at any step): Brian2 loop {(m.ConvergedPeerLoopSecondsPerBioS is null && r.ConvergedPeerError is not null ? "failed" : Fmt(m.ConvergedPeerLoopSecondsPerBioS))} s/bio-s "
                        + $"at {Fmt(m.ConvergedPeerRateHz)} Hz; ratio {Times(m.TimeRatioConverged)} with {options.EffectiveThreads} thread(s)"
                        + (oneThreadColumn ? $", {Times(m.TimeRatioConvergedOneThread)} with 1" : "") + ".");
        }
    }

    /// <summary>
    /// A plastic model beside its static base ("X-stdp" and "X" in one invocation): the ratio of their times, the
    /// cost of learning.
    /// </summary>
    private void WritePlasticRatios(TextWriter w)
    {
        foreach (ModelResult plastic in results)
        {
            string name = Path.GetFileNameWithoutExtension(BenchOptions.ModelOf(plastic.Model));
            if (!name.EndsWith("-stdp", StringComparison.Ordinal)) continue;
            string baseName = name[..^"-stdp".Length];
            ModelResult? static_ = results.FirstOrDefault(r => Path.GetFileNameWithoutExtension(BenchOptions.ModelOf(r.Model)) == baseName);
            if (static_ is null) continue;
            ModelMedians p = Medians(plastic), s = Medians(static_);
            w.WriteLine();
            w.WriteLine($"- {name} / {baseName} (the cost of plasticity, same invocation): "
                        + $"{Times(p.SpikeSimSecondsPerBioS / s.SpikeSimSecondsPerBioS)} with {options.EffectiveThreads} thread(s)"
                        + (oneThreadColumn ? $", {Times(p.SpikeSimOneThreadSecondsPerBioS / s.SpikeSimOneThreadSecondsPerBioS)} with 1" : "")
                        + $"; peak memory {Times(p.SpikeSimPeakMb / s.SpikeSimPeakMb)}.");
        }
    }

    public void Write(TextWriter w)
    {
        int threads = options.EffectiveThreads;
        string bio = Fmt(options.DurationMs / 1000.0);
        bool ownDurations = options.Models.Any(m => m.Contains('@'));
        w.WriteLine();
        w.WriteLine($"## SpikeSim vs Brian2: {bio} s of biological time{(ownDurations ? " (NAME@T: T)" : "")}, median of {options.Repeats} run(s)");
        w.WriteLine();
        w.WriteLine($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.");
        w.WriteLine($"- SpikeSim: **{threads} thread(s)**{(options.Threads == 0 ? " (all cores)" : "")}"
                    + (oneThreadColumn ? ", plus a 1-thread run for a per-core comparison" : "")
                    + "; one child process per run; time = wall of Simulator.Run (network build and an untimed "
                    + $"{ChildBenchmark.WarmUpMs} ms warm-up run on its own simulator, which compiles the engine just in time, excluded); nothing recorded.");
        w.WriteLine(options.NoPeer
            ? "- Brian2: not run (--no-peer)."
            : $"- Brian2 {brianVersion ?? "(unavailable)"}: cpp_standalone, **single thread** (openmp_threads 0), dt 0.1 ms; "
              + "time = Brian2's own loop timer (synapse creation and compilation excluded); peers from " + layout.PeerDir
              + (results.Any(r => r.ConvergedPeerCommand is not null) ? "; where dt 0.1 ms has not converged, also the step where it has (below the table)." : "."));
        w.WriteLine("- Peak memory: SpikeSim = VmHWM of the child process (whole .NET process); Brian2 = peak RSS of the standalone binary alone (/usr/bin/time around ./main).");
        w.WriteLine("- Ratios are SpikeSim / Brian2: below 1 means SpikeSim is faster or smaller.");
        foreach (ModelResult r in results)
        {
            long compiled = r.SpikeSim.Concat(r.SpikeSimOneThread).Select(x => x.JitMethodsInRun).DefaultIfEmpty(0).Max();
            if (compiled > 0)
                w.WriteLine($"- **{r.Model}: the just-in-time compiler compiled up to {compiled} method(s) inside a timed run** (the warm-up missed a path): its times include compilation.");
        }
        w.WriteLine();

        var header = new List<string> { "model", $"SpikeSim s/bio-s ({threads} thr)" };
        if (oneThreadColumn) header.Add("SpikeSim s/bio-s (1 thr)");
        header.Add("Brian2 loop s/bio-s (1 thr)");
        header.Add($"ratio ({threads} thr)");
        if (oneThreadColumn) header.Add("ratio (1 thr)");
        header.AddRange(["SpikeSim events/s", "bytes/synapse", "SpikeSim peak MB", "Brian2 peak MB", "mem ratio", "rate Hz (SpikeSim vs Brian2)"]);
        WriteRow(w, header);
        WriteRow(w, header.Select(_ => "---"));
        foreach (ModelResult r in results)
        {
            ModelMedians m = Medians(r);
            var row = new List<string> { r.Model, Cell(m.SpikeSimSecondsPerBioS, r.SpikeSimError) };
            if (oneThreadColumn) row.Add(Cell(m.SpikeSimOneThreadSecondsPerBioS, r.SpikeSimOneThreadError));
            row.Add(PeerCell(r, m.PeerLoopSecondsPerBioS));
            row.Add(Times(m.TimeRatio));
            if (oneThreadColumn) row.Add(Times(m.TimeRatioOneThread));
            row.AddRange([
                Fmt(m.SpikeSimEventsPerS), Fmt(m.BytesPerSynapse), Fmt(m.SpikeSimPeakMb), PeerCell(r, m.PeerPeakMb),
                Times(m.MemoryRatio), $"{Fmt(m.SpikeSimRateHz)} vs {PeerCell(r, m.PeerRateHz)}",
            ]);
            WriteRow(w, row);
        }

        WritePlasticRatios(w);
        WriteConvergedPeers(w);

        w.WriteLine();
        w.WriteLine("Details (medians):");
        w.WriteLine();
        string[] dh = ["model", "neurons", "synapses (SpikeSim / Brian2)", "SpikeSim events (recurrent + input)", "SpikeSim build s", "SpikeSim warm-up s",
            "SpikeSim rates by population Hz", "SpikeSim .NET baseline MB", "Brian2 binary s", "Brian2 rec. events/loop-s",
            "Brian2 rates E / I Hz", "Brian2 peak MB with Python", "Brian2 command"];
        WriteRow(w, dh);
        WriteRow(w, dh.Select(_ => "---"));
        foreach (ModelResult r in results)
        {
            ModelMedians m = Medians(r);
            SpikeSimSample? s = r.SpikeSim.FirstOrDefault();
            PeerSample? p = r.Peer.FirstOrDefault();
            WriteRow(w, [
                r.Model,
                s?.Neurons.ToString(Inv) ?? "—",
                $"{(s is null ? "—" : s.Synapses.ToString(Inv))} / {(p?.Synapses is long ps ? ps.ToString(Inv) : "—")}",
                s is null ? "—" : $"{Fmt(Stats.Median(r.SpikeSim.Select(x => (double)x.RecurrentEvents)))} + {Fmt(Stats.Median(r.SpikeSim.Select(x => (double)x.InputEvents)))}",
                Fmt(m.SpikeSimBuildS),
                Fmt(m.SpikeSimWarmUpS),
                s is null ? "—" : string.Join(", ", s.Populations.Select((pop, i) =>
                    $"{pop.Name} {Fmt(Stats.Median(r.SpikeSim.Select(x => i < x.Populations.Count ? x.Populations[i].RateHz : double.NaN)))}")),
                Fmt(m.SpikeSimBaselineMb),
                Fmt(m.PeerBinaryS),
                Fmt(m.PeerEventsPerLoopS),
                p is null ? "—" : $"{Fmt(Stats.Median(r.Peer.Select(x => x.RateEHz)))} / {Fmt(Stats.Median(r.Peer.Select(x => x.RateIHz)))}",
                Fmt(m.PeerPythonPeakMb),
                (r.PeerCommand ?? "—") + (r.PeerWarmups > 0 ? $" ({r.PeerWarmups} compiling warm-up run(s) discarded)" : "")
                    + (r.ConvergedPeerCommand is null ? "" : $"; {r.ConvergedPeerCommand}"
                       + (r.ConvergedPeerWarmups > 0 ? $" ({r.ConvergedPeerWarmups} compiling warm-up run(s) discarded)" : "")),
            ]);
        }

        var errors = results.SelectMany(r => new[]
        {
            (r.Model, "SpikeSim", r.SpikeSimError), (r.Model, "SpikeSim 1 thread", r.SpikeSimOneThreadError), (r.Model, "Brian2", r.PeerError),
            (r.Model, "Brian2 where it converges", r.ConvergedPeerError),
        }).Where(e => e.Item3 is not null).ToList();
        if (errors.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Errors:");
            foreach (var (model, side, error) in errors) w.WriteLine($"- {model}, {side}: {error}");
        }
        w.WriteLine();
    }

    private string PeerCell(ModelResult r, double? value) =>
        options.NoPeer ? "not run" : r.PeerCommand is null ? "no peer" : r.PeerError is not null && value is null ? "failed" : Fmt(value);

    private static string Cell(double? value, string? error) => value is null && error is not null ? "failed" : Fmt(value);

    private static string Times(double? ratio) => ratio is double x ? Fmt(x) + "×" : "—";

    /// <summary>Three significant digits; scientific notation outside [0.001, 100000).</summary>
    public static string Fmt(double? value)
    {
        if (value is not double v || !double.IsFinite(v)) return "—";
        double a = Math.Abs(v);
        if (a == 0) return "0";
        if (a >= 1e5 || a < 1e-3) return v.ToString("0.00e0", Inv);
        int decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(a)));
        return v.ToString("F" + decimals.ToString(Inv), Inv);
    }

    private static void WriteRow(TextWriter w, IEnumerable<string> cells) => w.WriteLine("| " + string.Join(" | ", cells) + " |");
}
