using System.Globalization;
using System.Text.Json;

namespace SpikeSim.Tests.Cli;

/// <summary>End-to-end runs through the in-process CLI (real reader and engine).</summary>
public sealed class CliRunTests : CliTestBase
{
    private static readonly string[] AllFiles = ["command.json", "rates.csv", "spikes.csv", "summary.json", "v.csv"]; // command.json: see CommandRecord

    private static string[] FileNames(string dir) =>
        [.. Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void ValidatePrintsTheModelCounts()
    {
        string path = Write("tiny.json", RecurrentModel());
        var run = Spikesim("validate", path);
        Assert.Equal(0, run.Code);
        Assert.Equal($"{path}: ok (2 populations, 100 neurons, 4 projections, 3 inputs)" + Environment.NewLine, run.Out);
        Assert.Equal("", run.Err);
    }

    [Fact]
    public void ValidateAppliesOverrides()
    {
        string path = Write("tiny.json", RecurrentModel());
        var run = Spikesim("validate", path, "--set", "populations.exc.size=1000");
        Assert.Equal(0, run.Code);
        Assert.Contains("1,020 neurons", run.Out);
    }

    [Fact]
    public void RunWritesTheRunFolderAndAResultLine()
    {
        string path = Write("tiny.json", RecurrentModel());
        string outDir = Path.Combine(Dir, "runs", "tiny");
        var run = Spikesim("run", path, "--out", outDir, "--threads", "2");
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(AllFiles, FileNames(outDir));
        Assert.Empty(PartialFolders());
        Assert.Equal("", run.Err);   // short run: no progress

        string line = run.Out.TrimEnd();
        Assert.StartsWith("tiny: 200 ms in ", line);
        Assert.Contains(" s, 100 neurons, ", line);
        Assert.Contains(" Hz exc, ", line);
        Assert.EndsWith(" Hz inh) -> " + outDir, line);

        string[] spikes = File.ReadAllLines(Path.Combine(outDir, "spikes.csv"));
        Assert.Equal("t_ms,population,neuron", spikes[0]);
        Assert.True(spikes.Length > 50, $"only {spikes.Length - 1} spikes");
        // The 25 mV input spike at 1.132123512 ms fires exc neuron 0 at exactly that time (delta synapse).
        Assert.Contains("1.132123512,exc,0", spikes);
        double last = -1;
        foreach (string row in spikes.Skip(1))
        {
            string[] f = row.Split(',');
            double t = double.Parse(f[0], CultureInfo.InvariantCulture);
            Assert.True(t >= last && t < 200);
            last = t;
            Assert.True(f[1] is "exc" or "inh");
            int n = int.Parse(f[2], CultureInfo.InvariantCulture);
            Assert.InRange(n, 0, f[1] == "exc" ? 79 : 19);
        }

        string[] v = File.ReadAllLines(Path.Combine(outDir, "v.csv"));
        Assert.Equal("t_ms,population,neuron,v_mV", v[0]);
        Assert.Equal(1 + 2 * 400, v.Length);   // 2 neurons every 0.5 ms in [0, 200)
        Assert.StartsWith("0,exc,0,", v[1]);
        Assert.StartsWith("0,exc,1,", v[2]);
        Assert.StartsWith("0.5,exc,0,", v[3]);

        string[] rates = File.ReadAllLines(Path.Combine(outDir, "rates.csv"));
        Assert.Equal("t_ms,population,rate_hz", rates[0]);
        Assert.Equal(1 + 20 * 2, rates.Length);
        Assert.StartsWith("0,exc,", rates[1]);
        Assert.StartsWith("0,inh,", rates[2]);
        Assert.StartsWith("190,inh,", rates[^1]);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("tiny", root.GetProperty("model").GetString());
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(200.0, root.GetProperty("duration_ms").GetDouble());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(100, root.GetProperty("neurons").GetInt32());
        Assert.True(root.GetProperty("synapses").GetInt64() > 0);
        var events = root.GetProperty("events");
        Assert.True(events.GetProperty("input").GetInt64() > 0);
        Assert.Equal(events.GetProperty("recurrent").GetInt64() + events.GetProperty("input").GetInt64(), events.GetProperty("total").GetInt64());
        var pops = root.GetProperty("populations").EnumerateArray().ToArray();
        long spikeRows = spikes.Length - 1;
        Assert.Equal(spikeRows, pops.Sum(p => p.GetProperty("spikes").GetInt64()));
        long excSpikes = spikes.Skip(1).Count(r => r.Contains(",exc,", StringComparison.Ordinal));
        Assert.Equal(excSpikes, pops[0].GetProperty("spikes").GetInt64());
        Assert.Equal(excSpikes / (80 * 0.2), pops[0].GetProperty("rate_hz").GetDouble(), 9);
    }

    [Fact]
    public void SeedAndDurationOptionsOverrideTheModelAndTheSetOnes()
    {
        string path = Write("tiny.json", RecurrentModel());
        string a = Path.Combine(Dir, "a"), b = Path.Combine(Dir, "b");
        Assert.Equal(0, Spikesim("run", path, "--out", a, "--set", "seed=99", "--seed", "5", "--duration", "50 ms", "--set", "duration=1 s", "-q").Code);
        Assert.Equal(0, Spikesim("run", path, "--out", b, "--set", "seed=5", "--set", "duration=50 ms", "--quiet").Code);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "summary.json")));
        Assert.Equal(5UL, summary.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal(50.0, summary.RootElement.GetProperty("duration_ms").GetDouble());
        Assert.Equal(File.ReadAllBytes(Path.Combine(b, "spikes.csv")), File.ReadAllBytes(Path.Combine(a, "spikes.csv")));
    }

    [Fact]
    public void ThreadCountDoesNotChangeAnyByte()
    {
        string path = Write("tiny.json", RecurrentModel("300 ms"));
        string one = Path.Combine(Dir, "t1"), two = Path.Combine(Dir, "t2"), all = Path.Combine(Dir, "t0");
        Assert.Equal(0, Spikesim("run", path, "--out", one, "--threads", "1").Code);
        Assert.Equal(0, Spikesim("run", path, "--out", two, "--threads", "2").Code);
        Assert.Equal(0, Spikesim("run", path, "--out", all, "--threads", "0").Code);
        foreach (string file in new[] { "spikes.csv", "v.csv", "rates.csv" })
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(one, file));
            Assert.True(expected.Length > 100, file);
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(two, file)));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(all, file)));
        }
    }

    [Fact]
    public void AFailedRunLeavesAnEarlierRunByteIdentical()
    {
        string path = Write("tiny.json", RecurrentModel());
        string outDir = Path.Combine(Dir, "run");
        Assert.Equal(0, Spikesim("run", path, "--out", outDir).Code);
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        var before = FileNames(outDir).ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(outDir, f)));

        // Bad input: rejected before the folder is touched.
        var bad = Spikesim("run", path, "--out", outDir, "--set", "populations.exc.size=-3");
        Assert.Equal(2, bad.Code);
        Assert.Contains("$.populations[0].size", bad.Err);
        // A failure at commit time (a folder where a file must go) after a full run: exit 1, nothing replaced.
        Directory.CreateDirectory(Path.Combine(outDir, "v.csv.tmp"));
        File.Move(Path.Combine(outDir, "v.csv"), Path.Combine(outDir, "v.csv.tmp", "v.csv"));
        Directory.Move(Path.Combine(outDir, "v.csv.tmp"), Path.Combine(outDir, "v.csv"));
        var failed = Spikesim("run", path, "--out", outDir, "--seed", "8");
        Assert.Equal(1, failed.Code);
        Assert.StartsWith("spikesim: error: ", failed.Err);
        Assert.Contains("v.csv", failed.Err);
        Directory.Move(Path.Combine(outDir, "v.csv"), Path.Combine(outDir, "v.csv.tmp"));
        File.Move(Path.Combine(outDir, "v.csv.tmp", "v.csv"), Path.Combine(outDir, "v.csv"));
        Directory.Delete(Path.Combine(outDir, "v.csv.tmp"));

        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), FileNames(outDir));
        foreach (var (name, bytes) in before)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(outDir, name)));
        Assert.Empty(PartialFolders());
    }

    [Fact]
    public void ASuccessfulRunReplacesOnlyItsOwnFiles()
    {
        string path = Write("tiny.json", RecurrentModel());
        string outDir = Path.Combine(Dir, "run");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "spikes.csv"), "old");
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(outDir, "connections.csv"), "an earlier run's"); // this model does not record it
        Assert.Equal(0, Spikesim("run", path, "--out", outDir + Path.DirectorySeparatorChar).Code);
        Assert.StartsWith("t_ms,population,neuron", File.ReadAllText(Path.Combine(outDir, "spikes.csv")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "notes.txt")));
        Assert.False(File.Exists(Path.Combine(outDir, "connections.csv")), "a stale output of an earlier run was left beside the new one");
        Assert.Empty(PartialFolders());
    }
}
