using System.Text.Json;

namespace SpikeSim.Plotting.Data;

/// <summary>One population as summary.json describes it.</summary>
/// <param name="Name">Population name.</param>
/// <param name="Size">Number of neurons.</param>
/// <param name="Spikes">Spikes fired during the run (all neurons, recorded or not).</param>
/// <param name="RateHz">Mean firing rate, Hz, or null.</param>
/// <param name="CvIsi">Mean coefficient of variation of inter-spike intervals (dimensionless), or null.</param>
public sealed record PopulationSummary(string Name, int Size, long Spikes, double? RateHz, double? CvIsi);

/// <summary>What a figure needs from a run's <c>summary.json</c>: the model's name, the run's duration and the populations.</summary>
/// <param name="Model">Model name.</param>
/// <param name="DurationMs">Simulated time, ms.</param>
/// <param name="Populations">Populations in model order.</param>
public sealed record RunSummary(string Model, double DurationMs, IReadOnlyList<PopulationSummary> Populations)
{
    /// <summary>Where the run started, ms: 0, or the saved time of a run continued from a saved state (<c>start_ms</c>).</summary>
    public double StartMs { get; init; }

    /// <summary>Index of the population named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Populations.Count; i++)
            if (Populations[i].Name == name) return i;
        return -1;
    }

    /// <summary>Reads <c>summary.json</c> as <c>RunFolderWriter</c> writes it.</summary>
    /// <exception cref="PlotDataException">The file is not valid JSON or lacks <c>duration_ms</c> or <c>populations</c>.</exception>
    public static RunSummary Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            if (!root.TryGetProperty("duration_ms", out var d) || d.ValueKind != JsonValueKind.Number)
                throw new PlotDataException($"{path}: expected a number \"duration_ms\"");
            if (!root.TryGetProperty("populations", out var pops) || pops.ValueKind != JsonValueKind.Array)
                throw new PlotDataException($"{path}: expected an array \"populations\"");
            var list = new List<PopulationSummary>();
            foreach (var p in pops.EnumerateArray())
            {
                if (!p.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String ||
                    !p.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number)
                    throw new PlotDataException($"{path}: every population needs \"name\" and \"size\"");
                list.Add(new PopulationSummary(name.GetString()!, size.GetInt32(),
                    p.TryGetProperty("spikes", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0,
                    NumberOrNull(p, "rate_hz"), NumberOrNull(p, "cv_isi")));
            }
            double start = root.TryGetProperty("start_ms", out var st) && st.ValueKind == JsonValueKind.Number ? st.GetDouble() : 0;
            return new RunSummary(model, d.GetDouble(), list) { StartMs = start };
        }
        catch (JsonException e)
        {
            throw new PlotDataException($"{path}: not valid JSON ({e.Message})");
        }
    }

    private static double? NumberOrNull(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
