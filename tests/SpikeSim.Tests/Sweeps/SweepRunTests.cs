using SpikeSim.Cli;
using SpikeSim.Cli.Commands;
using SpikeSim.Sweeps;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Sweeps;

/// <summary>Running, resuming, sharding and merging sweeps of a tiny network: the rows never depend on how they were made.</summary>
public class SweepRunTests : CliTestBase
{
    private const string TinyModel = """
        { "name": "tiny", "seed": 3, "duration": "100 ms",
          "populations": [
            { "name": "exc", "size": 40, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "10 mV", "v_th": "20 mV", "tau_m": "20 ms",
                                                     "v_init": { "dist": "uniform", "low": "0 mV", "high": "20 mV" } } },
            { "name": "inh", "size": 10, "neuron": { "model": "lif", "e_l": "0 mV", "v_reset": "10 mV", "v_th": "20 mV", "tau_m": "20 ms" } } ],
          "projections": [
            { "from": "exc", "to": "exc", "connect": { "rule": "fixed_indegree", "k": 10 }, "weight": "0.5 mV", "delay": "1.5 ms" },
            { "from": "exc", "to": "inh", "connect": { "rule": "fixed_indegree", "k": 10 }, "weight": "0.5 mV", "delay": "1.5 ms" },
            { "from": "inh", "to": "exc", "connect": { "rule": "fixed_indegree", "k": 3 }, "weight": "-2 mV", "delay": "1.5 ms" },
            { "from": "inh", "to": "inh", "connect": { "rule": "fixed_indegree", "k": 3 }, "weight": "-2 mV", "delay": "1.5 ms" } ],
          "inputs": [
            { "type": "poisson", "to": "exc", "rate": "4 kHz", "weight": "0.5 mV" },
            { "type": "poisson", "to": "inh", "rate": "4 kHz", "weight": "0.5 mV" } ]
        }
        """;

    private string Model => Write("tiny.json", TinyModel);

    private string[] SweepArgs(string outDir, params string[] extra) =>
    [
        "sweep", Model,
        "--param", "projections.inh-exc.weight+projections.inh-inh.weight=-1 mV..-3 mV:3",
        "--param", "inputs.0.rate+inputs.1.rate=[3 kHz,5 kHz]",
        "--repeats", "2", "--seed", "11", "--out", outDir, "--quiet", .. extra,
    ];

    private string Results(string dir) => File.ReadAllText(Path.Combine(dir, SweepFolder.ResultsFile));

    private static string[] JournalRows(string dir) => File.ReadAllLines(Path.Combine(dir, SweepJournal.FileName))[1..];

    [Fact]
    public void Results_have_one_row_per_run_in_point_then_repeat_order()
    {
        string dir = Path.Combine(Dir, "a");
        var run = Spikesim(SweepArgs(dir, "--threads", "2"));
        Assert.True(run.Code == 0, run.Err);
        string[] lines = Results(dir).TrimEnd('\n').Split('\n');
        // Parameter columns are numbers in the internal unit, named with it.
        Assert.Equal("projections.inh-exc.weight+projections.inh-inh.weight_mV,inputs.0.rate+inputs.1.rate_Hz,repeat,seed," +
                     "rate_hz.exc,rate_hz.inh,cv_isi.exc,cv_isi.inh,fano.exc,fano.inh,chi.exc,chi.inh,events.recurrent,events.input", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.StartsWith("-1,3000,0,", lines[1]);
        Assert.StartsWith("-1,3000,1,", lines[2]);
        Assert.StartsWith("-1,5000,0,", lines[3]);
        Assert.StartsWith("-3,5000,1,", lines[12]);
        // The network fires: rates are positive at 5 kHz drive, and input events are about 50 neurons x 5 kHz x 0.1 s.
        string[] f = lines[3].Split(',');
        Assert.True(double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.InRange(double.Parse(f[13], System.Globalization.CultureInfo.InvariantCulture), 23_000, 27_000);
    }

    [Fact]
    public void One_and_two_workers_write_identical_bytes()
    {
        string one = Path.Combine(Dir, "one"), two = Path.Combine(Dir, "two");
        Assert.Equal(0, Spikesim(SweepArgs(one, "--threads", "1")).Code);
        Assert.Equal(0, Spikesim(SweepArgs(two, "--threads", "2")).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "results.csv")), File.ReadAllBytes(Path.Combine(two, "results.csv")));
    }

