using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpikeSim.Benchmarks;

/// <summary>Spike count and rate of one population.</summary>
public sealed record PopulationRate(string Name, int Size, long Spikes, double RateHz);

/// <summary>One SpikeSim run (one child process), as the child reports it.</summary>
public sealed record SpikeSimSample
{
    public required string ModelPath { get; init; }
    public required string ModelName { get; init; }
    /// <summary>Threads the simulator actually used.</summary>
    public required int Threads { get; init; }
    public required int Neurons { get; init; }
    public required long Synapses { get; init; }
    /// <summary>Bytes of the synapse tables (Network.SynapseBytes).</summary>
    public required long SynapseBytes { get; init; }
    /// <summary>Plastic synapses (Simulator.PlasticFootprint), the bytes of their own state, and all bytes plasticity adds to the tables.</summary>
    public long PlasticSynapses { get; init; }
    public long PlasticStateBytes { get; init; }
    public long PlasticBytes { get; init; }
    /// <summary>ModelReader.ReadFile, s.</summary>
    public required double ReadS { get; init; }
    /// <summary>Network.Build (connectivity, weights, delays, initial state), s.</summary>
    public required double BuildS { get; init; }
    /// <summary>
    /// The untimed warm-up (a fresh simulator run for <see cref="ChildBenchmark.WarmUpMs"/>), s: mostly the just-in-time
    /// compilation of the engine, which a native build does not need.
    /// </summary>
    public double WarmUpS { get; init; }
    /// <summary>new Simulator(...), s.</summary>
    public required double SetupS { get; init; }
    /// <summary>Wall time of Simulator.Run measured around the call, s.</summary>
    public required double RunS { get; init; }
    /// <summary>
    /// Methods the just-in-time compiler compiled during the timed run (<c>JitInfo.GetCompiledMethodCount</c>): 0 when
    /// the warm-up took every path the run takes, as it should (Brian2's loop timer holds none of its compilation).
    /// </summary>
    public long JitMethodsInRun { get; init; }
    /// <summary>The simulator's own loop time (SimulationResult.WallS), s.</summary>
    public required double LoopS { get; init; }
    public required double SimulatedMs { get; init; }
    public required long Spikes { get; init; }
    public required double MeanRateHz { get; init; }
    public required IReadOnlyList<PopulationRate> Populations { get; init; }
    public required long RecurrentEvents { get; init; }
    public required long InputEvents { get; init; }
    /// <summary>Resident set size when the child started (the .NET runtime alone), MB.</summary>
    public required double BaselineRssMb { get; init; }
    /// <summary>Resident set size after Network.Build, MB.</summary>
    public required double RssAfterBuildMb { get; init; }
    /// <summary>Managed heap after Network.Build (GC.GetTotalMemory), MB.</summary>
    public required double ManagedHeapAfterBuildMb { get; init; }
    /// <summary>Peak resident set size of the child (VmHWM), read after the run, MB.</summary>
    public required double PeakRssMb { get; init; }

    public double BytesPerSynapse => Synapses > 0 ? (double)SynapseBytes / Synapses : double.NaN;
    /// <summary>State bytes per plastic synapse (weight, trace; short-term u, x), and all plastic bytes per plastic synapse.</summary>
    public double PlasticStateBytesPerSynapse => PlasticSynapses > 0 ? (double)PlasticStateBytes / PlasticSynapses : double.NaN;
    public double PlasticBytesPerSynapse => PlasticSynapses > 0 ? (double)PlasticBytes / PlasticSynapses : double.NaN;
    public long Events => RecurrentEvents + InputEvents;
    public double EventsPerS => RunS > 0 ? Events / RunS : double.NaN;
    /// <summary>Wall seconds of Run per biological second.</summary>
    public double SecondsPerBioSecond => RunS / (SimulatedMs / 1000.0);
}

