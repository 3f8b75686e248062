using System.Diagnostics;
using System.Text.Json;

namespace SpikeSim.Experiments;

/// <summary>Runs an experiment, times it and writes its <c>result.json</c> beside its own files.</summary>
public static class ExperimentRunner
{
    /// <summary>File name of the numbers of a run (claim, whether it holds, numbers, wall time).</summary>
    public const string ResultFile = "result.json";

    /// <summary>Runs <paramref name="experiment"/> in <paramref name="context"/>; returns its result with the wall time.</summary>
    public static ExperimentResult Run(IExperiment experiment, ExperimentContext context)
    {
        Directory.CreateDirectory(context.OutDir);
        var clock = Stopwatch.StartNew();
        ExperimentResult result = experiment.Run(context);
        result = result with { WallS = clock.Elapsed.TotalSeconds, Files = [.. result.Files, ResultFile] };
        using var stream = File.Create(Path.Combine(context.OutDir, ResultFile));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("experiment", result.Name);
        json.WriteString("claim", result.Claim);
        json.WriteBoolean("claim_holds", result.ClaimHolds);
        json.WriteBoolean("quick", context.Quick);
        json.WriteNumber("seed", context.Seed);
        json.WriteNumber("wall_s", result.WallS);
        json.WriteStartObject("numbers");
        foreach (var (key, value) in result.Numbers)
        {
            if (double.IsFinite(value)) json.WriteNumber(key, value);
            else json.WriteNull(key);
        }
        json.WriteEndObject();
        json.WriteEndObject();
        return result;
    }
}
