using SpikeSim.Cli;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary>What cannot fit is refused before the run, naming the field; output past its budget stops the run.</summary>
public sealed class ResourceGuardTests : CliTestBase
{
    private const string Three = """
        { "name": "three", "duration": "50 ms",
          "populations": [ { "name": "a", "size": 3, "neuron": { "model": "lif", "i_e": "400 pA" } } ],
          "projections": [ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "0.1 mV", "delay": "1 ms" } ],
          "record": { "spikes": true, "rates": { "bin": "5 ms" }, "v": [ { "population": "a", "interval": "0.1 ms" } ] } }
        """;

    [Theory]
    [InlineData("projections.0.delay=1e12 ms", "$.projections[0].delay", "the event ring: a delay of 1E+12 ms spans 5E+11 slices")]
    [InlineData("record.v.0.interval=1e-9 ms", "$.record.v[0].interval", "one slice's voltage samples of \"a\"")]
    [InlineData("populations.a.size=2000000000", "$.projections[0].connect", "would have 4,000,000,000,000,000,000 synapses")]
    public void WhatCannotFitInMemoryIsRefusedByValidateAndRunNamingTheField(string set, string path, string part)
    {
        string model = Write("m.json", Three);
        foreach (string[] args in new[] { new[] { "validate", model }, ["run", model, "--out", Path.Combine(Dir, "out"), "-q"] })
        {
            var r = Spikesim([.. args, "--set", set, "--max-memory", "8 GB"]);
            Assert.Equal(2, r.Code);
            Assert.Contains($"m.json: {path}: ", r.Err);
            Assert.Contains(part, r.Err);
        }
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void OneSlicesSamplesAreCappedWhateverTheMemoryBudget()
    {
        // 3 neurons x v every 1e-6 ms: one slice of 1 ms holds 3e6 samples of 24 bytes = 72 MB, under the cap;
        // 300,000 neurons' state (v, w) every 1e-3 ms: 1000 x 300,000 x 2 values x 24 bytes = 14.4 GB in one slice.
        string model = Write("m.json", Three.Replace("\"size\": 3", "\"size\": 300000").Replace("\"connect\": { \"rule\": \"all_to_all\" }", "\"connect\": { \"rule\": \"one_to_one\" }")
            .Replace("\"v\": [ { \"population\": \"a\", \"interval\": \"0.1 ms\" } ]", "\"state\": [ { \"population\": \"a\", \"interval\": \"0.001 ms\" } ]"));
        var r = Spikesim("validate", model, "--max-memory", "1 TB", "--max-output", "1000 TB");
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json: $.record.state[0].interval: the run would hold at least 14.4 GB (samples in one slice), more than the 256 MB allowed", r.Err);
        Assert.Contains("one slice's state samples of \"a\"", r.Err);
    }

    [Fact]
    public void StateRecordingsCountTowardsTheOutputBudgetWithinTheirWindow()
    {
        // 3 neurons x (v, w) every 0.01 ms over the window [10, 40) ms: 3000 x 6 rows of at least 12 bytes = 216 kB.
        string model = Write("m.json", Three.Replace("\"v\": [ { \"population\": \"a\", \"interval\": \"0.1 ms\" } ]",
            "\"state\": [ { \"population\": \"a\", \"interval\": \"0.01 ms\", \"from\": \"10 ms\", \"to\": \"40 ms\" } ]").Replace("\"rates\": { \"bin\": \"5 ms\" }, ", ""));
        var r = Spikesim("validate", model, "--max-output", "100 kB");
        Assert.Equal(2, r.Code);
        Assert.Contains("$.record.state[0].interval: the run would write at least 216 kB (output)", r.Err);
        Assert.Equal(0, Spikesim("validate", model, "--max-output", "300 kB").Code);
    }

    [Fact]
    public void AHugePopulationIsRefusedUpFront()
    {
        string model = Write("m.json", """{ "duration": "1 ms", "populations": [ { "name": "a", "size": 3, "neuron": { "model": "lif" } } ] }""");
        var r = Spikesim("validate", model, "--set", "populations.a.size=2000000000", "--max-memory", "64 GB");
        Assert.Equal(2, r.Code);
        Assert.Contains("$.populations[0].size: the run would hold at least 128 GB (memory), more than the 64 GB allowed (--max-memory)", r.Err);
    }

    [Fact]
    public void AllToAllOfTwoHundredThousandSquaredIsRefusedUpFront()
    {
        string model = Write("m.json", Three.Replace("\"size\": 3", "\"size\": 200000"));
        var r = Spikesim("validate", model);
        Assert.Equal(2, r.Code);
        Assert.Contains("$.projections[0].connect: projection \"a-a\" would have 40,000,000,000 synapses", r.Err);
    }

    [Fact]
    public void OutputThatCannotFitIsRefusedBeforeTheRun()
    {
        // rates.csv: 1 population, 50 ms / 1e-6 ms = 5e7 rows of at least 12 bytes = 600 MB.
        string model = Write("m.json", Three);
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q", "--set", "record.rates.bin=1e-6 ms", "--max-output", "100 MB");
        Assert.Equal(2, r.Code);
        Assert.Contains("$.record.rates.bin: the run would write at least 600 MB (output), more than the 100 MB allowed (--max-output)", r.Err);
    }

    [Fact]
    public void OutputPastItsBudgetDuringTheRunStopsItAndWritesNothing()
    {
        // Spikes driven by Poisson input are not estimated before the run: 3 neurons at ~100 Hz for 20 s write ~100 kB.
        string model = Write("m.json", Three.Replace("\"v\": [ { \"population\": \"a\", \"interval\": \"0.1 ms\" } ]", "\"v\": []")
                                             .Replace("\"i_e\": \"400 pA\"", "\"i_e\": \"0 pA\"")
                                             .Replace("\"record\":", "\"inputs\": [ { \"type\": \"poisson\", \"to\": \"a\", \"rate\": \"20 kHz\", \"weight\": \"1 mV\" } ], \"record\":")
                                             .Replace("\"bin\": \"5 ms\"", "\"bin\": \"1000 ms\"").Replace("50 ms", "20000 ms"));
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q", "--max-output", "20 kB");
        Assert.Equal(1, r.Code);
        Assert.Contains("the run was stopped: its output reached", r.Err);
        Assert.Contains("more than the 20,000 allowed", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
        Assert.Empty(PartialFolders());
    }

    [Theory]
    [InlineData("8 GB", 8e9)]
    [InlineData("500MB", 5e8)]
    [InlineData("2 GiB", 2147483648.0)]
    [InlineData("1e6", 1e6)]
    public void SizesParseWithTheirUnits(string text, double bytes) => Assert.Equal(bytes, ResourceGuard.ParseSize(text, "--max-memory"));

    [Fact]
    public void EstimateCountsSynapsesRingAndOutputs()
    {
        ModelSpec spec = ModelReader.Parse(Three, "m.json");
        var e = ResourceEstimate.Of(spec);
        // 9 synapses x 2 bytes (targets within 65,536 neurons) + 4 row offsets x 4; ring: ceil(1 / 1) + 2 = 3 slots x 3 neurons x 16 bytes.
        Assert.Equal(9 * 2 + 4 * 4, e.Memory.Single(p => p.JsonPath == "$.projections[0].connect").Bytes);
        Assert.Equal(3 * 3 * 16, e.Memory.Single(p => p.JsonPath == "$.projections[0].delay").Bytes);
        // v.csv: 500 samples x 3 neurons x 12 bytes; rates.csv: 10 bins x 1 population x 12 bytes.
        Assert.Equal(500 * 3 * 12, e.Output.Single(p => p.JsonPath == "$.record.v[0].interval").Bytes);
        Assert.Equal(10 * 12, e.Output.Single(p => p.JsonPath == "$.record.rates.bin").Bytes);
    }
}

/// <summary>Set-up does not grow with the duration: a run of 1e9 s stops at once when asked to.</summary>
public sealed class LongDurationTests
{
    [Fact]
    public void ARunOfABillionSecondsIsCancelledBeforeItsFirstSliceWithoutCountingSlices()
    {
        // 1e12 ms in slices of 1 ms: counting them one at a time took minutes before anything was checked.
        ModelSpec spec = ModelReader.Parse("""
            { "duration": "1e9 s", "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } } ],
              "projections": [ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "1 ms" } ] }
            """, "m.json");
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1, Cancellation = stop.Token });
        Assert.ThrowsAny<OperationCanceledException>(() => simulator.Run(spec.DurationMs, null));
    }
}

