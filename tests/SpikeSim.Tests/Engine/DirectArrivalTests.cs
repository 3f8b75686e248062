using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// Direct arrivals (<c>Partition.DirectArrivals.cs</c>): where every synapse into a population is static with the
/// slice's length as its one delay, phase B gives each event straight to its target in the event lanes instead of its
/// list. Speed only: every run below gives the spikes, samples and event counts of the same run through the lists,
/// bit for bit, on one and two threads, and most of its events take the direct path (a run in which none did would
/// compare the lists with themselves).
/// </summary>
public class DirectArrivalTests
{
    /// <summary>Shipped networks (delta, exp, alpha and conductance neurons), and <see cref="Mixed"/>.</summary>
    public static TheoryData<string, int> Models => new()
    {
        { "cuba.json@200", 1 },
        { "cuba.json@200", 2 },
        { "benchmark4.json@200", 2 },
        { "coba.json@100", 1 },
        { "../tests/SpikeSim.Benchmarks/models/cuba-alpha.json@100", 2 },
        { "mixed", 1 },
        { "mixed", 2 },
        { "multapses", 1 },
        { "multapses", 2 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void DirectArrivalsGiveTheRunOfTheLists(string model, int threads)
    {
        ModelSpec spec = model switch { "mixed" => Mixed(), "multapses" => Multapses(), _ => ArrivalWidthTests.Spec(model) };
        (Recorded lists, long none) = Run(spec, threads, direct: false);
        (Recorded direct, long taken) = Run(spec, threads, direct: true);
        Assert.Equal(0, none);
        Assert.True(lists.Spikes.Count >= 500, $"only {lists.Spikes.Count} spikes: the test network should be active");
        Assert.Equal(lists.Spikes, direct.Spikes);
        Assert.Equal(lists.Samples, direct.Samples);
        Assert.Equal(lists.StateSamples, direct.StateSamples);
        Assert.Equal(lists.Result!.RecurrentEvents, direct.Result!.RecurrentEvents);
        Assert.True(taken > direct.Result.RecurrentEvents / 2, $"{taken} of {direct.Result.RecurrentEvents} events took the direct path");
    }

    /// <summary>
    /// A run cut in the middle of slices and continued: the events of the cut slice that come after the cut wait in
    /// the lists for the next segment (each segment processes the events the lists' run does), and the next
    /// segment's first spikes arrive directly again. In one piece or in segments, the same run.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ARunInSegmentsIsTheRunInOnePiece(int threads)
    {
        ModelSpec spec = Mixed();
        (Recorded whole, _) = Run(spec, threads, direct: false);
        (Recorded lists, long[] listEvents, _) = RunInSegments(spec, threads, direct: false);
        (Recorded direct, long[] directEvents, long taken) = RunInSegments(spec, threads, direct: true);
        Assert.Equal(whole.Spikes, direct.Spikes);
        Assert.Equal(whole.Samples, direct.Samples);
        Assert.Equal(lists.Spikes, direct.Spikes);
        Assert.Equal(listEvents, directEvents);
        Assert.Equal(whole.Result!.RecurrentEvents, directEvents.Sum());
        Assert.True(taken > directEvents.Sum() / 2, $"{taken} of {directEvents.Sum()} events took the direct path");
    }

    private static (Recorded Run, long[] Events, long DirectEvents) RunInSegments(ModelSpec spec, int threads, bool direct)
    {
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads, DirectArrivals = direct });
        var recorder = new Recorded();
        var events = new List<long>();
        events.Add(simulator.Run(0.02, recorder).RecurrentEvents);
        while (simulator.TimeMs + 7.37 < spec.DurationMs) events.Add(simulator.Run(7.37, recorder).RecurrentEvents); // cuts inside slices
        events.Add(simulator.Run(spec.DurationMs - simulator.TimeMs, recorder).RecurrentEvents);
        return (recorder, [.. events], simulator.DirectEvents);
    }

