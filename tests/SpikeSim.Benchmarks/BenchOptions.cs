using System.Globalization;

namespace SpikeSim.Benchmarks;

/// <summary>A bad command line.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The benchmark's command line.</summary>
public sealed record BenchOptions
{
    /// <summary>Models to run: names under models/ (without .json) or paths to model files.</summary>
    public IReadOnlyList<string> Models { get; init; } = ["brunel2000", "cuba", "benchmark4", "coba"];

    /// <summary>Biological time per run, ms.</summary>
    public double DurationMs { get; init; } = 1000.0;

    /// <summary>SpikeSim threads for the main column; 0 = every core.</summary>
    public int Threads { get; init; }

    /// <summary>Runs per model and side; the report shows medians.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Skip Brian2.</summary>
    public bool NoPeer { get; init; }

    /// <summary>Skip the extra single-threaded SpikeSim run.</summary>
    public bool NoSingleThread { get; init; }

    /// <summary>Where to write every sample and the medians as JSON, or null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Extra model overrides passed to ModelReader (same syntax as the CLI's --set).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The Python that can import Brian2 (Debian's).</summary>
    public string Python { get; init; } = Environment.GetEnvironmentVariable("SPIKESIM_PYTHON") ?? "/usr/bin/python3";

    /// <summary>
    /// The program to run as the SpikeSim child (e.g. a native AOT publish of this project, see README), or null for
    /// this executable itself.
    /// </summary>
    public string? ChildExe { get; init; }

    /// <summary>Print usage and stop.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>The model of a <see cref="Models"/> entry: "song2000-stdp@100s" names song2000-stdp.</summary>
    public static string ModelOf(string entry) => entry.Split('@')[0];

    /// <summary>Biological time of a <see cref="Models"/> entry, ms: its own ("NAME@100s") or <see cref="DurationMs"/>.</summary>
    public double DurationOf(string entry)
    {
        int at = entry.IndexOf('@');
        return at < 0 ? DurationMs : ParseDurationMs(entry[(at + 1)..]);
    }

    /// <summary>The thread count SpikeSim will actually use for the main column.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/SpikeSim.Benchmarks -- [options]
          --models a,b,c     models under models/ (or .json paths); NAME@T gives one its own duration,
                             e.g. brunel2000,song2000-stdp@100s     [brunel2000,cuba,benchmark4,coba]
          --duration T       biological time per run, e.g. 1s, 500ms  [1s]
          --threads N        SpikeSim threads (0 = all cores)          [0]
          --repeats R        runs per model and side; medians shown    [3]
          --no-peer          do not run Brian2
          --no-single-thread skip the extra SpikeSim --threads 1 run
          --json FILE        write all samples and medians as JSON
          --set key=value    model override passed to ModelReader (repeatable)
          --python PATH      interpreter with Brian2 ($SPIKESIM_PYTHON)  [/usr/bin/python3]
          --child-exe PATH   run the SpikeSim side with this program (a native build of
                             this benchmark, see README)                [this executable]
        env: SPIKESIM_PEER_DIR (Brian2 peer scripts, default <repo>/../shared/peer),
             BRIAN2_PEER_CACHE (Brian2 build cache, default tests/SpikeSim.Benchmarks/peer-cache)
        """;

    /// <summary>Parses the command line.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        var overrides = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new UsageException($"{a} needs a value");
                return args[++i];
            }
            switch (a)
            {
                case "--models":
                    string[] models = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (models.Length == 0) throw new UsageException("--models: no model given");
                    foreach (string m in models) if (m.Contains('@')) ParseDurationMs(m[(m.IndexOf('@') + 1)..]);
                    o = o with { Models = models };
                    break;
                case "--duration": o = o with { DurationMs = ParseDurationMs(Value()) }; break;
                case "--threads": o = o with { Threads = ParseInt(a, Value(), 0) }; break;
                case "--repeats": o = o with { Repeats = ParseInt(a, Value(), 1) }; break;
                case "--no-peer": o = o with { NoPeer = true }; break;
                case "--no-single-thread": o = o with { NoSingleThread = true }; break;
                case "--json": o = o with { JsonPath = Value() }; break;
                case "--set": overrides.Add(Value()); break;
                case "--python": o = o with { Python = Value() }; break;
                case "--child-exe": o = o with { ChildExe = Value() }; break;
                case "-h" or "--help": o = o with { ShowHelp = true }; break;
                default: throw new UsageException($"unknown argument '{a}'");
            }
        }
        return o with { Overrides = overrides };
    }

    /// <summary>Parses a positive time with its unit ("1 s", "500ms") into ms, as model files and the CLI do.</summary>
    public static double ParseDurationMs(string text)
    {
        if (!SpikeSim.Units.Quantity.TryParse(text, SpikeSim.Units.Dimension.Time, out double ms, out string? problem) || !(ms > 0))
            throw new UsageException($"--duration: expected a positive time such as \"1 s\" or \"500 ms\", got '{text}'{(problem is null ? "" : $" ({problem})")}");
        return ms;
    }

    private static int ParseInt(string name, string text, int min)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
            throw new UsageException($"{name}: expected an integer >= {min}, got '{text}'");
        return v;
    }
}