/// <summary>Spikes driven by i_e alone are part of the estimate: t_ref 0 with a huge current cannot fill memory within one slice.</summary>
public sealed class DrivenSpikesEstimateTests
{
    [Fact]
    public void ConstantDriveGivesThePeriodOfTheClosedForm()
    {
        // V_inf = -70 + 10 * 500 / 250 = -50 mV; period = 2 + 10 ln(20 / 5) = 15.8629436 ms; from V_init = E_L the first
        // spike comes at 10 ln(20 / 5) = 13.86 ms, then 62 more before 1000 ms: 63 spikes per neuron (as the run gives).
        ModelSpec spec = ModelReader.Parse("""
            { "duration": "1000 ms", "populations": [ { "name": "a", "size": 4, "neuron": { "model": "lif", "i_e": "500 pA" } } ],
              "record": { "spikes": true } }
            """, "m.json");
        var e = ResourceEstimate.Of(spec);
        double period = 2 + 10 * Math.Log(20.0 / 5.0);
        Assert.Equal(63 * 4 * ResourceEstimate.RowBytes, e.Output.Single(p => p.JsonPath == "$.populations[0].neuron.i_e").Bytes);
        Assert.Equal(63, Math.Floor((1000 - 10 * Math.Log(4)) / period) + 1);
        // A slice of 2 ms surely holds no spike of a neuron firing every 15.9 ms: no part for it (a lower bound).
        Assert.DoesNotContain(e.Memory, p => p.JsonPath == "$.populations[0].neuron.i_e");
    }

