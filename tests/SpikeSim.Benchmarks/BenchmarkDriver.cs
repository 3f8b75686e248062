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
            PeerSpec? converged = PeerCatalog.ConvergedFor(BenchOptions.ModelOf(r.Model), layout, options.DurationOf(r.Model));
            r.ConvergedPeerCommand = converged?.Display;
            if (converged is not null && peer is null) r.ConvergedPeerError = peerUnavailable;
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
                {
                    var (p, warmups, error) = RunPeer(peer, ps, tag);
                    if (p is not null) r.Peer.Add(p);
                    r.PeerWarmups += warmups;
                    r.PeerError = error;
                }
                if (peer is not null && r.ConvergedPeerError is null && PeerCatalog.ConvergedFor(BenchOptions.ModelOf(r.Model), layout, durationMs) is PeerSpec cs)
                {
                    var (p, warmups, error) = RunPeer(peer, cs, tag);
                    if (p is not null) r.ConvergedPeer.Add(p);
                    r.ConvergedPeerWarmups += warmups;
                    r.ConvergedPeerError = error;
                }
            }
        }

        var report = new MarkdownReport(options, layout, results, oneThreadColumn, brianVersion);
        report.Write(Console.Out);
        if (options.JsonPath is not null) WriteJson(options.JsonPath, results, brianVersion);

        bool failed = results.Any(r => r.SpikeSimError is not null || r.SpikeSimOneThreadError is not null
                                       || ((r.PeerError ?? r.ConvergedPeerError) is not null && !options.NoPeer));
        return failed ? 1 : 0;
    }

    /// <summary>One sample of a peer (none, with the error, when it fails), and how many compiling runs came before it.</summary>
    private static (PeerSample? Sample, int Warmups, string? Error) RunPeer(PeerLauncher peer, PeerSpec spec, string tag)
    {
        // A run that had to compile C++ (cold cache) is a warm-up: run again once.
        int warmups = 0;
        while (true)
        {
            Log($"{tag}: Brian2 {spec.Display} ...");
            var (p, err) = peer.Run(spec);
            if (p is null) { Log($"{tag}: Brian2 failed: {err}"); return (null, warmups, err); }
            if (p.Compiled && warmups == 0)
            {
                warmups++;
                Log($"{tag}: Brian2 compiled ({p.MakeS:F1} s): warm-up, running again");
                continue;
            }
            Log($"{tag}: Brian2 loop {p.LoopS:F3} s, binary {p.RunBinaryS:F3} s, {p.MeanRateHz:F2} Hz, peak {p.PeakRssMb:F0} MB");
            return (p, warmups, null);
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
                r.ConvergedPeerCommand,
                r.ConvergedPeer,
                r.ConvergedPeerWarmups,
                r.ConvergedPeerError,
            }),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(doc, Json.Indented));
        Log($"wrote {path}");
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