/// <summary>One Brian2 run (one Python process), from its RESULT_JSON and PEER_MEMORY_JSON lines.</summary>
public sealed record PeerSample
{
    public required string Command { get; init; }
    public required double DurationS { get; init; }
    /// <summary>Brian2's own timer of the time-stepping loop (excludes synapse creation and compilation), s.</summary>
    public required double LoopS { get; init; }
    /// <summary>Wall time of the standalone binary (includes synapse creation, initialisation, result I/O), s.</summary>
    public double? RunBinaryS { get; init; }
    /// <summary>C++ compilation time in this run (about 0 when the cache is warm), s.</summary>
    public double? MakeS { get; init; }
    /// <summary>Wall time of the whole Python process, s.</summary>
    public required double ProcessWallS { get; init; }
    public long? Synapses { get; init; }
    public long? Spikes { get; init; }
    public double? MeanRateHz { get; init; }
    public double? RateEHz { get; init; }
    public double? RateIHz { get; init; }
    /// <summary>Recurrent synaptic events (spikes x out-degree); Brian2's PoissonInput is not event based.</summary>
    public long? SynEvents { get; init; }
    /// <summary>Peak RSS of the standalone binary alone (/usr/bin/time around ./main), MB.</summary>
    public double? BinaryPeakRssMb { get; init; }
    /// <summary>Peak RSS of the Python driver, MB.</summary>
    public double? PythonPeakRssMb { get; init; }
    /// <summary>Largest peak RSS among the Python process's children (make, g++, the binary), MB.</summary>
    public double? ChildrenPeakRssMb { get; init; }

    /// <summary>The peak memory compared with SpikeSim: the binary's, else the largest child's.</summary>
    public double? PeakRssMb => BinaryPeakRssMb ?? ChildrenPeakRssMb;
    public double SecondsPerBioSecond => LoopS / DurationS;
    /// <summary>True when this run compiled C++ (a cold cache): it is then treated as a warm-up.</summary>
    public bool Compiled => MakeS is > 2.0;
}

/// <summary>Everything measured for one model.</summary>
public sealed class ModelResult(string model)
{
    public string Model { get; } = model;
    /// <summary>SpikeSim at the requested thread count.</summary>
    public List<SpikeSimSample> SpikeSim { get; } = [];
    /// <summary>SpikeSim with one thread (empty when the main column already uses one).</summary>
    public List<SpikeSimSample> SpikeSimOneThread { get; } = [];
    public List<PeerSample> Peer { get; } = [];
    /// <summary>Peer runs that compiled and were discarded.</summary>
    public int PeerWarmups { get; set; }
    /// <summary>The peer command, or null when the model has no peer.</summary>
    public string? PeerCommand { get; set; }
    public string? SpikeSimError { get; set; }
    public string? SpikeSimOneThreadError { get; set; }
    public string? PeerError { get; set; }
    /// <summary>Brian2 again on the grid where its integration converges (<see cref="PeerCatalog.ConvergedFor"/>), for the models that have one.</summary>
    public List<PeerSample> ConvergedPeer { get; } = [];
    /// <summary>Converged peer runs that compiled and were discarded.</summary>
    public int ConvergedPeerWarmups { get; set; }
    /// <summary>The converged peer's command, or null when the model has none.</summary>
    public string? ConvergedPeerCommand { get; set; }
    public string? ConvergedPeerError { get; set; }
}

/// <summary>Medians.</summary>
public static class Stats
{
    /// <summary>The median of the finite values, or null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        double[] v = values.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (v.Length == 0) return null;
        int m = v.Length / 2;
        return v.Length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }

    /// <summary>The median of the present finite values, or null.</summary>
    public static double? Median(IEnumerable<double?> values) =>
        Median(values.Where(x => x.HasValue).Select(x => x!.Value));

    /// <summary>a / b, or null when either is missing or b is 0.</summary>
    public static double? Ratio(double? a, double? b) => a is double x && b is double y && y != 0 ? x / y : null;
}

/// <summary>
/// The child's one-line result, read and written by generated code (the same JSON as <see cref="Json.Options"/>), so
/// that a native AOT build of this project can be the child (<c>--child-exe</c>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SpikeSimSample))]
public sealed partial class ChildJson : JsonSerializerContext;

/// <summary>JSON conventions shared by the parent and the child.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
