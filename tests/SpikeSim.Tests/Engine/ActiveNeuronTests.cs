using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// A slice visits only the neurons with events or a wake time in it (<see cref="WakeSchedule"/>): neurons that sleep
/// for thousands of slices, past the schedule's ring, must still wake exactly on time.
/// </summary>
public class ActiveNeuronTests
{
    // tau_m = 10 ms, C_m = 250 pF: a 500 pA step drives V towards R I = 20 mV and crosses V_th = 15 mV
    // tau_m ln(20 / (20 - 15)) = 10 ln 4 ms after the step, and again that long after each refractory period (2 ms).
    private const double StepMs = 250, StepPa = 500;
    private static readonly double RiseMs = 10 * Math.Log(4);

    /// <summary>
    /// Three quiet neurons and 0.1 ms slices (a recurrent projection of weight 0 and delay 0.1 ms): neuron 0 gets a
    /// suprathreshold input at 300.05 ms, neuron 1 at 7.3 and 401.7 ms, neuron 2 a current step at 250 ms.
    /// </summary>
    private static ModelSpec Sleepers() =>
        Model(500,
            [new PopulationSpec("a", 3, Lif("delta", tauM: 10, el: 0, vReset: 0, vTh: 15))],
            [new ProjectionSpec("a-a", "a", "a", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(0), new ConstantValue(0.1))],
            [
                new SpikeTimesInput("a", [0, 1], [[300.05], [7.3, 401.7]], PerNeuron.Of(20)),
                new CurrentInput("a", [2], [new CurrentStep(StepMs, PerNeuron.Of(StepPa))]),
            ]);

    [Fact]
    public void NeuronsThatSleepPastTheScheduleRingWakeOnTime()
    {
        var run = Run(Sleepers());
        Assert.Equal([300.05], run.SpikeTimesOf(0));
        Assert.Equal([7.3, 401.7], run.SpikeTimesOf(1));
        double[] stepped = run.SpikeTimesOf(2);
        Assert.Equal(15, stepped.Length); // the 15th at 250 + 15 x 10 ln 4 + 14 x 2 = 485.94 ms, the 16th would be past 500
        for (int k = 0; k < stepped.Length; k++) Assert.Equal(StepMs + (k + 1) * RiseMs + k * 2, stepped[k], 9);
    }

    [Fact]
    public void SleepersWakeOnTimeInRunsCutAnywhereAndOnAnyThreadCount()
    {
        var spec = Sleepers();
        var whole = Run(spec);
        var parts = new Recorded();
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 2 });
        foreach (double piece in new[] { 120.05, 180.0, 0.03, 199.92 }) simulator.Run(piece, parts);
        Assert.Equal(whole.Spikes, parts.Spikes);
        Assert.Equal(whole.Spikes, Run(spec, threads: 3).Spikes);
    }

    [Theory]
    [InlineData(1, 0.0, 8, 1)]      // 1 x 20 kHz x 2 ms = 40 Poisson events a slice: one thread
    [InlineData(4, 0.0, 8, 2)]      // 160: two threads
    [InlineData(1000, 0.0, 4, 4)]   // 40,000: 625, but only four cores
    [InlineData(4000, 0.02, 8, 5)]  // no Poisson; 4000^2 x 0.02 synapses at 10 Hz in 0.1 ms slices: 320 events, five threads
    [InlineData(1000, 0.08, 8, 1)]  // 1000^2 x 0.08 synapses: 80 events, one thread
    public void AutomaticThreadsFollowTheExpectedEventsPerSlice(int neurons, double p, int cores, int expected)
    {
        var lif = Lif("delta", tauM: 20, el: 0, vReset: 10, vTh: 20);
        ModelSpec spec = p > 0
            ? Model(1, [new PopulationSpec("a", neurons, lif)],
                    [new ProjectionSpec("a-a", "a", "a", new ConnectSpec(ConnectRule.Random, P: p), new ConstantValue(0.1), new ConstantValue(0.1))])
            : Model(1, [new PopulationSpec("a", neurons, lif)], inputs: [new PoissonInput("a", null, PerNeuron.Of(20_000), PerNeuron.Of(0.1))]);
        var network = Network.Build(spec);
        double slice = Math.Min(Simulator.MaxSliceMs, network.MinDelayMs);
        Assert.Equal(expected, Simulator.AutoThreads(network, slice, cores));
    }

    [Fact]
    public void FarSleepersAreMarkedOnceInTheSliceOfTheirWake()
    {
        // 150 neurons of a partition starting at neuron 100 (two whole words of 64 and a partial one): wake times up to
        // 60 ms, a tenth never (+infinity or NaN). Each slice the schedule is scanned and its marks read and cleared, as
        // the partition does: every neuron that wakes is marked once, in the slice its wake falls in, the others never.
        const double sliceMs = 0.1;
        var random = new Random(3);
        double[] wake = new double[300];
        for (int n = 0; n < wake.Length; n++)
            wake[n] = random.Next(10) switch { 0 => double.PositiveInfinity, 1 => double.NaN, _ => 60 * random.NextDouble() };
        var schedule = new WakeSchedule(100, 150, sliceMs);
        schedule.ScheduleAll(0, wake, 250);
        var markedIn = new long[300];
        Array.Fill(markedIn, -1);
        for (long slice = 0; slice < 700; slice++)
        {
            schedule.ScanFar(slice, wake);
            ulong[] marks = schedule.Slot(slice);
            for (int word = 0; word < marks.Length; word++)
                for (ulong bits = marks[word]; bits != 0; bits &= bits - 1)
                {
                    int n = 100 + (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    Assert.True(markedIn[n] < 0, $"neuron {n} marked in slices {markedIn[n]} and {slice}");
                    markedIn[n] = slice;
                }
            Array.Clear(marks);
        }
        for (int n = 0; n < 300; n++)
        {
            bool wakes = n >= 100 && n < 250 && wake[n] < double.PositiveInfinity;
            Assert.Equal(wakes ? EventRing.SliceOf(wake[n], sliceMs, 1 / sliceMs, 0) : -1, markedIn[n]);
        }
    }
}
