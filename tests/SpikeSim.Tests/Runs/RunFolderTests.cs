using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Recording;
using SpikeSim.Runs;
using SpikeSim.Synapses;
using SpikeSim.Tests.Modeling;
using SpikeSim.Tests.Regression;

namespace SpikeSim.Tests.Runs;

/// <summary>
/// <see cref="RunFolder"/>, <see cref="ISimulator"/> and <see cref="ObserverFanOut"/>: the library call writes the same
/// run folder as <c>spikesim run</c>, both engines run through the one interface, and a fan-out gives each observer
/// exactly what it would see alone.
/// </summary>
public sealed class RunFolderTests : TempFolderTest
{
    private static ModelSpec Shipped(string name, params string[] overrides) =>
        ModelReader.ReadFile(Path.Combine(ModelTestHelpers.ModelsDir, name + ".json"), overrides);

    [Fact]
    public void LibraryCallWritesTheCliRunFolder()
    {
        // The golden hashes are those of `spikesim run models/cuba.json --duration 100ms` (RunFolderIdentityTests).
        var run = RunFolder.Run(Shipped("cuba", "duration=100 ms"), Dir, new RunOptions { Threads = 2 });
        Assert.Equal(RunFolderIdentityTests.ReadGolden()["cuba"], RunFolderIdentityTests.HashFolder(Dir));
        Assert.Equal(["spikes.csv", "v.csv", "rates.csv", "summary.json"], run.Files);
        Assert.Equal(2, run.Spiking!.Threads);
        Assert.Null(run.Artificial);
        Assert.Equal(100.0, run.Result.SimulatedMs);
    }

    [Fact]
    public void LibraryCallWritesTheCliArtificialRunFolder()
    {
        var run = RunFolder.Run(Shipped("two-neurons"), Dir, new RunOptions { Mode = RunMode.Artificial, LifSubstitute = NeuronModel.Relu });
        Assert.Equal(RunFolderIdentityTests.ReadGolden()["two-neurons-relu"], RunFolderIdentityTests.HashFolder(Dir));
        Assert.IsType<ArtificialSimulator>(run.Simulator);
        Assert.Equal(["activations.csv", "summary.json"], run.Files);
    }

    [Fact]
    public void ConnectionsAreWrittenAfterTheRunWithTheFinalSynapses()
    {
        // structural.json records connections: the file lists the synapses that exist at the end (pruned and grown).
        ModelSpec spec = Shipped("structural", "duration=600 ms", "record.weights.interval=300 ms");
        var run = RunFolder.Run(spec, Dir, new RunOptions { Threads = 1 });
        Assert.Contains(ConnectionsWriter.FileName, run.Files);
        long rows = File.ReadLines(Path.Combine(Dir, ConnectionsWriter.FileName)).LongCount() - 1;
        long finalCount = long.Parse(File.ReadLines(Path.Combine(Dir, RunFolderWriter.SynapsesFile)).Last().Split(',')[2]);
        Assert.Equal(finalCount, rows);
        Assert.NotEqual(run.Network.Projections[0].Count, finalCount); // structural plasticity changed the count
    }

    [Fact]
    public void AnExtraObserverLeavesTheRunFolderByteIdentical()
    {
        // With an extra observer the writer runs inside an ObserverFanOut, snapshots (weights, synapse counts) included.
        ModelSpec spec = Shipped("structural", "duration=600 ms", "record.weights.interval=300 ms");
        var counter = new SpikeCounter(spec.Populations.Sum(p => p.Size));
        RunFolder.Run(spec, Dir, new RunOptions { Threads = 2, Observers = [counter, new SnapshotLog(100)] });
        Assert.Equal(RunFolderIdentityTests.ReadGolden()["structural"], RunFolderIdentityTests.HashFolder(Dir));
        Assert.True(counter.Counts.Sum() > 0);
    }

    [Fact]
    public void ExtraObserversSeeTheSpikesTheFolderHolds()
    {
        ModelSpec spec = Shipped("cuba", "duration=50 ms");
        var network = Network.Build(spec);
        var counter = new SpikeCounter(network.NeuronCount);
        var run = RunFolder.Run(network, Dir, new RunOptions { Threads = 1, Observers = [counter] });
        long spikes = File.ReadLines(Path.Combine(Dir, RunFolderWriter.SpikesFile)).LongCount() - 1;
        Assert.True(spikes > 100);
        Assert.Equal(spikes, counter.Counts.Sum());
        Assert.Equal(run.Spiking!.SpikesPerPopulation.Sum(), spikes);
        Assert.Same(network, run.Network);
    }

