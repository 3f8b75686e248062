using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SpikeSim.Tests.Notebooks;

/// <summary>
/// docs/API.md's C# examples compile against the current library, as one notebook would hold them: the first block
/// (the <c>#:project</c> header and usings) and then every other block in order, so the later examples may use what
/// the earlier ones made (<c>spec</c>, <c>network</c>, <c>dir</c>, ...). Type declarations move after the statements,
/// as C# asks of a file-based app. Part of <see cref="NotebookTests"/>, so that its nested build never runs beside a
/// notebook's.
/// </summary>
public partial class NotebookTests
{
    private static string ApiDoc => Path.Combine(Path.GetDirectoryName(NotebooksDir)!, "docs", "API.md");

    /// <summary>The file-based app made of API.md's C# blocks, the header's project paths made absolute.</summary>
    public static string ApiDocProgram(string markdown, string repositoryRoot)
    {
        var blocks = CSharpBlock().Matches(markdown).Select(m => m.Groups[1].Value.ReplaceLineEndings("\n")).ToList();
        Assert.True(blocks.Count >= 2, "docs/API.md has no ```csharp blocks");
        Assert.StartsWith("#:project ../", blocks[0], StringComparison.Ordinal);
        string header = blocks[0].Replace("#:project ../", "#:project " + repositoryRoot.Replace('\\', '/') + "/", StringComparison.Ordinal);
        var statements = new StringBuilder();
        var types = new StringBuilder();
        foreach (string block in blocks.Skip(1))
        {
            string[] lines = block.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (!TypeDeclaration().IsMatch(lines[i])) { statements.Append(lines[i]).Append('\n'); continue; }
                int end = i;
                while (end < lines.Length && !lines[end].StartsWith('}')) end++;
                for (int k = i; k <= end && k < lines.Length; k++) types.Append(lines[k]).Append('\n');
                i = end;
            }
        }
        // The repository's rule, as for the notebooks (which sit under its Directory.Build.props): warnings are errors.
        return "#:property TreatWarningsAsErrors=true\n" + header + statements + types;
    }

    [Fact]
    public void ApiDocExamplesCompile()
    {
        string root = Path.GetDirectoryName(NotebooksDir)!;
        string program = ApiDocProgram(File.ReadAllText(ApiDoc), root);
        // One folder per checkout (another worktree may build its own at the same time), reused so the build is incremental.
        string folder = Path.Combine(Path.GetTempPath(), "spikesim-api-doc-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12]);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "API.cs");
        File.WriteAllText(file, program);

        var (exitCode, stdout, stderr) = BuildFileApp(file);
        string errors = string.Join('\n', (stdout + stderr).Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Distinct());
        Assert.True(exitCode == 0, $"docs/API.md's C# examples do not compile ({file}):\n{errors}\n{Tail(stdout)}");
    }

    /// <summary><c>dotnet build FILE</c> of a file-based app in its folder.</summary>
    private static (int ExitCode, string Stdout, string Stderr) BuildFileApp(string file) =>
        Dotnet(Path.GetDirectoryName(file)!, ["build", file], []);

    [Fact]
    public void ApiDocProgramPutsTypesAfterTheStatements()
    {
        string program = ApiDocProgram("""
            ```csharp
            #:project ../src/SpikeSim/SpikeSim.csproj
            using SpikeSim.Engine;
            ```
            text
            ```csharp
            int a = 1;
            sealed class C
            {
                int X => 1;
            }
            Console.WriteLine(a);
            ```
            """, "/repo");
        Assert.Equal("#:property TreatWarningsAsErrors=true\n#:project /repo/src/SpikeSim/SpikeSim.csproj\nusing SpikeSim.Engine;\n" +
                     "int a = 1;\nConsole.WriteLine(a);\n\nsealed class C\n{\n    int X => 1;\n}\n", program);
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^(public |internal |sealed |static |abstract |partial )*(class|record|struct|interface|enum) ")]
    private static partial Regex TypeDeclaration();
}
