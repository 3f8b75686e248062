namespace SpikeSim.Plotting.Data;

/// <summary>The samples of one state variable of one neuron.</summary>
/// <param name="Variable">Variable name, e.g. <c>i_syn_ex</c> or <c>stp_x:ee</c>.</param>
/// <param name="Population">Population name.</param>
/// <param name="Neuron">Neuron index within the population.</param>
/// <param name="TimesMs">Sample times, ms.</param>
/// <param name="Values">The value at each sample, in the variable's internal unit.</param>
public sealed record StateTrace(string Variable, string Population, int Neuron, double[] TimesMs, double[] Values);

/// <summary>The reader of a run folder's <c>state.csv</c>.</summary>
public static class StateTables
{
    /// <summary>
    /// Reads <c>state.csv</c> (<c>t_ms,population,neuron,variable,value</c>): one trace per (variable, population,
    /// neuron), variables in order of first appearance and, for each variable, neurons in order of first appearance.
    /// </summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<StateTrace> Read(string path)
    {
        using var csv = CsvFile.Open(path);
        int ct = csv.RequireColumn("t_ms"), cp = csv.RequireColumn("population"), cn = csv.RequireColumn("neuron"),
            cv = csv.RequireColumn("variable"), cx = csv.RequireColumn("value");
        var index = new Dictionary<(string, string, int), int>();
        var keys = new List<(string Variable, string Population, int Neuron)>();
        var times = new List<List<double>>();
        var values = new List<List<double>>();
        while (csv.Read())
        {
            var key = (csv.Name(cv), csv.Name(cp), csv.Int(cn));
            if (!index.TryGetValue(key, out int k))
            {
                k = keys.Count;
                index[key] = k;
                keys.Add(key);
                times.Add([]);
                values.Add([]);
            }
            times[k].Add(csv.Double(ct));
            values[k].Add(csv.Double(cx));
        }
        var variables = new List<string>();
        foreach (var key in keys) if (!variables.Contains(key.Variable)) variables.Add(key.Variable);
        var traces = new List<StateTrace>(keys.Count);
        foreach (string variable in variables) // grouped by variable, each group in order of first appearance
            for (int k = 0; k < keys.Count; k++)
                if (keys[k].Variable == variable)
                    traces.Add(new StateTrace(variable, keys[k].Population, keys[k].Neuron, [.. times[k]], [.. values[k]]));
        return traces;
    }
}
