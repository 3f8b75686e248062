using System.CommandLine;
using System.Globalization;
using SpikeSim.Analysis;
using SpikeSim.Modeling;
using SpikeSim.Sweeps;
using SpikeSim.Units;

namespace SpikeSim.Cli.Commands;

/// <summary>What <c>spikesim sweep</c> was asked to do.</summary>
/// <param name="Source">A model file or a sweep file.</param>
/// <param name="Params">The <c>--param PATH=VALUES</c> options, in order.</param>
/// <param name="Sets">The <c>--set</c> options.</param>
/// <param name="Samples">Random samples, or null for the sweep file's (0 without one).</param>
/// <param name="Repeats">Runs per point, or null for the sweep file's (1 without one).</param>
/// <param name="Seed">The sweep seed, or null for the sweep file's (1 without one).</param>
/// <param name="Warmup">Metric warm-up time with a unit, or null.</param>
/// <param name="Metrics">Metric names, or null for the sweep file's (all without one).</param>
/// <param name="Threads">Workers; 0 for every core.</param>
/// <param name="Shard">"I/N", or null.</param>
/// <param name="OutDir">The sweep folder (not needed with <paramref name="Point"/>).</param>
/// <param name="Point">Run only this point and print its rows, or null.</param>
/// <param name="Quiet">True to show no progress.</param>
public sealed record SweepRequest(string Source, IReadOnlyList<string> Params, IReadOnlyList<string> Sets, int? Samples, int? Repeats,
    ulong? Seed, string? Warmup, IReadOnlyList<string>? Metrics, int Threads, string? Shard, string? OutDir, long? Point, bool Quiet);

