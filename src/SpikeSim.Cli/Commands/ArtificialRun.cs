using System.CommandLine;
using System.Globalization;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Runs;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// The artificial mode of <c>spikesim run</c> (and of <c>spikesim compare</c>): the <c>--mode</c> and
/// <c>--activation</c> options and the run that writes activations.csv and summary.json.
/// </summary>
public static class ArtificialRun
{
    /// <summary><c>--mode spiking|artificial</c>.</summary>
    public static Option<string?> ModeOption()
    {
        var option = new Option<string?>("--mode", "-m")
        {
            Description = "spiking (the event-driven engine) or artificial (real-valued neurons, synchronous updates). " +
                          "Default: artificial when the model has artificial neurons or --activation is given, else spiking.",
            HelpName = "spiking|artificial",
        };
        option.AcceptOnlyFromAmong("spiking", "artificial");
        return option;
    }

    /// <summary><c>--activation NAME</c>.</summary>
    public static Option<string?> ActivationOption()
    {
        var option = new Option<string?>("--activation")
        {
            Description = "In the artificial mode, what lif neurons become: lif_rate (default: the LIF's own rate curve), " +
                          "step, sigmoid, tanh, relu or linear (gain 1, bias 0). Implies --mode artificial.",
            HelpName = "NAME",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string name && (NeuronTypes.Parse(name) is null || name == "lif"))
                result.AddError($"--activation: unknown activation '{name}'{SuggestionsText(name)}");
        });
        return option;
    }

    private static string SuggestionsText(string name)
    {
        string known = string.Join(", ", NeuronTypes.Names);
        return $" (known: {known})";
    }

    /// <summary>Whether the run is artificial: asked for, implied by --activation, or by the model's own neurons.</summary>
    public static bool Wanted(ModelSpec spec, string? mode, string? activation)
    {
        if (mode == "spiking")
        {
            if (activation is not null) throw new CliUsageException("--activation applies to the artificial mode; leave it out or use --mode artificial");
            return false;
        }
        if (mode == "artificial" || activation is not null) return true;
        foreach (PopulationSpec p in spec.Populations) if (p.IsArtificial) return true;
        foreach (InputSpec i in spec.Inputs) if (i is ValuesInput) return true;
        return false;
    }

    /// <summary>Parses <c>--activation</c> (null: lif_rate).</summary>
    public static NeuronModel Substitute(string? activation)
    {
        if (activation is null) return NeuronModel.LifRate;
        if (NeuronTypes.Parse(activation) is NeuronModel m && m != NeuronModel.Lif) return m;
        throw new CliUsageException($"--activation: unknown activation '{activation}'{SuggestionsText(activation)}");
    }

    /// <summary>Runs the model in the artificial mode into <paramref name="outDir"/>; prints the result line.</summary>
    public static int Execute(CliContext context, ModelSpec spec, string outDir, string? activation,
                              IReadOnlyDictionary<string, (double Gain, double Bias)>? gainBias = null)
    {
        var result = RunInto(context, spec, outDir, activation, out Network network, gainBias);
        var inv = CultureInfo.InvariantCulture;
        context.Out.WriteLine(string.Create(inv,
            $"{spec.Name} (artificial, {(result.Recurrent ? $"{result.Steps} steps of {result.StepMs:0.###} ms" : result.Steps > 1 ? $"feedforward, {result.Steps} presentations" : "feedforward")}): {network.NeuronCount:N0} neurons, {result.Macs:N0} MACs in {result.WallS:0.0##} s -> {outDir}"));
        return ExitCodes.Success;
    }

    /// <summary>Builds the network, runs it artificially and commits the run folder.</summary>
    public static ArtificialResult RunInto(CliContext context, ModelSpec spec, string outDir, string? activation, out Network network,
                                           IReadOnlyDictionary<string, (double Gain, double Bias)>? gainBias = null)
    {
        var options = new RunOptions { Mode = RunMode.Artificial, LifSubstitute = Substitute(activation), SubstituteGainBias = gainBias, Cancellation = context.Cancellation };
        network = Network.Build(spec);
        using var folder = OutputFolder.Create(outDir);
        ArtificialResult result = RunFolder.Run(network, folder.TempPath, options).Artificial!;
        folder.Commit(supersedes: [.. RunFolder.FileNames, PlotCommand.FiguresFolder]);
        return result;
    }
}
