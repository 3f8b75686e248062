using System.Diagnostics;
using SpikeSim.Cli;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary>
/// A run folder holds one run, whole: an interrupted commit keeps the earlier run, two runs never write one folder
/// at once, SIGTERM stops a run as Ctrl+C does, and what a killed run left is cleaned by the next one.
/// </summary>
public sealed class RunFolderCommitTests : CliTestBase
{
    /// <summary>The real file system, failing the operation that <paramref name="fails"/> picks.</summary>
    private sealed class FailingFileSystem(Func<string, string, string, bool> fails, bool exchange) : IFolderFileSystem
    {
        public List<string> Calls { get; } = [];

        public void Move(string from, string to)
        {
            Calls.Add($"move {Path.GetFileName(from)} {Path.GetFileName(to)}");
            if (fails("move", from, to)) throw new IOException($"simulated failure moving {from}");
            FolderFileSystem.Instance.Move(from, to);
        }

        public bool TryExchange(string a, string b)
        {
            Calls.Add($"exchange {Path.GetFileName(a)} {Path.GetFileName(b)}");
            if (fails("exchange", a, b)) throw new IOException("simulated failure swapping");
            return exchange && FolderFileSystem.Instance.TryExchange(a, b);
        }

        public void DeleteFolder(string path) => FolderFileSystem.Instance.DeleteFolder(path);
    }

