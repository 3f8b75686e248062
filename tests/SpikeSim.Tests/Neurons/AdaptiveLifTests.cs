using SpikeSim.Modeling;
using SpikeSim.Neurons;
using static SpikeSim.Tests.Neurons.NeuronTestKit;

namespace SpikeSim.Tests.Neurons;

/// <summary>LIF with spike-frequency adaptation against closed forms (a = 0) and an independent Taylor-series integration.</summary>
public class AdaptiveLifTests
{
    private static AdaptiveSynapse Shape(string psc) => Enum.Parse<AdaptiveSynapse>(psc, ignoreCase: true);

    private static AdaptiveLif Neuron(AdaptationParameters q, double v) => new(q, v, 0, 0, 0, 0, 0, 0, 0, 0);

    [Fact]
    public void WithoutSubthresholdAdaptationIntervalsMatchTheClosedForm()
    {
        // a = 0: w jumps by b at each spike and decays with tau_w, also while V is clamped. After the refractory
        // period, from V_reset with w_r: x(u) = x_inf + A e^(-u/tau_w) + (x_reset - x_inf - A) e^(-u/tau_m),
        // A = -w_r tau_m tau_w / (C (tau_w - tau_m)), x_inf = R I_e (x = V - E_L). The test solves x(u) = V_th - E_L
        // by bisection for each interval in turn.
        const double tauM = 10, cm = 250, el = -70, vReset = -65, vTh = -50, tRef = 2, ie = 800, b = 40, tauW = 120;
        var p = Lif(tauM: tauM, cm: cm, el: el, vReset: vReset, vTh: vTh, tRef: tRef, ie: ie);
        var q = new AdaptationParameters(p, AdaptiveSynapse.Exp, 0, b, tauW);
        AdaptiveLif n = Neuron(q, el);
        List<double> spikes = Drive(ref n, [], 500);

        var expected = new List<double>();
        double xInf = tauM / cm * ie, t = 0, x0 = 0, w = 0;
        while (true)
        {
            double wr = w, xStart = x0;
            double a = -wr * tauM * tauW / (cm * (tauW - tauM));
            double X(double u) => xInf + a * Math.Exp(-u / tauW) + (xStart - xInf - a) * Math.Exp(-u / tauM);
            double lo = 0, hi = 200;
            if (X(hi) < vTh - el) break;
            for (int i = 0; i < 200; i++) { double m = 0.5 * (lo + hi); if (X(m) >= vTh - el) hi = m; else lo = m; }
            t += hi;
            if (t >= 500) break;
            expected.Add(t);
            w = (wr * Math.Exp(-hi / tauW) + b) * Math.Exp(-tRef / tauW); // decays through the refractory period
            t += tRef;
            x0 = vReset - el;
        }
        Assert.Equal(expected.Count, spikes.Count);
        for (int i = 0; i < spikes.Count; i++) Assert.True(Math.Abs(spikes[i] - expected[i]) <= 1e-10, $"spike {i}: {spikes[i]:R} vs {expected[i]:R}");
        // The intervals lengthen, and w is the sum of decaying increments.
        Assert.True(spikes[2] - spikes[1] > spikes[1] - spikes[0]);
        double wNow = spikes.Sum(s => b * Math.Exp(-(500 - s) / tauW));
        Assert.True(Math.Abs(n.W - wNow) <= 1e-9 * wNow, $"{n.W:R} vs {wNow:R}");
    }

