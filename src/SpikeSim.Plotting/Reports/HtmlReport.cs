using System.Globalization;
using System.Text;
using System.Text.Json;
using SpikeSim.Experiments;
using SpikeSim.Recording;
using SpikeSim.Sweeps;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;

namespace SpikeSim.Plotting.Reports;

/// <summary>What kind of output folder a report describes.</summary>
public enum ReportKind
{
    /// <summary>A run folder (<c>summary.json</c> and the recorded CSV files).</summary>
    Run,
    /// <summary>A sweep folder (<c>sweep.json</c>, <c>results.csv</c>).</summary>
    Sweep,
    /// <summary>An experiment folder (<c>result.json</c>, <c>summary.md</c>), or a folder of experiment folders.</summary>
    Experiment,
}

/// <summary>How <see cref="HtmlReport"/> makes a report.</summary>
public sealed record ReportOptions
{
    /// <summary>How the figures are made (the model for threshold marks, the smoothing width, ...); its formats are ignored.</summary>
    public PlotOptions Plot { get; init; } = new();

    /// <summary>The model file to show, when the folder does not name one (command.json, sweep.json).</summary>
    public string? ModelFile { get; init; }

    /// <summary>Rows of a sweep's results.csv shown in the summary table (the rest are counted, not shown).</summary>
    public int MaxTableRows { get; init; } = 200;
}

/// <summary>
/// One self-contained HTML page for a run, sweep or experiment folder: the summary table, every figure (PNG as a
/// <c>data:</c> URI), the model file, and the exact command and version that produced it (from the folder's
/// <c>command.json</c>, see <see cref="RunProvenance"/>). The page has no script, loads nothing from the network
/// and needs no file beside it, so it can be mailed as it is.
/// </summary>
public static class HtmlReport
{
    /// <summary>The default file name, <c>report.html</c>, written inside the folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The kind of <paramref name="folder"/>.</summary>
    /// <exception cref="PlotDataException">The folder holds nothing a report can describe.</exception>
    public static ReportKind KindOf(string folder)
    {
        string F(string name) => Path.Combine(folder, name);
        if (File.Exists(F(SweepFolder.DefinitionFile)) || File.Exists(F(SweepFolder.ResultsFile))) return ReportKind.Sweep;
        if (File.Exists(F(ExperimentRunner.ResultFile)) || File.Exists(F(ExperimentFiles.SummaryFile)) || ExperimentSubfolders(folder).Count > 0) return ReportKind.Experiment;
        if (File.Exists(F(RunFolderWriter.SummaryFile)) || RunFolderPlotter.DataFiles.Any(f => File.Exists(F(f)))) return ReportKind.Run;
        throw new PlotDataException($"{folder}: not a run, sweep or experiment folder (no summary.json, results.csv, result.json or data file)");
    }

