using System.Security.Cryptography;
using SpikeSim.Runs;

namespace SpikeSim.Cli;

/// <summary>
/// A run's output folder, committed as a whole. Results go into a fresh hidden sibling folder
/// (<c>PARENT/.NAME.partial-RANDOM</c>); <see cref="Commit"/> then swaps it with the real folder in one step, so that
/// a reader sees either the earlier run or the new one, never files of both. The earlier run is kept until the swap
/// has succeeded; a commit that fails at any step leaves it as it was.
/// </summary>
/// <remarks>
/// <para>The commit, like git replacing a ref or SQLite its journal: (1) every file of the real folder that is not
/// a file of the run (the user's notes, a figures folder) is moved into the new folder, so it stays; (2) the two
/// folders are swapped with one <c>renameat2(RENAME_EXCHANGE)</c> on Linux, or else with two renames
/// (<c>NAME</c> to <c>.NAME.old-RANDOM</c>, the new folder to <c>NAME</c>; between them the folder is briefly
/// absent, never mixed); (3) the earlier run is deleted. If (1) or (2) fails, what was moved is moved back.</para>
/// <para>While a run writes, <c>PARENT/.NAME.lock</c> (<see cref="RunFolderLock"/>) holds its process id: a second
/// run into the same folder is refused. A run that finds a stale lock (its writer was killed) removes what the
/// dead writer left: its <c>.NAME.partial-*</c> folder, and an earlier run that a swap left at <c>.NAME.old-*</c>
/// (moved back to <c>NAME</c> if <c>NAME</c> is missing).</para>
/// </remarks>
public sealed class OutputFolder : IDisposable
{
    private readonly IFolderFileSystem _fs;
    private readonly RunFolderLock _lock;
    private bool _committed;
    private bool _disposed;
    private bool _keepTemp;

    private OutputFolder(string finalPath, string tempPath, RunFolderLock folderLock, IFolderFileSystem fs)
    {
        FinalPath = finalPath;
        TempPath = tempPath;
        _lock = folderLock;
        _fs = fs;
    }

    /// <summary>The folder the results end up in (absolute).</summary>
    public string FinalPath { get; }

    /// <summary>The temporary folder to write into (absolute; exists until committed or disposed).</summary>
    public string TempPath { get; }

    /// <summary>The longest folder name most file systems accept, in UTF-8 bytes (less the temporary folder's decoration).</summary>
    private const int MaxNameBytes = 255 - 30;

