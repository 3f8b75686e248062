using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SpikeSim.Benchmarks;

/// <summary>What a finished child process produced.</summary>
public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, double WallS)
{
    /// <summary>The first stdout line starting with the prefix, without the prefix, or null.</summary>
    public string? Line(string prefix) => FindLine(Stdout, prefix);

    /// <summary>The first line of text starting with the prefix, without the prefix, or null.</summary>
    public static string? FindLine(string text, string prefix)
    {
        foreach (string line in text.Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].TrimEnd('\r');
        return null;
    }

    /// <summary>The last few lines of stderr, for error messages.</summary>
    public string StderrTail(int lines = 5) =>
        string.Join(" | ", Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}

/// <summary>Runs a process to completion, capturing stdout and stderr.</summary>
public static class ProcessRunner
{
    public static ProcessOutcome Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ProcessOutcome(-1, "", $"cannot start {fileName}: {e.Message}", 0);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        double wall = sw.Elapsed.TotalSeconds;
        lock (stdout) lock (stderr)
            return new ProcessOutcome(process.ExitCode, stdout.ToString(), stderr.ToString(), wall);
    }
}
