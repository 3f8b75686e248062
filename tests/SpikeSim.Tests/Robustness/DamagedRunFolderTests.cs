using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary><c>spikesim plot</c> on damaged or odd run folders: exit 2 naming the file and line, never an internal error.</summary>
public sealed class DamagedRunFolderTests : CliTestBase
{
    private const string Model = """
        { "name": "two", "duration": "20 ms",
          "populations": [ { "name": "a", "size": 3, "neuron": { "model": "lif", "i_e": "400 pA" } } ],
          "record": { "spikes": true, "rates": { "bin": "5 ms" } } }
        """;

    private string RunFolder()
    {
        string outDir = Path.Combine(Dir, "run");
        Assert.Equal(0, Spikesim("run", Write("m.json", Model), "--out", outDir, "-q").Code);
        return outDir;
    }

    [Theory]
    [InlineData("3.5,a,2147483647", "column 'neuron': expected a neuron index below 3, the size of \"a\", got \"2147483647\"", true)]
    [InlineData("3.5,a,2147483647", "column 'neuron': expected a neuron index below 16777216", false)]
    [InlineData("3.5,zz,0", "column 'population': expected a population of the run (a), got \"zz\"", true)]
    [InlineData("NaN,a,0", "column 't_ms': expected a finite time in ms, got \"NaN\"", true)]
    [InlineData("3.5,a", "expected 3 fields, got 2", true)]
    public void ADamagedSpikesFileIsExitTwoNamingFileAndLine(string row, string message, bool keepSummary)
    {
        string outDir = RunFolder();
        string spikes = Path.Combine(outDir, "spikes.csv");
        int line = File.ReadAllLines(spikes).Length + 1;
        File.AppendAllText(spikes, row + "\n");
        if (!keepSummary) File.Delete(Path.Combine(outDir, "summary.json"));
        var r = Spikesim("plot", outDir);
        Assert.Equal(2, r.Code);
        Assert.Contains($"{spikes}:{line}: {message}", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
    }

    [Fact]
    public void APopulationNameWithALineBreakIsRefusedWhenTheModelIsRead()
    {
        var r = Spikesim("validate", Write("nl.json", Model.Replace("\"name\": \"a\"", "\"name\": \"a\\nb\"")));
        Assert.Equal(2, r.Code);
        Assert.Contains("$.populations[0].name: a population name must not contain control characters such as a line break", r.Err);
    }
}
