using System.Diagnostics;
using System.Globalization;

namespace SpikeSim.Cli;

/// <summary>
/// Marks a run folder as being written: the file <c>PARENT/.NAME.lock</c> holds the writer's process id and start
/// time. A second run into the same folder finds it and is refused (exit 2, naming the other process); a lock
/// whose process is gone (killed with SIGKILL, machine rebooted) is stale and taken over. Disposing removes the
/// lock if it is still this process's.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    private readonly string _content;
    private bool _released;

    private RunFolderLock(string path, string content)
    {
        Path = path;
        _content = content;
    }

    /// <summary>The lock file (absolute).</summary>
    public string Path { get; }

    /// <summary>The lock file of <paramref name="folder"/> (absolute, no trailing separator).</summary>
    public static string PathOf(string folder) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(folder)!, "." + System.IO.Path.GetFileName(folder) + ".lock");

    /// <summary>
    /// Takes the lock of <paramref name="folder"/> (its parent must exist). Throws <see cref="CliUsageException"/>
    /// when a live process holds it.
    /// </summary>
    /// <returns>The lock, and whether a stale one was taken over (its owner died while writing).</returns>
    public static (RunFolderLock Lock, bool WasStale) Acquire(string folder)
    {
        string path = PathOf(folder);
        using var self = Process.GetCurrentProcess();
        string content = string.Create(CultureInfo.InvariantCulture,
            $"pid={Environment.ProcessId}\nstarted={StartStamp(self)}\nhost={Environment.MachineName}\n");
        bool stale = false;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(stream))
                    writer.Write(content);
                return (new RunFolderLock(path, content), stale);
            }
            catch (IOException) when (File.Exists(path) && attempt < 5)
            {
                string other;
                try { other = File.ReadAllText(path); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { other = ""; }
                if (Holder(other) is string holder)
                    throw new CliUsageException(
                        $"--out {folder}: another spikesim run ({holder}) is writing this folder; wait for it to finish, stop it, or choose another --out (lock file {path})");
                stale = true;
                try { File.Delete(path); }
                catch (IOException) { }
            }
        }
    }

    /// <summary>Describes the live process that <paramref name="lockText"/> names, or null when it is gone.</summary>
    internal static string? Holder(string lockText)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lockText.Split('\n'))
            if (line.IndexOf('=') is int eq and > 0) fields[line[..eq]] = line[(eq + 1)..].Trim();
        if (!fields.TryGetValue("pid", out string? pidText) || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            return null;   // unreadable or half-written by a writer that died: stale
        if (fields.TryGetValue("host", out string? host) && host != Environment.MachineName)
            return $"process {pid} on host {host}";   // cannot tell whether it lives: assume so
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return null;
            // A reused pid: a different process started at another time.
            if (fields.TryGetValue("started", out string? started) && started != StartStamp(process)) return null;
            return $"process {pid}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// When <paramref name="process"/> started, as a stamp that reads the same from any process: on Linux the start
    /// time in clock ticks since boot from /proc (Process.StartTime is derived from the uptime and jitters), else the
    /// start time to the second.
    /// </summary>
    private static string StartStamp(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                string stat = File.ReadAllText($"/proc/{process.Id}/stat");
                // Fields after the command name (in parentheses, which may hold spaces): state is field 3, starttime 22.
                string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return rest.Length > 19 ? rest[19] : "?";
            }
            return (process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException
                                  or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return "?";
        }
    }

    /// <summary>Removes the lock file if it is still this one.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try
        {
            if (File.Exists(Path) && File.ReadAllText(Path) == _content) File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a lock left behind names a process that is gone, so the next run takes it over.
        }
    }
}
