using SpikeSim.Benchmarks;

namespace SpikeSim.Tests.Benchmarks;

/// <summary>
/// coba is also compared with Brian2 on the grid where Brian2's Euler integration has converged (0.01 ms): which
/// models get that second peer, how it is run, and how the report states the ratio.
/// </summary>
public class ConvergedPeerTests
{
    private static readonly RepoLayout Layout = new("/repo", "/shared/peer", "/repo/tests/SpikeSim.Benchmarks/peer", "/cache");

    [Fact]
    public void CobaAloneGetsThePeerAgainAtAHundredthOfAMillisecond()
    {
        PeerSpec coba = PeerCatalog.For("coba", Layout, 500)!;
        PeerSpec converged = PeerCatalog.ConvergedFor("models/coba.json", Layout, 500)!;
        Assert.Equal(coba.Script, converged.Script);
        Assert.Equal(coba.Arguments, converged.Arguments);
        Assert.Null(coba.DtMs);
        Assert.Equal(0.01, converged.DtMs);
        Assert.Equal("coba.py 4000 0.5 cpp_standalone at dt 0.01 ms", converged.Display);
        foreach (string model in new[] { "brunel2000", "cuba", "benchmark4", "song2000-stdp", "tests/x/coba-like.json" })
            Assert.Null(PeerCatalog.ConvergedFor(model, Layout, 1000));
    }

    [Fact]
    public void TheReportGivesTheRatioToTheConvergedPeerForEachThreadCount()
    {
        var r = new ModelResult("coba") { PeerCommand = "coba.py 4000 1 cpp_standalone", ConvergedPeerCommand = "coba.py 4000 1 cpp_standalone at dt 0.01 ms" };
        r.SpikeSim.Add(SpikeSim(runS: 0.9, threads: 2));
        r.SpikeSimOneThread.Add(SpikeSim(runS: 1.5, threads: 1));
        r.Peer.Add(Peer(loopS: 0.125, rateHz: 20.6));
        r.ConvergedPeer.Add(Peer(loopS: 1.2, rateHz: 19.4));
        r.ConvergedPeer.Add(Peer(loopS: 0.8, rateHz: 19.8));

        ModelMedians m = MarkdownReport.Medians(r);
        Assert.Equal(1.0, m.ConvergedPeerLoopSecondsPerBioS!.Value, 12); // median of 1.2 and 0.8
        Assert.Equal(0.9, m.TimeRatioConverged!.Value, 12);
        Assert.Equal(1.5, m.TimeRatioConvergedOneThread!.Value, 12);
        Assert.Equal(7.2, m.TimeRatio!.Value, 12); // against dt 0.1 ms, as before

        var text = new StringWriter();
        new MarkdownReport(BenchOptions.Parse(["--models", "coba", "--threads", "2"]), Layout, [r], oneThreadColumn: true, "2.5.1").Write(text);
        Assert.Contains("- coba against Brian2 where its integration has converged (coba.py 4000 1 cpp_standalone at dt 0.01 ms; "
                        + "SpikeSim's is exact at any step): Brian2 loop 1.00 s/bio-s at 19.6 Hz; ratio 0.900× with 2 thread(s), 1.50× with 1.",
                        text.ToString());
    }

    [Fact]
    public void AModelWithoutAConvergedPeerGetsNoSuchLine()
    {
        var r = new ModelResult("cuba") { PeerCommand = "cuba.py 4000 1 cpp_standalone" };
        r.SpikeSim.Add(SpikeSim(runS: 0.09, threads: 2));
        var text = new StringWriter();
        new MarkdownReport(BenchOptions.Parse(["--models", "cuba"]), Layout, [r], oneThreadColumn: false, "2.5.1").Write(text);
        Assert.DoesNotContain("where its integration has converged", text.ToString());
        Assert.DoesNotContain("also the step where it has", text.ToString());
    }

    private static SpikeSimSample SpikeSim(double runS, int threads) => new()
    {
        ModelPath = "models/coba.json", ModelName = "coba", Threads = threads, Neurons = 4000, Synapses = 320_000, SynapseBytes = 1_312_000,
        ReadS = 0.2, BuildS = 0.06, SetupS = 0.001, RunS = runS, LoopS = runS, SimulatedMs = 1000, Spikes = 80_000, MeanRateHz = 20,
        Populations = [], RecurrentEvents = 6_400_000, InputEvents = 0, BaselineRssMb = 30, RssAfterBuildMb = 40,
        ManagedHeapAfterBuildMb = 10, PeakRssMb = 45,
    };

    private static PeerSample Peer(double loopS, double rateHz) => new()
    {
        Command = "coba.py", DurationS = 1, LoopS = loopS, ProcessWallS = 2, MeanRateHz = rateHz,
    };
}