    [Fact]
    public void BothEnginesRunThroughTheSimulatorInterface()
    {
        ModelSpec spec = Shipped("cuba", "duration=40 ms");
        var network = Network.Build(spec);

        var direct = new SpikeCounter(network.NeuronCount);
        var directResult = new Simulator(network, new SimulationOptions { Threads = 1 }).Run(spec.DurationMs, direct);
        var viaInterface = new SpikeCounter(network.NeuronCount);
        ISimulator spiking = new Simulator(network, new SimulationOptions { Threads = 2 });
        IRunResult result = spiking.Run(spec.DurationMs, viaInterface);
        Assert.Same(network, spiking.Network);
        Assert.Equal(directResult.SpikesPerPopulation, Assert.IsType<SimulationResult>(result).SpikesPerPopulation);
        Assert.Equal(direct.Counts, viaInterface.Counts);
        Assert.Equal(40.0, result.SimulatedMs);

        // The artificial engine: 40 ms of 0.1 ms steps (recurrent), the steps to an IArtificialObserver.
        ISimulator artificial = new ArtificialSimulator(network);
        var steps = new StepLog();
        var artificialResult = Assert.IsType<ArtificialResult>(artificial.Run(spec.DurationMs, steps));
        Assert.Equal(new ArtificialSimulator(network).Run().Values, artificialResult.Values);
        Assert.Equal(artificialResult.Steps, steps.Steps.Count);
        Assert.Equal(40.0, artificialResult.SimulatedMs, 12);
        // An observer of the other engine's kind is ignored, not an error.
        Assert.Equal(artificialResult.Values, ((ArtificialResult)artificial.Run(spec.DurationMs, new SpikeCounter(network.NeuronCount))).Values);
    }

    [Fact]
    public void FanOutGivesEachObserverExactlyWhatItSeesAlone()
    {
        ModelSpec spec = Shipped("cuba", "duration=60 ms");
        var network = Network.Build(spec);
        var alone = new SnapshotLog(10);
        var aloneSpikes = new SpikeCounter(network.NeuronCount);
        new Simulator(network, new SimulationOptions { Threads = 1 }).Run(spec.DurationMs, new ObserverFanOut(alone, aloneSpikes));

        var every10 = new SnapshotLog(10);
        var every25 = new SnapshotLog(25, 40);
        var spikes = new SpikeCounter(network.NeuronCount);
        var fanOut = new ObserverFanOut(every10, null, new ObserverFanOut(every25, spikes));
        Assert.Equal([10.0, 25, 40], fanOut.SnapshotIntervalsMs);
        Assert.Equal(2, fanOut.Observers.Count); // the null is skipped
        new Simulator(network, new SimulationOptions { Threads = 2 }).Run(spec.DurationMs, fanOut);

        // Each sees its own multiples only: 0, 10, ..., 60 and 0, 25, 40, 50 (t = 0 included, every time once).
        Assert.Equal([0.0, 10, 20, 30, 40, 50, 60], every10.Times);
        Assert.Equal([0.0, 25, 40, 50], every25.Times);
        Assert.Equal(alone.Times, every10.Times);
        Assert.Equal(aloneSpikes.Counts, spikes.Counts);
        Assert.True(spikes.Counts.Sum() > 0);
    }

    [Fact]
    public void FanOutPassesArtificialStepsAndWeightsToEveryMember()
    {
        ModelSpec spec = Shipped("perceptron");
        var network = Network.Build(spec);
        var a = new StepLog();
        var b = new StepLog();
        var result = new ArtificialSimulator(network).Run(spec.DurationMs, new ObserverFanOut(a, b), new ObserverFanOut(a));
        Assert.Equal([0], a.Steps);
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(result.Values, a.Last);
        Assert.Equal([0], a.WeightSteps); // before the first step
    }

    private sealed class SnapshotLog(params double[] intervals) : ISynapseObserver
    {
        public List<double> Times { get; } = [];
        public IReadOnlyList<double> SnapshotIntervalsMs => intervals;
        public void OnSnapshot(double timeMs, IReadOnlyList<SynapseTable> projections) => Times.Add(timeMs);
        public void OnSlice(in SliceOutput slice) { }
    }

    private sealed class StepLog : IArtificialObserver, IArtificialWeightsObserver
    {
        public List<int> Steps { get; } = [];
        public List<int> WeightSteps { get; } = [];
        public double[] Last { get; private set; } = [];
        public void OnStep(int step, ReadOnlySpan<double> values)
        {
            Steps.Add(step);
            Last = values.ToArray();
        }
        public void OnWeights(int step, double tMs, ArtificialSimulator simulator) => WeightSteps.Add(step);
    }
}
