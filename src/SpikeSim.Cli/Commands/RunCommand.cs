using System.CommandLine;
using System.Globalization;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Runs;

namespace SpikeSim.Cli.Commands;

/// <summary>What <c>spikesim run</c> was asked to do.</summary>
/// <param name="ModelPath">The model file.</param>
/// <param name="OutDir">The run folder.</param>
/// <param name="Seed">Master seed override, or null for the model's.</param>
/// <param name="Threads">Worker threads; 0 for every core.</param>
/// <param name="Duration">Duration override as a quantity with a unit (e.g. "2 s"), or null for the model's.</param>
/// <param name="Overrides">The <c>--set path=value</c> overrides, in order.</param>
/// <param name="Quiet">True to show no progress.</param>
/// <param name="Mode"><c>spiking</c>, <c>artificial</c>, or null: artificial when the model has artificial neurons or <paramref name="Activation"/> is given.</param>
/// <param name="Activation">The neuron type lif populations become in the artificial mode (default lif_rate).</param>
public sealed record RunRequest(string ModelPath, string OutDir, ulong? Seed, int Threads, string? Duration, IReadOnlyList<string> Overrides, bool Quiet,
                                string? Mode = null, string? Activation = null)
{
    /// <summary>A state file to continue from (spiking engine), or null.</summary>
    public string? LoadState { get; init; }

    /// <summary>Where to save the state at the end of the run (spiking engine), or null.</summary>
    public string? SaveState { get; init; }

    /// <summary>True to write the run folder's figures (PNG, into OUT/figures) after the run.</summary>
    public bool Plot { get; init; }

    /// <summary>How --plot draws the figures (window, populations, neurons, σ, format), or null for the defaults.</summary>
    public Func<Modeling.ModelSpec, Plotting.PlotOptions>? PlotOptions { get; init; }

    /// <summary>The <c>--max-memory</c> budget as written (e.g. "8 GB"), or null for the memory available.</summary>
    public string? MaxMemory { get; init; }

    /// <summary>The <c>--max-output</c> budget as written, or null for the free space where the run folder goes.</summary>
    public string? MaxOutput { get; init; }

    /// <summary>
    /// The overrides given to the model reader: the --set ones, then seed and duration (which win); with --activation,
    /// without the substitute's gain and bias (<see cref="ActivationSettings"/>, which also refuses a typo of them).
    /// </summary>
    public IReadOnlyList<string> AllOverrides()
    {
        var all = new List<string>(Overrides);
        if (Seed is ulong seed) all.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
        if (Duration is not null) all.Add("duration=" + Duration);
        // With --activation, a lif population's gain and bias are the substitute activation's (ActivationSettings).
        if (Activation is not null)
        {
            ActivationSettings.CheckTypos(Overrides, Activation);
            all.RemoveAll(ActivationSettings.IsGainOrBias);
        }
        return all;
    }
}

