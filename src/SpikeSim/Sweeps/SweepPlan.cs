using System.Globalization;
using System.Text;
using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Runs;

namespace SpikeSim.Sweeps;

/// <summary>
/// A sweep ready to run: the model text read once, every point checked against it (bad paths, bad units, invalid
/// values are reported before any run starts) and the results.csv columns. <see cref="Run"/> simulates one run,
/// single-threaded, and measures it; it is what the sweep's workers call and what <c>--point K</c> calls alone.
/// </summary>
public sealed class SweepPlan
{
    private readonly string _modelText;
    private readonly IRunMetric[] _metrics;

    private SweepPlan(SweepDefinition definition, string modelText, IRunMetric[] metrics, IReadOnlyList<string> header, int metricCount,
                      IReadOnlyList<SweepValueColumn> columns)
    {
        Definition = definition;
        ValueColumns = columns;
        _modelText = modelText;
        _metrics = metrics;
        Header = header;
        MetricCount = metricCount;
    }

    /// <summary>The sweep, with the model's hash and the shard.</summary>
    public SweepDefinition Definition { get; }

    /// <summary>The sweep spec.</summary>
    public SweepSpec Spec => Definition.Spec;

    /// <summary>
    /// The results.csv columns: each parameter's column (its path, with <c>_UNIT</c> for a quantity in its internal
    /// unit: see <see cref="SweepValueColumn"/>), <c>repeat</c>, <c>seed</c>, then the metrics' columns.
    /// </summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>How each parameter is written in results.csv.</summary>
    public IReadOnlyList<SweepValueColumn> ValueColumns { get; }

    /// <summary>The number of metric columns.</summary>
    public int MetricCount { get; }

