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
        // Spikes are not estimated before the run: 3 neurons at ~100 Hz for 20 s write ~100 kB of spikes.
        string model = Write("m.json", Three.Replace("\"v\": [ { \"population\": \"a\", \"interval\": \"0.1 ms\" } ]", "\"v\": []")
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
        // 9 synapses x 4 bytes + 4 row offsets x 4; ring: ceil(1 / 1) + 2 = 3 slots x 3 neurons x 16 bytes.
        Assert.Equal(9 * 4 + 4 * 4, e.Memory.Single(p => p.JsonPath == "$.projections[0].connect").Bytes);
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