/// <summary>
/// <c>spikesim run MODEL --out DIR [--seed N] [--threads N] [--duration Q] [--set path=value]... [--quiet]</c>:
/// simulates a model and writes its run folder (spikes.csv, v.csv, rates.csv as the model asks, summary.json).
/// </summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelArgument();
        var output = new Option<string>("--out", "-o")
        {
            Description = "The run folder (created if missing). Files of an earlier run there are replaced only when this run succeeds.",
            HelpName = "DIR",
            Required = true,
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Master seed of every random draw (connectivity, weights, delays, inputs); overrides the model's.",
            HelpName = "N",
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                string text = result.Tokens[^1].Value;
                if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)) return n;
                result.AddError($"--seed must be a whole number from 0 to {ulong.MaxValue}, got '{text}'");
                return null;
            },
        };
        var threads = new Option<int>("--threads", "-t")
        {
            Description = "Worker threads; 0 uses every core. Results are bit-identical whatever the number.",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return 0;
                string text = result.Tokens[^1].Value;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0)
                {
                    result.AddError($"--threads must be 0 (every core) or a positive number of threads, got '{text}'");
                    return 0;
                }
                return n;
            },
        };
        var duration = new Option<string?>("--duration", "-d")
        {
            Description = "Biological time to simulate, with a unit (e.g. \"500 ms\", \"2 s\"); overrides the model's.",
            HelpName = "QUANTITY",
        };
        duration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string d && string.IsNullOrWhiteSpace(d))
                result.AddError("--duration expects a time such as \"500 ms\"");
        });
        var set = CommonOptions.SetOption();
        var quiet = CommonOptions.QuietOption();
        var mode = ArtificialRun.ModeOption();
        var activation = ArtificialRun.ActivationOption();
        var saveState = new Option<string?>("--save-state")
        {
            Description = "At the end of the run, save everything needed to continue it into FILE (written atomically).",
            HelpName = "FILE",
        };
        var loadState = new Option<string?>("--load-state")
        {
            Description = "Continue the run saved in FILE for the model's duration (or --duration) more; times stay absolute. " +
                          "The model may change parameters, inputs or remove plasticity, but not the network's shape.",
            HelpName = "FILE",
        };
        var plot = new Option<bool>("--plot") { Description = "After the run, write its figures (PNG) into OUT/figures, as 'spikesim plot' does." };
        var maxMemory = ResourceGuard.MaxMemoryOption();
        var maxOutput = ResourceGuard.MaxOutputOption();

        var command = new Command("run",
            "Simulate a model and write its run folder: spikes.csv, v.csv, rates.csv and connections.csv as the model's \"record\" asks, and summary.json.\n" +
            "Progress goes to stderr, a one-line result to stdout. In the artificial mode (--mode artificial, --activation, or a model with\n" +
            "artificial neurons) it writes activations.csv (step,population,neuron,value) and summary.json with the MAC count instead.\n\n" +
            "Example:\n  spikesim run models/brunel2000.json --out runs/brunel2000 --seed 2 --duration \"2 s\" --set populations.exc.size=8000\n" +
            "  spikesim run models/brunel2000.json --out runs/brunel-rate --mode artificial\n" +
            "  spikesim run models/song2000.json --out runs/train --save-state train.state\n" +
            "  spikesim run models/song2000.json --out runs/test --load-state train.state --duration \"10 s\" --set projections.0.plasticity=null")
        {
            model,
            output,
            seed,
            threads,
            duration,
            set,
            quiet,
            mode,
            activation,
            saveState,
            loadState,
            plot,
            CommandRecord.ReportOption(),
            maxMemory,
            maxOutput,
        };
        var shape = new PlotSelectionOptions("Image format of --plot: png, svg or both.");
        foreach (var option in shape.All) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Execute(context, () => CheckPlotOptions(shape, parse) ?? Execute(context, new RunRequest(
            parse.GetValue(model)!,
            parse.GetValue(output)!,
            parse.GetValue(seed),
            parse.GetValue(threads),
            parse.GetValue(duration),
            parse.GetValue(set) ?? [],
            parse.GetValue(quiet),
            parse.GetValue(mode),
            parse.GetValue(activation))
        {
            Plot = parse.GetValue(plot),
            PlotOptions = spec => shape.Read(parse, spec),
            SaveState = parse.GetValue(saveState),
            LoadState = parse.GetValue(loadState),
            MaxMemory = parse.GetValue(maxMemory),
            MaxOutput = parse.GetValue(maxOutput),
        })));
        return command;
    }

    /// <summary>
    /// Runs the request: validates the model and the output folder before touching it, simulates into a temporary
    /// sibling folder and moves the files into the run folder only on success. Exceptions propagate
    /// (see <see cref="CliErrors.Report"/> for their exit codes).
    /// </summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    public static int Execute(CliContext context, RunRequest request)
    {
        if (request.Threads < 0)
            throw new CliUsageException($"--threads must be 0 (every core) or a positive number of threads, got {request.Threads}");
        var spec = CommonOptions.ReadModel(request.ModelPath, request.AllOverrides());
        OutputFolder.Validate(request.OutDir);
        if (request.SaveState is { } savePath) Simulator.CheckStatePath(savePath); // before the network is built
        double outputBudget = ResourceGuard.Check(spec, request.OutDir, request.MaxMemory, request.MaxOutput);
        if (request.Plot) CheckPlotSelection(request, spec);
        context.Cancellation.ThrowIfCancellationRequested();
        if (ArtificialRun.Wanted(spec, request.Mode, request.Activation))
        {
            if ((request.LoadState ?? request.SaveState) is not null)
                throw new CliUsageException("--save-state and --load-state work with the spiking engine only, not in the artificial mode");
            int code = ArtificialRun.Execute(context, spec, request.OutDir, request.Activation, ActivationSettings.GainBias(request, spec));
            return code == ExitCodes.Success && request.Plot ? PlotAfterRun(context, request, spec) : code;
        }

        var network = SetupStep.Run(context, request.Quiet, "building the network", () => Network.Build(spec));
        var progress = request.Quiet ? null : new ProgressReporter(context.Error, context.ErrorIsTerminal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        using var folder = OutputFolder.Create(request.OutDir);
        using var watch = ResourceGuard.WatchOutput(folder.TempPath, outputBudget, stop);
        SimulationResult result;
        try
        {
            result = RunFolder.Run(network, folder.TempPath, new RunOptions
            {
                Threads = request.Threads,
                Progress = progress,
                ProgressIntervalS = progress?.ReportIntervalS ?? 1.0,
                Cancellation = stop.Token,
                LoadStatePath = request.LoadState,
                SaveStatePath = request.SaveState,
            }).Spiking!;
        }
        catch (OperationCanceledException) when (watch.Exceeded)
        {
            throw watch.Error();
        }
        finally
        {
            progress?.Finish();
        }
        watch.Poll();
        if (watch.Exceeded) throw watch.Error();
        folder.Commit(supersedes: [.. RunFolder.FileNames, PlotCommand.FiguresFolder]);
        context.Out.WriteLine(ResultLine(spec, network, result, result.SpikesPerPopulation, request.OutDir));
        if (request.Plot) return PlotAfterRun(context, request, spec);
        return ExitCodes.Success;
    }

    /// <summary>Checks the figure options before the run (a bad --from fails at once, not after the simulation); always null.</summary>
    private static int? CheckPlotOptions(PlotSelectionOptions shape, ParseResult parse)
    {
        shape.Read(parse, null);
        return null;
    }

    /// <summary>
    /// Checks --populations, --neurons and the window of --plot against the model before the run, so that a figure
    /// the run cannot have fails at once (the window only for a spiking run from t = 0: a loaded state starts later).
    /// </summary>
    private static void CheckPlotSelection(RunRequest request, ModelSpec spec)
    {
        var selection = (request.PlotOptions?.Invoke(spec) ?? new Plotting.PlotOptions()).Selection;
        bool fromZero = request.LoadState is null && !ArtificialRun.Wanted(spec, request.Mode, request.Activation);
        selection.Check([.. spec.Populations.Select(p => (p.Name, p.Size))], fromZero ? 0 : null, fromZero ? spec.DurationMs : null,
                        $"the model {request.ModelPath}");
    }

    private static int PlotAfterRun(CliContext context, RunRequest request, ModelSpec spec) =>
        PlotCommand.Execute(context, request.OutDir, null, request.PlotOptions?.Invoke(spec) ?? new Plotting.PlotOptions { Model = spec });

    private static string FormatSeconds(double s) =>
        s.ToString(s >= 10 ? "0" : s >= 1 ? "0.0" : "0.0##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The final line, e.g. <c>brunel2000: 1000 ms in 3.2 s, 12,500 neurons, 467,891 spikes (37.4 Hz exc, 37.5 Hz inh) -&gt; runs/brunel2000</c>.
    /// </summary>
    public static string ResultLine(ModelSpec spec, Network network, SimulationResult result, IReadOnlyList<long> spikesPerPopulation, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        double durationS = result.SimulatedMs / 1000.0;
        var rates = new List<string>();
        long total = 0;
        for (int p = 0; p < network.Populations.Count && p < spikesPerPopulation.Count; p++)
        {
            var range = network.Populations[p];
            long n = spikesPerPopulation[p];
            total += n;
            double rate = durationS > 0 && range.Size > 0 ? n / (range.Size * durationS) : 0;
            rates.Add(string.Create(inv, $"{rate:0.0} Hz {range.Name}"));
        }
        return string.Create(inv,
            $"{spec.Name}: {result.SimulatedMs:0.###} ms in {FormatSeconds(result.WallS)} s, {network.NeuronCount:N0} neurons, {total:N0} spikes ({string.Join(", ", rates)}) -> {outDir}");
    }
}