    /// <summary>
    /// Reads the model and checks every point of <paramref name="spec"/> (the whole sweep, not only the shard, so
    /// all shards agree). Throws <see cref="ModelException"/> naming the point and its values on the first problem,
    /// and <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> stops the check.
    /// </summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="shard">The shard this plan runs, or null for all points.</param>
    /// <param name="cancellation">Stops the check.</param>
    /// <param name="checkPoint">A further check of each point's model (e.g. the CLI's resource budgets), whose
    /// <see cref="ModelException"/> is reported with the point; null for none.</param>
    public static SweepPlan Create(SweepSpec spec, Shard? shard = null, CancellationToken cancellation = default, Action<ModelSpec>? checkPoint = null)
    {
        SweepFile.Validate(spec, spec.ModelPath);
        string text;
        try
        {
            if (Directory.Exists(spec.ModelPath)) throw new ModelException(spec.ModelPath, null, null, "is a directory, not a model file");
            text = File.ReadAllText(spec.ModelPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelException(spec.ModelPath, null, null, "model file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException(spec.ModelPath, null, null, "cannot read the model file: " + e.Message, e);
        }
        var metrics = new IRunMetric[spec.MetricNames.Count];
        for (int i = 0; i < metrics.Length; i++) metrics[i] = RunMetrics.TryCreate(spec.MetricNames[i], spec.Metrics)!;

        string[]? populations = null;
        var header = new List<string>();
        var pointValues = new List<string>[spec.Parameters.Count];
        for (int j = 0; j < pointValues.Length; j++) pointValues[j] = [];
        var metricHeader = new List<string>();
        int metricCount = 0;
        for (long k = 0; k < spec.PointCount; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            var point = spec.Point(k);
            for (int j = 0; j < pointValues.Length; j++) pointValues[j].Add(point.Values[j]);
            ModelSpec model = ReadPoint(spec, text, point, seed: 0);
            try
            {
                checkPoint?.Invoke(model);
            }
            catch (ModelException e)
            {
                throw InPoint(e, point);
            }
            string[] names = [.. model.Populations.Select(p => p.Name)];
            if (populations is null)
            {
                populations = names;
                foreach (var m in metrics)
                {
                    var columns = m.Columns(model);
                    metricHeader.AddRange(columns);
                    metricCount += columns.Count;
                }
            }
            else if (!populations.SequenceEqual(names))
                throw new ModelException(spec.ModelPath, null, null,
                    $"sweep point {k} ({string.Join(", ", point.Assignments())}) has populations {string.Join(", ", names)}, " +
                    $"point 0 has {string.Join(", ", populations)}: every point must have the same populations");
        }
        var valueColumns = new SweepValueColumn[spec.Parameters.Count];
        for (int j = 0; j < valueColumns.Length; j++)
        {
            valueColumns[j] = SweepValueColumn.Of(spec.Parameters[j].Path, pointValues[j]);
            header.Add(valueColumns[j].Name);
        }
        header.Add("repeat");
        header.Add("seed");
        header.AddRange(metricHeader);
        var definition = new SweepDefinition(spec, SweepFile.Sha256Text(text), shard);
        return new SweepPlan(definition, text, metrics, header, metricCount, valueColumns);
    }

    /// <summary>The indices of the points this plan runs (its shard's, or all), in order.</summary>
    public IEnumerable<long> Points()
    {
        for (long k = 0; k < Spec.PointCount; k++)
            if (Definition.Shard is not Shard s || s.Contains(k)) yield return k;
    }

    /// <summary>The <c>spikesim run</c> overrides of one run: the fixed sets, the point's values and the run's seed.</summary>
    public IReadOnlyList<string> RunOverrides(long point, int repeat)
    {
        var p = Spec.Point(point);
        var list = new List<string>(Spec.Sets);
        list.AddRange(p.Assignments());
        list.Add("seed=" + p.RunSeed(Spec.Seed, repeat).ToString(CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>
    /// Simulates repeat <paramref name="repeat"/> of point <paramref name="point"/> on the calling thread (the
    /// simulator with one thread) and returns its row. The numbers depend only on the sweep, the point and the repeat.
    /// </summary>
    public SweepRow Run(long point, int repeat, CancellationToken cancellation = default)
    {
        var p = Spec.Point(point);
        ulong seed = p.RunSeed(Spec.Seed, repeat);
        ModelSpec model = ReadPoint(Spec, _modelText, p, seed);
        var network = Network.Build(model);
        var probes = new IRunProbe[_metrics.Length];
        for (int i = 0; i < probes.Length; i++) probes[i] = _metrics[i].Start(network, model.DurationMs);
        var result = new Simulator(network, new SimulationOptions { Threads = 1, Cancellation = cancellation })
            .Run(model.DurationMs, new ObserverFanOut(probes));
        var values = new double[MetricCount];
        int offset = 0;
        for (int i = 0; i < probes.Length; i++)
        {
            int n = _metrics[i].Columns(model).Count;
            probes[i].Complete(result, values.AsSpan(offset, n));
            offset += n;
        }
        var written = new string[p.Values.Count];
        for (int j = 0; j < written.Length; j++) written[j] = ValueColumns[j].Format(p.Values[j]);
        return new SweepRow(point, repeat, seed, written, values);
    }

    private static ModelSpec ReadPoint(SweepSpec spec, string text, SweepPoint point, ulong seed)
    {
        var overrides = new List<string>(spec.Sets);
        overrides.AddRange(point.Assignments());
        overrides.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
        try
        {
            return ModelReader.Parse(text, spec.ModelPath, overrides);
        }
        catch (ModelException e)
        {
            throw InPoint(e, point);
        }
    }

    private static ModelException InPoint(ModelException e, SweepPoint point)
    {
        string values = point.Parameters.Count == 0 ? "" : ": " + string.Join(", ", point.Assignments());
        return new ModelException(e.File, e.JsonPath, e.Line, $"{e.Problem} (in sweep point {point.Index}{values})", e);
    }
}

/// <summary>One run's row of results.csv.</summary>
/// <param name="Point">The point index.</param>
/// <param name="Repeat">The repeat.</param>
/// <param name="Seed">The model seed the run used.</param>
/// <param name="Values">The parameter values as results.csv writes them (numbers in the internal unit, see <see cref="SweepValueColumn"/>).</param>
/// <param name="Metrics">The metric values (NaN where undefined).</param>
public sealed record SweepRow(long Point, int Repeat, ulong Seed, IReadOnlyList<string> Values, double[] Metrics)
{
    /// <summary>The CSV line, without the newline: values, repeat, seed, metrics (shortest round-trip numbers).</summary>
    public string ToCsv()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (string v in Values) sb.Append(Csv.Escape(v)).Append(',');
        sb.Append(Repeat.ToString(inv)).Append(',').Append(Seed.ToString(inv));
        foreach (double m in Metrics) sb.Append(',').Append(double.IsNaN(m) ? "NaN" : m.ToString("R", inv));
        return sb.ToString();
    }
}

/// <summary>CSV quoting (RFC 4180).</summary>
internal static class Csv
{
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape));
}