    [Fact]
    public void Merged_shards_equal_the_unsharded_sweep()
    {
        string whole = Path.Combine(Dir, "whole"), s0 = Path.Combine(Dir, "s0"), s1 = Path.Combine(Dir, "s1"), merged = Path.Combine(Dir, "merged");
        Assert.Equal(0, Spikesim(SweepArgs(whole)).Code);
        Assert.Equal(0, Spikesim(SweepArgs(s0, "--shard", "0/2")).Code);
        // Merging one shard alone names the missing one and writes nothing.
        var partial = Spikesim("sweep", "merge", s0, "--out", merged);
        Assert.Equal(ExitCodes.BadInput, partial.Code);
        Assert.Contains("shard(s) 1/2 missing", partial.Err);
        Assert.False(Directory.Exists(merged));
        Assert.Equal(0, Spikesim(SweepArgs(s1, "--shard", "1/2")).Code);
        Assert.Equal(6, JournalRows(s0).Length); // points 0, 2, 4 x 2 repeats
        var merge = Spikesim("sweep", "merge", s1, s0, "--out", merged);
        Assert.True(merge.Code == 0, merge.Err);
        Assert.Equal(Results(whole), Results(merged));
        // A shard given twice is refused.
        var twice = Spikesim("sweep", "merge", s0, s0, s1, "--out", Path.Combine(Dir, "m2"));
        Assert.Equal(ExitCodes.BadInput, twice.Code);
        Assert.Contains("given twice", twice.Err);
    }

    [Fact]
    public void Merge_reports_missing_runs_of_an_unfinished_shard()
    {
        string s0 = Path.Combine(Dir, "s0"), s1 = Path.Combine(Dir, "s1");
        Assert.Equal(0, Spikesim(SweepArgs(s0, "--shard", "0/2")).Code);
        Assert.Equal(0, Spikesim(SweepArgs(s1, "--shard", "1/2")).Code);
        string journal = Path.Combine(s1, SweepJournal.FileName);
        File.WriteAllLines(journal, File.ReadAllLines(journal).Where(l => l.Split(',') is not ["3", _, _, "1", ..]));
        var merge = Spikesim("sweep", "merge", s0, s1, "--out", Path.Combine(Dir, "m"));
        Assert.Equal(ExitCodes.BadInput, merge.Code);
        Assert.Contains("1 run(s) missing, e.g. point 3 repeat 1 (shard 1/2)", merge.Err);
    }

