using SpikeSim.Benchmarks;

namespace SpikeSim.Tests.Benchmarks;

/// <summary>The benchmark's command line: it is run by hand, so its parsing is checked here (and CI builds it).</summary>
public class BenchOptionsTests
{
    [Fact]
    public void DefaultsRunTheThreeShippedModelsForOneSecondThreeTimes()
    {
        var o = BenchOptions.Parse([]);
        Assert.Equal(["brunel2000", "cuba", "benchmark4", "coba"], o.Models);
        Assert.Equal(1000.0, o.DurationMs);
        Assert.Equal(3, o.Repeats);
        Assert.False(o.NoPeer);
        Assert.Null(o.ChildExe);
    }

    [Fact]
    public void TheChildCanBeAnotherProgram()
    {
        Assert.Equal("bin/native/SpikeSim.Benchmarks", BenchOptions.Parse(["--child-exe", "bin/native/SpikeSim.Benchmarks"]).ChildExe);
        Assert.Throws<UsageException>(() => BenchOptions.Parse(["--child-exe"]));
    }

    [Theory]
    [InlineData("1 s", 1000.0)]
    [InlineData("500ms", 500.0)]
    [InlineData("2.5 s", 2500.0)]
    public void DurationsTakeUnitsLikeModelFiles(string text, double ms) =>
        Assert.Equal(ms, BenchOptions.Parse(["--duration", text]).DurationMs);

    [Theory]
    [InlineData("--duration", "5")]      // no unit
    [InlineData("--duration", "-1 s")]   // not positive
    [InlineData("--duration", "1 mV")]   // not a time
    [InlineData("--repeats", "0")]
    public void BadValuesAreUsageErrors(string option, string value) =>
        Assert.Throws<UsageException>(() => BenchOptions.Parse([option, value]));

    [Fact]
    public void AModelCanCarryItsOwnDuration()
    {
        var o = BenchOptions.Parse(["--models", "brunel2000,song2000-stdp@100s", "--duration", "2 s"]);
        Assert.Equal(2000.0, o.DurationOf("brunel2000"));
        Assert.Equal(100_000.0, o.DurationOf("song2000-stdp@100s"));
        Assert.Equal("song2000-stdp", BenchOptions.ModelOf("song2000-stdp@100s"));
        Assert.Throws<UsageException>(() => BenchOptions.Parse(["--models", "cuba@5 mV"]));
    }

    [Fact]
    public void MedianOfEvenCountAveragesTheMiddlePair() =>
        Assert.Equal(2.5, Stats.Median([4.0, 1.0, 2.0, 3.0]));
}
