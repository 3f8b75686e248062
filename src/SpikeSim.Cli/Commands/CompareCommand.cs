using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpikeSim.Analysis;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Recording;
using SpikeSim.Runs;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim compare MODEL --out DIR</c>: runs a spiking model in both modes and writes DIR/spiking/ (a spiking
/// run folder), DIR/artificial/ (an artificial run folder), DIR/compare.csv (<c>population,neuron,rate_hz,value</c>:
/// each neuron's measured spiking rate beside its artificial value) and DIR/compare.json (Pearson's r over all
/// neurons, and per population with the mean spiking rate and mean value). The correlation is printed on stdout; it is
/// undefined when either side is constant, e.g. identical neurons with identical in-degrees: stdout then says
/// "Pearson r undefined (every neuron has ...)" and compare.json has <c>"pearson_r": null</c> with that reason in
/// <c>"pearson_r_undefined"</c>.
/// </summary>
public static class CompareCommand
{
    /// <summary>What <c>compare</c> adds to a run request: the warm-up left out of the rates and whether to plot.</summary>
    /// <param name="Warmup">The warm-up as a quantity, or null for none.</param>
    /// <param name="Plot">True to write DIR/figures.</param>
    public sealed record Extras(string? Warmup, bool Plot);

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelArgument();
        var output = new Option<string>("--out", "-o") { Description = "The comparison folder (created if missing).", HelpName = "DIR", Required = true };
        var seed = new Option<ulong?>("--seed") { Description = "Master seed; overrides the model's.", HelpName = "N" };
        var duration = new Option<string?>("--duration", "-d") { Description = "Biological time to simulate, e.g. \"2 s\"; overrides the model's.", HelpName = "QUANTITY" };
        var set = CommonOptions.SetOption();
        var activation = ArtificialRun.ActivationOption();
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads of the spiking run; 0 uses every core.", HelpName = "N" };
        var warmup = ComparisonOptions.Warmup();
        var plot = ComparisonOptions.Plot();
        var quiet = CommonOptions.QuietOption();
        var command = new Command("compare",
            "Run a spiking model in both modes and compare them neuron by neuron: DIR/spiking/, DIR/artificial/, DIR/compare.csv " +
            "(population,neuron,rate_hz,value) and DIR/compare.json with Pearson's r.\n\n" +
            "Example:\n  spikesim compare models/brunel2000.json --out runs/brunel-compare --duration \"500 ms\"")
        { model, output, seed, duration, set, activation, threads, warmup, plot, quiet };
        command.SetAction(parse => CliErrors.Execute(context, () => Execute(context,
            new RunRequest(parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(threads),
                           parse.GetValue(duration), parse.GetValue(set) ?? [], parse.GetValue(quiet), "artificial", parse.GetValue(activation)),
            new Extras(parse.GetValue(warmup), parse.GetValue(plot)))));
        return command;
    }

    /// <summary>Runs both modes and writes the comparison; returns the exit code.</summary>
    public static int Execute(CliContext context, RunRequest request, Extras? extras = null)
    {
        if (request.Threads < 0) throw new CliUsageException($"--threads must be 0 or positive, got {request.Threads}");
        var spec = CommonOptions.ReadModel(request.ModelPath, request.AllOverrides());
        double warmupMs = ComparisonOptions.WarmupMs(extras?.Warmup, spec.DurationMs);
        NeuronModelCheck(spec, request.Activation);
        string root = OutputFolder.Validate(request.OutDir);
        ResourceGuard.Check(spec, root, null, null);
        var network = SetupStep.Run(context, request.Quiet, "building the network", () => Network.Build(spec));
        SpikingSupport.Check(spec);

        using var spikingFolder = OutputFolder.Create(Path.Combine(root, "spiking"));
        using var artificialFolder = OutputFolder.Create(Path.Combine(root, "artificial"));
        using var compareFolder = OutputFolder.Create(root);

        var counter = new SpikeCounter(network.NeuronCount, warmupMs);
        var progress = request.Quiet ? null : new ProgressReporter(context.Error, context.ErrorIsTerminal);
        try
        {
            RunFolder.Run(network, spikingFolder.TempPath, new RunOptions
            {
                Threads = request.Threads,
                Observers = [counter],
                Progress = progress,
                ProgressIntervalS = progress?.ReportIntervalS ?? 1.0,
                Cancellation = context.Cancellation,
            });
        }
        finally
        {
            progress?.Finish();
        }
        var artificialRun = RunFolder.Run(network, artificialFolder.TempPath, new RunOptions
        {
            Mode = RunMode.Artificial,
            LifSubstitute = ArtificialRun.Substitute(request.Activation),
            SubstituteGainBias = ActivationSettings.GainBias(request, spec),
            Cancellation = context.Cancellation,
        });
        ArtificialResult artificial = artificialRun.Artificial!;

        double seconds = (spec.DurationMs - warmupMs) / 1000.0;
        var rates = new double[network.NeuronCount];
        for (int n = 0; n < rates.Length; n++) rates[n] = counter.Counts[n] / seconds;
        double r = Correlation.Pearson(rates, artificial.Values);
        WriteComparison(compareFolder.TempPath, network, rates, artificial, r, warmupMs);

        spikingFolder.Commit(supersedes: RunFolder.FileNames);
        artificialFolder.Commit(supersedes: RunFolder.FileNames);
        compareFolder.Commit();
        string correlation = WhyUndefined(rates, artificial.Values, artificial.Types[0].Name) is string why
            ? $"Pearson r undefined ({why})"
            : string.Create(CultureInfo.InvariantCulture, $"Pearson r = {r:0.####}");
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name}: spiking rate vs {artificial.Types[0].Name} value over {network.NeuronCount:N0} neurons: {correlation} -> {request.OutDir}"));
        return extras?.Plot == true ? PlotCommand.Execute(context, request.OutDir, null, Plotting.Export.FigureFormats.Png) : ExitCodes.Success;
    }

    private static void NeuronModelCheck(Modeling.ModelSpec spec, string? activation)
    {
        ArtificialRun.Substitute(activation);
        SpikingSupport.Check(spec);
    }

    private static void WriteComparison(string dir, Network network, double[] rates, ArtificialResult artificial, double r, double warmupMs)
    {
        var inv = CultureInfo.InvariantCulture;
        using (var csv = new StreamWriter(Path.Combine(dir, RunFolderWriter.CompareFile)) { NewLine = "\n" })
        {
            csv.WriteLine("population,neuron,rate_hz,value");
            foreach (PopulationRange range in network.Populations)
                for (int i = 0; i < range.Size; i++)
                    csv.WriteLine(string.Create(inv, $"{range.Name},{i},{rates[range.Offset + i]:R},{artificial.Values[range.Offset + i]:R}"));
        }
        using var stream = File.Create(Path.Combine(dir, RunFolderWriter.CompareSummaryFile));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("model", network.Spec.Name);
        json.WriteNumber("neurons", network.NeuronCount);
        json.WriteNumber("warmup_ms", warmupMs);
        WriteCorrelation(json, r, rates, artificial.Values, artificial.Types[0].Name);
        if (artificial.Types.Any(t => t.Name == "lif_rate")) json.WriteString("note", ComparisonOptions.LifRateNote);
        json.WriteStartArray("populations");
        for (int p = 0; p < network.Populations.Count; p++)
        {
            PopulationRange range = network.Populations[p];
            json.WriteStartObject();
            json.WriteString("name", range.Name);
            json.WriteString("artificial_neuron", artificial.Types[p].Name);
            WriteCorrelation(json, Correlation.Pearson(rates.AsSpan(range.Offset, range.Size), artificial.Values.AsSpan(range.Offset, range.Size)),
                             rates.AsSpan(range.Offset, range.Size), artificial.Values.AsSpan(range.Offset, range.Size), artificial.Types[p].Name);
            double meanRate = 0, meanValue = 0;
            for (int i = 0; i < range.Size; i++) { meanRate += rates[range.Offset + i] / range.Size; meanValue += artificial.Values[range.Offset + i] / range.Size; }
            WriteR(json, "mean_rate_hz", meanRate);
            WriteR(json, "mean_value", meanValue);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>"pearson_r"</c>: r, or null with <c>"pearson_r_undefined"</c>, the sentence that says why
    /// (<see cref="WhyUndefined"/>).
    /// </summary>
    private static void WriteCorrelation(Utf8JsonWriter json, double r, ReadOnlySpan<double> rates, ReadOnlySpan<double> values, string artificialNeuron)
    {
        string? why = WhyUndefined(rates, values, artificialNeuron);
        WriteR(json, "pearson_r", why is null ? r : double.NaN);
        if (why is not null || !double.IsFinite(r)) json.WriteString("pearson_r_undefined", why ?? "a spiking rate or an artificial value is not a number");
    }

    /// <summary>
    /// Why Pearson's r of <paramref name="rates"/> (Hz) and <paramref name="values"/> is undefined, e.g. "every neuron
    /// has the same lif_rate value, 84.686: there is no variation to correlate", or null when it is defined.
    /// </summary>
    public static string? WhyUndefined(ReadOnlySpan<double> rates, ReadOnlySpan<double> values, string artificialNeuron)
    {
        var inv = CultureInfo.InvariantCulture;
        if (rates.Length < 2) return $"{(rates.Length == 0 ? "no neuron" : "a single neuron")}: a correlation needs at least two";
        bool sameRate = Correlation.IsConstant(rates), sameValue = Correlation.IsConstant(values);
        if (!sameRate && !sameValue) return null;
        string what = sameRate && sameValue
            ? string.Create(inv, $"the same spiking rate, {rates[0]:0.###} Hz, and the same {artificialNeuron} value, {values[0]:0.###}")
            : sameRate ? string.Create(inv, $"the same spiking rate, {rates[0]:0.###} Hz")
            : string.Create(inv, $"the same {artificialNeuron} value, {values[0]:0.###}");
        return $"every neuron has {what}: there is no variation to correlate";
    }

    private static void WriteR(Utf8JsonWriter json, string name, double r)
    {
        if (double.IsFinite(r)) json.WriteNumber(name, r);
        else json.WriteNull(name);
    }
}
