using System.Globalization;
using SpikeSim.Units;

namespace SpikeSim.Plotting.Data;

/// <summary>
/// One swept parameter of a sweep's <c>results.csv</c>: its value in each row and its distinct levels. Values
/// written with a unit ("10 ms", "2 kHz") are converted to SpikeSim's internal unit of their dimension (ms, Hz, ...),
/// which <see cref="Unit"/> names; values that are not numbers (or mix dimensions) are categories.
/// </summary>
/// <param name="Path">The parameter's path, as in <c>--set</c> (the column name).</param>
/// <param name="Unit">The unit of <see cref="Values"/> ("ms", "Hz", ...), or null for plain numbers and categories.</param>
/// <param name="IsNumeric">True when every value is a number (with the same dimension).</param>
/// <param name="Values">Per row: the value in <see cref="Unit"/>; for categories, the index of the row's level.</param>
/// <param name="Levels">Distinct values, increasing (numbers) or in order of first appearance (categories).</param>
/// <param name="LevelLabels">How each level is written on an axis (the number without its unit, or the category's text).</param>
public sealed record SweepColumn(string Path, string? Unit, bool IsNumeric, double[] Values, double[] Levels, string[] LevelLabels)
{
    /// <summary>Axis title: the path, with the unit in parentheses when there is one.</summary>
    public string AxisTitle => Unit is null ? Path : $"{Path} ({Unit})";

    /// <summary>Index of the level of row <paramref name="row"/>.</summary>
    public int LevelOf(int row) => IsNumeric ? Array.BinarySearch(Levels, Values[row]) : (int)Values[row];
}

/// <summary>
/// A sweep's <c>results.csv</c>: one row per run; a column per swept parameter (named by its path, before
/// <c>repeat</c>), <c>repeat</c>, <c>seed</c>, and metric columns named <c>METRIC.POPULATION</c>
/// (e.g. <c>rate_hz.exc</c>, <c>cv_isi.exc</c>). Empty, <c>NaN</c> and <c>null</c> metric cells are missing values.
/// </summary>
public sealed class SweepResults
{
    private readonly Dictionary<string, double[]> _metrics;

    private SweepResults(IReadOnlyList<SweepColumn> parameters, IReadOnlyList<string> metricColumns, Dictionary<string, double[]> metrics, int rows)
    {
        Parameters = parameters;
        MetricColumns = metricColumns;
        _metrics = metrics;
        RowCount = rows;
    }

    /// <summary>The swept parameters, in column order.</summary>
    public IReadOnlyList<SweepColumn> Parameters { get; }

    /// <summary>The metric columns (<c>METRIC.POPULATION</c>), in column order.</summary>
    public IReadOnlyList<string> MetricColumns { get; }

    /// <summary>Number of runs (rows).</summary>
    public int RowCount { get; }

    /// <summary>The values of a metric column, one per row (NaN where missing).</summary>
    public double[] Metric(string column) => _metrics[column];

    /// <summary>Splits <c>rate_hz.exc</c> into (<c>rate_hz</c>, <c>exc</c>); a name without a dot has population "".</summary>
    public static (string Metric, string Population) SplitMetric(string column)
    {
        int dot = column.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (column, "") : (column[..dot], column[(dot + 1)..]);
    }

