using SpikeSim.Cli;
using SpikeSim.Sweeps;

namespace SpikeSim.Tests.Sweeps;

/// <summary>The sweep's progress display: a bar on a terminal, plain lines otherwise.</summary>
public class SweepProgressTests
{
    [Fact]
    public void Rate_and_time_left_count_only_runs_done_in_this_session()
    {
        // 10 of 40 done, 4 of them resumed: 6 runs in 3 s = 2 runs/s; 30 left -> 15 s.
        var p = new SweepProgress(10, 40, 4, 3.0);
        Assert.Equal(2.0, p.RunsPerS);
        Assert.Equal(15.0, p.RemainingS);
        Assert.Equal("10 / 40 runs (25%) (4 resumed), 2 runs/s, 15s left", SweepProgressReporter.Describe(p));
        Assert.Equal("[#######.....................]  25%  10 / 40 runs (4 resumed), 2 runs/s, 15s left", SweepProgressReporter.BarLine(p));
        Assert.True(double.IsNaN(new SweepProgress(4, 40, 4, 1.0).RemainingS));
    }

    [Fact]
    public void Plain_lines_are_spaced_out_and_the_last_run_is_always_shown()
    {
        var error = new StringWriter();
        var reporter = new SweepProgressReporter(error, terminal: false) { PlainIntervalS = 5 };
        reporter.Report(new SweepProgress(1, 3, 0, 1.0));
        reporter.Report(new SweepProgress(2, 3, 0, 2.0));   // within 5 s of the last line: not shown
        reporter.Report(new SweepProgress(3, 3, 0, 3.0));   // the last run: shown
        string[] lines = error.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(["spikesim: 1 / 3 runs (33%), 1 runs/s, 2s left", "spikesim: 3 / 3 runs (100%), 1 runs/s, 0s left"], lines);
    }

    [Fact]
    public void A_terminal_gets_one_redrawn_line_erased_at_the_end()
    {
        var error = new StringWriter();
        var reporter = new SweepProgressReporter(error, terminal: true);
        reporter.Report(new SweepProgress(1, 2, 0, 1.0));
        reporter.Finish();
        string text = error.ToString();
        Assert.StartsWith("\r[##############..............]  50%  1 / 2 runs", text);
        Assert.DoesNotContain("\n", text);
        Assert.EndsWith("\r", text);
    }
}