    /// <summary>
    /// Where the events cannot go directly they keep their lists: delays longer than the longest slice (2 ms), every
    /// neuron with an input of its own, a learning projection; and with a second delay only the populations whose
    /// synapses all have the slice's delay take the direct path.
    /// </summary>
    [Theory]
    [InlineData("long delays")]
    [InlineData("inputs everywhere")]
    [InlineData("learning")]
    [InlineData("two delays")]
    public void OtherNetworksKeepTheirLists(string change)
    {
        ModelSpec spec = Mixed();
        ProjectionSpec[] projections = [.. spec.Projections];
        spec = change switch
        {
            "long delays" => spec with { Projections = [.. projections.Select(p => p with { Delay = new ConstantValue(3) })] },
            "inputs everywhere" => spec with
            {
                Inputs = [new PoissonInput("a", null, PerNeuron.Of(100), PerNeuron.Of(1)), new PoissonInput("b", null, PerNeuron.Of(100), PerNeuron.Of(0.01))],
            },
            "learning" => spec with
            {
                Projections = [.. projections.Select(p => p.Name == "ab" ? p with { Plasticity = new StdpSpec(20, 20, 0.01, 2, 1, 1, 2.0, 0.0, StdpPairing.AllToAll, 0) } : p)],
            },
            _ => spec with { Projections = [.. projections.Select(p => p.To == "b" ? p with { Delay = new ConstantValue(0.25) } : p)] },
        };
        (Recorded lists, _) = Run(spec, 2, direct: false);
        (Recorded run, long direct) = Run(spec, 2, direct: true);
        Assert.True(lists.Spikes.Count >= 500, $"only {lists.Spikes.Count} spikes: the test network should be active");
        Assert.Equal(lists.Spikes, run.Spikes);
        Assert.Equal(lists.Result!.RecurrentEvents, run.Result!.RecurrentEvents);
        if (change == "two delays")
        {
            // population a's events go directly, b's (its synapses' delay is not the slice's) to the lists
            Assert.InRange(direct, run.Result.RecurrentEvents / 10, run.Result.RecurrentEvents * 9 / 10);
        }
        else Assert.Equal(0, direct);
    }

    private static (Recorded Run, long DirectEvents) Run(ModelSpec spec, int threads, bool direct)
    {
        var recorder = new Recorded();
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads, DirectArrivals = direct });
        recorder.Result = simulator.Run(spec.DurationMs, recorder);
        return (recorder, simulator.DirectEvents);
    }

    /// <summary>
    /// Two populations under suprathreshold drive: a (exponential currents, refractory 2 ms, float weights drawn per
    /// synapse, a Poisson input and a voltage probe on a few neurons, which the lanes never take) and b (delta
    /// synapses, lanes that take refractory neurons), connected both ways with the slice's one delay, 0.1 ms.
    /// </summary>
    /// <summary>
    /// <see cref="Mixed"/> with a->b drawn with multapses (40 sources per target, with replacement: some two per target
    /// come twice), so that a row gives one neuron two events of the same instant side by side, also within sixteen
    /// consecutive targets that the lanes would otherwise take at once.
    /// </summary>
    private static ModelSpec Multapses()
    {
        ModelSpec mixed = Mixed();
        var projections = mixed.Projections.ToArray();
        projections[1] = projections[1] with { Connect = new ConnectSpec(ConnectRule.FixedIndegree, K: 40, AllowMultapses: true) };
        return mixed with { Projections = projections };
    }

    private static ModelSpec Mixed()
    {
        LifSpec a = Lif("exp", tauM: 20, el: -49, vReset: -60, vTh: -50, tRef: 2, vInit: -55, tauEx: 5, tauIn: 10)
            with { VInitMv = new DistributionValue(DistributionKind.Uniform, -60, -50) };
        LifSpec b = Lif("delta", tauM: 20, el: -49, vReset: -60, vTh: -50, tRef: 5)
            with { VInitMv = new DistributionValue(DistributionKind.Uniform, -60, -50) };
        var delay = new ConstantValue(0.1);
        var sparse = new ConnectSpec(ConnectRule.Random, P: 0.05);
        return Model(300,
            [new PopulationSpec("a", 400, a), new PopulationSpec("b", 300, b)],
            [
                new ProjectionSpec("aa", "a", "a", sparse, new DistributionValue(DistributionKind.Uniform, 10, 40), delay),
                new ProjectionSpec("ab", "a", "b", sparse, new ConstantValue(0.3), delay),
                new ProjectionSpec("ba", "b", "a", sparse, new ConstantValue(-120), delay),
                new ProjectionSpec("bb", "b", "b", sparse, new ConstantValue(-2), delay),
            ],
            [new PoissonInput("a", [3, 50, 51, 399], PerNeuron.Of(2000), PerNeuron.Of(30))],
            new RecordSpec(["a", "b"], [new VoltageRecordSpec("a", [0, 50, 200], 0.1), new VoltageRecordSpec("b", [7], 0.1)], null),
            seed: 5);
    }
}
