namespace SpikeSim.Plotting.Data;

/// <summary>
/// One (x, y) series per name from a long-format CSV (a name column and two number columns, e.g.
/// <c>t_ms,population,rate_hz</c>), in order of first appearance.
/// </summary>
/// <param name="Name">The value of the name column.</param>
/// <param name="X">The x column's values, in file order.</param>
/// <param name="Y">The y column's values, in file order.</param>
internal sealed record NamedSeries(string Name, double[] X, double[] Y)
{
    /// <summary>Reads the series of <paramref name="path"/>.</summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static List<NamedSeries> Read(string path, string nameColumn, string xColumn, string yColumn)
    {
        using var csv = CsvFile.Open(path);
        int cx = csv.RequireColumn(xColumn), cn = csv.RequireColumn(nameColumn), cy = csv.RequireColumn(yColumn);
        var names = new List<string>();
        var x = new List<List<double>>();
        var y = new List<List<double>>();
        while (csv.Read())
        {
            string name = csv.Name(cn);
            int k = names.IndexOf(name);
            if (k < 0)
            {
                k = names.Count;
                names.Add(name);
                x.Add([]);
                y.Add([]);
            }
            x[k].Add(csv.Double(cx));
            y[k].Add(csv.Double(cy));
        }
        var result = new List<NamedSeries>(names.Count);
        for (int k = 0; k < names.Count; k++) result.Add(new NamedSeries(names[k], [.. x[k]], [.. y[k]]));
        return result;
    }
}