    /// <summary>Reads a sweep's <c>results.csv</c>.</summary>
    /// <exception cref="PlotDataException">There is neither a <c>repeat</c> nor a <c>seed</c> column, no parameter column, or a metric does not parse.</exception>
    public static SweepResults Read(string path)
    {
        using var csv = CsvFile.Open(path);
        int repeat = csv.Column("repeat"), seed = csv.Column("seed");
        int firstNonParameter = repeat >= 0 ? repeat : seed;
        if (firstNonParameter < 0)
            throw new PlotDataException($"{path}: expected a 'repeat' or 'seed' column after the parameter columns (the header has: {string.Join(",", csv.Header)})");
        if (firstNonParameter == 0)
            throw new PlotDataException($"{path}: no parameter column before '{csv.Header[0]}'");
        var metricIndex = new List<int>();
        for (int c = 0; c < csv.Header.Count; c++)
            if (c >= firstNonParameter && c != repeat && c != seed) metricIndex.Add(c);

        var raw = new List<string>[firstNonParameter];
        for (int p = 0; p < raw.Length; p++) raw[p] = [];
        var metrics = new List<double>[metricIndex.Count];
        for (int m = 0; m < metrics.Length; m++) metrics[m] = [];
        while (csv.Read())
        {
            for (int p = 0; p < raw.Length; p++) raw[p].Add(csv.Name(p).Trim());
            for (int m = 0; m < metrics.Length; m++)
            {
                int c = metricIndex[m];
                var text = c < csv.FieldCount ? csv.Field(c).Trim() : [];
                if (text.IsEmpty || text.SequenceEqual("null") || text.SequenceEqual("NaN")) metrics[m].Add(double.NaN);
                else metrics[m].Add(csv.Double(c));
            }
        }
        var parameters = new SweepColumn[raw.Length];
        for (int p = 0; p < raw.Length; p++) parameters[p] = Parameter(csv.Header[p], raw[p]);
        var byName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var names = new List<string>();
        for (int m = 0; m < metrics.Length; m++)
        {
            string name = csv.Header[metricIndex[m]];
            names.Add(name);
            byName[name] = [.. metrics[m]];
        }
        return new SweepResults(parameters, names, byName, raw.Length > 0 ? raw[0].Count : 0);
    }

    private static readonly Dimension[] Dimensions =
        [Dimension.Time, Dimension.Voltage, Dimension.Current, Dimension.Capacitance, Dimension.Conductance,
         Dimension.Resistance, Dimension.Frequency, Dimension.Length, Dimension.Velocity];

    private static SweepColumn Parameter(string name, List<string> texts)
    {
        var values = new double[texts.Count];
        Dimension? dimension = null; // Dimensionless for bare numbers
        string? numericUnit = null;
        bool numeric = texts.Count > 0;
        for (int i = 0; i < texts.Count && numeric; i++)
        {
            Dimension? kind = null;
            if (double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double plain))
            {
                kind = Dimension.Dimensionless;
                values[i] = plain;
            }
            else
            {
                foreach (var d in Dimensions)
                {
                    if (!Quantity.TryParse(texts[i], d, out double v)) continue;
                    kind = d;
                    values[i] = v;
                    break;
                }
            }
            if (kind is null || (dimension is not null && kind != dimension)) numeric = false;
            dimension = kind;
        }
        // A column named with its unit (inputs.0.rate_Hz) holds plain numbers in that unit.
        if (numeric && dimension == Dimension.Dimensionless && Sweeps.SweepValueColumn.TrySplitUnit(name, out string path, out string suffixUnit))
        {
            name = path;
            dimension = null;
            numericUnit = suffixUnit;
        }
        if (numeric)
        {
            var levels = new SortedSet<double>(values);
            double[] levelArray = [.. levels];
            var labels = new string[levelArray.Length];
            for (int i = 0; i < labels.Length; i++) labels[i] = levelArray[i].ToString("G6", CultureInfo.InvariantCulture);
            string? unit = numericUnit ?? (dimension is Dimension d && d != Dimension.Dimensionless ? Quantity.InternalUnit(d) : null);
            return new SweepColumn(name, unit, true, values, levelArray, labels);
        }
        var categories = new List<string>();
        for (int i = 0; i < texts.Count; i++)
        {
            int k = categories.IndexOf(texts[i]);
            if (k < 0) { k = categories.Count; categories.Add(texts[i]); }
            values[i] = k;
        }
        var indices = new double[categories.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        return new SweepColumn(name, null, false, values, indices, [.. categories]);
    }
}