    [Fact]
    public void NoRefractorinessAndAHugeCurrentIsRefusedNamingTheCurrent()
    {
        var e = Assert.Throws<ModelException>(() => ResourceEstimate.Of(ModelReader.Parse("""
            { "duration": "10 ms", "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "t_ref": "0 ms", "i_e": "1e15 pA" } } ] }
            """, "m.json")).Check(ModelReader.Parse("""{ "duration": "1 ms", "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif" } } ] }""", "m.json"), 8e9, 1e12, "--max-memory", "--max-output"));
        Assert.Equal("$.populations[0].neuron.i_e", e.JsonPath);
        Assert.Contains("one slice's spikes of \"a\" driven by i_e alone", e.Problem);
    }
}

/// <summary>A delay distribution without "max" is not refused: its draws are finite.</summary>
public sealed class UnboundedDelayEstimateTests
{
    [Fact]
    public void ADelayDistributionUnboundedAboveCountsItsMeanInTheRing()
    {
        ModelSpec spec = ModelReader.Parse("""
            { "duration": "10 ms", "populations": [ { "name": "a", "size": 10, "neuron": { "model": "lif" } } ],
              "projections": [ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV",
                                 "delay": { "dist": "normal", "mean": "3 ms", "sd": "1 ms", "min": "1 ms" } } ] }
            """, "m.json");
        var e = ResourceEstimate.Of(spec);
        // Slices of min(2, 1) = 1 ms; ring: ceil(3 / 1) + 2 = 5 slots x 10 neurons x 16 bytes.
        Assert.Equal(5 * 10 * 16, e.Memory.Single(p => p.JsonPath == "$.projections[0].delay").Bytes);
        e.Check(spec, 1e9, 1e9, "--max-memory", "--max-output");
    }
}

/// <summary>The spikes estimate is a lower bound: what can make neurons fire less than i_e alone drives them is not counted.</summary>
public sealed class SpikesLowerBoundTests : CliTestBase
{
    /// <summary>
    /// 1000 neurons driven by i_e = 500 pA (alone: one spike every 15.9 ms, 7.6 MB of spikes.csv in 10 s at least), 10
    /// more firing every 2.3 ms (not recorded), and <paramref name="more"/>.
    /// </summary>
    private static string Driven(string neuron, string more = "") => $$"""
        { "name": "driven", "duration": "10 s",
          "populations": [ { "name": "a", "size": 1000, "neuron": { "model": "lif", "i_e": "500 pA"{{neuron}} } },
                           { "name": "i", "size": 10, "neuron": { "model": "lif", "i_e": "5000 pA" } } ]{{more}},
          "record": { "spikes": ["a"] } }
        """;

    [Theory]
    // Adaptation: w grows by b at each spike and silences the neurons after a few spikes.
    [InlineData(", \"b\": \"500 pA\", \"tau_w\": \"1000 ms\"", "")]
    // Inhibition from population i onto every neuron of a.
    [InlineData("", ", \"projections\": [ { \"from\": \"i\", \"to\": \"a\", \"connect\": { \"rule\": \"all_to_all\" }, \"weight\": \"-20 mV\", \"delay\": \"1 ms\" } ]")]
    // A negative current step at 10 ms switches the drive off.
    [InlineData("", ", \"inputs\": [ { \"type\": \"current\", \"to\": \"a\", \"steps\": [ { \"at\": \"10 ms\", \"amplitude\": \"-500 pA\" } ] } ]")]
    public void WhatMakesNeuronsFireLessThanIeAloneIsNotCountedSoAModelThatFitsRuns(string neuron, string more)
    {
        string model = Write("m.json", Driven(neuron, more));
        var r = Spikesim("run", model, "--out", Path.Combine(Dir, "out"), "-q", "--max-output", "1 MB");
        Assert.True(r.Code == 0, r.Err);
        Assert.True(new FileInfo(Path.Combine(Dir, "out", "spikes.csv")).Length < 600_000);
    }