    [Fact]
    public void Checking_the_points_of_a_sweep_stops_when_cancelled()
    {
        // 10^6 points would take long to check one by one; a stop is honoured before the first.
        var spec = SweepCommand.BuildSpec(new SweepRequest(Model,
            ["inputs.0.rate=1 kHz..5 kHz:1000", "inputs.1.rate=1 kHz..5 kHz:1000"], [], null, 1, 11, null, null, 0, null, null, null, true));
        Assert.Equal(1_000_000, spec.PointCount);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SweepPlan.Create(spec, null, stop.Token));
    }

    [Fact]
    public void A_sweep_stopped_half_way_and_resumed_has_exactly_the_rows_of_an_uninterrupted_one()
    {
        string whole = Path.Combine(Dir, "whole"), cut = Path.Combine(Dir, "cut");
        Assert.Equal(0, Spikesim(SweepArgs(whole)).Code);

        var plan = SweepPlan.Create(SweepCommand.BuildSpec(new SweepRequest(Model,
            ["projections.inh-exc.weight+projections.inh-inh.weight=-1 mV..-3 mV:3", "inputs.0.rate+inputs.1.rate=[3 kHz,5 kHz]"],
            [], null, 2, 11, null, null, 0, null, null, null, true)));
        using var stop = new CancellationTokenSource();
        var options = new SweepRunOptions
        {
            Workers = 2,
            Cancellation = stop.Token,
            Progress = new Synchronous(p => { if (p.Done >= 5) stop.Cancel(); }),
        };
        // Every run a worker finished is kept, so on a busy machine the workers may finish all 12 before the writer
        // sees the 5th and the stop: then the sweep ends normally, and the interruption is made by hand below.
        bool stopped = false;
        long reported = -1;
        try { SweepRunner.Run(plan, cut, options); }
        catch (SweepCancelledException e) { stopped = true; reported = e.Kept; }
        int kept = JournalRows(cut).Length;
        if (stopped) Assert.Equal(kept, reported);   // the runs really kept, not what the progress display last saw
        Assert.InRange(kept, 5, stopped ? 11 : 12);
        // results.csv holds the finished runs with no unfinished one before them: a prefix of the final file.
        Assert.StartsWith(Results(cut), Results(whole));
        if (kept == 12)
        {
            // As if killed after 5 runs: the journal keeps its header and first 5 rows.
            string journalPath = Path.Combine(cut, SweepJournal.FileName);
            File.WriteAllLines(journalPath, File.ReadAllLines(journalPath)[..6]);
            kept = 5;
        }

        // A kill during a write leaves a torn last line; it is ignored and cut off.
        File.AppendAllText(Path.Combine(cut, SweepJournal.FileName), "9,-3,3000,1,123,4.5");

        var resume = Spikesim(SweepArgs(cut, "--threads", "2"));
        Assert.True(resume.Code == 0, resume.Err);
        Assert.Contains($"{12 - kept} simulated, {kept} resumed", resume.Out);
        Assert.Equal(Results(whole), Results(cut));
        string[] rows = JournalRows(cut);
        Assert.Equal(12, rows.Length);
        Assert.Equal(12, rows.Select(r => r.Split(',')[0] + "," + r.Split(',')[3]).Distinct().Count()); // (point, repeat)

        // Rerunning a finished sweep runs nothing and changes nothing.
        var again = Spikesim(SweepArgs(cut));
        Assert.Contains("(0 simulated, 12 resumed)", again.Out);
        Assert.Equal(Results(whole), Results(cut));
    }

    [Fact]
    public void Resuming_into_a_folder_of_another_sweep_is_refused()
    {
        string dir = Path.Combine(Dir, "a");
        Assert.Equal(0, Spikesim(SweepArgs(dir)).Code);
        string before = Results(dir);
        var other = Spikesim(["sweep", Model, "--param", "inputs.0.rate=[3 kHz,6 kHz]", "--out", dir, "--quiet"]);
        Assert.Equal(ExitCodes.BadInput, other.Code);
        Assert.Contains("holds another sweep", other.Err);
        var shard = Spikesim(SweepArgs(dir, "--shard", "0/2"));
        Assert.Equal(ExitCodes.BadInput, shard.Code);
        Assert.Contains("holds shard none", shard.Err);
        Assert.Equal(before, Results(dir));
        // A folder that is not a sweep folder is not written into.
        string runDir = Path.Combine(Dir, "run");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "spikes.csv"), "t_ms,population,neuron\n");
        var notSweep = Spikesim(SweepArgs(runDir));
        Assert.Equal(ExitCodes.BadInput, notSweep.Code);
        Assert.Contains("not a sweep folder", notSweep.Err);
    }

    [Fact]
    public void A_point_rerun_alone_gives_the_same_row()
    {
        string dir = Path.Combine(Dir, "a");
        Assert.Equal(0, Spikesim(SweepArgs(dir)).Code);
        var args = SweepArgs(dir).Where(a => a != "--out" && a != dir).ToList();
        args.AddRange(["--point", "4"]);
        var point = Spikesim([.. args]);
        Assert.True(point.Code == 0, point.Err);
        string[] rows = Results(dir).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join('\n', [rows[0], rows[9], rows[10]]) + "\n", point.Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("populations.exc.neuron.tau_x=10 ms..30 ms:3", "unknown field \"tau_x\"", "sweep point 0")]
    [InlineData("populations.exc.neuron.tau_m=10 mV..30 mV:3", "expected a time such as \"10 ms\", got \"10 mV\"", "sweep point 0")]
    [InlineData("populations.exc.neuron.tau_m=10 ms..10 ms:3", "START equals END", "--param")]
    [InlineData("populations.exc.neuron.tau_m=[10 ms,30 zs]", "\"30 zs\"", "sweep point 1")]
    [InlineData("populations.exc.neuron.tau_m=uniform(10 ms,30 ms)", "need a number of samples", "--samples")]
    [InlineData("seed=[1,2]", "sets each run's model seed itself", "--repeats")]
    [InlineData("inputs.0.rate=[]", "\"inputs.0.rate=[]\": the list is empty", "--param")]
    public void Bad_parameters_exit_2_before_any_run(string param, string expected, string alsoExpected)
    {
        string dir = Path.Combine(Dir, "bad");
        var run = Spikesim("sweep", Model, "--param", param, "--out", dir, "--quiet");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains(expected, run.Err);
        Assert.Contains(alsoExpected, run.Err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_sweep_file_axis_without_values_exits_2_naming_its_field()
    {
        Write("tiny.json", TinyModel);
        string file = Write("empty.json", """
            { "model": "tiny.json",
              "params": { "inputs.0.rate": ["3 kHz"],
                          "inputs.1.rate": [] } }
            """);
        string dir = Path.Combine(Dir, "empty");
        var run = Spikesim("sweep", file, "--out", dir, "--quiet");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Equal($"spikesim: error: {file}: $.params.inputs.1.rate: the list is empty", run.Err.Trim());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_sweep_file_gives_the_same_results_as_the_command_line()
    {
        Write("tiny.json", TinyModel);
        string file = Write("sweep.json", """
            { "model": "tiny.json",  // relative to this file
              "params": { "projections.inh-exc.weight+projections.inh-inh.weight": "-1 mV..-3 mV:3",
                          "inputs.0.rate+inputs.1.rate": ["3 kHz", "5 kHz"] },
              "repeats": 2, "seed": 11 }
            """);
        string cli = Path.Combine(Dir, "cli"), fromFile = Path.Combine(Dir, "file");
        Assert.Equal(0, Spikesim(SweepArgs(cli)).Code);
        var run = Spikesim("sweep", file, "--out", fromFile, "--quiet");
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(Results(cli), Results(fromFile));
    }

    [Fact]
    public void Random_samples_are_reproducible_and_in_range()
    {
        string a = Path.Combine(Dir, "a"), b = Path.Combine(Dir, "b");
        string[] args = ["sweep", Model, "--param", "inputs.0.rate=uniform(3 kHz,6 kHz)", "--samples", "3", "--metrics", "rate_hz", "--quiet", "--out"];
        Assert.Equal(0, Spikesim([.. args, a]).Code);
        Assert.Equal(0, Spikesim([.. args, b, "--threads", "1"]).Code);
        Assert.Equal(Results(a), Results(b));
        string[] rows = Results(a).TrimEnd('\n').Split('\n')[1..];
        Assert.Equal(3, rows.Length);
        foreach (string row in rows)
            Assert.InRange(double.Parse(row.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 3000, 6000); // Hz
    }

    /// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Synchronous(Action<SweepProgress> action) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => action(value);
    }
}
