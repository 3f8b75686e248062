namespace SpikeSim.Plotting.Data;

/// <summary>The sampled membrane potential of one neuron.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Neuron">Neuron index within the population.</param>
/// <param name="TimesMs">Sample times, ms.</param>
/// <param name="VMv">Membrane potential at each sample, mV.</param>
public sealed record VoltageTrace(string Population, int Neuron, double[] TimesMs, double[] VMv);

/// <summary>A population's binned firing rate.</summary>
/// <param name="Population">Population name.</param>
/// <param name="BinStartMs">Start of each bin, ms.</param>
/// <param name="RateHz">Rate in each bin, Hz.</param>
/// <param name="BinMs">Bin width, ms (the step between the first two bins; NaN with a single bin).</param>
public sealed record BinnedRate(string Population, double[] BinStartMs, double[] RateHz, double BinMs);

/// <summary>Readers of the time-series files of a run folder: <c>v.csv</c> and <c>rates.csv</c>.</summary>
public static class TraceTables
{
    /// <summary>Reads <c>v.csv</c> (<c>t_ms,population,neuron,v_mV</c>): one trace per (population, neuron), in order of first appearance.</summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<VoltageTrace> ReadVoltages(string path)
    {
        using var csv = CsvFile.Open(path);
        int ct = csv.RequireColumn("t_ms"), cp = csv.RequireColumn("population"), cn = csv.RequireColumn("neuron"), cv = csv.RequireColumn("v_mV");
        var keys = new Dictionary<(string, int), int>();
        var order = new List<(string Population, int Neuron)>();
        var t = new List<List<double>>();
        var v = new List<List<double>>();
        while (csv.Read())
        {
            var key = (csv.Name(cp), csv.Int(cn));
            if (!keys.TryGetValue(key, out int k))
            {
                k = order.Count;
                keys[key] = k;
                order.Add(key);
                t.Add([]);
                v.Add([]);
            }
            t[k].Add(csv.Double(ct));
            v[k].Add(csv.Double(cv));
        }
        var traces = new VoltageTrace[order.Count];
        for (int k = 0; k < traces.Length; k++) traces[k] = new VoltageTrace(order[k].Population, order[k].Neuron, [.. t[k]], [.. v[k]]);
        return traces;
    }

    /// <summary>Reads <c>rates.csv</c> (<c>t_ms,population,rate_hz</c>, <c>t_ms</c> the bin start): one series per population.</summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<BinnedRate> ReadRates(string path) =>
        [.. NamedSeries.Read(path, "population", "t_ms", "rate_hz")
            .Select(s => new BinnedRate(s.Name, s.X, s.Y, s.X.Length >= 2 ? s.X[1] - s.X[0] : double.NaN))];
}
