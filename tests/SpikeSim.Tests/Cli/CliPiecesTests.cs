using SpikeSim.Cli;
using SpikeSim.Engine;

namespace SpikeSim.Tests.Cli;

/// <summary>The CLI's building blocks: the output folder's temp-and-commit, progress display, error mapping.</summary>
public sealed class CliPiecesTests : CliTestBase
{
    [Fact]
    public void OutputFolderCommitsIntoTheFinalFolderAndReplacesOnlyItsFiles()
    {
        string final = Path.Combine(Dir, "nested", "run");
        using (var folder = OutputFolder.Create(final))
        {
            Assert.False(Directory.Exists(final));   // untouched until commit
            Assert.Equal(Path.Combine(Dir, "nested"), Path.GetDirectoryName(folder.TempPath));
            Assert.StartsWith(".run.partial-", Path.GetFileName(folder.TempPath));
            File.WriteAllText(Path.Combine(folder.TempPath, "a.csv"), "new a");
            Assert.Equal(["a.csv"], folder.Commit());
        }
        Assert.Equal("new a", File.ReadAllText(Path.Combine(final, "a.csv")));

        File.WriteAllText(Path.Combine(final, "keep.txt"), "keep");
        using (var folder = OutputFolder.Create(final))
        {
            File.WriteAllText(Path.Combine(folder.TempPath, "a.csv"), "newer a");
            File.WriteAllText(Path.Combine(folder.TempPath, "b.csv"), "b");
            folder.Commit();
        }
        Assert.Equal("newer a", File.ReadAllText(Path.Combine(final, "a.csv")));
        Assert.Equal("b", File.ReadAllText(Path.Combine(final, "b.csv")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(final, "keep.txt")));
        Assert.Empty(PartialFolders());
    }

    [Fact]
    public void OutputFolderWithoutCommitRemovesItsTempFolderAndTouchesNothing()
    {
        string final = Path.Combine(Dir, "run");
        Directory.CreateDirectory(final);
        File.WriteAllText(Path.Combine(final, "a.csv"), "old");
        string temp;
        using (var folder = OutputFolder.Create(final))
        {
            temp = folder.TempPath;
            File.WriteAllText(Path.Combine(temp, "a.csv"), "new");
        }
        Assert.False(Directory.Exists(temp));
        Assert.Equal("old", File.ReadAllText(Path.Combine(final, "a.csv")));
    }

    [Fact]
    public void OutputFolderCommitChecksEveryTargetBeforeReplacingAny()
    {
        string final = Path.Combine(Dir, "run");
        Directory.CreateDirectory(Path.Combine(final, "b.csv"));   // a folder where a file must go
        File.WriteAllText(Path.Combine(final, "a.csv"), "old");
        using var folder = OutputFolder.Create(final);
        File.WriteAllText(Path.Combine(folder.TempPath, "a.csv"), "new");
        File.WriteAllText(Path.Combine(folder.TempPath, "b.csv"), "new");
        Assert.Throws<IOException>(() => folder.Commit());
        Assert.Equal("old", File.ReadAllText(Path.Combine(final, "a.csv")));
    }

    [Fact]
    public void PlainProgressWaitsTwoSecondsThenPrintsEveryFiveSeconds()
    {
        var err = new StringWriter();
        var progress = new ProgressReporter(err, terminal: false);
        progress.Report(new SimulationProgress(100, 1000, 1.0));   // too early
        Assert.Equal("", err.ToString());
        progress.Report(new SimulationProgress(250, 1000, 2.5));
        progress.Report(new SimulationProgress(300, 1000, 3.5));   // within 5 s of the last line
        progress.Report(new SimulationProgress(750, 1000, 7.5));
        progress.Finish();
        string[] lines = err.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "spikesim: 250 / 1000 ms (25%), 100 ms/s (0.1x realtime), 8s left",
            "spikesim: 750 / 1000 ms (75%), 100 ms/s (0.1x realtime), 3s left",
        ], lines);
    }

    [Fact]
    public void TerminalProgressRedrawsOneLineAndErasesIt()
    {
        var err = new StringWriter();
        var progress = new ProgressReporter(err, terminal: true);
        progress.Report(new SimulationProgress(500, 1000, 2.0));
        progress.Report(new SimulationProgress(1000, 1000, 4.0));
        progress.Finish();
        string text = err.ToString();
        Assert.DoesNotContain("\n", text);
        Assert.StartsWith("\r[##############..............]  50%  500 / 1000 ms, 250 ms/s (0.25x realtime), 2s left", text);
        Assert.Contains("\r[############################] 100%  1000 / 1000 ms", text);
        Assert.EndsWith("\r", text);
    }

    [Theory]
    [InlineData(5.0, "5s")]
    [InlineData(0.2, "1s")]
    [InlineData(185, "3m05s")]
    [InlineData(3720, "1h02m")]
    [InlineData(double.NaN, "?")]
    public void DurationsAreShort(double seconds, string expected) =>
        Assert.Equal(expected, ProgressReporter.FormatDuration(seconds));

    [Fact]
    public void ErrorsMapToExitCodes()
    {
        var err = new StringWriter();
        Assert.Equal(2, CliErrors.Report(err, new SpikeSim.Modeling.ModelException("m.json", "$.x", 3, "bad")));
        Assert.Equal(2, CliErrors.Report(err, new CliUsageException("usage")));
        Assert.Equal(1, CliErrors.Report(err, new IOException("disk full")));
        Assert.Equal(130, CliErrors.Report(err, new OperationCanceledException()));
        string[] lines = err.ToString().Split(Environment.NewLine);
        Assert.Equal("spikesim: error: m.json:3: $.x: bad", lines[0]);
        Assert.Equal("spikesim: error: usage", lines[1]);
        Assert.Equal("spikesim: error: disk full", lines[2]);
    }

    [Fact]
    public void ConnectionsAreWrittenWhenTheModelAsksForThem()
    {
        string path = Write("conn.json", $$"""
            {
              "name": "conn", "duration": "5 ms",
              "populations": [
                { "name": "a", "size": 2, "neuron": {{Neuron}} },
                { "name": "b", "size": 3, "neuron": { "model": "lif", "psc": "exp" } }
              ],
              "projections": [
                { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "12.5 pA", "delay": "2 ms" },
                { "name": "self", "from": "a", "to": "a", "connect": { "rule": "one_to_one" }, "weight": "0.1 mV", "delay": "0.5 ms" }
              ],
              "record": { "spikes": false, "connections": true }
            }
            """);
        string outDir = Path.Combine(Dir, "out");
        var run = Spikesim("run", path, "--out", outDir);
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(["command.json", "connections.csv", "summary.json"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            "projection,source,target,weight,delay_ms\n" +
            "a-b,0,0,12.5,2\n" +
            "a-b,0,1,12.5,2\n" +
            "a-b,0,2,12.5,2\n" +
            "a-b,1,0,12.5,2\n" +
            "a-b,1,1,12.5,2\n" +
            "a-b,1,2,12.5,2\n" +
            "self,0,0,0.1,0.5\n" +
            "self,1,1,0.1,0.5\n",
            File.ReadAllText(Path.Combine(outDir, "connections.csv")));
    }
}
