using SpikeSim.Sweeps;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>spikesim sweep --resume DIR</c>: continues the sweep of a sweep folder from its own <c>sweep.json</c> (whose
/// model path is relative to the folder), with its shard, into the same folder. Runs already in its journal are kept.
/// </summary>
public static class SweepResume
{
    /// <summary>The request that continues the sweep in <paramref name="folder"/>, keeping the threads and quietness of <paramref name="given"/>.</summary>
    /// <exception cref="CliUsageException">The folder is not a sweep folder, or <paramref name="given"/> also defines a sweep.</exception>
    public static SweepRequest Request(string folder, SweepRequest given)
    {
        if (given.Source.Length > 0)
            throw new CliUsageException($"--resume continues the sweep that {folder}/sweep.json defines; leave out the model or sweep file ({given.Source})");
        var conflicting = new List<string>();
        if (given.Params.Count > 0) conflicting.Add("--param");
        if (given.Sets.Count > 0) conflicting.Add("--set");
        if (given.Samples is not null) conflicting.Add("--samples");
        if (given.Repeats is not null) conflicting.Add("--repeats");
        if (given.Seed is not null) conflicting.Add("--seed");
        if (given.Warmup is not null) conflicting.Add("--warmup");
        if (given.Metrics is not null) conflicting.Add("--metrics");
        if (given.Shard is not null) conflicting.Add("--shard");
        if (given.OutDir is not null) conflicting.Add("--out");
        if (given.Point is not null) conflicting.Add("--point");
        if (conflicting.Count > 0)
            throw new CliUsageException($"--resume continues the sweep as {folder}/sweep.json defines it; leave out {string.Join(", ", conflicting)}");
        if (!Directory.Exists(folder)) throw new CliUsageException($"--resume {folder}: folder not found");
        string definitionPath = Path.Combine(folder, SweepFolder.DefinitionFile);
        if (!File.Exists(definitionPath)) throw new CliUsageException($"--resume {folder}: no {SweepFolder.DefinitionFile}, so it is not a sweep folder");
        var definition = SweepFile.Read(definitionPath);
        return given with { Source = definitionPath, OutDir = folder, Shard = definition.Shard?.ToString() };
    }
}
