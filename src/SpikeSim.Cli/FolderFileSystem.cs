using System.Runtime.InteropServices;

namespace SpikeSim.Cli;

/// <summary>
/// The few file-system operations with which <see cref="OutputFolder"/> commits a run. A seam: tests put a
/// failing one in its place to prove that an interrupted commit leaves the earlier run whole.
/// </summary>
public interface IFolderFileSystem
{
    /// <summary>Renames a file or folder (one <c>rename</c>; the destination must not exist).</summary>
    void Move(string from, string to);

    /// <summary>
    /// Swaps two existing folders in one atomic step where the platform can (Linux <c>renameat2</c> with
    /// <c>RENAME_EXCHANGE</c>); returns false, having changed nothing, where it cannot.
    /// </summary>
    bool TryExchange(string a, string b);

    /// <summary>Removes a folder and everything in it.</summary>
    void DeleteFolder(string path);
}

/// <summary>The real file system.</summary>
public sealed class FolderFileSystem : IFolderFileSystem
{
    /// <summary>The one instance.</summary>
    public static FolderFileSystem Instance { get; } = new();

    private static bool _noExchange;

    private FolderFileSystem() { }

    /// <inheritdoc/>
    public void Move(string from, string to)
    {
        if (Directory.Exists(from)) Directory.Move(from, to);
        else File.Move(from, to, overwrite: false);
    }

    /// <inheritdoc/>
    public bool TryExchange(string a, string b)
    {
        if (_noExchange || !OperatingSystem.IsLinux()) return false;
        try
        {
            if (RenameAt2(AtCurrentDirectory, a, AtCurrentDirectory, b, RenameExchange) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            // EINVAL (file system without exchange) or ENOSYS (old kernel): fall back to two renames.
            if (errno is 22 or 38 or 95) { _noExchange = true; return false; }
            throw new IOException($"cannot swap {b} with the new run ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _noExchange = true;
            return false;
        }
    }

    /// <inheritdoc/>
    public void DeleteFolder(string path) => Directory.Delete(path, recursive: true);

    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
