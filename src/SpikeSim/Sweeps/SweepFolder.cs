using System.Text;
using SpikeSim.Modeling;

namespace SpikeSim.Sweeps;

/// <summary>
/// A sweep's output folder: <c>sweep.json</c> (the definition; see <see cref="SweepFile"/>), <c>journal.csv</c>
/// (finished runs, see <see cref="SweepJournal"/>) and <c>results.csv</c> (one row per run, ordered by point then
/// repeat; while the sweep runs it holds the finished runs that have no unfinished run before them).
/// </summary>
public static class SweepFolder
{
    /// <summary>The definition's file name.</summary>
    public const string DefinitionFile = "sweep.json";

    /// <summary>The results' file name.</summary>
    public const string ResultsFile = "results.csv";

    /// <summary>
    /// Prepares <paramref name="folder"/> for <paramref name="definition"/>: creates it with its sweep.json, or
    /// checks that the sweep.json already there is the same sweep and shard (a resume).
    /// </summary>
    /// <exception cref="ModelException">The folder holds another sweep or shard, or files of something that is not a sweep.</exception>
    public static void Prepare(string folder, SweepDefinition definition)
    {
        string path = Path.Combine(folder, DefinitionFile);
        if (File.Exists(path))
        {
            var existing = SweepFile.Read(path);
            if (existing.Identity != definition.Identity)
                throw new ModelException(path, null, null,
                    $"{folder} holds another sweep ({Difference(existing.Identity, definition.Identity)}); " +
                    "rerun it with its own definition, or choose another --out");
            if (existing.Shard != definition.Shard)
                throw new ModelException(path, null, null,
                    $"{folder} holds shard {Describe(existing.Shard)}, not {Describe(definition.Shard)}; choose another --out");
            return;
        }
        if (File.Exists(folder)) throw new ModelException(folder, null, null, "exists and is a file; --out expects a folder");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ModelException(folder, null, null, "is not empty and holds no sweep.json, so it is not a sweep folder; choose another --out");
        Directory.CreateDirectory(folder);
        // The model path is written relative to the folder, as a sweep file's is read, so `sweep --resume` finds it
        // and the folder can move with its model (runs/x beside models/); absolute when they share no top folder.
        string full = Path.GetFullPath(definition.Spec.ModelPath), folderFull = Path.GetFullPath(folder);
        string model = TopFolder(full) == TopFolder(folderFull) ? Path.GetRelativePath(folderFull, full).Replace('\\', '/') : full;
        WriteAtomically(path, SweepFile.Write(definition with { Spec = definition.Spec with { ModelPath = model } }));
    }

    /// <summary>Writes a file through a temporary sibling and a rename, so a reader never sees half of it.</summary>
    public static void WriteAtomically(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static string TopFolder(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath) ?? "";
        string rest = fullPath[root.Length..];
        int slash = rest.IndexOfAny(['/', '\\']);
        return root + (slash < 0 ? rest : rest[..slash]);
    }

    private static string Describe(Shard? shard) => shard is Shard s ? s.ToString() : "none (the whole sweep)";

    /// <summary>The first differing line of two definitions, e.g. <c>"repeats": 3 there, "repeats": 2 here</c>.</summary>
    private static string Difference(string there, string here)
    {
        string[] a = there.Split('\n'), b = here.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i].Trim() : "", y = i < b.Length ? b[i].Trim() : "";
            if (x != y) return $"its sweep.json has {x.TrimEnd(',')} where this sweep has {y.TrimEnd(',')}";
        }
        return "the definitions differ";
    }
}
