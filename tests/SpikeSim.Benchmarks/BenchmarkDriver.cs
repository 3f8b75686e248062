using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SpikeSim.Benchmarks;

/// <summary>Runs every model on both sides, repeat by repeat, then prints the report.</summary>
public sealed class BenchmarkDriver(BenchOptions options, RepoLayout layout)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int Run()
    {
        var results = options.Models.Select(m => new ModelResult(m)).ToList();
        bool oneThreadColumn = !options.NoSingleThread && options.EffectiveThreads != 1;

        string? brianVersion = null;
        PeerLauncher? peer = null;
        string? peerUnavailable = null;
        if (!options.NoPeer)
        {
            peer = new PeerLauncher(options.Python, layout);
            (brianVersion, peerUnavailable) = peer.Probe();
            if (peerUnavailable is not null)
            {
                Log("Brian2 unavailable: " + peerUnavailable);
                peer = null;
            }
        }
        foreach (ModelResult r in results)
        {
            if (options.NoPeer) continue;
            PeerSpec? spec = PeerCatalog.For(BenchOptions.ModelOf(r.Model), layout, options.DurationOf(r.Model));
            r.PeerCommand = spec?.Display;
            if (spec is not null && peer is null) r.PeerError = peerUnavailable;
        }

        for (int rep = 1; rep <= options.Repeats; rep++)
        {
            foreach (ModelResult r in results)
            {
                string tag = $"[{rep}/{options.Repeats}] {r.Model}";
                string path = layout.ModelPath(BenchOptions.ModelOf(r.Model));
                double durationMs = options.DurationOf(r.Model);
                if (r.SpikeSimError is null)
                {
                    var (s, err) = SpikeSimLauncher.Run(path, durationMs, options.Threads, options.Overrides, options.ChildExe);
                    if (s is not null) { r.SpikeSim.Add(s); Log($"{tag}: SpikeSim {s.Threads} threads: run {s.RunS:F3} s, build {s.BuildS:F3} s, warm-up {s.WarmUpS:F3} s, {s.MeanRateHz:F2} Hz, peak {s.PeakRssMb:F0} MB"); }
                    else { r.SpikeSimError = err; Log($"{tag}: SpikeSim failed: {err}"); }
                }
                if (oneThreadColumn && r.SpikeSimOneThreadError is null)
                {
                    var (s, err) = SpikeSimLauncher.Run(path, durationMs, 1, options.Overrides, options.ChildExe);
                    if (s is not null) { r.SpikeSimOneThread.Add(s); Log($"{tag}: SpikeSim 1 thread: run {s.RunS:F3} s, peak {s.PeakRssMb:F0} MB"); }
                    else { r.SpikeSimOneThreadError = err; Log($"{tag}: SpikeSim 1 thread failed: {err}"); }
                }
                if (peer is not null && r.PeerError is null && PeerCatalog.For(BenchOptions.ModelOf(r.Model), layout, durationMs) is PeerSpec ps)
                    RunPeer(peer, ps, r, tag);
            }
        }

        var report = new MarkdownReport(options, layout, results, oneThreadColumn, brianVersion);
        report.Write(Console.Out);
        if (options.JsonPath is not null) WriteJson(options.JsonPath, results, brianVersion);

        bool failed = results.Any(r => r.SpikeSimError is not null || r.SpikeSimOneThreadError is not null
                                       || (r.PeerError is not null && !options.NoPeer));
        return failed ? 1 : 0;
    }

    private static void RunPeer(PeerLauncher peer, PeerSpec spec, ModelResult r, string tag)
    {
        // A run that had to compile C++ (cold cache) is a warm-up: run again once.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Log($"{tag}: Brian2 {spec.Display} ...");
            var (p, err) = peer.Run(spec);
            if (p is null) { r.PeerError = err; Log($"{tag}: Brian2 failed: {err}"); return; }
            if (p.Compiled && attempt == 0)
            {
                r.PeerWarmups++;
                Log($"{tag}: Brian2 compiled ({p.MakeS:F1} s): warm-up, running again");
                continue;
            }
            r.Peer.Add(p);
            Log($"{tag}: Brian2 loop {p.LoopS:F3} s, binary {p.RunBinaryS:F3} s, {p.MeanRateHz:F2} Hz, peak {p.PeakRssMb:F0} MB");
            return;
        }
    }

    private void WriteJson(string path, List<ModelResult> results, string? brianVersion)
    {
        var doc = new
        {
            Options = new
            {
                options.Models, options.DurationMs, options.Threads, options.EffectiveThreads, options.Repeats,
                options.NoPeer, options.Overrides, options.Python, options.ChildExe,
            },
            Environment = new
            {
                Cores = Environment.ProcessorCount,
                Os = RuntimeInformation.OSDescription,
                Dotnet = RuntimeInformation.FrameworkDescription,
                Brian2 = brianVersion,
                layout.PeerDir,
                layout.PeerCache,
                Date = DateTime.UtcNow.ToString("o", Inv),
            },
            Models = results.Select(r => new
            {
                r.Model,
                Medians = MarkdownReport.Medians(r),
                r.SpikeSim,
                r.SpikeSimOneThread,
                r.PeerCommand,
                r.Peer,
                r.PeerWarmups,
                r.SpikeSimError,
                r.SpikeSimOneThreadError,
                r.PeerError,
            }),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(doc, Json.Indented));
        Log($"wrote {path}");
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
