using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using OxyPlot;

namespace SpikeSim.Plotting.Export;

/// <summary>
/// The Markdown page of a notebook (a .NET file-based app in <c>notebooks/</c>): the notebook's own source woven with
/// what it produced, so that a student can read the lesson on GitHub with its figures inline.
/// <para>Weaving: every comment that starts a line of the source (<c>// text</c> at column 0) is lesson text, in
/// Markdown; the code between those comments becomes fenced C# blocks; each figure, table or text the notebook adds
/// through this page appears right after the code block that holds the line of the call (calls made in a loop keep
/// their order). So call the page from the top-level statements: a call inside a local function would place its
/// output with that function's code. Directive lines (<c>#:project</c>, <c>#:property</c>) are left out.</para>
/// <para>Files: figures as <c>OUT/NAME-FIGURE.png</c> and the page as <c>OUT/NAME.md</c>, where OUT is
/// <see cref="OutputDirectory"/> and NAME the notebook's file name without <c>.cs</c>.</para>
/// </summary>
public sealed class NotebookPage
{
    /// <summary>Environment variable that selects the quick mode when set to <c>1</c> or <c>true</c>.</summary>
    public const string QuickVariable = "SPIKESIM_QUICK";

    /// <summary>Environment variable naming another output folder than <c>out/</c> beside the notebook.</summary>
    public const string OutputVariable = "SPIKESIM_NOTEBOOK_OUT";

