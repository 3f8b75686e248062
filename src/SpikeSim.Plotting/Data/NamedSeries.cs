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
        var groups = new NamedGroups<(List<double> X, List<double> Y)>(() => ([], []));
        while (csv.Read())
        {
            var (x, y) = groups.For(csv.Name(cn));
            x.Add(csv.Double(cx));
            y.Add(csv.Double(cy));
        }
        var result = new List<NamedSeries>(groups.Names.Count);
        for (int k = 0; k < groups.Names.Count; k++) result.Add(new NamedSeries(groups.Names[k], [.. groups.Items[k].X], [.. groups.Items[k].Y]));
        return result;
    }
}