    private string EarlierRun()
    {
        string final = Path.Combine(Dir, "run");
        Directory.CreateDirectory(Path.Combine(final, "figures"));
        File.WriteAllText(Path.Combine(final, "spikes.csv"), "old spikes");
        File.WriteAllText(Path.Combine(final, "v.csv"), "old v");
        File.WriteAllText(Path.Combine(final, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(final, "figures", "raster.png"), "old png");
        return final;
    }

    private static void AssertEarlierRunWhole(string final)
    {
        Assert.Equal("old spikes", File.ReadAllText(Path.Combine(final, "spikes.csv")));
        Assert.Equal("old v", File.ReadAllText(Path.Combine(final, "v.csv")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(final, "notes.txt")));
        Assert.Equal("old png", File.ReadAllText(Path.Combine(final, "figures", "raster.png")));
        Assert.Equal(5, Directory.GetFileSystemEntries(final, "*", SearchOption.AllDirectories).Length);
    }

    private static void WriteNewRun(OutputFolder folder)
    {
        File.WriteAllText(Path.Combine(folder.TempPath, "spikes.csv"), "new spikes");
        File.WriteAllText(Path.Combine(folder.TempPath, "summary.json"), "new summary");
    }

    [Theory]
    [InlineData("move", "notes", true)]        // carrying notes.txt over fails after the figures folder moved
    [InlineData("move", "figures", true)]      // carrying the figures folder over fails
    [InlineData("exchange", "", true)]         // the atomic swap itself fails
    [InlineData("move", ".run.partial", false)] // without exchange: the second rename (new run into place) fails
    public void AFailingStepOfTheCommitLeavesTheEarlierRunWhole(string op, string failingSource, bool exchange)
    {
        string final = EarlierRun();
        var fs = new FailingFileSystem((kind, from, _) => kind == op &&
            (op == "exchange" || Path.GetFileName(from).StartsWith(failingSource, StringComparison.Ordinal)), exchange);
        using (var folder = OutputFolder.Create(final, fs))
        {
            WriteNewRun(folder);
            Assert.Throws<IOException>(() => folder.Commit(supersedes: ["spikes.csv", "v.csv", "summary.json"]));
            AssertEarlierRunWhole(final);
        }
        AssertEarlierRunWhole(final);
        Assert.Empty(PartialFolders());
        Assert.Empty(Directory.GetFileSystemEntries(Dir, ".run*"));   // no lock, no .old folder left
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ACommitReplacesTheWholeRunAndKeepsTheUsersOtherFiles(bool exchange)
    {
        string final = EarlierRun();
        var fs = new FailingFileSystem((_, _, _) => false, exchange);
        using (var folder = OutputFolder.Create(final, fs))
        {
            WriteNewRun(folder);
            Assert.Equal(["spikes.csv", "summary.json"], folder.Commit(supersedes: ["spikes.csv", "v.csv", "summary.json"]));
        }
        Assert.Equal("new spikes", File.ReadAllText(Path.Combine(final, "spikes.csv")));
        Assert.Equal("new summary", File.ReadAllText(Path.Combine(final, "summary.json")));
        Assert.False(File.Exists(Path.Combine(final, "v.csv")));   // the earlier run's, superseded
        Assert.Equal("mine", File.ReadAllText(Path.Combine(final, "notes.txt")));
        Assert.Equal("old png", File.ReadAllText(Path.Combine(final, "figures", "raster.png")));
        Assert.Empty(Directory.GetFileSystemEntries(Dir, ".run*"));
        if (!exchange) Assert.Contains(fs.Calls, c => c.StartsWith("move run .run.old-", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondRunIntoAFolderThatALiveRunIsWritingIsRefusedNamingTheProcess()
    {
        string model = Write("m.json", RecurrentModel("20 ms"));
        string out1 = Path.Combine(Dir, "out");
        Assert.Equal(0, Spikesim("run", model, "--out", out1, "-q").Code);
        string before = File.ReadAllText(Path.Combine(out1, "spikes.csv"));
        using (var first = OutputFolder.Create(out1))   // a run of this very process, still writing
        {
            var second = Spikesim("run", model, "--out", out1, "-q", "--seed", "9");
            Assert.Equal(2, second.Code);
            Assert.Contains($"another spikesim run (process {Environment.ProcessId}) is writing this folder", second.Err);
            Assert.Equal(before, File.ReadAllText(Path.Combine(out1, "spikes.csv")));
        }
        Assert.Equal(0, Spikesim("run", model, "--out", out1, "-q").Code);   // the lock went with the first
    }

    [Fact]
    public void WhatAKilledRunLeftIsRemovedByTheNextRun()
    {
        string model = Write("m.json", RecurrentModel("20 ms"));
        string out1 = Path.Combine(Dir, "out");
        Assert.Equal(0, Spikesim("run", model, "--out", out1, "-q").Code);
        // A run killed with SIGKILL leaves its lock (naming a process that is gone), its partial folder, and, killed
        // between the two renames of a swap, the earlier run at .out.old-*.
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            File.WriteAllText(Path.Combine(Dir, ".out.lock"), $"pid={gone.Id}\nstarted=1\nhost={Environment.MachineName}\n");
        }
        Directory.CreateDirectory(Path.Combine(Dir, ".out.partial-0123456789ab"));
        File.WriteAllText(Path.Combine(Dir, ".out.partial-0123456789ab", "spikes.csv"), "half");
        Directory.Move(out1, Path.Combine(Dir, ".out.old-0123456789ab"));

        var run = Spikesim("run", model, "--out", out1, "-q", "--seed", "4");
        Assert.Equal(0, run.Code);
        Assert.True(File.Exists(Path.Combine(out1, "spikes.csv")));
        Assert.Empty(Directory.GetFileSystemEntries(Dir, ".out*"));
    }

    [Fact]
    public void SigtermStopsARunCleanlyAndKeepsTheEarlierRunAndASecondRunMeanwhileIsRefused()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        string exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "spikesim.exe" : "spikesim");
        string model = Write("m.json", RecurrentModel("20 ms"));
        string out1 = Path.Combine(Dir, "out");
        Assert.Equal(0, Spikesim("run", model, "--out", out1, "-q").Code);
        string before = File.ReadAllText(Path.Combine(out1, "spikes.csv"));

        var start = new ProcessStartInfo(exe, ["run", model, "--out", out1, "-q", "--threads", "1", "--duration", "1000 s"])
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var child = Process.Start(start)!;
        // Wait (up to a minute, on a loaded machine) until the run writes into its partial folder.
        var waited = Stopwatch.StartNew();
        while (PartialFolders().Length == 0 && !child.HasExited && waited.Elapsed < TimeSpan.FromMinutes(1)) Thread.Sleep(50);
        Assert.NotEmpty(PartialFolders());
        // Meanwhile a second run into the same folder is refused, naming the child.
        var second = Spikesim("run", model, "--out", out1, "-q");
        Assert.Equal(2, second.Code);
        Assert.Contains($"another spikesim run (process {child.Id}) is writing this folder", second.Err);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            kill.WaitForExit();
        string err = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000));
        Assert.Equal(143, child.ExitCode);   // 128 + SIGTERM, after a clean stop
        Assert.Contains("stopped", err);
        Assert.Equal(before, File.ReadAllText(Path.Combine(out1, "spikes.csv")));
        Assert.Empty(PartialFolders());
        Assert.False(File.Exists(Path.Combine(Dir, ".out.lock")));
    }
}

/// <summary>A new run never sits beside an earlier run's figures.</summary>
public sealed class RunFolderFiguresTests : CliTestBase
{
    [Fact]
    public void ANewRunDropsTheEarlierRunsFiguresAndKeepsTheUsersNotes()
    {
        string model = Write("m.json", RecurrentModel("20 ms"));
        string outDir = Path.Combine(Dir, "out");
        Assert.Equal(0, Spikesim("run", model, "--out", outDir, "-q", "--plot").Code);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "figures")));
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        Assert.Equal(0, Spikesim("run", model, "--out", outDir, "-q", "--seed", "8").Code);
        Assert.False(Directory.Exists(Path.Combine(outDir, "figures")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "notes.txt")));
    }
}
