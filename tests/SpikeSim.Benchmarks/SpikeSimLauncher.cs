using System.Reflection;
using System.Text.Json;

namespace SpikeSim.Benchmarks;

/// <summary>Runs one SpikeSim simulation in a child process (this executable with --child).</summary>
public static class SpikeSimLauncher
{
    /// <summary>
    /// Runs the model in <paramref name="childExe"/> (a build of this project), or in this executable when null;
    /// returns the sample or an error message.
    /// </summary>
    public static (SpikeSimSample? Sample, string? Error) Run(string modelPath, double durationMs, int threads, IReadOnlyList<string> overrides,
                                                             string? childExe = null)
    {
        string exe = childExe ?? Environment.ProcessPath ?? "dotnet";
        var args = new List<string>();
        // Under "dotnet SpikeSim.Benchmarks.dll" the process is the dotnet host: pass the assembly again.
        if (childExe is null && Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            args.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly"));
        args.AddRange(ChildBenchmark.Arguments(modelPath, durationMs, threads, overrides));

        ProcessOutcome o = ProcessRunner.Run(exe, args);
        string? json = o.Line(ChildBenchmark.ResultPrefix);
        if (o.ExitCode == 0 && json is not null)
        {
            try
            {
                return (JsonSerializer.Deserialize(json, ChildJson.Default.SpikeSimSample), null);
            }
            catch (JsonException e)
            {
                return (null, "unreadable child output: " + e.Message);
            }
        }
        string error = ProcessOutcome.FindLine(o.Stderr, ChildBenchmark.ErrorPrefix) ?? o.StderrTail();
        return (null, $"child exited with {o.ExitCode}: {error}");
    }
}
