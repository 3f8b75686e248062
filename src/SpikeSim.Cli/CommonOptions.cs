using System.CommandLine;
using SpikeSim.Modeling;

namespace SpikeSim.Cli;

/// <summary>Arguments and options shared by several commands, and the model loading they imply.</summary>
public static class CommonOptions
{
    /// <summary>The model file argument, <c>MODEL</c>.</summary>
    public static Argument<string> ModelArgument() => new("MODEL")
    {
        Description = "The model file (JSON), e.g. models/brunel2000.json.",
    };

    /// <summary><c>--quiet</c> / <c>-q</c>: no progress on stderr (of <c>run</c>, <c>sweep</c> and <c>compare</c>).</summary>
    public static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "Show no progress on stderr." };

    /// <summary>The repeatable <c>--set path=value</c> override option.</summary>
    public static Option<string[]> SetOption()
    {
        var option = new Option<string[]>("--set")
        {
            Description = "Override a model field before validation, as path=value with units where the field has one, " +
                          "e.g. --set populations.exc.size=800 --set \"projections.exc-inh.delay=2 ms\" --set inputs.0.rate=\"10 Hz\" " +
                          "(array elements by name or 0-based index). Repeatable; later ones win.",
            HelpName = "path=value",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (string s in result.GetValueOrDefault<string[]>() ?? [])
            {
                int eq = s.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || string.IsNullOrWhiteSpace(s[..eq]))
                    result.AddError($"--set expects path=value (e.g. --set seed=3), got '{s}'");
            }
        });
        return option;
    }

    /// <summary>
    /// Reads and validates the model with its overrides. Throws <see cref="CliUsageException"/> when the file is
    /// missing and <see cref="ModelException"/> when it is invalid.
    /// </summary>
    public static ModelSpec ReadModel(string path, IReadOnlyList<string> overrides)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliUsageException("no model file given");
        if (System.IO.Directory.Exists(path)) throw new CliUsageException($"{path}: is a directory, expected a model file");
        if (!File.Exists(path)) throw new CliUsageException($"{path}: model file not found");
        // A NIR graph (.nir) is imported on the fly (see SpikeSim.Nir.NirModelSource), its inputs from GRAPH.inputs.json.
        if (Nir.NirModelSource.IsNir(path)) return Nir.NirModelSource.ReadModel(path, overrides, Console.Error);
        return ModelReader.ReadFile(path, overrides);
    }

    /// <summary>Total number of neurons of a model.</summary>
    public static long NeuronCount(ModelSpec spec)
    {
        long n = 0;
        foreach (var p in spec.Populations) n += p.Size;
        return n;
    }
}