    [Theory]
    [InlineData("exp", 4.0, 100.0)]
    [InlineData("alpha", 4.0, 100.0)]
    [InlineData("delta", 4.0, 100.0)]
    [InlineData("exp", 200.0, 100.0)]   // complex roots: a > C tau_w (1/tau_m - 1/tau_w)²/4 = 50.6 nS
    [InlineData("alpha", 200.0, 100.0)]
    [InlineData("exp", 0.0, 10.0)]      // repeated root (tau_w = tau_m, a = 0), exp currents resonant at 10 ms
    [InlineData("alpha", 0.0, 10.0)]
    [InlineData("exp", 0.0, 100.0)]     // a synaptic rate equal to a root (tau_syn_in = tau_m)
    public void SubthresholdTrajectoryMatchesTaylorReference(string psc, double a, double tauW)
    {
        AdaptiveSynapse synapse = Shape(psc);
        var p = Lif(tauM: 10, cm: 250, el: -70, vReset: -70, vTh: 1e9, tRef: 2, ie: 300, tauEx: 2, tauIn: 10);
        var q = new AdaptationParameters(p, synapse, a, 0, tauW);
        AdaptiveLif n = new(q, -60, 30, 0, 0, 0, 0, 0, 0, 0); // w starts at 30 pA
        var reference = new LinearTaylorReference(p, synapse, a, 0, tauW, -60, w0: 30);
        (double T, double W)[] inputs = synapse == AdaptiveSynapse.Delta
            ? [(3.3, 2.5), (7.1, -1.5), (20.25, 4)]
            : [(3.3, 500), (7.1, -300), (20.25, 800), (20.25, -100)];
        int next = 0;
        for (int k = 1; k <= 120; k++)
        {
            double t = 0.613 * k;
            while (next < inputs.Length && inputs[next].T <= t)
            {
                n.AdvanceTo(inputs[next].T); reference.AdvanceTo(inputs[next].T);
                n.Receive(inputs[next].W); reference.Receive(inputs[next].W);
                next++;
            }
            Assert.True(Math.Abs(n.SampleAt(t) - Sample(reference, t).V) <= 1e-9, $"V at {t}: {n.SampleAt(t):R} vs {Sample(reference, t).V:R}");
            n.AdvanceTo(t); reference.AdvanceTo(t);
            Assert.True(Math.Abs(n.V - reference.V) <= 1e-9, $"V at {t}");
            Assert.True(Math.Abs(n.W - reference.W) <= 1e-9 * Math.Max(1, Math.Abs(reference.W)), $"w at {t}: {n.W:R} vs {reference.W:R}");
        }
        if (a > 0) Assert.True(Math.Abs(n.W) > 20, "adaptation current should be visible"); // a (V - E_L), V - E_L ≈ 12 mV
    }

    private static (double V, double W) Sample(LinearTaylorReference r, double t) { r.AdvanceTo(t); return (r.V, r.W); }

    [Theory]
    [InlineData("exp", 4.0, 80.0, 144.0)]
    [InlineData("alpha", 4.0, 80.0, 144.0)]
    [InlineData("delta", 2.0, 60.0, 100.0)]
    [InlineData("exp", 150.0, 20.0, 100.0)]  // complex roots
    public void SpikeTimesMatchTaylorReference(string psc, double a, double b, double tauW)
    {
        AdaptiveSynapse synapse = Shape(psc);
        var p = Lif(tauM: 10, cm: 250, el: -70, vReset: -65, vTh: -50, tRef: 2, ie: a > 100 ? 5500 : 900, tauEx: 2, tauIn: 5);
        var q = new AdaptationParameters(p, synapse, a, b, tauW);
        AdaptiveLif n = Neuron(q, -70);
        var reference = new LinearTaylorReference(p, synapse, a, b, tauW, -70);
        (double T, double W)[] inputs = synapse == AdaptiveSynapse.Delta
            ? [(13.3, 3), (57.1, -4), (120.25, 5)]
            : [(13.3, 600), (57.1, -900), (120.25, 700)];
        List<double> spikes = Drive(ref n, inputs, 300);
        foreach ((double t, double w) in inputs) { reference.AdvanceTo(t); reference.Receive(w); }
        reference.AdvanceTo(300);
        Assert.True(spikes.Count >= 5, $"{spikes.Count} spikes");
        Assert.Equal(reference.Spikes.Count, spikes.Count);
        for (int i = 0; i < spikes.Count; i++)
            Assert.True(Math.Abs(spikes[i] - reference.Spikes[i]) <= 1e-9, $"spike {i}: {spikes[i]:R} vs {reference.Spikes[i]:R}");
        Assert.True(Math.Abs(n.W - reference.W) <= 1e-9 * Math.Abs(reference.W));
    }

