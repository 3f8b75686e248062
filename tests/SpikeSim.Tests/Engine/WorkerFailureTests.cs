using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Robustness;

namespace SpikeSim.Tests.Engine;

/// <summary>A run whose dynamics fail on one worker ends on every worker, with the error, however the threads are scheduled.</summary>
public sealed class WorkerFailureTests
{
    [Fact]
    public void AFailureOnTheSecondWorkerEndsTheRunOnBoth()
    {
        // Neuron 1 of "a" (the second worker's) fails in the slice from 6 ms (NonFiniteValueTests.ConductanceTooLargeOnTheLanes).
        // The second worker, arriving last at the barrier before it, goes on at once: its phase B and its failing phase
        // A can be over before the first worker, woken from the barrier, decides whether to go on. When each worker
        // decided that by reading the failure itself, the first left and the second waited at the next barrier for
        // ever (about one run in twenty hung here).
        ModelSpec spec = ModelReader.Parse(NonFiniteValueTests.ConductanceTooLargeOnTheLanes, "m.json");
        Network network = Network.Build(spec);
        for (int run = 0; run < 300; run++)
        {
            var simulator = new Simulator(network, new SimulationOptions { Threads = 2 });
            Exception? failure = null;
            var thread = new Thread(() => failure = Record.Exception(() => simulator.Run(spec.DurationMs, null))) { IsBackground = true };
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), $"run {run} did not end: a worker waits at a barrier the other has left");
            var e = Assert.IsType<NonFiniteValueException>(failure);
            Assert.Contains("population \"a\", neuron 1 stopped by t = 7 ms", e.Message);
        }
    }
}