    /// <summary>
    /// Checks that <paramref name="directory"/> can be an output folder without touching it (only a hidden file is
    /// made and removed in the nearest existing folder, to see that one can be). Throws <see cref="CliUsageException"/> when it names an
    /// existing file, lies below a file, has a name too long for the file system, has no name, or lies where nothing
    /// can be written (read-only, no permission, /proc or /sys).
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
        for (string? up = Path.GetDirectoryName(full); up is not null; up = Path.GetDirectoryName(up))
        {
            if (File.Exists(up)) throw new CliUsageException($"--out {directory}: {up} is a file, so no folder can be made below it");
            if (Directory.Exists(up)) break;
        }
        foreach (string part in full.Split(Path.DirectorySeparatorChar))
            if (System.Text.Encoding.UTF8.GetByteCount(part) > MaxNameBytes)
                throw new CliUsageException($"--out {directory}: the name \"{part[..Math.Min(part.Length, 40)]}...\" is {System.Text.Encoding.UTF8.GetByteCount(part)} bytes long; a folder name may have at most {MaxNameBytes}");
        if (System.Text.Encoding.UTF8.GetByteCount(full) > 4000)
            throw new CliUsageException($"--out {directory}: the path is too long for the file system (at most 4000 bytes)");
        CheckWritable(directory, full);
        return full;
    }

    /// <summary>
    /// Makes and removes a hidden file in the nearest existing folder above the run folder (or in the run folder
    /// itself when it exists), so that a place where nothing can be written (a read-only file system, a folder without
    /// write permission, the kernel's /proc or /sys) is refused before the run, saying so.
    /// </summary>
    private static void CheckWritable(string directory, string full)
    {
        string? at = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        while (at is not null && !Directory.Exists(at)) at = Path.GetDirectoryName(at);
        if (at is null) return;
        if (WritableFolder.WhyNot(at) is string why)
            throw new CliUsageException($"--out {directory}: the folder cannot be created or written: nothing can be made in {at} ({why}); choose a writable place");
    }

    /// <summary>
    /// Validates <paramref name="directory"/>, takes its lock (refusing, with <see cref="CliUsageException"/>, a
    /// folder that another live run is writing), cleans what a killed run left, and creates the temporary sibling
    /// folder (and the parent folders if missing). The output folder itself is not touched until <see cref="Commit"/>.
    /// </summary>
    /// <param name="directory">The run folder.</param>
    /// <param name="fileSystem">The file-system operations of the commit (tests inject failures); null for the real ones.</param>
    public static OutputFolder Create(string directory, IFolderFileSystem? fileSystem = null)
    {
        string full = Validate(directory);
        IFolderFileSystem fs = fileSystem ?? FolderFileSystem.Instance;
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        (RunFolderLock folderLock, _) = RunFolderLock.Acquire(full);
        try
        {
            RecoverAfterCrash(full, fs);
            string name = Path.GetFileName(full);
            for (int attempt = 0; ; attempt++)
            {
                string temp = Path.Combine(parent, $".{name}.partial-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
                if (Directory.Exists(temp) || File.Exists(temp))
                {
                    if (attempt < 10) continue;
                    throw new IOException($"cannot create a temporary folder next to {full}");
                }
                Directory.CreateDirectory(temp);
                return new OutputFolder(full, temp, folderLock, fs);
            }
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// With the lock held, nobody else writes <paramref name="full"/>: every <c>.NAME.partial-*</c> beside it was
    /// left by a killed run and is removed; an earlier run left at <c>.NAME.old-*</c> by an interrupted swap is put
    /// back if the folder is missing, and removed otherwise.
    /// </summary>
    private static void RecoverAfterCrash(string full, IFolderFileSystem fs)
    {
        string parent = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        string[] old = Directory.GetDirectories(parent, $".{name}.old-*");
        if (!Directory.Exists(full) && old.Length > 0)
        {
            string newest = old.OrderByDescending(Directory.GetLastWriteTimeUtc).First();
            fs.Move(newest, full);
            old = [.. old.Where(o => o != newest)];
        }
        foreach (string leftover in Directory.GetDirectories(parent, $".{name}.partial-*").Concat(old))
        {
            try { fs.DeleteFolder(leftover); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Commits the run: <see cref="FinalPath"/> becomes the temporary folder's files, plus every entry of the earlier
    /// folder that this run did not write and that <paramref name="supersedes"/> does not name (an earlier run's
    /// v.csv must not sit beside a new spikes.csv as if they belonged together). See the class remarks for the steps.
    /// </summary>
    /// <returns>The names of the files the run wrote.</returns>
    public IReadOnlyList<string> Commit(IEnumerable<string>? supersedes = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) throw new InvalidOperationException("Already committed.");
        if (File.Exists(FinalPath)) throw new IOException($"{FinalPath}: exists and is a file, expected a folder");
        var names = Directory.GetFiles(TempPath).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        if (!Directory.Exists(FinalPath))
        {
            _fs.Move(TempPath, FinalPath);
            _committed = true;
            return names;
        }

        // Check every target before changing anything, so that a conflict leaves the old run whole.
        foreach (string n in names)
            if (Directory.Exists(Path.Combine(FinalPath, n)))
                throw new IOException($"{Path.Combine(FinalPath, n)}: is a folder, cannot replace it with a file");
        var dropped = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (string s in supersedes ?? []) dropped.Add(s);
        string[] kept = [.. Directory.EnumerateFileSystemEntries(FinalPath).Select(e => Path.GetFileName(e)!)
                                     .Where(n => !dropped.Contains(n)).Order(StringComparer.Ordinal)];

        var carried = new List<string>();
        string earlier;
        try
        {
            foreach (string n in kept)
            {
                _fs.Move(Path.Combine(FinalPath, n), Path.Combine(TempPath, n));
                carried.Add(n);
            }
            earlier = Swap();
        }
        catch
        {
            // Put back what was carried over: the earlier run stays as it was.
            foreach (string n in carried)
            {
                try { _fs.Move(Path.Combine(TempPath, n), Path.Combine(FinalPath, n)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _keepTemp = true;   // never delete a user's file that could not be put back
                    throw new IOException($"{FinalPath}: the commit failed and {n} could not be moved back; it is in {TempPath}", e);
                }
            }
            throw;
        }
        _committed = true;
        DeleteFolder(earlier);
        return names;
    }

    /// <summary>
    /// Swaps <see cref="TempPath"/> (the new run) and <see cref="FinalPath"/> (the earlier one); on failure the
    /// earlier run is back at <see cref="FinalPath"/>.
    /// </summary>
    /// <returns>Where the earlier run now is.</returns>
    private string Swap()
    {
        if (_fs.TryExchange(TempPath, FinalPath)) return TempPath;
        string parent = Path.GetDirectoryName(FinalPath)!;
        string old = Path.Combine(parent, $".{Path.GetFileName(FinalPath)}.old-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        _fs.Move(FinalPath, old);
        try
        {
            _fs.Move(TempPath, FinalPath);
        }
        catch
        {
            _fs.Move(old, FinalPath);
            throw;
        }
        return old;
    }

    /// <summary>Removes the temporary folder if the results were not committed, and releases the folder's lock.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_committed && !_keepTemp) DeleteFolder(TempPath);
        _lock.Dispose();
    }

    private void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path)) _fs.DeleteFolder(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden .partial folder is harmless, named as such, and removed by the next run.
        }
    }
}
