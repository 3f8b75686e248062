using SpikeSim.Benchmarks;

namespace SpikeSim.Tests.Benchmarks;

/// <summary>
/// A timed run in which the just-in-time compiler compiled methods (the warm-up missed a path) is named in the
/// report, and its count travels in the child's line.
/// </summary>
public class JitInRunTests
{
    private static readonly RepoLayout Layout = new("/repo", "/shared/peer", "/repo/tests/SpikeSim.Benchmarks/peer", "/cache");

    [Fact]
    public void TheReportNamesAModelWhoseTimedRunCompiledMethods()
    {
        var compiled = new ModelResult("benchmark4");
        compiled.SpikeSim.Add(Sample(jit: 0));
        compiled.SpikeSimOneThread.Add(Sample(jit: 3));
        compiled.SpikeSimOneThread.Add(Sample(jit: 1));
        var clean = new ModelResult("cuba");
        clean.SpikeSim.Add(Sample(jit: 0));
        var text = new StringWriter();
        new MarkdownReport(BenchOptions.Parse(["--models", "benchmark4,cuba", "--no-peer"]), Layout, [compiled, clean], oneThreadColumn: true, null).Write(text);
        Assert.Contains("- **benchmark4: the just-in-time compiler compiled up to 3 method(s) inside a timed run**", text.ToString());
        Assert.DoesNotContain("cuba: the just-in-time compiler", text.ToString());
    }

    [Fact]
    public void TheCountTravelsInTheChildsLine()
    {
        string line = System.Text.Json.JsonSerializer.Serialize(Sample(jit: 3), ChildJson.Default.SpikeSimSample);
        Assert.Contains("\"jit_methods_in_run\":3", line);
        Assert.Equal(3, System.Text.Json.JsonSerializer.Deserialize(line, ChildJson.Default.SpikeSimSample)!.JitMethodsInRun);
    }

    private static SpikeSimSample Sample(long jit) => new()
    {
        ModelPath = "models/benchmark4.json", ModelName = "benchmark4", Threads = 1, Neurons = 4000, Synapses = 320_000, SynapseBytes = 672_000,
        ReadS = 0.2, BuildS = 0.06, SetupS = 0.001, RunS = 0.08, JitMethodsInRun = jit, LoopS = 0.08, SimulatedMs = 1000, Spikes = 38_000,
        MeanRateHz = 9.5, Populations = [], RecurrentEvents = 3_056_992, InputEvents = 0, BaselineRssMb = 30, RssAfterBuildMb = 40,
        ManagedHeapAfterBuildMb = 1, PeakRssMb = 43,
    };
}
