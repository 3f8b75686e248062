using System.CommandLine;
using SpikeSim.Modeling;

namespace SpikeSim.Cli.Commands;

/// <summary><c>spikesim schema [--out FILE]</c>: writes the model files' JSON schema, its neuron part generated from the model registry.</summary>
public static class SchemaCommand
{
    /// <summary>The file the schema is written to by default (relative to the working directory).</summary>
    public const string DefaultPath = "models/spikesim.schema.json";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "The file to write ('-' for standard output).",
            DefaultValueFactory = _ => DefaultPath,
        };
        var command = new Command("schema",
            "Write the JSON schema of model files (editor completion and checks), with every neuron model, psc and parameter " +
            "generated from the registry of neuron models.\n\n" +
            "Example:\n  spikesim schema --out models/spikesim.schema.json")
        {
            output,
        };
        command.SetAction(parse => CliErrors.Execute(context, () =>
        {
            string path = parse.GetValue(output) ?? DefaultPath;
            string schema = ModelSchema.Generate();
            if (path == "-")
            {
                context.Out.Write(schema);
                return ExitCodes.Success;
            }
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && !Directory.Exists(folder))
                throw new CliUsageException($"the folder of --out does not exist: {folder}");
            File.WriteAllText(path, schema);
            context.Out.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
