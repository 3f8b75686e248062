using System.Text;
using System.Text.Json;
using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Recording;

namespace SpikeSim.Tests.Recording;

public sealed class RunFolderWriterTests : TempFolderTest
{
    private static ModelSpec Spec(RecordSpec record, params (string Name, int Size)[] populations) => new(
        "toy", 42, 100,
        [.. populations.Select(p => new PopulationSpec(p.Name, p.Size, LifSpec.Default("delta")))],
        [], [], record);

    private static void Feed(RunFolderWriter w, double start, double end, (double T, int N)[] spikes, VoltageSample[]? samples = null)
    {
        double[] times = [.. spikes.Select(s => s.T)];
        int[] neurons = [.. spikes.Select(s => s.N)];
        w.OnSlice(new SliceOutput
        {
            StartMs = start,
            EndMs = end,
            SpikeTimesMs = times,
            SpikeNeurons = neurons,
            Samples = samples ?? [],
        });
    }

    private static SimulationResult Result(double ms, long[] spikes, long recurrent = 0, long input = 0, int threads = 1, double wallS = 0.5) =>
        new(ms, wallS, spikes, recurrent, input, threads);

    private string Read(string name) => File.ReadAllText(Path.Combine(Dir, name), Encoding.UTF8);

    [Fact]
    public void SpikesCsvHasHeaderEngineOrderLocalIndicesAndRoundTripTimes()
    {
        // exc: global 0..2, inh: global 3..4
        var spec = Spec(new RecordSpec(["exc", "inh"], [], null), ("exc", 3), ("inh", 2));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 1, [(0.1 + 0.2, 1), (0.5, 0), (0.5, 4)]);
            Feed(w, 1, 2, [(1.132123512, 3), (1.132123512, 4), (1.9999999999999998, 2)]);
            w.Complete(Result(2, [3, 3]));
        }
        Assert.Equal(
            "t_ms,population,neuron\n" +
            "0.30000000000000004,exc,1\n" +
            "0.5,exc,0\n" +
            "0.5,inh,1\n" +
            "1.132123512,inh,0\n" +
            "1.132123512,inh,1\n" +
            "1.9999999999999998,exc,2\n",
            Read("spikes.csv"));
        Assert.Equal(1.132123512, double.Parse(Read("spikes.csv").Split('\n')[4].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(File.Exists(Path.Combine(Dir, "v.csv")));
        Assert.False(File.Exists(Path.Combine(Dir, "rates.csv")));
    }

    [Fact]
    public void OnlyRecordedPopulationsGoToSpikesCsvButAllAreCounted()
    {
        var spec = Spec(new RecordSpec(["inh"], [], null), ("exc", 3), ("inh", 2));
        using var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir);
        Feed(w, 0, 10, [(1, 0), (2, 3), (3, 2), (4, 4)]);
        w.Complete(Result(10, [2, 2]));
        Assert.Equal("t_ms,population,neuron\n2,inh,0\n4,inh,1\n", Read("spikes.csv"));
        Assert.Equal([2L, 2L], w.SpikeCounts);
        Assert.Equal(["spikes.csv", "summary.json"], w.Files);
    }

    [Fact]
    public void NothingRecordedWritesOnlyTheSummary()
    {
        var spec = Spec(RecordSpec.None, ("a", 2));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 5, [(1, 0)]);
            w.Complete(Result(5, [1]));
        }
        Assert.Equal(["summary.json"], Directory.GetFiles(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void VoltageCsvWritesSamplesInEngineOrderWithLocalIndices()
    {
        var spec = Spec(new RecordSpec([], [new VoltageRecordSpec("b", [0, 1], 0.1)], null), ("a", 2), ("b", 2));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 0.2, [], [new(0, 2, -70), new(0, 3, -70), new(0.1, 2, -69.87654321), new(0.1, 3, -55.5)]);
            Feed(w, 0.2, 0.3, [], [new(0.2, 2, -0.1 - 0.2), new(0.2, 3, 1e-7)]);
            w.Complete(Result(0.3, [0, 0]));
        }
        Assert.Equal(
            "t_ms,population,neuron,v_mV\n" +
            "0,b,0,-70\n" +
            "0,b,1,-70\n" +
            "0.1,b,0,-69.87654321\n" +
            "0.1,b,1,-55.5\n" +
            "0.2,b,0,-0.30000000000000004\n" +
            "0.2,b,1,1E-07\n",
            Read("v.csv"));
        Assert.False(File.Exists(Path.Combine(Dir, "spikes.csv")));
    }

    [Fact]
    public void RatesCountEveryPopulationPerBinAndNormalizeThePartialLastBin()
    {
        // a: size 2 (global 0,1), b: size 1 (global 2); bins of 10 ms; run of 25 ms in uneven slices.
        var spec = Spec(new RecordSpec([], [], 10), ("a", 2), ("b", 1));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 4, [(1, 0), (3, 2)]);
            Feed(w, 4, 10, [(5, 1)]);
            Feed(w, 10, 17, [(10, 1), (12, 0)]);   // a spike exactly at a bin start belongs to that bin
            Feed(w, 17, 23, [(19.999, 2), (22, 1)]);
            Feed(w, 23, 25, []);
            w.Complete(Result(25, [5, 2]));
        }
        Assert.Equal(
            "t_ms,population,rate_hz\n" +
            "0,a,100\n" +     // 2 spikes / (2 neurons × 0.01 s)
            "0,b,100\n" +     // 1 / (1 × 0.01)
            "10,a,100\n" +    // 2 / (2 × 0.01)
            "10,b,100\n" +
            "20,a,100\n" +    // partial bin [20, 25): 1 / (2 × 0.005)
            "20,b,0\n",
            Read("rates.csv"));
        Assert.False(File.Exists(Path.Combine(Dir, "spikes.csv")));
    }

    [Fact]
    public void RatesEmitEmptyBinsAndNoPartialBinWhenTheRunEndsOnABinEdge()
    {
        var spec = Spec(new RecordSpec([], [], 5), ("a", 4));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 20, [(16, 3)]);
            w.Complete(Result(20, [1]));
        }
        Assert.Equal("t_ms,population,rate_hz\n0,a,0\n5,a,0\n10,a,0\n15,a,50\n", Read("rates.csv"));
    }

    [Fact]
    public void RatesWithAFractionalBinKeepExactBinStarts()
    {
        var spec = Spec(new RecordSpec([], [], 0.1), ("a", 1));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 0.3, [(0.05, 0), (0.25, 0)]);
            w.Complete(Result(0.3, [2]));
        }
        // bin k starts at k × 0.1 (0.30000000000000004 for k = 3 is past the end: no fourth bin).
        Assert.Equal("t_ms,population,rate_hz\n0,a,10000\n0.1,a,0\n0.2,a,10000\n", Read("rates.csv"));
    }

    [Fact]
    public void IsiStatisticsGiveTheHandComputedCv()
    {
        var isi = new IsiStatistics(3);
        foreach (double t in new[] { 0.0, 1, 3, 6 }) isi.Add(0, t);   // ISIs 1, 2, 3
        foreach (double t in new[] { 5.0, 7 }) isi.Add(1, t);         // one ISI: no CV
        foreach (double t in new[] { 1.0, 3, 5 }) isi.Add(2, t);      // ISIs 2, 2: CV 0
        Assert.Equal(4, isi.SpikeCount(0));
        Assert.Equal(3, isi.IsiCount(0));
        Assert.Equal(2.0, isi.MeanIsiMs(0), 12);
        Assert.Equal(2.0 / 3.0, isi.IsiVarianceMs2(0), 12);
        double cv0 = Math.Sqrt(2.0 / 3.0) / 2.0;   // 0.408248290463863
        Assert.Equal(cv0, isi.CvIsi(0), 12);
        Assert.True(double.IsNaN(isi.CvIsi(1)));
        Assert.Equal(0.0, isi.CvIsi(2), 12);
        Assert.Equal((cv0 + 0.0) / 2, isi.MeanCvIsi(0, 3)!.Value, 12);
        Assert.Null(isi.MeanCvIsi(1, 1));
    }

    [Fact]
    public void SummaryJsonHasTheSnakeCaseKeysAndValues()
    {
        // exc (global 0..1): neuron 0 spikes at 0, 1, 3, 6 (ISIs 1, 2, 3), neuron 1 at 2 and 4 (one ISI).
        // inh (global 2): one spike. Duration 500 ms.
        var spec = Spec(new RecordSpec(["exc"], [], null), ("exc", 2), ("inh", 1));
        var shape = NetworkShape.FromSpec(spec, synapseCount: 8, synapseBytes: 100);
        using (var w = new RunFolderWriter(spec, shape, Dir))
        {
            Feed(w, 0, 2.5, [(0, 0), (1, 0), (2, 1)]);
            Feed(w, 2.5, 500, [(3, 0), (4, 1), (6, 0), (7, 2)]);
            w.Complete(Result(500, [6, 1], recurrent: 123, input: 45, threads: 3, wallS: 0.25));
        }
        string text = Read("summary.json");
        Assert.EndsWith("}\n", text);
        Assert.Contains("\n  \"model\": \"toy\",", text);   // indented
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal(
            ["model", "seed", "duration_ms", "threads", "wall_s", "version", "neurons", "synapses", "bytes_per_synapse", "events", "populations"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("toy", root.GetProperty("model").GetString());
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(500.0, root.GetProperty("duration_ms").GetDouble());
        Assert.Equal(3, root.GetProperty("threads").GetInt32());
        Assert.Equal(0.25, root.GetProperty("wall_s").GetDouble());
        Assert.Equal(RunFolderWriter.Version, root.GetProperty("version").GetString());
        Assert.StartsWith("0.1.0", RunFolderWriter.Version);
        Assert.Equal(3, root.GetProperty("neurons").GetInt32());
        Assert.Equal(8, root.GetProperty("synapses").GetInt64());
        Assert.Equal(12.5, root.GetProperty("bytes_per_synapse").GetDouble());
        var events = root.GetProperty("events");
        Assert.Equal(["recurrent", "input", "total"], events.EnumerateObject().Select(p => p.Name));
        Assert.Equal(123, events.GetProperty("recurrent").GetInt64());
        Assert.Equal(45, events.GetProperty("input").GetInt64());
        Assert.Equal(168, events.GetProperty("total").GetInt64());

        var pops = root.GetProperty("populations").EnumerateArray().ToArray();
        Assert.Equal(2, pops.Length);
        Assert.Equal(["name", "size", "spikes", "rate_hz", "cv_isi"], pops[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("exc", pops[0].GetProperty("name").GetString());
        Assert.Equal(2, pops[0].GetProperty("size").GetInt32());
        Assert.Equal(6, pops[0].GetProperty("spikes").GetInt64());
        Assert.Equal(6.0, pops[0].GetProperty("rate_hz").GetDouble(), 12);      // 6 / (2 × 0.5 s)
        Assert.Equal(Math.Sqrt(2.0 / 3.0) / 2.0, pops[0].GetProperty("cv_isi").GetDouble(), 12); // only neuron 0 qualifies
        Assert.Equal("inh", pops[1].GetProperty("name").GetString());
        Assert.Equal(1, pops[1].GetProperty("spikes").GetInt64());
        Assert.Equal(2.0, pops[1].GetProperty("rate_hz").GetDouble(), 12);      // 1 / (1 × 0.5 s)
        Assert.Equal(JsonValueKind.Null, pops[1].GetProperty("cv_isi").ValueKind);
    }

    [Fact]
    public void PopulationNamesWithCommasAreQuoted()
    {
        var spec = Spec(new RecordSpec(["a,b"], [], null), ("a,b", 1));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            Feed(w, 0, 1, [(0.5, 0)]);
            w.Complete(Result(1, [1]));
        }
        Assert.Equal("t_ms,population,neuron\n0.5,\"a,b\",0\n", Read("spikes.csv"));
    }

    [Fact]
    public void LongRunsStreamThroughTheBufferWithoutLosingRows()
    {
        var spec = Spec(new RecordSpec(["p"], [], 1), ("p", 10));
        const int slices = 5000;
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
        {
            for (int s = 0; s < slices; s++)
                Feed(w, s * 0.5, (s + 1) * 0.5, [(s * 0.5 + 0.25, s % 10), (s * 0.5 + 0.25, 9)]);
            w.Complete(Result(slices * 0.5, [2 * slices]));
        }
        string[] lines = Read("spikes.csv").Split('\n');
        Assert.Equal(1 + 2 * slices + 1, lines.Length);   // header, rows, trailing empty
        Assert.Equal("2499.75,p,9", lines[^2]);
        string[] rates = Read("rates.csv").Split('\n');
        Assert.Equal(1 + slices / 2 + 1, rates.Length);
        Assert.All(rates[1..^1], r => Assert.EndsWith(",400", r));   // 4 spikes / (10 × 1 ms)
    }

    [Fact]
    public void DisposeWithoutCompleteWritesNoSummary()
    {
        var spec = Spec(new RecordSpec(["p"], [], 1), ("p", 1));
        using (var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir))
            Feed(w, 0, 1, [(0.5, 0)]);
        Assert.False(File.Exists(Path.Combine(Dir, "summary.json")));
        Assert.Equal("t_ms,population,neuron\n0.5,p,0\n", Read("spikes.csv"));
    }

    [Fact]
    public void WritingRowsAllocatesNothingPerRow()
    {
        var spec = Spec(new RecordSpec(["p"], [new VoltageRecordSpec("p", null, 0.1)], 1), ("p", 100));
        double[] times = new double[100];
        int[] neurons = new int[100];
        var samples = new VoltageSample[100];
        using var w = new RunFolderWriter(spec, NetworkShape.FromSpec(spec), Dir);
        void Slice(int s)
        {
            for (int i = 0; i < 100; i++)
            {
                times[i] = s * 0.1 + i * 1e-4;
                neurons[i] = i;
                samples[i] = new VoltageSample(s * 0.1, i, -65.123456789 + i);
            }
            w.OnSlice(new SliceOutput { StartMs = s * 0.1, EndMs = (s + 1) * 0.1, SpikeTimesMs = times, SpikeNeurons = neurons, Samples = samples });
        }
        for (int s = 0; s < 100; s++) Slice(s);   // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 100; s < 2100; s++) Slice(s);   // 200,000 spike rows, 200,000 v rows, 20,000 rate rows
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated");
        w.Complete(Result(210, [2100 * 100]));
        Assert.Equal(1 + 2100 * 100, File.ReadAllLines(Path.Combine(Dir, "spikes.csv")).Length);
    }
}
