using System.Diagnostics;
using System.Text.RegularExpressions;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Notebooks;

/// <summary>
/// Every notebook (notebooks/*.cs, a .NET file-based app) runs in its quick mode with <c>dotnet run</c>, as a student
/// would run it, exits 0 and writes its Markdown page with every figure the page shows. The notebooks write into a
/// temporary folder (SPIKESIM_NOTEBOOK_OUT), so the committed pages and figures in notebooks/out are left alone.
/// The cases of a theory run one after the other, so the notebooks never build at the same time.
/// </summary>
public partial class NotebookTests
{
    /// <summary>Generous: the first run of a file-based app restores and builds it (about 20 s on 2 busy cores).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private static string NotebooksDir => Path.Combine(Path.GetDirectoryName(ModelTestHelpers.ModelsDir)!, "notebooks");

    /// <summary>The notebooks, by file name.</summary>
    public static TheoryData<string> Notebooks() => new(NotebookFiles());

    private static string[] NotebookFiles() =>
        [.. Directory.GetFiles(NotebooksDir, "*.cs").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryLessonOfTheIssueIsThere()
    {
        // Issue 5 asks for seven lessons, numbered 01-07.
        string[] names = NotebookFiles();
        for (int i = 1; i <= 7; i++) Assert.Contains(names, n => n.StartsWith($"{i:00}-", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLessonOfIssue9IsThere()
    {
        // Issue 9 asks for a lesson on shunting inhibition, adaptation and short-term depression against the artificial mode.
        Assert.Contains("08-beyond-the-relu.cs", NotebookFiles());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsInQuickModeAndWritesItsPage(string notebook)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string outDir = Path.Combine(Path.GetTempPath(), "spikesim-notebook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outDir);
        try
        {
            var (exitCode, stdout, stderr) = Run(notebook, outDir);
            Assert.True(exitCode == 0, $"dotnet run notebooks/{notebook} exited with {exitCode}\nstderr:\n{stderr}\nstdout (end):\n{Tail(stdout)}");

            string page = Path.Combine(outDir, name + ".md");
            Assert.True(File.Exists(page), $"{notebook} wrote no page {name}.md; stdout:\n{Tail(stdout)}");
            string markdown = File.ReadAllText(page);
            Assert.StartsWith("# ", markdown);
            Assert.Contains("```csharp", markdown);
            Assert.Contains("quick mode", markdown);
            var images = ImageLink().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(images);
            foreach (string image in images)
            {
                string path = Path.Combine(outDir, image);
                Assert.True(File.Exists(path), $"{name}.md shows {image}, which was not written");
                byte[] head = new byte[8];
                using (var stream = File.OpenRead(path)) stream.ReadExactly(head);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, head);
            }
        }
        finally
        {
            try { Directory.Delete(outDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Runs <c>dotnet run notebooks/NOTEBOOK</c> from the repository root with SPIKESIM_QUICK=1.</summary>
    private static (int ExitCode, string Stdout, string Stderr) Run(string notebook, string outDir)
    {
        string root = Path.GetDirectoryName(NotebooksDir)!;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add(Path.Combine("notebooks", notebook));
        // dotnet test sets MSBuild and test-host variables for its own build; a nested build must not inherit them.
        foreach (string key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        psi.Environment["SPIKESIM_QUICK"] = "1";
        psi.Environment["SPIKESIM_NOTEBOOK_OUT"] = outDir;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + dotnet);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet run notebooks/{notebook} took more than {Timeout.TotalMinutes} min\nstdout (end):\n{Tail(stdout.Result)}\nstderr:\n{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex ImageLink();
}
