using System.Globalization;
using System.Text.Json;

namespace SpikeSim.Benchmarks;

/// <summary>
/// Runs Brian2 peer scripts with Debian's Python through peer/run_peer.py, which adds the peak RSS of the
/// standalone binary alone, and reads their RESULT_JSON and PEER_MEMORY_JSON lines.
/// </summary>
public sealed class PeerLauncher(string python, RepoLayout layout)
{
    private const string ResultPrefix = "RESULT_JSON ";
    private const string MemoryPrefix = "PEER_MEMORY_JSON ";

    private Dictionary<string, string> Environment => new()
    {
        ["BRIAN2_PEER_CACHE"] = layout.PeerCache,
        ["SPIKESIM_PEER_DIR"] = layout.PeerDir,
        // the scripts are single-threaded (openmp_threads 0); keep numpy from spreading over the cores too
        ["OMP_NUM_THREADS"] = "1",
        ["OPENBLAS_NUM_THREADS"] = "1",
    };

    /// <summary>Brian2's version, or an error message when Python cannot import it.</summary>
    public (string? Version, string? Error) Probe()
    {
        if (!Directory.Exists(layout.PeerDir))
            return (null, $"peer scripts not found at {layout.PeerDir} (set SPIKESIM_PEER_DIR)");
        ProcessOutcome o = ProcessRunner.Run(python, ["-c", "import brian2; print('BRIAN2_VERSION ' + brian2.__version__)"],
            environment: Environment);
        string? v = o.Line("BRIAN2_VERSION ");
        return o.ExitCode == 0 && v is not null
            ? (v, null)
            : (null, $"{python} cannot import brian2 (apt-get install python3-brian python3-numpy cython3 g++): {o.StderrTail(2)}");
    }

    /// <summary>Runs the peer once; returns the sample or an error message.</summary>
    public (PeerSample? Sample, string? Error) Run(PeerSpec peer)
    {
        if (!File.Exists(peer.Script)) return (null, $"peer script not found: {peer.Script}");
        Directory.CreateDirectory(layout.PeerCache);
        string wrapper = Path.Combine(layout.LocalPeerDir, "run_peer.py");
        string[] step = peer.DtMs is double dt ? ["--dt", dt.ToString("R", CultureInfo.InvariantCulture)] : [];
        ProcessOutcome o = ProcessRunner.Run(python, [wrapper, .. step, peer.Script, .. peer.Arguments], layout.PeerCache, Environment);
        string? result = o.Line(ResultPrefix);
        if (o.ExitCode != 0 || result is null)
            return (null, $"{peer.Display} exited with {o.ExitCode}: {o.StderrTail(3)}");
        try
        {
            using JsonDocument r = JsonDocument.Parse(result);
            JsonElement m = o.Line(MemoryPrefix) is string mem ? JsonDocument.Parse(mem).RootElement.Clone() : default;
            JsonElement e = r.RootElement;
            double duration = Num(e, "duration_s") ?? throw new JsonException("no duration_s");
            double loop = Num(e, "loop_s") ?? throw new JsonException("no loop_s");
            return (new PeerSample
            {
                Command = peer.Display,
                DurationS = duration,
                LoopS = loop,
                RunBinaryS = Num(e, "run_binary_s"),
                MakeS = Num(e, "make_s"),
                ProcessWallS = o.WallS,
                Synapses = Long(e, "synapses"),
                Spikes = Long(e, "spikes"),
                MeanRateHz = Num(e, "mean_rate_Hz"),
                RateEHz = Num(e, "rate_E_Hz") ?? Num(e, "rate_exc_Hz"), // (coba.py names them so)
                RateIHz = Num(e, "rate_I_Hz") ?? Num(e, "rate_inh_Hz"),
                SynEvents = Long(e, "syn_events"),
                BinaryPeakRssMb = Num(m, "binary_peak_rss_MB"),
                PythonPeakRssMb = Num(m, "python_peak_rss_MB") ?? Num(e, "self_rss_MB"),
                ChildrenPeakRssMb = Num(m, "children_peak_rss_MB") ?? Num(e, "children_rss_MB"),
            }, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{peer.Display}: unreadable RESULT_JSON: {ex.Message}");
        }
    }

    private static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;

    private static long? Long(JsonElement e, string name) => Num(e, name) is double d ? (long)Math.Round(d) : null;
}