    [Fact]
    public void ComplexRootsOvershootCrossingThatVLeavesAgainIsFound()
    {
        // a = 200 nS: damped oscillation (omega ≈ 0.077 rad/ms). A current step to a steady state 1 mV below threshold
        // overshoots it: the first crossing lies on the overshoot, which V leaves again. A bit less drive: no crossing.
        var p = Lif(tauM: 10, cm: 250, el: 0, vReset: 0, vTh: 15, tRef: 2);
        var q = new AdaptationParameters(p, AdaptiveSynapse.Exp, 200, 0, 100);
        Assert.Equal(AdaptationParameters.RootKind.Complex, q.Roots);
        double step = 14 * (25 + 200); // steady x = I / (g_L + a) = 14 mV
        AdaptiveLif n = Neuron(q, 0);
        n.AddCurrent(step);
        double crossing = n.NextCrossing(double.PositiveInfinity, out _);
        var reference = new LinearTaylorReference(Lif(tauM: 10, cm: 250, el: 0, vReset: 0, vTh: 15, tRef: 2, ie: step), AdaptiveSynapse.Exp, 200, 0, 100, 0);
        reference.AdvanceTo(200);
        Assert.NotEmpty(reference.Spikes);
        Assert.True(Math.Abs(crossing - reference.Spikes[0]) <= 1e-9, $"{crossing:R} vs {reference.Spikes[0]:R}");
        bool fallsBack = false;
        for (double t = crossing; t < crossing + 60 && !fallsBack; t += 0.5) fallsBack = n.SampleAt(t) < 15;
        Assert.True(fallsBack, "V falls back below threshold after the overshoot");

        // Peak overshoot in the reference without a threshold, then a drive whose peak stays 0.01 mV short.
        var free = new LinearTaylorReference(Lif(tauM: 10, cm: 250, el: 0, vReset: 0, vTh: 1e9, tRef: 2, ie: 1), AdaptiveSynapse.Exp, 200, 0, 100, 0);
        double peak = 0;
        for (double t = 0.01; t < 120; t += 0.01) { free.AdvanceTo(t); peak = Math.Max(peak, free.V); }
        AdaptiveLif below = Neuron(q, 0);
        below.AddCurrent((15 - 0.01) / peak);
        Assert.Equal(double.PositiveInfinity, below.NextCrossing(double.PositiveInfinity, out _));
        AdaptiveLif above = Neuron(q, 0);
        above.AddCurrent((15 + 0.01) / peak);
        Assert.True(above.NextCrossing(double.PositiveInfinity, out _) < 100);
    }

    [Fact]
    public void WIsPulledTowardsItsClampedValueDuringRefractoriness()
    {
        // V held at V_reset: w(u) = a (V_reset - E_L) + (w0 - a (V_reset - E_L)) e^(-u/tau_w).
        var p = Lif(tauM: 10, cm: 250, el: -70, vReset: -60, vTh: -50, tRef: 5);
        var q = new AdaptationParameters(p, AdaptiveSynapse.Exp, 6, 50, 80);
        AdaptiveLif n = new(q, -50, 10, 0, 0, 0, 0, 0, 0, 0);
        n.Spike();                      // w = 60 pA, clamped until 5 ms
        Assert.Equal(-60, n.SampleAt(4));
        for (double u = 0.5; u < 5; u += 0.5)
        {
            double expected = 60 + (60 - 60) * Math.Exp(-u / 80); // w0 = 10 + 50 = 60 and w_inf = 6 * 10 = 60
            Assert.Equal(expected, n.SampleVariable(3, u), 12); // exp psc: v, i_syn_ex, i_syn_in, w
        }
        AdaptiveLif m = new(q, -50, 100, 0, 0, 0, 0, 0, 0, 0);
        m.Spike();                      // w = 150 pA
        foreach (double u in new[] { 1.0, 2.5, 4.99 })
            Assert.True(Math.Abs(m.SampleVariable(3, u) - (60 + 90 * Math.Exp(-u / 80))) <= 1e-12);
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    [InlineData("alpha")]
    public void WithoutAdaptationItIsTheExistingModel(string psc)
    {
        AdaptiveSynapse synapse = Shape(psc);
        // a = b = 0: the same trajectory and spikes as DeltaLif / ExpLif / AlphaLif (to rounding).
        var p = Lif(tauM: 10, cm: 250, el: -70, vReset: -70, vTh: -55, tRef: 2, ie: 400, tauEx: 2, tauIn: 3);
        var q = new AdaptationParameters(p, synapse, 0, 0, 100);
        (double T, double W)[] inputs = synapse == AdaptiveSynapse.Delta
            ? [(1.5, 3), (2.25, 4), (9.1, -2), (14.2, 6), (30.5, 9)]
            : [(1.5, 300), (2.25, 500), (9.1, -300), (14.2, 900), (30.5, 1900)];
        AdaptiveLif n = Neuron(q, -70);
        List<double> spikes = Drive(ref n, inputs, 60);
        List<double> expected;
        double vEnd;
        switch (synapse)
        {
            case AdaptiveSynapse.Delta:
                var d = Loaded(new DeltaLif(p), -70); expected = Drive(ref d, inputs, 60); vEnd = d.SampleAt(60); break;
            case AdaptiveSynapse.Exp:
                var e = Loaded(new ExpLif(p), -70, 0, 0); expected = Drive(ref e, inputs, 60); vEnd = e.SampleAt(60); break;
            default:
                var al = new AlphaLif(p, -70, 0, 0, 0, 0, 0, 0, 0); expected = Drive(ref al, inputs, 60); vEnd = al.V; break;
        }
        Assert.True(expected.Count >= 2);
        Assert.Equal(expected.Count, spikes.Count);
        for (int i = 0; i < spikes.Count; i++) Assert.True(Math.Abs(spikes[i] - expected[i]) <= 1e-11, $"{spikes[i]:R} vs {expected[i]:R}");
        Assert.True(Math.Abs(n.V - vEnd) <= 1e-10);
        Assert.Equal(0, n.W);
    }

    [Fact]
    public void LowerBoundNeverPassesTheCrossing()
    {
        var rng = new Random(11);
        var synapses = new[] { AdaptiveSynapse.Delta, AdaptiveSynapse.Exp, AdaptiveSynapse.Alpha };
        for (int trial = 0; trial < 300; trial++)
        {
            var p = Lif(tauM: 5 + 20 * rng.NextDouble(), cm: 250, el: -70, vReset: -70, vTh: -55, tRef: 2 * rng.NextDouble(),
                        ie: 800 * rng.NextDouble(), tauEx: 0.2 + 5 * rng.NextDouble(), tauIn: 0.2 + 8 * rng.NextDouble());
            var q = new AdaptationParameters(p, synapses[trial % 3], 300 * rng.NextDouble() * rng.NextDouble(), 50, 20 + 200 * rng.NextDouble());
            var n = new AdaptiveLif(q, -75 + 18 * rng.NextDouble(), 100 * rng.NextDouble() - 20, 400 * rng.NextDouble(), 800 * rng.NextDouble(),
                                    -400 * rng.NextDouble(), -800 * rng.NextDouble(), 0, rng.NextDouble(), 0);
            double crossing = n.NextCrossing(double.PositiveInfinity, out _);
            Assert.True(n.CrossingLowerBound() <= crossing, $"trial {trial}");
            if (double.IsPositiveInfinity(crossing)) continue;
            Assert.True(n.SampleAt(crossing) >= -55 - 1e-9, $"trial {trial}: V = {n.SampleAt(crossing):R}");
            double before = Math.Max(n.RefractoryUntil, crossing - 1e-6);
            Assert.True(before >= crossing || n.SampleAt(before) < -55, $"trial {trial}");
        }
    }
}

/// <summary>The adapted steady-state rate curve (artificial mode, f-I plot) against long runs of the exact dynamics.</summary>
public class AdaptedRateCurveTests
{
    private static LifSpec Spec(double a, double b, double tauW, double ie = 0) =>
        LifSpec.Default("exp") with
        {
            TauMMs = 9.3667, CmPf = 281, ELMv = -70.6, VResetMv = -70.6, VThMv = -50.4, IEPa = ie,
            Extra = ParameterSet.Of([new("a", a), new("b", b), new("tau_w", tauW)]),
        };