    /// <summary>Writes the report of <paramref name="folder"/> to <paramref name="outFile"/> (default FOLDER/report.html); returns the path written.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="PlotDataException">The folder holds nothing a report can describe, or a file cannot be read.</exception>
    public static string Write(string folder, string? outFile = null, ReportOptions? options = null)
    {
        string html = Build(folder, options);
        string path = outFile ?? Path.Combine(folder, FileName);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        SweepFolder.WriteAtomically(path, html);
        return path;
    }

    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report of <paramref name="folder"/> as HTML text.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="PlotDataException">The folder holds nothing a report can describe, or a file cannot be read.</exception>
    public static string Build(string folder, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new ReportOptions();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        ReportKind kind = KindOf(folder);
        var provenance = RunProvenance.TryRead(folder);
        string name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));

        var body = new StringBuilder();
        string? modelFile = options.ModelFile ?? provenance?.ModelFile;
        string? version = provenance?.Version;
        switch (kind)
        {
            case ReportKind.Run:
                var summary = ReadJson(Path.Combine(folder, RunFolderWriter.SummaryFile));
                version ??= StringProperty(summary, "version");
                if (StringProperty(summary, "model") is string model) name = model;
                // A comparison folder (spikesim compare) has compare.json at its top instead of summary.json.
                var comparison = summary is null ? ReadJson(Path.Combine(folder, RunFolderWriter.CompareSummaryFile)) : null;
                body.Append("<h2>Summary</h2>\n").Append(comparison is null ? RunSummaryHtml(summary) : RunSummaryHtml(comparison));
                body.Append(FiguresHtml(folder, options));
                break;
            case ReportKind.Sweep:
                string sweepJson = Path.Combine(folder, SweepFolder.DefinitionFile);
                if (modelFile is null && File.Exists(sweepJson))
                {
                    try { modelFile = Sweeps.SweepFile.Read(sweepJson).Spec.ModelPath; }
                    catch (Modeling.ModelException) { }
                }
                body.Append("<h2>Results</h2>\n").Append(CsvTableHtml(Path.Combine(folder, SweepFolder.ResultsFile), options.MaxTableRows));
                body.Append(FiguresHtml(folder, options));
                if (File.Exists(sweepJson)) body.Append("<h2>Sweep definition (sweep.json)</h2>\n<pre>").Append(Html.Escape(File.ReadAllText(sweepJson))).Append("</pre>\n");
                break;
            case ReportKind.Experiment:
                var subfolders = ExperimentSubfolders(folder);
                if (File.Exists(Path.Combine(folder, ExperimentRunner.ResultFile)) || File.Exists(Path.Combine(folder, ExperimentFiles.SummaryFile)))
                    body.Append(ExperimentHtml(folder, 2));
                foreach (string sub in subfolders)
                    body.Append($"<h2>{Html.Escape(Path.GetFileName(sub))}</h2>\n").Append(ExperimentHtml(sub, 3));
                break;
        }

        var page = new StringBuilder();
        string title = $"{KindTitle(kind)}: {name}";
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Escape(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Html.Escape(title)).Append("</h1>\n");
        page.Append(ProvenanceHtml(provenance, version, folder));
        page.Append(body);
        if (modelFile is not null)
        {
            page.Append("<h2>Model file</h2>\n");
            page.Append(File.Exists(modelFile)
                ? $"<p><code>{Html.Escape(modelFile)}</code></p>\n<pre>{Html.Escape(File.ReadAllText(modelFile))}</pre>\n"
                : $"<p>The model file <code>{Html.Escape(modelFile)}</code> no longer exists.</p>\n" +
                  (provenance?.Model is { } asRun
                      ? $"<p>The model as run, kept in command.json:</p>\n<pre>{Html.Escape(asRun.ToJsonString(IndentedJson))}</pre>\n"
                      : ""));
        }
        page.Append("<h2>Files</h2>\n").Append(FilesHtml(folder));
        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string KindTitle(ReportKind kind) => kind switch
    {
        ReportKind.Run => "Run",
        ReportKind.Sweep => "Sweep",
        _ => "Experiment",
    };

    private static string ProvenanceHtml(RunProvenance? provenance, string? version, string folder)
    {
        var pairs = new List<(string, string)>();
        if (provenance is not null)
        {
            pairs.Add(("command", provenance.Command));
            pairs.Add(("working folder", provenance.WorkingDirectory));
            pairs.Add(("finished (UTC)", provenance.TimeUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        }
        else pairs.Add(("command", $"not recorded (no {RunProvenance.FileName} in the folder)"));
        pairs.Add(("SpikeSim version", version ?? "not recorded"));
        pairs.Add(("folder", Path.GetFullPath(folder)));
        return "<h2>How this was made</h2>\n" + Html.KeyValues(pairs);
    }

    private static string RunSummaryHtml(JsonElement? summary)
    {
        if (summary is not JsonElement root) return "<p>No summary.json in the folder.</p>\n";
        var sb = new StringBuilder();
        var pairs = new List<(string, string)>();
        foreach (var p in root.EnumerateObject())
            if (p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String && p.Name != "version")
                pairs.Add((Label(p.Name), p.Value.ValueKind == JsonValueKind.Number ? Html.Number(p.Value.GetDouble()) : p.Value.GetString()!));
            else if (p.Value.ValueKind == JsonValueKind.Object)
                foreach (var q in p.Value.EnumerateObject())
                    if (q.Value.ValueKind == JsonValueKind.Number) pairs.Add(($"{Label(p.Name)}: {Label(q.Name)}", Html.Number(q.Value.GetDouble())));
        sb.Append(Html.KeyValues(pairs));
        if (root.TryGetProperty("populations", out var pops) && pops.ValueKind == JsonValueKind.Array)
        {
            var columns = new List<string>();
            foreach (var pop in pops.EnumerateArray())
                foreach (var f in pop.EnumerateObject())
                    if (!columns.Contains(f.Name) && f.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null) columns.Add(f.Name);
            var rows = new List<IReadOnlyList<string>>();
            foreach (var pop in pops.EnumerateArray())
                rows.Add(columns.Select(c => pop.TryGetProperty(c, out var v) ? Cell(v) : "").ToList());
            sb.Append(Html.Table(columns, rows));
        }
        return sb.ToString();
    }

    /// <summary>A JSON name with its unit suffix spelled out: <c>duration_ms</c> becomes <c>duration (ms)</c>.</summary>
    private static string Label(string name)
    {
        foreach (string unit in (string[])["ms", "hz", "s", "mv", "pa"])
            if (name.EndsWith("_" + unit, StringComparison.Ordinal))
                return $"{name[..^(unit.Length + 1)].Replace('_', ' ')} ({unit switch { "hz" => "Hz", "mv" => "mV", "pa" => "pA", _ => unit }})";
        return name.Replace('_', ' ');
    }

    private static string Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => Html.Number(v.GetDouble()),
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => v.GetRawText(),
    };

    private static string FiguresHtml(string folder, ReportOptions options)
    {
        IReadOnlyList<NamedFigure> figures;
        try
        {
            figures = RunFolderPlotter.BuildFigures(folder, options.Plot);
        }
        catch (PlotDataException e) when (e.Message.Contains("nothing to plot", StringComparison.Ordinal))
        {
            return "<h2>Figures</h2>\n<p>The folder's data give no figure.</p>\n";
        }
        var sb = new StringBuilder("<h2>Figures</h2>\n");
        foreach (var f in figures)
        {
            using var png = new MemoryStream();
            FigureExporter.WritePng(f.Model, png);
            string caption = string.IsNullOrEmpty(f.Model.Title) ? f.Name : $"{f.Name}: {f.Model.Title}";
            sb.Append(Html.Figure(Html.DataUri("image/png", png.ToArray()), caption));
        }
        return sb.ToString();
    }

    private static string ExperimentHtml(string folder, int level)
    {
        var sb = new StringBuilder();
        var result = ReadJson(Path.Combine(folder, ExperimentRunner.ResultFile));
        if (result is JsonElement r)
        {
            var pairs = new List<(string, string)>();
            foreach (var p in r.EnumerateObject())
                if (p.Value.ValueKind != JsonValueKind.Object) pairs.Add((Label(p.Name), Cell(p.Value)));
            sb.Append(Html.KeyValues(pairs));
            if (r.TryGetProperty("numbers", out var numbers) && numbers.ValueKind == JsonValueKind.Object)
                sb.Append(Html.Table(["number", "value"], numbers.EnumerateObject().Select(n => (IReadOnlyList<string>)[n.Name, Cell(n.Value)]).ToList()));
        }
        var shown = new HashSet<string>(StringComparer.Ordinal);
        string summaryMd = Path.Combine(folder, ExperimentFiles.SummaryFile);
        if (File.Exists(summaryMd))
        {
            string md = File.ReadAllText(summaryMd);
            if (level > 2) md = md.Replace("\n#", "\n##", StringComparison.Ordinal);
            sb.Append(MarkdownHtml.Convert(md, target => EmbedFile(folder, target, shown)));
        }
        // Figures the summary does not show itself, in any format (`experiment --format both` writes NAME.png, shown,
        // and NAME.svg, the same figure).
        var shownFigures = new HashSet<string>(shown.Select(f => Path.ChangeExtension(f, null)), StringComparer.Ordinal);
        var images = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Html.ImageMediaType(f) is not null && !shownFigures.Contains(Path.ChangeExtension(Path.GetFullPath(f), null)))
            .Order(StringComparer.Ordinal).ToList();
        if (images.Count > 0)
        {
            sb.Append($"<h{level}>Figures</h{level}>\n");
            foreach (string image in images)
                sb.Append(Html.Figure(Html.DataUri(Html.ImageMediaType(image)!, File.ReadAllBytes(image)), Path.GetRelativePath(folder, image)));
        }
        return sb.ToString();
    }

    /// <summary>The data URI of an image file inside <paramref name="folder"/> (null for anything else), remembered in <paramref name="shown"/>.</summary>
    private static string? EmbedFile(string folder, string target, HashSet<string> shown)
    {
        if (target.Contains("://", StringComparison.Ordinal)) return null;
        string path = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(target)));
        if (!path.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) || !File.Exists(path) || Html.ImageMediaType(path) is not string type) return null;
        shown.Add(path);
        return Html.DataUri(type, File.ReadAllBytes(path));
    }

    private static string CsvTableHtml(string path, int maxRows)
    {
        if (!File.Exists(path)) return "<p>No results.csv yet.</p>\n";
        using var csv = CsvFile.Open(path);
        var rows = new List<IReadOnlyList<string>>();
        int total = 0;
        while (csv.Read())
        {
            total++;
            if (rows.Count < maxRows)
            {
                var row = new string[csv.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = csv.Field(i).ToString();
                rows.Add(row);
            }
        }
        string table = Html.Table(csv.Header, rows, "wide");
        return total > rows.Count ? table + $"<p>{rows.Count} of {total} rows shown; all are in results.csv.</p>\n" : table;
    }

    private static string FilesHtml(string folder)
    {
        var rows = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(f => f != FileName && !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (IReadOnlyList<string>)[f, new FileInfo(Path.Combine(folder, f)).Length.ToString("N0", CultureInfo.InvariantCulture)])
            .ToList();
        return Html.Table(["file", "bytes"], rows);
    }

    private static IReadOnlyList<string> ExperimentSubfolders(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, ExperimentRunner.ResultFile))).Order(StringComparer.Ordinal).ToList()
            : [];

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PlotDataException($"{path}: not valid JSON ({e.Message})");
        }
    }

    private static string? StringProperty(JsonElement? e, string name) =>
        e is JsonElement root && root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}" +
        "h1{font-size:1.6em;border-bottom:2px solid #ddd;padding-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #eee}" +
        "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}" +
        "th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}table.kv th{width:12em}" +
        "table.wide{display:block;overflow-x:auto;max-width:100%}" +
        "pre{background:#f7f7f7;border:1px solid #e5e5e5;padding:.8em;overflow-x:auto;font-size:.85em;max-height:40em}" +
        "code{font-family:ui-monospace,'DejaVu Sans Mono',monospace}" +
        "figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#555;font-size:.9em}";
}
