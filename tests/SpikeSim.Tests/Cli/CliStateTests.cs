using SpikeSim.Cli;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Cli;

/// <summary><c>spikesim run --save-state / --load-state</c>: continued runs, train then test, and refusals (exit 2).</summary>
public class CliStateTests : CliTestBase
{
    private static string[] Rows(string folder, string file) => File.ReadAllLines(Path.Combine(folder, file));

    /// <summary>The data rows of a CSV whose first column (t_ms) is at least <paramref name="fromMs"/>.</summary>
    private static string[] RowsFrom(string folder, string file, double fromMs) =>
        [.. Rows(folder, file).Skip(1).Where(r => double.Parse(r.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) >= fromMs)];

    [Theory]
    [InlineData("2", "1")]
    [InlineData("1", "2")]
    public void AContinuedRunWritesTheRowsOfOneRunWithAbsoluteTimes(string saveThreads, string loadThreads)
    {
        string model = Write("tiny.json", RecurrentModel("200 ms"));
        string whole = Path.Combine(Dir, "whole"), first = Path.Combine(Dir, "first"), second = Path.Combine(Dir, "second");
        string state = Path.Combine(Dir, "tiny.state");
        Assert.Equal(0, Spikesim("run", model, "--out", whole, "-q", "-t", "1").Code);
        Assert.Equal(0, Spikesim("run", model, "--out", first, "-q", "-t", saveThreads, "--duration", "120.3 ms", "--save-state", state).Code);
        CliRun run = Spikesim("run", model, "--out", second, "-q", "-t", loadThreads, "--duration", "79.7 ms", "--load-state", state);
        Assert.True(run.Code == 0, run.Err);

        string[] expected = RowsFrom(whole, "spikes.csv", 120.3);
        Assert.True(expected.Length > 100, $"only {expected.Length} spikes after the save");
        Assert.Equal(expected, Rows(second, "spikes.csv").Skip(1));
        Assert.Equal(RowsFrom(whole, "v.csv", 120.3), Rows(second, "v.csv").Skip(1));
        // Rate bins stay on the 10 ms grid: every full bin after the save equals the uninterrupted run's.
        Assert.Equal(RowsFrom(whole, "rates.csv", 130), RowsFrom(second, "rates.csv", 130));
        Assert.StartsWith("120.3,", Rows(second, "rates.csv")[1]);
        Assert.Contains("\"start_ms\": 120.3", File.ReadAllText(Path.Combine(second, "summary.json")));
        // Its figures show the continued stretch, 120.3 to 200 ms.
        var figures = SpikeSim.Plotting.RunFolderPlotter.BuildFigures(second).Where(f => f.Name is "raster" or "rates").ToList();
        Assert.Equal(2, figures.Count);
        foreach (var figure in figures)
        {
            var axis = figure.Model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
            Assert.Equal((120.3, 200.0), (axis.Minimum, axis.Maximum));
        }
    }

    [Fact]
    public void TrainWithStdpThenTestWithPlasticityOff()
    {
        string train = Path.Combine(ModelTestHelpers.ModelsDir, "song2000-stdp.json");
        string test = Write("test.json", RemovePlasticity(File.ReadAllText(train)));
        Assert.DoesNotContain("\"plasticity\"", File.ReadAllText(test));
        string state = Path.Combine(Dir, "trained.state");
        Assert.Equal(0, Spikesim("run", train, "--out", Path.Combine(Dir, "train"), "-q", "--duration", "1 s", "--save-state", state).Code);

        CliRun run = Spikesim("run", test, "--out", Path.Combine(Dir, "test"), "-q", "--duration", "1 s", "--load-state", state);
        Assert.True(run.Code == 0, run.Err);
        // The learned weights are frozen: the final weights of the test equal those at the end of training.
        Assert.Equal(Rows(Path.Combine(Dir, "train"), "connections.csv"), Rows(Path.Combine(Dir, "test"), "connections.csv"));
        Assert.True(Rows(Path.Combine(Dir, "test"), "spikes.csv").Skip(1).All(r => double.Parse(r.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) >= 1000));
    }

    /// <summary>The model text without its projection's "plasticity": { ... } block.</summary>
    private static string RemovePlasticity(string json)
    {
        int start = json.IndexOf("\"plasticity\":", StringComparison.Ordinal);
        int open = json.IndexOf('{', start), depth = 0, end = open;
        for (; end < json.Length; end++)
        {
            if (json[end] == '{') depth++;
            else if (json[end] == '}' && --depth == 0) break;
        }
        int comma = json.LastIndexOf(',', start);
        return json[..comma] + json[(end + 1)..];
    }

