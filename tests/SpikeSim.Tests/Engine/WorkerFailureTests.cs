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
            var e = Assert.IsType<NonFiniteValueException>(RunToItsEnd(simulator, spec.DurationMs, null, run));
            Assert.Contains("population \"a\", neuron 1 stopped by t = 7 ms", e.Message);
        }
    }

    [Fact]
    public void ACancellationEndsTheRunOnBothWorkers()
    {
        // The first worker (the driven neurons) arrives last at each barrier and goes on at once; the observer, which
        // it calls in its phase B, cancels at 5 ms, and it sees that at the end of its next phase A. The second worker
        // (idle neurons), woken from the barrier before, must not leave on that cancellation while the first waits
        // at the next barrier.
        ModelSpec spec = ModelReader.Parse("""
            { "duration": "1 s",
              "populations": [ { "name": "driven", "size": 8, "neuron": { "model": "lif" } },
                               { "name": "idle", "size": 8, "neuron": { "model": "lif" } } ],
              "inputs": [ { "type": "poisson", "to": "driven", "rate": "20 kHz", "weight": "0.5 mV" } ],
              "projections": [ { "from": "driven", "to": "idle", "connect": { "rule": "one_to_one" }, "weight": "0.1 mV", "delay": "0.5 ms" } ] }
            """, "m.json");
        Network network = Network.Build(spec);
        for (int run = 0; run < 500; run++)
        {
            using var stop = new CancellationTokenSource();
            var simulator = new Simulator(network, new SimulationOptions { Threads = 2, Cancellation = stop.Token });
            var observer = new CancelAt(5, stop);
            Assert.IsAssignableFrom<OperationCanceledException>(RunToItsEnd(simulator, spec.DurationMs, observer, run));
            Assert.InRange(observer.LastEndMs, 5, 5.5); // the slice that cancelled, and at most the one after it
        }
    }

    /// <summary>
    /// Runs the simulator on a thread of its own and returns what the run threw, failing the test if the run has not
    /// ended within a minute (a worker left waiting at a barrier: the thread is a background one, so it does not keep
    /// the test host alive).
    /// </summary>
    private static Exception? RunToItsEnd(Simulator simulator, double durationMs, ISimulationObserver? observer, int run)
    {
        Exception? failure = null;
        var thread = new Thread(() => failure = Record.Exception(() => simulator.Run(durationMs, observer))) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), $"run {run} did not end: a worker waits at a barrier the other has left");
        return failure;
    }

    /// <summary>Cancels the run once a slice has reached <paramref name="ms"/>.</summary>
    private sealed class CancelAt(double ms, CancellationTokenSource stop) : ISimulationObserver
    {
        public double LastEndMs { get; private set; }

        public void OnSlice(in SliceOutput slice)
        {
            LastEndMs = slice.EndMs;
            if (slice.EndMs >= ms) stop.Cancel();
        }
    }
}
