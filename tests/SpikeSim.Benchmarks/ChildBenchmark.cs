using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Benchmarks;

/// <summary>
/// The child side: one SpikeSim simulation in this process, reported as one <c>SPIKESIM_JSON {...}</c> line on
/// stdout. Arguments: <c>--child MODEL_PATH DURATION_MS THREADS [OVERRIDE...]</c>.
/// </summary>
public static class ChildBenchmark
{
    public const string Flag = "--child";
    public const string ResultPrefix = "SPIKESIM_JSON ";
    public const string ErrorPrefix = "SPIKESIM_ERROR ";

    /// <summary>
    /// Biological time of the untimed warm-up run before the timed one, ms (at most the run's duration): long enough
    /// for the networks' spikes to take every path of the engine, so that the timed run compiles nothing
    /// (<see cref="SpikeSimSample.JitMethodsInRun"/> checks it). With 20 ms, benchmark4's first spikes came after the
    /// warm-up and three methods were compiled inside its timed second (README, "The event lanes eight wide").
    /// </summary>
    public const double WarmUpMs = 200;

    /// <summary>The arguments that make this executable run one model as a child.</summary>
    public static IReadOnlyList<string> Arguments(string modelPath, double durationMs, int threads, IReadOnlyList<string> overrides) =>
        [Flag, modelPath, durationMs.ToString("R", CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), .. overrides];

    public static int Run(string[] args)
    {
        if (args.Length < 4
            || !double.TryParse(args[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double durationMs)
            || !int.TryParse(args[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int threads))
        {
            Console.Error.WriteLine(ErrorPrefix + "usage: --child MODEL_PATH DURATION_MS THREADS [OVERRIDE...]");
            return 2;
        }
        try
        {
            SpikeSimSample sample = Measure(args[1], durationMs, threads, args[4..]);
            Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(sample, ChildJson.Default.SpikeSimSample));
            Console.Out.Flush();
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(ErrorPrefix + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
            Console.Error.WriteLine(e);
            return 3;
        }
    }

    private static SpikeSimSample Measure(string modelPath, double durationMs, int threads, IReadOnlyList<string> overrides)
    {
        double baselineMb = ProcessMemory.CurrentRssMb();
        var sw = Stopwatch.StartNew();
        ModelSpec spec = ModelReader.ReadFile(modelPath, overrides);
        // The duration comes from the benchmark; nothing is recorded (the engine is measured, not the writers;
        // Run gets no observer either).
        spec = spec with { DurationMs = durationMs, Record = RecordSpec.None };
        double readS = sw.Elapsed.TotalSeconds;

        sw.Restart();
        Network network = Network.Build(spec);
        double buildS = sw.Elapsed.TotalSeconds;
        double rssAfterBuildMb = ProcessMemory.CurrentRssMb();
        double heapAfterBuildMb = GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0);

        // The warm-up: a short run on a simulator of its own (the built network stays as built), so that the timed
        // run holds no just-in-time compilation of the engine, as Brian2's loop timer holds none of its C++ compile.
        var options = new SimulationOptions { Threads = threads };
        sw.Restart();
        new Simulator(network, options).Run(Math.Min(durationMs, WarmUpMs), observer: null);
        double warmUpS = sw.Elapsed.TotalSeconds;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        sw.Restart();
        var simulator = new Simulator(network, options);
        double setupS = sw.Elapsed.TotalSeconds;

        long compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        sw.Restart();
        SimulationResult result = simulator.Run(durationMs, observer: null);
        double runS = sw.Elapsed.TotalSeconds;
        long compiledInRun = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) - compiledBefore;
        double peakMb = ProcessMemory.PeakRssMb();

        double bioS = result.SimulatedMs / 1000.0;
        var populations = new List<PopulationRate>(network.Populations.Count);
        long spikes = 0;
        for (int i = 0; i < network.Populations.Count; i++)
        {
            PopulationRange p = network.Populations[i];
            long n = i < result.SpikesPerPopulation.Length ? result.SpikesPerPopulation[i] : 0;
            spikes += n;
            populations.Add(new PopulationRate(p.Name, p.Size, n, bioS > 0 && p.Size > 0 ? n / (p.Size * bioS) : 0));
        }

        return new SpikeSimSample
        {
            ModelPath = modelPath,
            ModelName = spec.Name,
            Threads = result.Threads,
            Neurons = network.NeuronCount,
            Synapses = network.SynapseCount,
            SynapseBytes = network.SynapseBytes,
            PlasticSynapses = simulator.PlasticFootprint.Synapses,
            PlasticStateBytes = simulator.PlasticFootprint.StateBytes,
            PlasticBytes = simulator.PlasticFootprint.Bytes,
            ReadS = readS,
            BuildS = buildS,
            WarmUpS = warmUpS,
            SetupS = setupS,
            RunS = runS,
            JitMethodsInRun = compiledInRun,
            LoopS = result.WallS,
            SimulatedMs = result.SimulatedMs,
            Spikes = spikes,
            MeanRateHz = bioS > 0 && network.NeuronCount > 0 ? spikes / (network.NeuronCount * bioS) : 0,
            Populations = populations,
            RecurrentEvents = result.RecurrentEvents,
            InputEvents = result.InputEvents,
            BaselineRssMb = baselineMb,
            RssAfterBuildMb = rssAfterBuildMb,
            ManagedHeapAfterBuildMb = heapAfterBuildMb,
            PeakRssMb = peakMb,
        };
    }
}