    [Fact]
    public void AnotherShapeIsExit2NamingWhatDiffersAndKeepsTheOldStateFile()
    {
        string model = Write("tiny.json", RecurrentModel("50 ms"));
        string state = Path.Combine(Dir, "tiny.state");
        Assert.Equal(0, Spikesim("run", model, "--out", Path.Combine(Dir, "a"), "-q", "--save-state", state).Code);
        byte[] before = File.ReadAllBytes(state);
        CliRun run = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", state, "--save-state", state,
                              "--set", "populations.exc.size=81");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("population \"exc\" has 80 neurons in the state and 81 in the model", run.Err);
        Assert.Equal(before, File.ReadAllBytes(state));
        Assert.False(Directory.Exists(Path.Combine(Dir, "b")));
    }

    [Fact]
    public void SwitchingAdaptationOnOrOffIsExit2NamingThePopulationAndWhatDiffers()
    {
        string model = Write("ad.json", """
            { "duration": "50 ms", "seed": 1,
              "populations": [ { "name": "a", "size": 3, "neuron": { "model": "lif", "psc": "exp" } } ],
              "inputs": [ { "type": "poisson", "to": "a", "rate": "8 kHz", "weight": "60 pA" } ],
              "record": { "spikes": true } }
            """);
        string plain = Path.Combine(Dir, "plain.state"), adapting = Path.Combine(Dir, "adapting.state");
        Assert.Equal(0, Spikesim("run", model, "--out", Path.Combine(Dir, "p"), "-q", "--save-state", plain).Code);
        Assert.Equal(0, Spikesim("run", model, "--out", Path.Combine(Dir, "q"), "-q", "--save-state", adapting, "--set", "populations.a.neuron.b=10 pA").Code);

        CliRun on = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", plain, "--set", "populations.a.neuron.b=10 pA");
        Assert.Equal(ExitCodes.BadInput, on.Code);
        Assert.Contains("plain.state: the state does not fit the model: population \"a\" keeps 5 state values per neuron in the state and 8 in the model: "
                        + "it was saved without adaptation (a = b = 0) and the model has adaptation (a = 0 nS, b = 10 pA)", on.Err);
        CliRun off = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", adapting);
        Assert.Equal(ExitCodes.BadInput, off.Code);
        Assert.Contains("population \"a\" keeps 8 state values per neuron in the state and 5 in the model: it was saved with adaptation (a or b not 0) and the model has none", off.Err);
        Assert.DoesNotContain("corrupted", on.Err + off.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "b")));
        // Changing b with adaptation on both sides keeps the shape.
        Assert.Equal(0, Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", adapting, "--set", "populations.a.neuron.b=20 pA").Code);
    }

    [Fact]
    public void TruncatedCorruptedAndForeignStateFilesAreExit2()
    {
        string model = Write("tiny.json", RecurrentModel("50 ms"));
        string state = Path.Combine(Dir, "tiny.state");
        Assert.Equal(0, Spikesim("run", model, "--out", Path.Combine(Dir, "a"), "-q", "--save-state", state).Code);
        byte[] good = File.ReadAllBytes(state);
        byte[] corrupted = (byte[])good.Clone();
        corrupted[good.Length / 3] ^= 1;
        byte[] otherVersion = (byte[])good.Clone();
        otherVersion[8] = 2;
        foreach ((byte[] bytes, string message) in new[]
                 {
                     (good[..(good.Length - 10)], "truncated"), (corrupted, "checksum"), (otherVersion, "version 2"),
                     ("{}"u8.ToArray(), "not a SpikeSim state file"),
                 })
        {
            string bad = Path.Combine(Dir, "bad.state");
            File.WriteAllBytes(bad, bytes);
            CliRun run = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", bad);
            Assert.Equal(ExitCodes.BadInput, run.Code);
            Assert.Contains(message, run.Err);
            Assert.Contains("bad.state", run.Err);
        }
        CliRun missing = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--load-state", Path.Combine(Dir, "none.state"));
        Assert.Equal(ExitCodes.BadInput, missing.Code);
        CliRun noFolder = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--save-state", Path.Combine(Dir, "no", "x.state"));
        Assert.Equal(ExitCodes.BadInput, noFolder.Code);
        Assert.Contains("does not exist", noFolder.Err);
    }

    [Fact]
    public void ASaveStatePathThatCannotBeWrittenIsExit2BeforeTheRun()
    {
        // 3 s of the recurrent network take seconds to simulate: each refusal must come before it (and leave no run folder).
        string model = Write("tiny.json", RecurrentModel("3 s"));
        File.WriteAllText(Path.Combine(Dir, "file"), "x");
        var cases = new List<(string Path, string Message)>
        {
            (Path.Combine(Dir, "no", "x.state"), $"the folder '{Path.Combine(Dir, "no")}' does not exist"),
            (Path.Combine(Dir, "file", "x.state"), $"'{Path.Combine(Dir, "file")}' is a file, not a folder"),
            (Path.Combine(Dir, "file", "sub", "x.state"), $"'{Path.Combine(Dir, "file")}' is a file, not a folder"),
            (Dir, "it is a folder"),
        };
        if (Directory.Exists("/proc")) cases.Add(("/proc/x.state", "no file can be made in '/proc' (its file system accepts no new files)"));
        foreach ((string path, string message) in cases)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            CliRun run = Spikesim("run", model, "--out", Path.Combine(Dir, "b"), "-q", "--save-state", path);
            Assert.Equal(ExitCodes.BadInput, run.Code);
            Assert.Contains($"cannot save the state to '{path}': {message}", run.Err);
            Assert.False(Directory.Exists(Path.Combine(Dir, "b")));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"{path}: refused after {watch.Elapsed}");
        }
    }

    [Fact]
    public void TheArtificialModeRefusesStates()
    {
        string model = Write("tiny.json", RecurrentModel("50 ms"));
        CliRun run = Spikesim("run", model, "--out", Path.Combine(Dir, "a"), "-q", "--mode", "artificial", "--save-state", Path.Combine(Dir, "x.state"));
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("spiking engine only", run.Err);
    }
}
