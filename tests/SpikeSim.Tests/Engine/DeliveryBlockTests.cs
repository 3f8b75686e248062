using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// Delivery takes each partition's targets a block of neurons at a time (<see cref="Simulator.DeliveryBlockNeurons"/>);
/// a target's events still arrive in spike order, so the block size is speed only: networks delivered in blocks of 64
/// neurons (as many blocks as their rows allow) give the spikes, samples and event counts of the default blocks, bit
/// for bit, on one and two threads (static, plastic and conductance networks, distributed delays).
/// </summary>
public class DeliveryBlockTests
{
    public static TheoryData<string, int> Models => new()
    {
        { "recurrent-delta", 1 },
        { "recurrent-exp", 2 },
        { "coba.json@150", 1 },
        { "brunel2000-stdp-small@60", 2 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void SmallBlocksGiveTheSameRunAsTheDefault(string model, int threads)
    {
        ModelSpec spec = ArrivalWidthTests.Spec(model);
        (Recorded usual, int usualBlocks) = Run(spec, threads, Simulator.DeliveryBlockNeurons);
        (Recorded small, int smallBlocks) = Run(spec, threads, 64);
        Assert.True(smallBlocks >= 3 * usualBlocks, $"{smallBlocks} blocks of at most 64 neurons against {usualBlocks}: the test should cut the network finer");
        Assert.True(usual.Spikes.Count >= 1000, $"only {usual.Spikes.Count} spikes: the test network should be active");
        Assert.Equal(usual.Spikes, small.Spikes);
        Assert.Equal(usual.Samples, small.Samples);
        Assert.Equal(usual.Result!.RecurrentEvents, small.Result!.RecurrentEvents);
    }

    private static (Recorded Run, int Blocks) Run(ModelSpec spec, int threads, int blockNeurons)
    {
        var recorder = new Recorded();
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads, DeliveryBlockNeurons = blockNeurons });
        recorder.Result = simulator.Run(spec.DurationMs, recorder);
        return (recorder, simulator.DeliveryBlockCount);
    }
}
