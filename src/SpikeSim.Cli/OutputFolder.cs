using System.Security.Cryptography;

namespace SpikeSim.Cli;

/// <summary>
/// A run's output folder, written safely: results go into a fresh hidden sibling folder
/// (<c>PARENT/.NAME.partial-RANDOM</c>) and only <see cref="Commit"/> moves them into the real folder, replacing
/// files of the same names and leaving other files alone. Disposing without committing removes the temporary
/// folder, so a failed run never deletes or overwrites an earlier run's files.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private bool _committed;
    private bool _disposed;

    private OutputFolder(string finalPath, string tempPath)
    {
        FinalPath = finalPath;
        TempPath = tempPath;
    }

    /// <summary>The folder the results end up in (absolute).</summary>
    public string FinalPath { get; }

    /// <summary>The temporary folder to write into (absolute; exists until committed or disposed).</summary>
    public string TempPath { get; }

    /// <summary>
    /// Checks that <paramref name="directory"/> can be an output folder without touching it. Throws
    /// <see cref="CliUsageException"/> when it names an existing file or has no name.
    /// </summary>
    /// <returns>The absolute path, without a trailing separator.</returns>
    public static string Validate(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new CliUsageException("--out: no output folder given");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliUsageException($"--out {directory}: not a valid folder path ({e.Message})");
        }
        if (File.Exists(full)) throw new CliUsageException($"--out {directory}: exists and is a file, expected a folder");
        if (Path.GetDirectoryName(full) is null || Path.GetFileName(full).Length == 0)
            throw new CliUsageException($"--out {directory}: cannot write a run into a filesystem root");
        return full;
    }

    /// <summary>
    /// Validates <paramref name="directory"/> and creates the temporary sibling folder (and the parent folders if
    /// missing). The output folder itself is not created or touched until <see cref="Commit"/>.
    /// </summary>
    public static OutputFolder Create(string directory)
    {
        string full = Validate(directory);
        string parent = Path.GetDirectoryName(full)!;
        System.IO.Directory.CreateDirectory(parent);
        string name = Path.GetFileName(full);
        for (int attempt = 0; ; attempt++)
        {
            string temp = Path.Combine(parent, $".{name}.partial-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
            if (System.IO.Directory.Exists(temp) || File.Exists(temp))
            {
                if (attempt < 10) continue;
                throw new IOException($"cannot create a temporary folder next to {full}");
            }
            System.IO.Directory.CreateDirectory(temp);
            return new OutputFolder(full, temp);
        }
    }

    /// <summary>
    /// Moves every file of the temporary folder into <see cref="FinalPath"/> (created if missing), replacing files
    /// of the same names, removes those of <paramref name="supersedes"/> that this run did not write (an earlier
    /// run's v.csv must not sit beside a new spikes.csv as if they belonged together), then removes the
    /// temporary folder. Other files in the folder are left alone.
    /// </summary>
    /// <returns>The names of the files moved.</returns>
    public IReadOnlyList<string> Commit(IEnumerable<string>? supersedes = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) throw new InvalidOperationException("Already committed.");
        if (File.Exists(FinalPath)) throw new IOException($"{FinalPath}: exists and is a file, expected a folder");
        var names = System.IO.Directory.GetFiles(TempPath).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        // Check every target before replacing anything, so that a conflict leaves the old run whole.
        foreach (string n in names)
            if (System.IO.Directory.Exists(Path.Combine(FinalPath, n)))
                throw new IOException($"{Path.Combine(FinalPath, n)}: is a folder, cannot replace it with a file");
        System.IO.Directory.CreateDirectory(FinalPath);
        foreach (string n in names)
            File.Move(Path.Combine(TempPath, n), Path.Combine(FinalPath, n), overwrite: true);
        foreach (string stale in supersedes ?? [])
            if (Array.IndexOf(names, stale) < 0 && File.Exists(Path.Combine(FinalPath, stale)))
                File.Delete(Path.Combine(FinalPath, stale));
        _committed = true;
        DeleteTemp();
        return names;
    }

    /// <summary>Removes the temporary folder if the results were not committed.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_committed) DeleteTemp();
    }

    private void DeleteTemp()
    {
        try
        {
            if (System.IO.Directory.Exists(TempPath)) System.IO.Directory.Delete(TempPath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden .partial folder is harmless and named as such.
        }
    }
}
