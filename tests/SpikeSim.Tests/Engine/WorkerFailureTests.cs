using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>A run whose dynamics fail on one worker ends on every worker, with the error, however the threads are scheduled.</summary>
public sealed class WorkerFailureTests
{
    [Fact]
    public void AFailureOnTheSecondWorkerEndsTheRunOnBoth()
    {
        // Neuron 1 of "a" (the second worker's) fails in the slice from 6 ms: src's second spike (5 ms, delay 1 ms)
        // reaches a 1e9 nS conductance the lanes cannot integrate. The second worker, arriving last at the barrier
        // before it, goes on at once: its phase B and its failing phase A can be over before the first worker, woken
        // from the barrier, decides whether to go on. When each worker decided that by reading the failure itself,
        // the first left and the second waited at the next barrier for ever (about one run in twenty hung here).
        ModelSpec spec = ModelReader.Parse("""
            { "duration": "20 ms",
              "populations": [ { "name": "src", "size": 1, "neuron": { "model": "lif", "psc": "delta" } },
                               { "name": "a", "size": 3, "neuron": { "model": "lif", "psc": "cond_exp" } } ],
              "inputs": [ { "type": "spike_times", "to": "src", "neurons": [0], "times": ["1 ms", "5 ms"], "weight": "100 mV" } ],
              "projections": [ { "from": "src", "to": "a", "connect": { "rule": "all_to_all" },
                                 "weight": [["0.1 nS"], ["-1e9 nS"], ["0.1 nS"]], "delay": "1 ms" } ] }
            """, "m.json");
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
