namespace SpikeSim.Tests.Plotting;

/// <summary>A temporary folder for plotting tests, removed on dispose.</summary>
public abstract class PlotTestFolder : TempFolderTest
{
    /// <summary>A summary.json as RunFolderWriter writes it (only the fields the plots read).</summary>
    protected string WriteSummary(string folder, double durationMs, params (string Name, int Size)[] populations)
    {
        var pops = string.Join(",", populations.Select(p => $$"""{ "name": "{{p.Name}}", "size": {{p.Size}}, "spikes": 0, "rate_hz": null, "cv_isi": null }"""));
        return Write(Path.Combine(folder, "summary.json"),
            $$"""{ "model": "m", "seed": 1, "duration_ms": {{durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "populations": [{{pops}}] }""");
    }
}
