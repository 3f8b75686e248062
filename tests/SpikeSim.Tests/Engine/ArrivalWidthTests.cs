using System.Globalization;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// Event lists name their arrival entries with two bytes until a slice's table outgrows them, then with four
/// (<see cref="ArrivalTable.Wide"/>). The width is storage only: a run whose tables widen in nearly every slice (a
/// limit of 8 entries instead of 65,536) gives the spikes, samples and event counts of the run that never widens, bit
/// for bit, on every path that reads or writes the lists (the delta batch, the event lanes, the general loop, sorting
/// by time under distributed delays, plastic arrivals, short-term synapses, conductance neurons).
/// </summary>
public class ArrivalWidthTests
{
    public static TheoryData<string, int, int> Models => new()
    {
        { "recurrent-delta", 1, 1000 },
        { "recurrent-exp", 2, 1000 },
        { "song2000-stdp.json@2000", 1, 20 },
        { "short-term.json@2000", 2, 30 }, // three neurons and a train of 34 input spikes
        { "coba.json@150", 1, 1000 },
        { "brunel2000-stdp-small@60", 2, 1000 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void TablesThatWidenGiveTheSameRunAsTablesThatDoNot(string model, int threads, int minSpikes)
    {
        ModelSpec spec = Spec(model);
        Recorded narrow = Run(spec, threads, ArrivalTable.NarrowLimit);
        Recorded widening = Run(spec, threads, narrowLimit: 8);
        Assert.True(narrow.Spikes.Count >= minSpikes, $"only {narrow.Spikes.Count} spikes: the test network should be active");
        Assert.Equal(narrow.Spikes, widening.Spikes);
        Assert.Equal(narrow.Samples, widening.Samples);
        Assert.Equal(narrow.Result!.RecurrentEvents, widening.Result!.RecurrentEvents);
        Assert.Equal(narrow.Result.InputEvents, widening.Result.InputEvents);
    }

    /// <summary>The networks of <see cref="Models"/>, by name.</summary>
    internal static ModelSpec Spec(string model) => model switch
    {
        "recurrent-delta" => DeterminismTests.Recurrent("delta"),
        "recurrent-exp" => DeterminismTests.Recurrent("exp"),
        // STDP on brunel2000's E->E synapses, shrunk to 1,250 neurons (fixed in-degree 100 and 25)
        "brunel2000-stdp-small@60" => Shipped("../tests/SpikeSim.Benchmarks/models/brunel2000-stdp.json", 60,
            "populations.0.size=1000", "populations.1.size=250", "projections.0.connect.k=100", "projections.1.connect.k=100",
            "projections.2.connect.k=25", "projections.3.connect.k=25"),
        _ => Shipped(model.Split('@')[0], double.Parse(model.Split('@')[1], CultureInfo.InvariantCulture)),
    };

    private static ModelSpec Shipped(string name, double durationMs, params string[] overrides) =>
        ModelReader.ReadFile(Path.Combine(ModelTestHelpers.ModelsDir, name),
            [.. overrides, $"duration={durationMs.ToString(CultureInfo.InvariantCulture)} ms"]);

    private static Recorded Run(ModelSpec spec, int threads, int narrowLimit)
    {
        var recorder = new Recorded();
        var options = new SimulationOptions { Threads = threads, ArrivalNarrowLimit = narrowLimit };
        recorder.Result = new Simulator(Network.Build(spec), options).Run(spec.DurationMs, recorder);
        return recorder;
    }
}