    private readonly List<(int Line, int Order, string Markdown)> _items = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Starts the page of the notebook whose source is <paramref name="sourcePath"/> (given by the compiler).</summary>
    /// <param name="args">The notebook's command-line arguments: <c>--quick</c> selects the quick mode.</param>
    /// <param name="sourcePath">The notebook's source file; leave it out, the compiler fills it in (when that path does not
    /// exist, the file-based app's <c>EntryPointFilePath</c> is used).</param>
    public NotebookPage(string[] args, [CallerFilePath] string sourcePath = "")
    {
        ArgumentNullException.ThrowIfNull(args);
        // A build that maps source paths (deterministic CI builds) hides the real one from [CallerFilePath]; a .NET 10
        // file-based app also tells its entry file through AppContext.
        if (!File.Exists(sourcePath) && AppContext.GetData("EntryPointFilePath") is string entry && File.Exists(entry)) sourcePath = entry;
        SourcePath = Path.GetFullPath(sourcePath);
        Name = Path.GetFileNameWithoutExtension(SourcePath);
        SourceDirectory = Path.GetDirectoryName(SourcePath) ?? Directory.GetCurrentDirectory();
        string? quick = Environment.GetEnvironmentVariable(QuickVariable);
        Quick = Array.IndexOf(args, "--quick") >= 0 || quick == "1" || string.Equals(quick, "true", StringComparison.OrdinalIgnoreCase);
        string? outDir = Environment.GetEnvironmentVariable(OutputVariable);
        OutputDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(outDir) ? Path.Combine(SourceDirectory, "out") : outDir);
        Directory.CreateDirectory(OutputDirectory);
    }

    /// <summary>The notebook's name: its file name without <c>.cs</c>, e.g. <c>01-lif-vs-relu</c>.</summary>
    public string Name { get; }

    /// <summary>Full path of the notebook's source file.</summary>
    public string SourcePath { get; }

    /// <summary>The folder that holds the notebook.</summary>
    public string SourceDirectory { get; }

    /// <summary>True in the quick mode (<c>--quick</c> or <c>SPIKESIM_QUICK=1</c>): the notebook shortens its runs, as CI does.</summary>
    public bool Quick { get; }

    /// <summary>Where figures and the page go: <c>SPIKESIM_NOTEBOOK_OUT</c>, else <c>out/</c> beside the notebook.</summary>
    public string OutputDirectory { get; }

    /// <summary>A path relative to the repository root (the notebook folder's parent), e.g. <c>models/brunel2000.json</c>.</summary>
    public string RepositoryFile(string relativePath) => Path.GetFullPath(Path.Combine(SourceDirectory, "..", relativePath));

    /// <summary>A folder for a run's data files (<c>OUT/data/NAME/RUN</c>), created empty.</summary>
    public string RunFolder(string run)
    {
        string dir = Path.Combine(OutputDirectory, "data", Name, run);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Adds Markdown text (e.g. a sentence with the numbers just measured); also printed to stdout.</summary>
    public void Text(string markdown, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        Add(line, markdown);
        Console.WriteLine(markdown);
    }

    /// <summary>Writes <paramref name="model"/> as <c>OUT/NAME-FIGURE.png</c> and shows it on the page.</summary>
    /// <param name="model">The figure.</param>
    /// <param name="figure">Its short name (file-safe: letters, digits, '-').</param>
    /// <param name="caption">Alt text and caption (default: the figure's title).</param>
    /// <param name="width">Width, px.</param>
    /// <param name="height">Height, px.</param>
    /// <param name="line">Leave it out: the compiler fills in the line of the call.</param>
    /// <returns>The PNG's path.</returns>
    public string Figure(PlotModel model, string figure, string? caption = null, int width = 800, int height = 450,
                         [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(figure);
        string file = $"{Name}-{RunFolderPlotter.FileSafe(figure)}.png";
        string path = Path.Combine(OutputDirectory, file);
        FigureExporter.SavePng(model, path, width, height);
        string alt = (caption ?? model.Title ?? figure).Replace('[', '(').Replace(']', ')');
        Add(line, $"![{alt}]({file})" + (caption is null ? "" : $"\n\n*{caption}*"));
        Console.WriteLine($"figure: {path}");
        return path;
    }

    /// <summary>Adds a Markdown table (also printed to stdout).</summary>
    /// <param name="header">Column titles (name the units).</param>
    /// <param name="rows">Cells, one array per row.</param>
    /// <param name="line">Leave it out: the compiler fills in the line of the call.</param>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", header).Append(" |\n|");
        foreach (var _ in header) sb.Append("---|");
        foreach (var row in rows) sb.Append("\n| ").AppendJoin(" | ", row).Append(" |");
        string table = sb.ToString();
        Add(line, table);
        Console.WriteLine(table);
    }

    /// <summary>A number with <paramref name="significant"/> significant digits, invariant culture (for text and tables).</summary>
    public static string N(double value, int significant = 4)
    {
        if (double.IsNaN(value)) return "n/a";
        if (value == 0 || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        double magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude >= 6 || magnitude < -4) return value.ToString("G" + significant, CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, significant - 1 - (int)magnitude);
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes <c>OUT/NAME.md</c>: the woven source with every figure, table and text added, and a last line with the
    /// command, the mode and the wall time.
    /// </summary>
    /// <returns>The page's path.</returns>
    public string Save()
    {
        string[] source = File.Exists(SourcePath) ? File.ReadAllLines(SourcePath) : [];
        string relative = Path.GetFileName(SourceDirectory) + "/" + Name + ".cs";
        string page = Weave(source, _items) + "\n\n---\n\n" + string.Create(CultureInfo.InvariantCulture,
            $"*Written by `dotnet run {relative}{(Quick ? " --quick" : "")}` ({(Quick ? "quick mode: shortened runs" : "full mode")}) in {_clock.Elapsed.TotalSeconds:0.0} s. Source: [{Name}.cs](../{Name}.cs).*\n");
        string path = Path.Combine(OutputDirectory, Name + ".md");
        File.WriteAllText(path, page);
        Console.WriteLine($"page: {path}");
        return path;
    }

    /// <summary>
    /// Weaves <paramref name="source"/> (lines) with <paramref name="items"/> (line of the call, Markdown): comment
    /// lines at column 0 become text, other lines fenced C# blocks, each item follows the block holding its line.
    /// </summary>
    public static string Weave(IReadOnlyList<string> source, IReadOnlyList<(int Line, int Order, string Markdown)> items)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(items);
        var sorted = new List<(int Line, int Order, string Markdown)>(items);
        sorted.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Order.CompareTo(b.Order));
        var blocks = new List<string>();
        var text = new List<string>();
        var code = new List<string>();
        int next = 0;

        void FlushText()
        {
            if (text.Count > 0) blocks.Add(string.Join("\n", text).Trim('\n'));
            text.Clear();
        }
        void FlushCode(int lastLine)
        {
            while (code.Count > 0 && code[^1].Trim().Length == 0) code.RemoveAt(code.Count - 1);
            while (code.Count > 0 && code[0].Trim().Length == 0) code.RemoveAt(0);
            if (code.Count > 0) blocks.Add("```csharp\n" + string.Join("\n", code) + "\n```");
            code.Clear();
            while (next < sorted.Count && sorted[next].Line <= lastLine) blocks.Add(sorted[next++].Markdown);
        }

        for (int i = 0; i < source.Count; i++)
        {
            string line = source[i];
            if (line.StartsWith("#:", StringComparison.Ordinal) || line.StartsWith("#!", StringComparison.Ordinal)) continue;
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                FlushCode(i);
                string t = line.Length > 2 && line[2] == ' ' ? line[3..] : line[2..];
                text.Add(t.TrimEnd());
            }
            else
            {
                FlushText();
                code.Add(line.TrimEnd());
            }
        }
        FlushText();
        FlushCode(int.MaxValue);
        return string.Join("\n\n", blocks) + "\n";
    }

    private void Add(int line, string markdown) => _items.Add((line, _items.Count, markdown));
}
