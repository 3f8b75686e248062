using System.Text;
using SpikeSim.Modeling;

namespace SpikeSim.Sweeps;

/// <summary>What a merge joined.</summary>
/// <param name="Shards">Shard folders joined.</param>
/// <param name="Rows">Rows written to results.csv.</param>
public sealed record MergeOutcome(int Shards, long Rows);

/// <summary>
/// Joins the folders of a sharded sweep (<c>--shard I/N</c>) into one sweep folder whose results.csv is identical,
/// byte for byte, to the one an unsharded run writes. Checks that the folders hold shards of one sweep, that no
/// shard is given twice, and that every run of every point is there, naming what is missing.
/// </summary>
public static class SweepMerge
{
    /// <summary>Merges <paramref name="shardFolders"/> into <paramref name="outFolder"/>.</summary>
    /// <exception cref="ModelException">Folders of different sweeps, duplicate or missing shards, missing runs, or an
    /// output folder that holds something else.</exception>
    public static MergeOutcome Merge(IReadOnlyList<string> shardFolders, string outFolder)
    {
        if (shardFolders.Count == 0) throw new ModelException(null, null, null, "sweep merge: no shard folders given");
        var definitions = new List<(string Folder, SweepDefinition Definition)>();
        foreach (string folder in shardFolders)
        {
            string path = Path.Combine(folder, SweepFolder.DefinitionFile);
            if (!File.Exists(path)) throw new ModelException(folder, null, null, "not a sweep folder (no sweep.json)");
            definitions.Add((folder, SweepFile.Read(path)));
        }
        var (firstFolder, first) = definitions[0];
        int count = first.Shard?.Count ?? 1;
        var byIndex = new Dictionary<int, string>();
        foreach (var (folder, d) in definitions)
        {
            if (d.Identity != first.Identity)
                throw new ModelException(folder, null, null, $"holds another sweep than {firstFolder}; only shards of one sweep can be merged");
            int n = d.Shard?.Count ?? 1, i = d.Shard?.Index ?? 0;
            if (n != count)
                throw new ModelException(folder, null, null, $"is shard {i}/{n} but {firstFolder} is one of {count} shards");
            if (!byIndex.TryAdd(i, folder))
                throw new ModelException(folder, null, null, $"shard {i}/{n} is given twice ({byIndex[i]} and {folder})");
        }
        var missingShards = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
        if (missingShards.Count > 0)
            throw new ModelException(null, null, null,
                $"sweep merge: shard(s) {string.Join(", ", missingShards.Select(i => $"{i}/{count}"))} missing; give every shard's folder");

        var spec = first.Spec;
        string headerLine = ReadHeader(Path.Combine(firstFolder, SweepFolder.ResultsFile));
        string journalHeader = SweepJournal.HeaderLine(headerLine);
        var rows = new Dictionary<(long, int), string>();
        foreach (var (folder, _) in definitions)
        {
            string journal = Path.Combine(folder, SweepJournal.FileName);
            if (!File.Exists(journal)) throw new ModelException(folder, null, null, "has no journal.csv; it ran no point");
            foreach (var (key, line) in SweepJournal.ReadFile(journal, journalHeader))
                if (!rows.TryAdd(key, line) && rows[key] != line)
                    throw new ModelException(journal, null, null, $"point {key.Item1} repeat {key.Item2} has two different rows");
        }
        var missing = new List<string>();
        var text = new StringBuilder(headerLine).Append('\n');
        var journalText = new StringBuilder(journalHeader).Append('\n');
        for (long k = 0; k < spec.PointCount; k++)
            for (int r = 0; r < spec.Repeats; r++)
            {
                if (!rows.TryGetValue((k, r), out string? line))
                {
                    missing.Add($"point {k} repeat {r} (shard {k % count}/{count})");
                    continue;
                }
                text.Append(line).Append('\n');
                journalText.Append(k).Append(',').Append(line).Append('\n');
            }
        if (missing.Count > 0)
            throw new ModelException(null, null, null,
                $"sweep merge: {missing.Count} run(s) missing, e.g. {string.Join("; ", missing.Take(10))}; " +
                "rerun those shards with the same command (they resume) and merge again");

        var merged = first with { Shard = null };
        SweepFolder.Prepare(outFolder, merged);
        SweepFolder.WriteAtomically(Path.Combine(outFolder, SweepJournal.FileName), journalText.ToString());
        SweepFolder.WriteAtomically(Path.Combine(outFolder, SweepFolder.ResultsFile), text.ToString());
        return new MergeOutcome(definitions.Count, rows.Count);
    }

    private static string ReadHeader(string resultsPath)
    {
        using var reader = new StreamReader(resultsPath);
        return reader.ReadLine() ?? throw new ModelException(resultsPath, null, 1, "empty results.csv");
    }
}
