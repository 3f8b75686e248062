using System.Text.Json;
using SpikeSim.Benchmarks;

namespace SpikeSim.Tests.Benchmarks;

/// <summary>The child's result line is written by generated code (so a native child can write it): the same JSON as before.</summary>
public class ChildJsonTests
{
    private static SpikeSimSample Sample() => new()
    {
        ModelPath = "models/cuba.json", ModelName = "cuba", Threads = 2, Neurons = 4000, Synapses = 320_471, SynapseBytes = 1_313_900,
        ReadS = 0.0005, BuildS = 0.01, SetupS = 0.002, RunS = 0.0, LoopS = 0.39, SimulatedMs = 1000, Spikes = 21_860, MeanRateHz = 5.465,
        Populations = [new PopulationRate("exc", 3200, 17_427, 5.4459375), new PopulationRate("inh", 800, 4433, 5.54125)],
        RecurrentEvents = 1_751_640, InputEvents = 0, BaselineRssMb = 6.2, RssAfterBuildMb = 11.5, ManagedHeapAfterBuildMb = 1.5, PeakRssMb = 11.5,
    };

    [Fact]
    public void GeneratedJsonEqualsTheReflectionJsonOfTheParent()
    {
        // RunS = 0 makes EventsPerS NaN: named floating-point literals must be allowed by both.
        string generated = JsonSerializer.Serialize(Sample(), ChildJson.Default.SpikeSimSample);
        Assert.Equal(JsonSerializer.Serialize(Sample(), Json.Options), generated);
        Assert.Contains("\"peak_rss_mb\":11.5", generated);
        Assert.Contains("\"events_per_s\":\"NaN\"", generated);
    }

    [Fact]
    public void TheLineReadsBackIntoTheSameSample()
    {
        SpikeSimSample back = JsonSerializer.Deserialize(JsonSerializer.Serialize(Sample(), ChildJson.Default.SpikeSimSample), ChildJson.Default.SpikeSimSample)!;
        Assert.Equal(Sample() with { Populations = back.Populations }, back);
        Assert.Equal(Sample().Populations, back.Populations);
    }
}