    [Theory]
    [InlineData(4.0, 80.5, 144.0, 1000.0)]   // the regular-spiking cell of models/adaptation.json: 1000 / 34.147 ms
    [InlineData(0.0, 40.0, 120.0, 1500.0)]   // spike-triggered only
    [InlineData(150.0, 20.0, 100.0, 5000.0)] // complex eigenvalues
    [InlineData(4.0, 80.5, 144.0, 2500.0)]
    public void SteadyRateIsTheRateOfALongRun(double a, double b, double tauW, double current)
    {
        LifSpec spec = Spec(a, b, tauW);
        double rate = spec.Model.RateHz(spec, current);
        // The last interval of a 5 s run of the exact dynamics under the same current.
        var q = new AdaptationParameters(new LifParameters(spec), AdaptiveSynapse.Exp, a, b, tauW);
        AdaptiveLif n = new(q, -70.6, 0, 0, 0, 0, 0, 0, double.NegativeInfinity, current);
        List<double> spikes = NeuronTestKit.Drive(ref n, [], 5000);
        double last = spikes[^1] - spikes[^2];
        Assert.True(Math.Abs(rate - 1000 / last) <= 1e-9 * rate, $"{rate:R} Hz vs {1000 / last:R} Hz");
        // Adaptation lowers the rate below the plain LIF's.
        LifSpec plain = spec with { Extra = ParameterSet.Empty };
        Assert.True(rate < plain.Model.RateHz(plain, current));
    }

    [Fact]
    public void BelowTheAdaptedRheobaseTheRateIsZeroAndNoAdaptationKeepsTheLifCurve()
    {
        LifSpec none = Spec(0, 0, 144);
        double ri = 9.3667 / 281 * 1000;
        Assert.Equal(1000 / (2 + 9.3667 * Math.Log(ri / (ri - 20.2))), none.Model.RateHz(none, 1000), 12);
        Assert.Equal(0, Spec(4, 80.5, 144).Model.RateHz(Spec(4, 80.5, 144), 500)); // (g_L + a)(V_th - E_L) = 687 pA > 500 pA
    }
}
