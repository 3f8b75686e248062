using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Recording;

/// <summary>
/// <c>record.state</c>: the engine's state samples against closed forms (exp currents and V, delta V, short-term u and
/// x), the [from, to) windows of state and v recordings, the row order, and identity for any thread count.
/// </summary>
public class StateRecordingTests
{
    private const double TauM = 10, TauS = 2, Cm = 250;

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R} vs {expected:R}");

    /// <summary>The values of one recorded neuron's variable, by time.</summary>
    private static Dictionary<double, double> Series(Recorded run, int neuron, int record, int variable) =>
        run.StateSamples.Where(s => s.Neuron == neuron && s.Record == record && s.Variable == variable).ToDictionary(s => s.TimeMs, s => s.Value);

    [Fact]
    public void ExpNeuronCurrentsDecayAndVFollowsTheirClosedForms()
    {
        // One excitatory input (w_e at t_e) and one inhibitory (w_i at t_i), both off the sampling grid:
        // I_ex(t) = w_e e^(-(t-t_e)/tau_ex), I_in(t) = w_i e^(-(t-t_i)/tau_in),
        // V(t) = sum_x w_x tau_m tau_x / (C (tau_x - tau_m)) (e^(-u/tau_x) - e^(-u/tau_m)), u = t - t_x.
        const double te = 1.132123512, we = 1000, ti = 6.271, wi = -400, tauIn = 5;
        var spec = Model(20, [new PopulationSpec("a", 1, Lif("exp", tauM: TauM, cm: Cm, vTh: 1e9, tauEx: TauS, tauIn: tauIn))],
            inputs: [new SpikeTimesInput("a", null, [[te]], PerNeuron.Of(we)), new SpikeTimesInput("a", null, [[ti]], PerNeuron.Of(wi))],
            record: new RecordSpec(["a"], [], null) { State = [new StateRecordSpec("a", null, ["i_syn_in", "v", "i_syn_ex"], 0.1)] });
        var run = Run(spec);
        Assert.Equal(200 * 3, run.StateSamples.Count);
        static double Psp(double w, double tau, double u) =>
            u <= 0 ? 0 : w * TauM * tau / (Cm * (tau - TauM)) * (Math.Exp(-u / tau) - Math.Exp(-u / TauM));
        for (int k = 0; k < 200; k++)
        {
            double t = NeuronState.SampleTime(k, 0.1);
            // Rows come in the order the variables were given.
            var row = run.StateSamples.Skip(3 * k).Take(3).ToArray();
            Assert.All(row, s => Assert.Equal(t, s.TimeMs));
            Assert.Equal([0, 1, 2], row.Select(s => s.Variable));
            Close(t > ti ? wi * Math.Exp(-(t - ti) / tauIn) : 0, row[0].Value, 1e-12, $"I_in({t})");
            Close(Psp(we, TauS, t - te) + Psp(wi, tauIn, t - ti), row[1].Value, 1e-12, $"V({t})");
            Close(t > te ? we * Math.Exp(-(t - te) / TauS) : 0, row[2].Value, 1e-12, $"I_ex({t})");
        }
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    [InlineData("alpha")]
    public void AdaptationCurrentIsTheSumOfDecayingIncrementsAndZeroWithoutAdaptation(string psc)
    {
        // a = 0: w(t) = sum over spikes s < t of b e^(-(t - s)/tau_w); the neuron without a or b reports w = 0.
        const double b = 30, tauW = 50;
        ModelSpec spec = ModelReader.Parse($$"""
            { "name": "w", "duration": "200 ms",
              "populations": [
                { "name": "ad", "size": 1, "neuron": { "model": "lif", "psc": "{{psc}}", "i_e": "500 pA", "b": "{{b}} pA", "tau_w": "{{tauW}} ms" } },
                { "name": "plain", "size": 1, "neuron": { "model": "lif", "psc": "{{psc}}", "i_e": "500 pA" } } ],
              "record": { "spikes": ["ad", "plain"], "state": [
                { "population": "ad", "variables": ["w"], "interval": "0.5 ms" },
                { "population": "plain", "variables": ["w"], "interval": "0.5 ms" } ] } }
            """, "w.json");
        var run = Run(spec);
        double[] spikes = run.SpikeTimesOf(0);
        Assert.True(spikes.Length >= 5, $"{spikes.Length} spikes");
        Assert.True(run.SpikeTimesOf(1).Length > spikes.Length, "adaptation slows the adapting neuron");
        int adaptive = 0;
        foreach (StateSample sample in run.StateSamples)
        {
            if (sample.Neuron == 1) { Assert.Equal(0.0, sample.Value); continue; }
            double expected = 0;
            foreach (double t in spikes) if (t < sample.TimeMs) expected += b * Math.Exp(-(sample.TimeMs - t) / tauW);
            Close(expected, sample.Value, 1e-11, $"w({sample.TimeMs})");
            adaptive++;
        }
        Assert.Equal(400, adaptive);
    }

    [Fact]
    public void DeltaNeuronVIsTheClosedFormAndEqualsTheVoltageProbe()
    {
        // V_inf = E_L + tau_m/C I_e = 12 mV below threshold; a jump of 2 mV at t0:
        // V(t) = V_inf (1 - e^(-t/tau_m)) + 2 e^(-(t-t0)/tau_m) for t > t0.
        const double ie = 300, t0 = 3.3217, jump = 2;
        double vInf = TauM / Cm * ie;
        var spec = Model(30, [new PopulationSpec("a", 2, Lif("delta", tauM: TauM, cm: Cm, ie: ie))],
            inputs: [new SpikeTimesInput("a", null, [[t0], [t0]], PerNeuron.Of(jump))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", [1], 0.25)], null) { State = [new StateRecordSpec("a", [1], ["v"], 0.25)] });
        var run = Run(spec);
        Assert.Empty(run.Spikes);
        Assert.Equal(120, run.StateSamples.Count);
        foreach (StateSample s in run.StateSamples)
        {
            Assert.Equal(1, s.Neuron);
            double t = s.TimeMs;
            Close(vInf * (1 - Math.Exp(-t / TauM)) + (t > t0 ? jump * Math.Exp(-(t - t0) / TauM) : 0), s.Value, 1e-12, $"V({t})");
        }
        // The state's v and v.csv's V are the same computation.
        Assert.Equal(run.Samples.Select(s => (s.TimeMs, s.Neuron, s.VMv)), run.StateSamples.Select(s => (s.TimeMs, s.Neuron, s.Value)));
    }

    [Fact]
    public void WindowsKeepTheGridTimesInFromToAndChangeNoValue()
    {
        ModelSpec With(double from, double to) => Model(20,
            [new PopulationSpec("a", 1, Lif("exp", tauM: TauM, cm: Cm, vTh: 1e9, tauEx: TauS, tauIn: TauS))],
            inputs: [new PoissonInput("a", null, PerNeuron.Of(4000), PerNeuron.Of(60))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.1, from, to)], null)
            {
                State = [new StateRecordSpec("a", null, ["v", "i_syn_ex"], 0.1, from, to)],
            });
        var all = Run(With(0, double.PositiveInfinity));
        Assert.Equal(200, all.Samples.Count);
        foreach (var (from, to, count) in new[] { (2.05, 7.3, 52), (15.0, 1000.0, 50), (0.0, 0.1, 1), (19.95, 30.0, 0) })
        {
            var window = Run(With(from, to));
            // Samples at k x 0.1 ms with from <= t < to, the same values as without the window.
            var expected = all.Samples.Where(s => s.TimeMs >= from && s.TimeMs < to).ToList();
            Assert.Equal(count, expected.Count);
            Assert.Equal(expected, window.Samples);
            Assert.Equal(all.StateSamples.Where(s => s.TimeMs >= from && s.TimeMs < to), window.StateSamples);
        }
    }

    [Fact]
    public void ShortTermMeansAreTheRecursionsValuesAndScaleTheTransmittedCurrent()
    {
        // Two sources onto one target through a facilitating and depressing projection. Synapse s's n-th arrival a_n:
        //   x_n = 1 + (x_(n-1) - u_(n-1) x_(n-1) - 1) e^(-D/tau_rec),  u_n = U + u_(n-1) (1 - U) e^(-D/tau_fac)
        // and at a sample t: u(t) = U + u_n (1-U) e^(-(t-a_n)/tau_fac), x(t) = 1 + (x_n (1 - u_n) - 1) e^(-(t-a_n)/tau_rec)
        // (u = U, x = 1 before the first arrival); stp_u / stp_x are their means over the two synapses. The target's
        // current is I_ex(t) = sum over arrivals before t of w u_n x_n e^(-(t-a_n)/tau_ex).
        const double u0 = 0.2, tauRec = 50, tauFac = 200, w = 100, delay = 1;
        double[][] spikes = [[10, 20, 25, 26.5, 60], [15, 20, 70.5]];
        var spec = Model(100,
            [new PopulationSpec("src", 2, Lif("delta", tRef: 0.5)), new PopulationSpec("dst", 1, Lif("exp", tauM: TauM, cm: Cm, vTh: 1e9, tauEx: TauS, tauIn: TauS))],
            [new ProjectionSpec("p", "src", "dst", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(w), new ConstantValue(delay),
                                ShortTerm: new ShortTermSpec(u0, tauRec, tauFac))],
            [new SpikeTimesInput("src", null, spikes, PerNeuron.Of(100))],
            new RecordSpec(["src"], [], null) { State = [new StateRecordSpec("dst", null, ["stp_u:p", "stp_x:p", "i_syn_ex"], 0.5)] });
        var run = Run(spec);
        Assert.Equal(spikes.Sum(s => s.Length), run.Spikes.Count);

        // Each synapse's arrivals with the u_n, x_n of its spike.
        var arrivals = new List<(double A, double U, double X)>[2];
        for (int s = 0; s < 2; s++)
        {
            arrivals[s] = [];
            double u = 0, x = 1, last = double.NegativeInfinity;
            foreach (double t in spikes[s])
            {
                double a = t + delay, d = a - last;
                double xn = 1 + (x - u * x - 1) * Math.Exp(-d / tauRec);
                double un = u0 + u * (1 - u0) * Math.Exp(-d / tauFac);
                (u, x, last) = (un, xn, a);
                arrivals[s].Add((a, u, x));
            }
        }
        var meanU = Series(run, 2, 0, 0);
        var meanX = Series(run, 2, 0, 1);
        var current = Series(run, 2, 0, 2);
        Assert.Equal(200, meanU.Count);
        foreach (double t in meanU.Keys)
        {
            double sumU = 0, sumX = 0, sumI = 0;
            for (int s = 0; s < 2; s++)
            {
                double u = 0, x = 1, last = double.NegativeInfinity;
                foreach (var (a, un, xn) in arrivals[s])
                {
                    if (a >= t) break; // a sample at an arrival's time comes before it
                    (u, x, last) = (un, xn, a);
                    sumI += w * un * xn * Math.Exp(-(t - a) / TauS);
                }
                sumU += u0 + u * (1 - u0) * Math.Exp(-(t - last) / tauFac);
                sumX += 1 + (x * (1 - u) - 1) * Math.Exp(-(t - last) / tauRec);
            }
            Close(sumU / 2, meanU[t], 1e-14, $"stp_u({t})");
            Close(sumX / 2, meanX[t], 1e-14, $"stp_x({t})");
            Close(sumI, current[t], 1e-12, $"I_ex({t})");
        }
        // At an arrival's time the synapse's values are exactly that spike's u_n, x_n (here both synapses at 21 ms).
        Close((arrivals[0][1].U + arrivals[1][1].U) / 2, meanU[21], 1e-15, "u at 21 ms");
        Close((arrivals[0][1].X + arrivals[1][1].X) / 2, meanX[21], 1e-15, "x at 21 ms");
    }

    [Fact]
    public void SamplingAllocatesNothingOnceTheListsHaveGrown()
    {
        // 10 neurons x 5 variables every 0.1 ms: 500,000 samples per simulated second, each a struct in a reused list.
        var lif = Lif("exp", tauM: TauM, cm: Cm, vTh: 1e9, tauEx: TauS, tauIn: TauS);
        var spec = Model(1000, [new PopulationSpec("src", 10, Lif("delta")), new PopulationSpec("a", 10, lif)],
            [new ProjectionSpec("p", "src", "a", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(50), new ConstantValue(1.0),
                                ShortTerm: new ShortTermSpec(0.5, 100, 50))],
            [new PoissonInput("src", null, PerNeuron.Of(20000), PerNeuron.Of(1)), new PoissonInput("a", null, PerNeuron.Of(1000), PerNeuron.Of(-20))],
            new RecordSpec([], [], null) { State = [new StateRecordSpec("a", null, ["v", "i_syn_ex", "i_syn_in", "stp_u:p", "stp_x:p"], 0.1)] });
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        var counter = new SampleCounter();
        simulator.Run(200, counter); // the lists grow to their steady size
        long before = GC.GetAllocatedBytesForCurrentThread();
        simulator.Run(1000, counter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1200 * 10 * 10 * 5, counter.Count);
        // A run allocates a few objects per call (barrier, context, result); 16 bytes per sample would be 8 MB.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for 500,000 samples");
    }

    private sealed class SampleCounter : ISimulationObserver
    {
        public long Count;

        public void OnSlice(in SliceOutput slice) => Count += slice.StateSamples.Length;
    }

    private static ModelSpec Recurrent()
    {
        var lif = Lif("exp", tauM: 20, el: -49, vReset: -60, vTh: -50, tRef: 5, tauEx: 5, tauIn: 10)
            with { VInitMv = new DistributionValue(DistributionKind.Uniform, -60, -50) };
        return Model(300,
            [new PopulationSpec("e", 300, lif), new PopulationSpec("i", 80, Lif("delta", tauM: 20, el: 0, vReset: 10, vTh: 20))],
            [
                new ProjectionSpec("ee", "e", "e", new ConnectSpec(ConnectRule.FixedIndegree, K: 30), new ConstantValue(40),
                                   new DistributionValue(DistributionKind.Uniform, 0.5, 2.5), ShortTerm: new ShortTermSpec(0.3, 200, 300)),
                new ProjectionSpec("ei", "e", "i", new ConnectSpec(ConnectRule.Random, P: 0.1), new ConstantValue(0.4), new ConstantValue(1.0)),
                new ProjectionSpec("ie", "i", "e", new ConnectSpec(ConnectRule.FixedOutdegree, K: 40), new ConstantValue(-200), new ConstantValue(0.7)),
            ],
            [
                new PoissonInput("e", null, PerNeuron.Of(300), PerNeuron.Of(30)),
                new PoissonInput("i", null, PerNeuron.Of(6000), PerNeuron.Of(0.5)),
            ],
            new RecordSpec(["e", "i"], [new VoltageRecordSpec("e", [0, 5], 0.5)], null)
            {
                State =
                [
                    new StateRecordSpec("e", [299, 0, 5, 150], ["stp_x:ee", "v", "i_syn_in", "stp_u:ee", "i_syn_ex"], 0.5, 50, 250),
                    new StateRecordSpec("i", null, ["v"], 1.0),
                    new StateRecordSpec("e", [5], ["i_syn_ex"], 0.25, 100),
                ],
            });
    }

    [Fact]
    public void StateSamplesAreIdenticalForOneTwoAndThreeThreadsAndTotallyOrdered()
    {
        var spec = Recurrent();
        var one = Run(spec, threads: 1);
        Assert.True(one.Spikes.Count > 500, $"only {one.Spikes.Count} spikes: the test network should be active");
        // 400 times x 4 neurons x 5 variables, 300 x 80, 800 x 1.
        Assert.Equal(400 * 4 * 5 + 300 * 80 + 800, one.StateSamples.Count);
        var samples = one.StateSamples;
        for (int i = 1; i < samples.Count; i++)
        {
            var (a, b) = (samples[i - 1], samples[i]);
            Assert.True(a.TimeMs < b.TimeMs || (a.TimeMs == b.TimeMs && (a.Neuron < b.Neuron
                || (a.Neuron == b.Neuron && (a.Record < b.Record || (a.Record == b.Record && a.Variable < b.Variable))))), $"row {i}");
        }
        Assert.Contains(samples, s => s.Record == 0 && s.Variable == 0 && s.Value < 1);   // x depressed somewhere
        Assert.All(samples.Where(s => s.Record == 0 && s.Variable is 0 or 3), s => Assert.InRange(s.Value, 0, 1));
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Run(spec, threads);
            Assert.Equal(one.Spikes, other.Spikes);
            Assert.Equal(one.Samples, other.Samples);
            Assert.Equal(one.StateSamples, other.StateSamples);
        }
    }
}
