using System.CommandLine;

namespace SpikeSim.Cli.Commands;

/// <summary><c>spikesim validate MODEL [--set path=value]...</c>: reads and checks a model without building it.</summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.ModelArgument();
        var set = CommonOptions.SetOption();
        var maxMemory = ResourceGuard.MaxMemoryOption();
        var maxOutput = ResourceGuard.MaxOutputOption();
        var command = new Command("validate",
            "Check a model file (syntax, units, references, values, and what it would hold and write: see --max-memory,\n" +
            "--max-output) without simulating it.\n" +
            "Prints 'MODEL: ok (...)' and exits 0, or one error naming the file, JSON path and line and exits 2.\n\n" +
            "Example:\n  spikesim validate models/brunel2000.json --set populations.exc.size=800")
        {
            model,
            set,
            maxMemory,
            maxOutput,
        };
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string path = parse.GetValue(model)!;
            var spec = CommonOptions.ReadModel(path, parse.GetValue(set) ?? []);
            // What run would refuse before simulating (output budget: the free space of the current folder).
            ResourceGuard.Check(spec, null, parse.GetValue(maxMemory), parse.GetValue(maxOutput));
            context.Out.WriteLine(
                $"{path}: ok ({Plural(spec.Populations.Count, "population")}, {Plural(CommonOptions.NeuronCount(spec), "neuron")}, " +
                $"{Plural(spec.Projections.Count, "projection")}, {Plural(spec.Inputs.Count, "input")})");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Plural(long n, string noun) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");
}
