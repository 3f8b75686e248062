namespace SpikeSim.Runs;

/// <summary>
/// Whether a file can be made in a folder, found by making and removing a hidden one: a read-only file system, a folder
/// without write permission or the kernel's /proc and /sys answer with the reason, before a run writes anything there.
/// </summary>
public static class WritableFolder
{
    /// <summary>
    /// Null when a file can be made in the existing folder <paramref name="folder"/>; else why not, in a few words
    /// ("permission denied", "its file system accepts no new files", or the system's message).
    /// </summary>
    public static string? WhyNot(string folder)
    {
        string probe = Path.Combine(folder, $".spikesim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "its file system accepts no new files",
                _ => e.Message.Split(" : ")[0].Trim(),
            };
        }
    }
}
