namespace SpikeSim.Plotting.Data;

/// <summary>The weights of one projection at each snapshot time.</summary>
/// <param name="Projection">Projection name.</param>
/// <param name="TimesMs">Snapshot times, ms, increasing.</param>
/// <param name="Weights">For each snapshot, the weights of its rows (mV for delta targets, pA for exp targets).</param>
public sealed record WeightHistory(string Projection, double[] TimesMs, double[][] Weights);

/// <summary>The number of synapses of one projection over time (structural plasticity).</summary>
/// <param name="Projection">Projection name.</param>
/// <param name="TimesMs">Times, ms.</param>
/// <param name="Counts">Synapse count at each time.</param>
public sealed record SynapseCountHistory(string Projection, double[] TimesMs, double[] Counts);

/// <summary>Readers of the plasticity files of a run folder: <c>weights.csv</c> and <c>synapses.csv</c>.</summary>
public static class PlasticityTables
{
    /// <summary>
    /// Reads <c>weights.csv</c> (<c>t_ms,projection,source,target,weight</c>): per projection (order of first
    /// appearance), the weights of every row with the same <c>t_ms</c> form one snapshot.
    /// </summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<WeightHistory> ReadWeights(string path)
    {
        using var csv = CsvFile.Open(path);
        int ct = csv.RequireColumn("t_ms"), cp = csv.RequireColumn("projection"), cw = csv.RequireColumn("weight");
        var groups = new NamedGroups<SortedDictionary<double, List<double>>>(() => []);
        while (csv.Read())
        {
            var history = groups.For(csv.Name(cp));
            double t = csv.Double(ct);
            if (!history.TryGetValue(t, out var list)) history[t] = list = [];
            list.Add(csv.Double(cw));
        }
        List<string> names = groups.Names;
        List<SortedDictionary<double, List<double>>> snapshots = groups.Items;
        var result = new WeightHistory[names.Count];
        for (int k = 0; k < result.Length; k++)
        {
            var times = new double[snapshots[k].Count];
            var weights = new double[times.Length][];
            int i = 0;
            foreach (var (t, w) in snapshots[k])
            {
                times[i] = t;
                weights[i++] = [.. w];
            }
            result[k] = new WeightHistory(names[k], times, weights);
        }
        return result;
    }

    /// <summary>Reads <c>synapses.csv</c> (<c>t_ms,projection,count</c>): one series per projection.</summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<SynapseCountHistory> ReadSynapseCounts(string path) =>
        [.. NamedSeries.Read(path, "projection", "t_ms", "count").Select(s => new SynapseCountHistory(s.Name, s.X, s.Y))];
}