    [Fact]
    public void IeAloneIsStillCountedWhenNothingCanSlowTheNeurons()
    {
        // Excitation only (a positive Poisson input) makes them fire more: 63 x 10 spikes per neuron at least.
        string model = Write("m.json", Driven("", ", \"inputs\": [ { \"type\": \"poisson\", \"to\": \"a\", \"rate\": \"1 kHz\", \"weight\": \"0.1 mV\" } ]"));
        var r = Spikesim("validate", model, "--max-output", "1 MB");
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json: $.populations[0].neuron.i_e: the run would write at least 7.6 MB (output)", r.Err);
    }
}

/// <summary>The resource guard covers every command that runs a model: sweep points and compare too.</summary>
public sealed class SweepAndCompareGuardTests : CliTestBase
{
    private const string Small = """
        { "name": "small", "duration": "100 ms",
          "populations": [ { "name": "a", "size": 3, "neuron": { "model": "lif", "i_e": "400 pA" } } ],
          "record": { "spikes": true, "rates": { "bin": "5 ms" } } }
        """;

    [Fact]
    public void ASweepPointWithARateBinOfANanosecondIsRefusedNamingTheFieldAndThePoint()
    {
        string model = Write("m.json", Small);
        var r = Spikesim("sweep", model, "--param", "record.rates.bin=[5 ms,1e-9 ms]", "--out", Path.Combine(Dir, "sweep"), "-q");
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json: $.record.rates.bin: the run would write at least 1.2 TB (output)", r.Err);
        Assert.Contains("(in sweep point 1: record.rates.bin=1e-9 ms)", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "sweep")));
        var point = Spikesim("sweep", model, "--param", "record.rates.bin=[5 ms,1e-9 ms]", "--point", "0", "-q");
        Assert.Equal(2, point.Code);
        Assert.Contains("$.record.rates.bin", point.Err);
    }

    [Fact]
    public void CompareWithARateBinOfANanosecondIsRefusedBeforeWritingAnything()
    {
        string model = Write("m.json", Small);
        var r = Spikesim("compare", model, "--set", "record.rates.bin=\"1e-9 ms\"", "--out", Path.Combine(Dir, "cmp"));
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json: $.record.rates.bin: the run would write at least 1.2 TB (output)", r.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "cmp")));
        Assert.Empty(PartialFolders());
    }
}

/// <summary>The distance rule's synapse count is estimated from the layouts: a lower bound, neither 0 nor absurd.</summary>
public sealed class DistanceEstimateTests : CliTestBase
{
    private static string Sheet(int size, string lambda, string layout) => $$"""
        { "duration": "1 ms",
          "populations": [ { "name": "sheet", "size": {{size}}, "neuron": { "model": "lif" }, "positions": { "layout": "{{layout}}", "extent": "1 mm" } } ],
          "projections": [ { "from": "sheet", "to": "sheet", "connect": { "rule": "distance", "p0": 0.5, "lambda": "{{lambda}}", "velocity": "1 m/s", "allow_autapses": false },
                             "weight": "0.1 mV", "delay": "0.5 ms" } ] }
        """;

    [Theory]
    [InlineData(900, "200 um", "grid")]
    [InlineData(2000, "50 um", "random")]
    [InlineData(400, "5 mm", "grid")]
    public void TheEstimateIsBelowTheBuiltCountAndWithinAFactorOfFive(int size, string lambda, string layout)
    {
        ModelSpec spec = ModelReader.Parse(Sheet(size, lambda, layout), "m.json");
        double estimate = ResourceEstimate.DistanceSynapsesAtLeast(spec.Projections[0], spec.Populations[0], spec.Populations[0], samePopulation: true);
        int built = Network.Build(spec).Projections[0].Count;
        Assert.InRange(estimate, built / 5.0, built);
    }

    [Fact]
    public void AHugeDistanceModelIsRefusedUpFrontAndANormalOneIsNot()
    {
        // 2,000,000 neurons on 1 mm with lambda = 200 um: at least 8.9e10 synapses (the estimate was 0).
        var huge = Spikesim("validate", Write("huge.json", Sheet(2_000_000, "200 um", "grid")));
        Assert.Equal(2, huge.Code);
        Assert.Contains("huge.json: $.projections[0].connect: projection \"sheet-sheet\" would have 89,560,838,133 synapses", huge.Err);
        // 20,000 neurons with lambda = 50 um: at least 785,006 synapses (2.8 million built), 3 MB: fits 100 MB.
        var mid = Spikesim("validate", Write("mid.json", Sheet(20_000, "50 um", "grid")), "--max-memory", "100 MB");
        Assert.True(mid.Code == 0, mid.Err);
        var tight = Spikesim("validate", Write("mid.json", Sheet(20_000, "50 um", "grid")), "--max-memory", "3 MB");
        Assert.Equal(2, tight.Code);
        Assert.Contains("$.projections[0].connect", tight.Err);
        Assert.Contains("7.85E+05 synapses of projection \"sheet-sheet\"", tight.Err);
    }
}
