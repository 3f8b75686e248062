using System.CommandLine;
using System.CommandLine.Invocation;
using SpikeSim.Cli.Commands;

namespace SpikeSim.Cli;

/// <summary>
/// The <c>spikesim</c> command line, callable in-process (tests call <see cref="Run(string[], TextWriter, TextWriter)"/>).
/// To add a command, write a <c>Commands/XCommand.cs</c> with a <c>Create(CliContext)</c> factory and list it in
/// <see cref="CommandFactories"/>; wrap its action body in <see cref="CliErrors.Execute"/>.
/// </summary>
public static class SpikeSimCli
{
    /// <summary>Factories of the subcommands, in help order.</summary>
    public static IReadOnlyList<Func<CliContext, Command>> CommandFactories { get; } =
    [
        RunCommand.Create,
        ValidateCommand.Create,
        SweepCommand.Create,
        PlotCommand.Create,
        CompareCommand.Create,
        ExperimentCommand.Create,
        SchemaCommand.Create,
        NirCommand.Create,
    ];

    /// <summary>Runs <c>spikesim</c> with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CliContext(stdout, stderr));

    /// <summary>Runs <c>spikesim</c> with <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = BuildRootCommand(context);
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
                context.Error.WriteLine(CliErrors.Prefix + error.Message);
            string commandPath = string.Join(' ', CommandPath(parse.CommandResult.Command, root));
            context.Error.WriteLine($"Run '{commandPath} --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            // Commands report their own errors; this catches failures of the parser's own actions.
            return CliErrors.Report(context.Error, e);
        }
    }

    /// <summary>The root command with every subcommand, help (-h, --help) and --version.</summary>
    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "SpikeSim: an event-driven spiking neural network simulator.\n\n" +
            "Example:\n  spikesim validate models/brunel2000.json\n  spikesim run models/brunel2000.json --out runs/brunel2000");
        foreach (var factory in CommandFactories) root.Subcommands.Add(factory(context));
        return root;
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        var names = new List<string>();
        // RootCommand's name is the executable's; always say "spikesim".
        for (Command? c = command; c is not null && c != root; c = FindParent(root, c)) names.Insert(0, c.Name);
        names.Insert(0, "spikesim");
        return names;
    }

    private static Command? FindParent(Command from, Command target)
    {
        foreach (var sub in from.Subcommands)
        {
            if (sub == target) return from;
            if (FindParent(sub, target) is Command found) return found;
        }
        return null;
    }
}