/// <summary>
/// <c>spikesim sweep MODEL|SWEEPFILE [--param PATH=VALUES]... [--repeats N] [--seed S] [--threads N] [--shard I/N] --out DIR</c>
/// and <c>spikesim sweep merge DIR... --out DIR</c>.
/// </summary>
public static class SweepCommand
{
    /// <summary>Creates the command with its <c>merge</c> subcommand.</summary>
    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("MODEL|SWEEPFILE")
        {
            Description = "A model file, or a sweep file (JSON with \"model\", \"params\", ...; see models/sweeps/). Not with --resume.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var resume = new Option<string?>("--resume") { Description = "Continue the sweep of this sweep folder, as its sweep.json defines it (runs already done are kept).", HelpName = "DIR" };
        var param = new Option<string[]>("--param", "-p")
        {
            Description = "A swept field, PATH=VALUES with PATH as in run --set (join paths with + to give them one value): " +
                          "a grid 'START..END:COUNT' ('populations.exc.neuron.tau_m=10 ms..30 ms:5'), a list '[A,B,...]' " +
                          "('inputs.0.rate=[10 Hz,20 Hz,40 Hz]') or 'uniform(LOW,HIGH)' / 'loguniform(LOW,HIGH)' with --samples. Repeatable.",
            HelpName = "PATH=VALUES",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var set = CommonOptions.SetOption();
        var samples = new Option<int?>("--samples") { Description = "Random samples of the uniform/loguniform parameters (per grid/list combination).", HelpName = "N" };
        var repeats = new Option<int?>("--repeats", "-r") { Description = "Runs per point, each with its own derived seed (default 1).", HelpName = "N" };
        var seed = new Option<ulong?>("--seed") { Description = "The sweep seed; each run's model seed is derived from it and the point's values (default 1).", HelpName = "S" };
        var warmup = new Option<string?>("--warmup") { Description = "Ignore spikes before this time in the metrics, e.g. \"100 ms\" (default 0 ms).", HelpName = "QUANTITY" };
        var metrics = new Option<string?>("--metrics") { Description = $"Comma-separated metrics (default {string.Join(",", RunMetrics.Names)}; also: weights, per projection synapse count, weight mean and sd at the end of the run).", HelpName = "NAMES" };
        var threads = new Option<int>("--threads", "-t") { Description = "Runs at once (workers), each single-threaded; 0 uses every core. Results are identical whatever the number.", HelpName = "N", DefaultValueFactory = _ => 0 };
        var shard = new Option<string?>("--shard") { Description = "Run only the points whose index % N == I (0-based), into their own --out; join shards with 'spikesim sweep merge'.", HelpName = "I/N" };
        var output = new Option<string?>("--out", "-o") { Description = "The sweep folder: sweep.json, journal.csv, results.csv. Rerunning into it resumes.", HelpName = "DIR" };
        var point = new Option<long?>("--point") { Description = "Run only point K (0-based; all its repeats) and print its rows to stdout; nothing is written.", HelpName = "K" };
        var quiet = CommonOptions.QuietOption();

        var command = new Command("sweep",
            "Run a model over a grid, a list or random samples of parameter values, in parallel, and write one row per run to DIR/results.csv\n" +
            "(parameter values, repeat, seed, then metrics METRIC.POPULATION: rate_hz, cv_isi, fano, chi, events). An interrupted sweep resumes\n" +
            "when rerun with the same --out.\n\n" +
            "Examples:\n" +
            "  spikesim sweep models/brunel2000.json --param 'populations.exc.neuron.tau_m=10 ms..30 ms:5' --param 'inputs.0.rate=[10 kHz,20 kHz]' --repeats 3 --out runs/tau\n" +
            "  spikesim sweep models/sweeps/brunel-phase.json --out runs/phase\n" +
            "  spikesim sweep --resume runs/phase   (continue an interrupted sweep from runs/phase/sweep.json)\n" +
            "  spikesim sweep models/sweeps/brunel-phase.json --shard 0/4 --out runs/phase-0   (then: spikesim sweep merge runs/phase-* --out runs/phase)")
        {
            source, param, set, samples, repeats, seed, warmup, metrics, threads, shard, output, point, quiet, resume, CommandRecord.ReportOption(),
        };
        command.Subcommands.Add(MergeCommand(context));
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            var request = new SweepRequest(
            parse.GetValue(source) ?? "",
            parse.GetValue(param) ?? [],
            parse.GetValue(set) ?? [],
            parse.GetValue(samples),
            parse.GetValue(repeats),
            parse.GetValue(seed),
            parse.GetValue(warmup),
            parse.GetValue(metrics) is string m ? m.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
            parse.GetValue(threads),
            parse.GetValue(shard),
            parse.GetValue(output),
            parse.GetValue(point),
            parse.GetValue(quiet));
            return Execute(context, parse.GetValue(resume) is string folder ? SweepResume.Request(folder, request) : request);
        }));
        return command;
    }

    /// <summary>Builds the sweep spec of a request: the sweep file's (if the source is one) with the options on top.</summary>
    public static SweepSpec BuildSpec(SweepRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Source)) throw new CliUsageException("no model or sweep file given (or --resume DIR to continue a sweep)");
        if (Directory.Exists(request.Source)) throw new CliUsageException($"{request.Source}: is a directory, expected a model or sweep file");
        if (!File.Exists(request.Source)) throw new CliUsageException($"{request.Source}: file not found");
        SweepSpec spec = SweepFile.IsSweepFile(File.ReadAllText(request.Source))
            ? SweepFile.Read(request.Source).Spec
            : new SweepSpec(request.Source, [], [], 0, 1, 1, RunMetrics.Names, new MetricSettings());
        var parameters = new List<SweepParameter>(spec.Parameters);
        foreach (string p in request.Params) parameters.Add(SweepParameter.Parse(p));
        var settings = spec.Metrics;
        if (request.Warmup is string w)
        {
            if (!Quantity.TryParse(w, Dimension.Time, out double ms, out string? problem) || ms < 0)
                throw new CliUsageException($"--warmup: {problem ?? "expected a time of at least 0 ms"}");
            settings = settings with { WarmupMs = ms };
        }
        if (request.Samples is < 1) throw new CliUsageException($"--samples must be at least 1, got {request.Samples}");
        if (request.Repeats is < 1) throw new CliUsageException($"--repeats must be at least 1, got {request.Repeats}");
        spec = spec with
        {
            Sets = [.. spec.Sets, .. request.Sets],
            Parameters = parameters,
            Samples = request.Samples ?? spec.Samples,
            Repeats = request.Repeats ?? spec.Repeats,
            Seed = request.Seed ?? spec.Seed,
            MetricNames = request.Metrics ?? spec.MetricNames,
            Metrics = settings,
        };
        SweepFile.Validate(spec, request.Source);
        return spec;
    }

    /// <summary>Runs the request (see the command's help). Exceptions propagate to <see cref="CliErrors"/>.</summary>
    public static int Execute(CliContext context, SweepRequest request)
    {
        if (request.Threads < 0) throw new CliUsageException($"--threads must be 0 (every core) or a positive number, got {request.Threads}");
        Shard? shard = null;
        if (request.Shard is string shardText)
            shard = Shard.TryParse(shardText, out var s) ? s : throw new CliUsageException($"--shard expects I/N with 0 <= I < N, e.g. 0/4, got '{shardText}'");
        var spec = BuildSpec(request);
        if (request.Point is long k)
        {
            if (shard is not null) throw new CliUsageException("--point runs one point; leave out --shard");
            var single = SweepPlan.Create(spec, checkPoint: ResourceGuard.Budgets(null, null, null).Check);
            if (k < 0 || k >= spec.PointCount) throw new CliUsageException($"--point {k}: the sweep has points 0..{spec.PointCount - 1}");
            context.Out.WriteLine(string.Join(",", single.Header));
            for (int r = 0; r < spec.Repeats; r++)
            {
                context.Out.WriteLine(single.Run(k, r, context.Cancellation).ToCsv());
                if (!request.Quiet)
                    context.Error.WriteLine("spikesim: the same run with its run folder: spikesim run " + spec.ModelPath + " " +
                        string.Join(" ", single.RunOverrides(k, r).Select(o => "--set '" + o + "'")) + " --out DIR");
            }
            return ExitCodes.Success;
        }
        if (request.OutDir is not string outDir) throw new CliUsageException("--out DIR is required (or --point K to run one point)");
        OutputFolder.Validate(outDir);
        var plan = SetupStep.Run(context, request.Quiet, string.Create(CultureInfo.InvariantCulture, $"checking the {spec.PointCount:N0} points of the sweep against the model"),
                                 () => SweepPlan.Create(spec, shard, context.Cancellation, ResourceGuard.Budgets(outDir, null, null).Check));
        long runs = plan.Points().LongCount() * spec.Repeats;
        var progress = request.Quiet ? null : new SweepProgressReporter(context.Error, context.ErrorIsTerminal);
        var options = new SweepRunOptions { Workers = request.Threads, Progress = progress, Cancellation = context.Cancellation };
        if (!request.Quiet)
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"spikesim: sweep of {spec.PointCount} points x {spec.Repeats} repeats{(shard is Shard sh ? $", shard {sh} ({runs} runs)" : "")} on {Math.Min(options.EffectiveWorkers, Math.Max(1, runs))} workers -> {outDir}"));
        SweepOutcome outcome;
        try
        {
            outcome = SweepRunner.Run(plan, outDir, options);
        }
        catch (OperationCanceledException e)
        {
            progress?.Finish();
            // The runner counts what it kept; the progress display may lag behind (or be off with --quiet).
            long done = e is SweepCancelledException stopped ? stopped.Kept : progress?.Last.Done ?? 0;
            context.Error.WriteLine(CliErrors.Prefix + $"stopped by the user; {done} of {runs} runs are kept in {outDir}; rerun the same command to resume");
            return ExitCodes.Cancelled;
        }
        finally
        {
            progress?.Finish();
        }
        string resumed = outcome.Resumed > 0 ? $", {outcome.Resumed} resumed" : "";
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep: {outcome.Total} runs ({outcome.Ran} simulated{resumed}) in {outcome.WallS:0.0} s -> {Path.Combine(outDir, SweepFolder.ResultsFile)}"));
        return ExitCodes.Success;
    }

    private static Command MergeCommand(CliContext context)
    {
        var folders = new Argument<string[]>("DIR") { Description = "The shard folders (each written with --shard I/N).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The merged sweep folder.", HelpName = "DIR", Required = true };
        var command = new Command("merge",
            "Join the folders of a sharded sweep into one sweep folder whose results.csv equals an unsharded run's.\n\n" +
            "Example:\n  spikesim sweep merge runs/phase-0 runs/phase-1 runs/phase-2 runs/phase-3 --out runs/phase")
        {
            folders, output,
        };
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string outDir = parse.GetValue(output)!;
            OutputFolder.Validate(outDir);
            var outcome = SweepMerge.Merge(parse.GetValue(folders)!, outDir);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep merge: {outcome.Shards} shards, {outcome.Rows} runs -> {Path.Combine(outDir, SweepFolder.ResultsFile)}"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
