using System.Diagnostics;
using System.Globalization;

namespace SpikeSim.Benchmarks;

/// <summary>Resident memory of the current process, from /proc/self/status (Linux) or Process otherwise.</summary>
public static class ProcessMemory
{
    private const double Mb = 1024.0 * 1024.0;

    /// <summary>Peak resident set size (VmHWM), MB.</summary>
    public static double PeakRssMb() =>
        ReadStatusKb("VmHWM:") is long kb ? kb / 1024.0 : Process.GetCurrentProcess().PeakWorkingSet64 / Mb;

    /// <summary>Current resident set size (VmRSS), MB.</summary>
    public static double CurrentRssMb() =>
        ReadStatusKb("VmRSS:") is long kb ? kb / 1024.0 : Process.GetCurrentProcess().WorkingSet64 / Mb;

    private static long? ReadStatusKb(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                string[] parts = line[key.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                    return kb;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
