using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Engine.State;
using SpikeSim.Modeling;
using SpikeSim.Recording;

namespace SpikeSim.Runs;

/// <summary>
/// Runs a model into a run folder: the one library call behind <c>spikesim run</c>, <c>spikesim compare</c> and the
/// notebooks. In the spiking mode it writes what the model's <c>record</c> asks for (spikes.csv, v.csv, rates.csv,
/// weights.csv, synapses.csv through <see cref="RunFolderWriter"/>, connections.csv with the final synapses through
/// <see cref="ConnectionsWriter"/>) and summary.json; in the artificial mode activations.csv, weights.csv and
/// connections.csv (<see cref="ActivationsWriter"/>, <see cref="ArtificialWeightsWriter"/>) and summary.json.
/// Files are written in place: a caller that must not leave a half-written folder behind (the CLI) passes a
/// temporary folder and moves the files once the run succeeded.
/// </summary>
public static class RunFolder
{
    /// <summary>Every file name a run folder may hold (in either mode): a later run replaces or removes them.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [RunFolderWriter.SpikesFile, RunFolderWriter.VoltageFile, RunFolderWriter.StateFile, RunFolderWriter.RatesFile, RunFolderWriter.SummaryFile,
         ConnectionsWriter.FileName, RunFolderWriter.WeightsFile, RunFolderWriter.SynapsesFile, ActivationsWriter.ActivationsFile];

    /// <summary>Builds the model's network and runs it for the model's duration into <paramref name="folder"/>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="folder">The run folder (created if missing; files of the same names are overwritten).</param>
    /// <param name="options">Engine, threads, progress, extra observers; null for the defaults.</param>
    public static RunFolderResult Run(ModelSpec spec, string folder, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Run(Network.Build(spec), folder, options);
    }

    /// <summary>Runs a built network for its model's duration into <paramref name="folder"/> (the network is not changed).</summary>
    /// <param name="network">The network, e.g. from <see cref="Network.Build"/>.</param>
    /// <param name="folder">The run folder (created if missing; files of the same names are overwritten).</param>
    /// <param name="options">Engine, threads, progress, extra observers; null for the defaults.</param>
    public static RunFolderResult Run(Network network, string folder, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new RunOptions();
        if (options.Mode == RunMode.Artificial && (options.LoadStatePath ?? options.SaveStatePath) is not null)
            throw new StateFileException("saving and loading a simulation's state works with the spiking engine only, not in the artificial mode");
        return options.Mode == RunMode.Artificial ? RunArtificial(network, folder, options) : RunSpiking(network, folder, options);
    }

    private static RunFolderResult RunSpiking(Network network, string folder, RunOptions options)
    {
        ModelSpec spec = network.Spec;
        if (options.SaveStatePath is { } savePath) StateFile.CheckWritable(savePath);
        var simulationOptions = new SimulationOptions
        {
            Threads = options.Threads,
            Progress = options.Progress,
            ProgressIntervalS = options.ProgressIntervalS,
            Cancellation = options.Cancellation,
        };
        Simulator simulator = options.LoadStatePath is { } loadPath
            ? Simulator.LoadState(network, loadPath, simulationOptions)
            : new Simulator(network, simulationOptions);
        using var writer = new RunFolderWriter(spec, NetworkShape.Of(network), folder, simulator.TimeMs);
        SimulationResult result = simulator.Run(spec.DurationMs, Observe(writer, options));
        // After the run: plasticity and structural updates have changed the synapses.
        if (spec.Record.Connections) ConnectionsWriter.Write(simulator.Projections, network.Populations, folder);
        writer.Complete(result);
        if (options.SaveStatePath is { } save) simulator.SaveState(save);
        var files = new List<string>(writer.Files);
        if (spec.Record.Connections) files.Add(ConnectionsWriter.FileName);
        return new RunFolderResult(simulator, result, files);
    }

    private static RunFolderResult RunArtificial(Network network, string folder, RunOptions options)
    {
        ModelSpec spec = network.Spec;
        var simulator = new ArtificialSimulator(network, new ArtificialOptions { LifSubstitute = options.LifSubstitute, Cancellation = options.Cancellation });
        ArtificialResult result;
        var files = new List<string>();
        using (var activations = new ActivationsWriter(network, folder))
        using (var weights = new ArtificialWeightsWriter(network, folder))
        {
            var observer = new ObserverFanOut([activations, weights.Records ? weights : null, .. options.Observers]);
            result = simulator.Run(spec.DurationMs, observer, observer);
            activations.Complete(result);
            weights.Close();
            files.Add(ActivationsWriter.ActivationsFile);
            files.Add(RunFolderWriter.SummaryFile);
            if (weights.Records) files.Add(RunFolderWriter.WeightsFile);
        }
        // After the run: rate rules have changed the weights.
        if (spec.Record.Connections)
        {
            ArtificialWeightsWriter.WriteConnections(simulator, network, folder);
            files.Add(ConnectionsWriter.FileName);
        }
        return new RunFolderResult(simulator, result, files);
    }

    /// <summary>The writer alone, or the writer then the extra observers.</summary>
    private static ISynapseObserver Observe(RunFolderWriter writer, RunOptions options) =>
        options.Observers.Count == 0 ? writer : new ObserverFanOut([writer, .. options.Observers]);
}

/// <summary>What <see cref="RunFolder.Run(ModelSpec, string, RunOptions?)"/> did.</summary>
/// <param name="Simulator">The engine that ran (its <see cref="ISimulator.Network"/> is the network run).</param>
/// <param name="Result">The engine's result: a <see cref="SimulationResult"/> or an <see cref="ArtificialResult"/>.</param>
/// <param name="Files">Names of the files written into the folder.</param>
public sealed record RunFolderResult(ISimulator Simulator, IRunResult Result, IReadOnlyList<string> Files)
{
    /// <summary>The network that ran.</summary>
    public Network Network => Simulator.Network;

    /// <summary>The spiking engine's result, or null after an artificial run.</summary>
    public SimulationResult? Spiking => Result as SimulationResult;

    /// <summary>The artificial engine's result, or null after a spiking run.</summary>
    public ArtificialResult? Artificial => Result as ArtificialResult;
}
