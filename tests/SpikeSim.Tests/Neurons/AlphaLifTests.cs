using SpikeSim.Neurons;
using static SpikeSim.Tests.Neurons.NeuronTestKit;

namespace SpikeSim.Tests.Neurons;

/// <summary>The alpha-current LIF (NEST iaf_psc_alpha_ps) against closed forms and high-precision roots.</summary>
public class AlphaLifTests
{
    // NEST's test_iaf_ps_psp_accuracy: tau_syn = 0.3 ms, tau_m = 10 ms, C_m = 250 pF, w = 500 pA, E_L = 0.
    private const double TauS = 0.3, TauM = 10, Cm = 250, W = 500, T0 = 1.132123512;

    private static AlphaLif Neuron(LifParameters p, double v = 0) => new(p, v, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>PSP of one input at u = 0: w e/(tau_s C) [(e^(-u/tau_m) - e^(-u/tau_s))/k² - u e^(-u/tau_s)/k], k = 1/tau_s - 1/tau_m.</summary>
    private static double Psp(double w, double tauS, double u)
    {
        if (u <= 0) return 0;
        double k = 1 / tauS - 1 / TauM;
        return w * Math.E / (tauS * Cm) * ((Math.Exp(-u / TauM) - Math.Exp(-u / tauS)) / (k * k) - u * Math.Exp(-u / tauS) / k);
    }

    private static decimal PspDecimal(decimal w, decimal tauS, decimal u)
    {
        decimal tauM = (decimal)TauM, cm = (decimal)Cm;
        decimal k = 1 / tauS - 1 / tauM;
        return w * E / (tauS * cm) * ((Exp(-u / tauM) - Exp(-u / tauS)) / (k * k) - u * Exp(-u / tauS) / k);
    }

    [Fact]
    public void PspMatchesClosedFormAtOffGridTimes()
    {
        // NEST's setup: one input at 1.132123512 ms; V sampled at irregular times off any grid, to 1e-12 mV.
        var p = Lif(tauM: TauM, cm: Cm, vTh: 1e9, tauEx: TauS, tauIn: TauS);
        AlphaLif n = Neuron(p);
        n.AdvanceTo(T0);
        n.Receive(W);
        AlphaLif stepped = n;
        for (int i = 1; i <= 60; i++)
        {
            double t = T0 + 0.0731 * i * Math.Sqrt(i);
            double expected = Psp(W, TauS, t - T0);
            Assert.True(Math.Abs(n.SampleAt(t) - expected) <= 1e-12, $"t={t}: {n.SampleAt(t):R} vs {expected:R}");
            stepped.AdvanceTo(t); // integrated piecewise, event to event
            Assert.True(Math.Abs(stepped.V - expected) <= 1e-12, $"stepped t={t}: {stepped.V:R} vs {expected:R}");
        }
        // The current itself: w u/tau e^(1 - u/tau), peak w at u = tau.
        Assert.Equal(W, n.SampleVariable(1, T0 + TauS), 12);
        Assert.Equal(W * 2 * Math.Exp(-1), n.SampleVariable(1, T0 + 2 * TauS), 12);
    }

    [Fact]
    public void PspAtNestsMeasurementTimeMatchesTheirReference()
    {
        // test_iaf_ps_psp_accuracy reads V at T = 6 ms after a spike emitted at 2 ms with delay 1 ms: u = 3 ms.
        var p = Lif(tauM: TauM, cm: Cm, vTh: 15, tauEx: TauS, tauIn: TauS);
        AlphaLif n = Neuron(p);
        n.AdvanceTo(3);
        n.Receive(W);
        n.AdvanceTo(6);
        double expected = (double)PspDecimal(500m, 0.3m, 3m);
        Assert.True(Math.Abs(n.V - expected) < 1e-12, $"{n.V:R} vs {expected:R}");
        Assert.Equal(double.PositiveInfinity, n.NextCrossing(double.PositiveInfinity, out _)); // peak ≈ 1.43 mV < 15 mV
    }

    [Fact]
    public void RiseAndFallCrossingBetweenEventsMatchesHighPrecisionRoot()
    {
        // w = 6000 pA with tau_s = 0.3: the PSP peaks at ≈ 17.1 mV at u ≈ 1.59 ms and falls back below 15 mV; no
        // later input. The spike time is the first root of Psp(u) = 15 mV, by bisection in decimal to 1e-20 ms.
        var p = Lif(tauM: TauM, cm: Cm, vTh: 15, tauEx: TauS, tauIn: TauS);
        AlphaLif n = Neuron(p);
        var spikes = Drive(ref n, [(T0, 6000)], 30);
        Assert.Single(spikes);
        double uPeak = PeakTime(TauS);
        Assert.True(Psp(6000, TauS, uPeak) > 15 && Psp(6000, TauS, 30 - T0) < 15);
        decimal root = Bisect(u => PspDecimal(6000m, 0.3m, u) - 15m, 0m, (decimal)uPeak);
        Assert.True(Math.Abs(spikes[0] - (T0 + (double)root)) <= 2e-12, $"{spikes[0]:R} vs {T0 + (double)root:R}");
        // Just below: the peak stays under threshold, so no spike.
        double wMax = 15 / Psp(1, TauS, uPeak);
        AlphaLif m = Neuron(p);
        Assert.Empty(Drive(ref m, [(T0, wMax * (1 - 1e-9))], 30));
        AlphaLif k = Neuron(p);
        Assert.Single(Drive(ref k, [(T0, wMax * (1 + 1e-9))], 30));
    }

    /// <summary>Where the PSP peaks: the root of its derivative, by bisection (V' = (D - V)/tau_m changes sign once).</summary>
    private static double PeakTime(double tauS)
    {
        double a = 1e-6, b = 20;
        for (int i = 0; i < 200; i++)
        {
            double m = 0.5 * (a + b);
            if (Psp(1, tauS, m + 1e-9) > Psp(1, tauS, m - 1e-9)) a = m; else b = m;
        }
        return 0.5 * (a + b);
    }

    [Fact]
    public void EqualSynapticAndMembraneTimeConstantsUseTheResonantClosedForm()
    {
        // tau_s = tau_m = tau: V(u) = w e/(tau C) u²/2 e^(-u/tau); the crossing of 15 mV by decimal bisection.
        const double tau = 10, w = 100;
        var p = Lif(tauM: tau, cm: Cm, vTh: 15, tauEx: tau, tauIn: tau);
        AlphaLif n = Neuron(p);
        n.AdvanceTo(T0);
        n.Receive(w);
        for (int i = 1; i <= 40; i++)
        {
            double u = 0.37 * i;
            double expected = w * Math.E / (tau * Cm) * u * u / 2 * Math.Exp(-u / tau);
            Assert.True(Math.Abs(n.SampleAt(T0 + u) - expected) <= 1e-12 * Math.Max(1, expected));
        }
        // Peak at u = 2 tau: 100 e/2500 * 200 e^-2 = 21.7 * 0.1353... = 2.94 mV; a weight of 600 crosses.
        AlphaLif big = Neuron(p);
        var spikes = Drive(ref big, [(T0, 600)], 100);
        Assert.Single(spikes);
        decimal root = Bisect(u => 600m * E / (10m * 250m) * u * u / 2 * Exp(-u / 10m) - 15m, 0m, 20m);
        Assert.True(Math.Abs(spikes[0] - (T0 + (double)root)) <= 2e-12, $"{spikes[0]:R} vs {T0 + (double)root:R}");
    }

    [Fact]
    public void NearlyEqualTimeConstantsAreContinuousWithTheResonantForm()
    {
        // tau_s within 1e-3 and within 1e-7 of tau_m: the PSP moves by about the relative change, not by rounding noise.
        var equal = Neuron(Lif(tauM: 10, cm: Cm, vTh: 1e9, tauEx: 10, tauIn: 10));
        equal.Receive(100);
        foreach (double rel in new[] { 1e-3, 1e-7 })
        {
            var near = Neuron(Lif(tauM: 10, cm: Cm, vTh: 1e9, tauEx: 10 * (1 + rel), tauIn: 10));
            near.Receive(100);
            for (double u = 1; u < 60; u += 3.3)
            {
                double a = equal.SampleAt(u), b = near.SampleAt(u);
                Assert.True(Math.Abs(a - b) <= 10 * rel * Math.Abs(a) + 1e-12, $"rel {rel} u {u}: {a:R} vs {b:R}");
            }
        }
    }

    [Fact]
    public void InhibitionUsesItsOwnTimeConstant()
    {
        const double tauIn = 5;
        var p = Lif(tauM: TauM, cm: Cm, vTh: 15, tauEx: TauS, tauIn: tauIn);
        AlphaLif n = Neuron(p);
        n.AdvanceTo(T0);
        n.Receive(-300);
        for (int i = 1; i <= 30; i++)
        {
            double u = 0.7 * i;
            double expected = Psp(-300, tauIn, u);
            Assert.True(Math.Abs(n.SampleAt(T0 + u) - expected) <= 1e-12, $"u={u}");
        }
        Assert.Equal(-300, n.SampleVariable(2, T0 + tauIn), 12);
    }

    [Fact]
    public void CurrentsKeepEvolvingWhileClampedAndInputsAreNotLost()
    {
        // E_L = V_reset = 0: after the refractory period ends at r, V(r + u) = Vfull(r + u) - e^(-u/tau_m) Vfull(r),
        // where Vfull is the PSP had V never been clamped (linearity).
        var p = Lif(tauM: TauM, cm: Cm, vTh: 1e9, tRef: 2, tauEx: 2, tauIn: 2);
        AlphaLif n = Neuron(p);
        n.AdvanceTo(1);
        n.Spike();                 // refractory until 3 ms
        n.AdvanceTo(1.5);
        n.Receive(400);            // input during the refractory period
        Assert.Equal(0, n.SampleAt(2.9));
        Assert.Equal(400 * 1.0 / 2 * Math.Exp(1 - 1.0 / 2), n.SampleVariable(1, 2.5), 12);
        const double r = 3;
        for (int i = 1; i <= 20; i++)
        {
            double u = 0.55 * i;
            double full(double t) => Psp2(400, t - 1.5);
            double expected = full(r + u) - Math.Exp(-u / TauM) * full(r);
            Assert.True(Math.Abs(n.SampleAt(r + u) - expected) <= 1e-12, $"u={u}: {n.SampleAt(r + u):R} vs {expected:R}");
        }

        static double Psp2(double w, double u)
        {
            double k = 1 / 2.0 - 1 / TauM;
            return w * Math.E / (2 * Cm) * ((Math.Exp(-u / TauM) - Math.Exp(-u / 2)) / (k * k) - u * Math.Exp(-u / 2) / k);
        }
    }

    [Fact]
    public void NoCrossingDuringRefractoryAndResetAtSpike()
    {
        var p = Lif(tauM: TauM, cm: Cm, vReset: -5, vTh: 15, tRef: 2, ie: 2000); // V_inf = 80 mV: fires regularly
        AlphaLif n = new(p, 0, 0, 0, 0, 0, 0, 0, 0);
        var spikes = Drive(ref n, [], 40);
        // DC closed form: first at tau ln(80/65), then t_ref + tau ln(85/65).
        Assert.Equal(10 * Math.Log(80.0 / 65), spikes[0], 12);
        for (int i = 1; i < spikes.Count; i++) Assert.Equal(2 + 10 * Math.Log(85.0 / 65), spikes[i] - spikes[i - 1], 11);
    }

    [Fact]
    public void FirstCrossingWithExcitationAndInhibitionAgreesWithADenseScan()
    {
        // V_inf = 5 mV > V_th = 4 mV, slow inhibition (-500 pA, 6 ms) at 0, fast excitation (2200 pA, 0.5 ms) at 4 ms:
        // V is above threshold on about [5.189, 6.992] ms, dips, and crosses again near 50.7 ms. The search must return
        // the first crossing (and, from 7.5 ms on, the second); the test finds them by scanning the closed form every
        // 1e-4 ms.
        var p = Lif(tauM: TauM, cm: Cm, vTh: 4, ie: 125, tauEx: 0.5, tauIn: 6);
        AlphaLif n = Neuron(p);
        n.Receive(-500);
        n.AdvanceTo(4);
        n.Receive(2200);
        AssertFirstCrossingMatchesScan(n, 4, 5.18, 5.2);
        n.AdvanceTo(7.5);
        Assert.True(n.V < 4);
        AssertFirstCrossingMatchesScan(n, 7.5, 50.6, 50.7);
    }

    private static void AssertFirstCrossingMatchesScan(AlphaLif n, double from, double low, double high)
    {
        double crossing = n.NextCrossing(double.PositiveInfinity, out _);
        double scanned = double.PositiveInfinity;
        for (int i = 0; i < 1_000_000; i++)
        {
            double t = from + i * 1e-4;
            if (n.SampleAt(t) >= 4) { scanned = t; break; }
        }
        Assert.InRange(scanned, low, high);
        Assert.True(crossing <= scanned && crossing > scanned - 1.0001e-4, $"{crossing:R} vs scan {scanned:R}");
        Assert.True(Math.Abs(n.SampleAt(crossing) - 4) < 1e-9);
    }

    [Fact]
    public void LowerBoundNeverPassesTheCrossing()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 400; trial++)
        {
            var p = Lif(tauM: 5 + 20 * rng.NextDouble(), cm: Cm, vTh: 15, tRef: 2 * rng.NextDouble(), ie: 600 * rng.NextDouble(),
                        tauEx: 0.2 + 5 * rng.NextDouble(), tauIn: 0.2 + 8 * rng.NextDouble());
            var n = new AlphaLif(p, 15 * rng.NextDouble() - 5, 400 * rng.NextDouble(), 800 * rng.NextDouble(),
                                 -400 * rng.NextDouble(), -800 * rng.NextDouble(), 0, rng.NextDouble(), 0);
            double crossing = n.NextCrossing(double.PositiveInfinity, out _);
            Assert.True(n.CrossingLowerBound() <= crossing, $"trial {trial}");
            if (double.IsPositiveInfinity(crossing)) continue;
            Assert.True(n.SampleAt(crossing) >= 15 - 1e-9, $"trial {trial}: V = {n.SampleAt(crossing):R}");
            Assert.True(n.SampleAt(Math.Max(n.RefractoryUntil, crossing - 1e-6)) < 15 || crossing <= n.RefractoryUntil + 1e-6);
        }
    }
    [Fact]
    public void BoundUnderNetInhibitionWaitsForTheInputs()
    {
        // R = 10/250 = 0.04 mV/pA, V_inf = 0 < V_th = 15 mV. Excitation alone (500 pA now, rising by 100 pA/ms) could
        // lift D above 20 mV, but inhibition of -800 pA falling further (-50 pA/ms) that decays no faster keeps
        // I_ex + I_in below zero for good: no crossing without new input, and the bound says so (the excitation-only
        // bound would have sent the neuron to the exact search within a few ms).
        foreach ((double tauEx, double tauIn) in new[] { (2.0, 5.0), (3.0, 3.0) })
        {
            var held = new AlphaLif(Lif(tauEx: tauEx, tauIn: tauIn), 10, 500, 100, -800, -50, 0, 0, 0);
            Assert.Equal(double.PositiveInfinity, held.NextCrossing(double.PositiveInfinity, out _));
            Assert.Equal(double.PositiveInfinity, held.CrossingLowerBound());
        }
        // Net excitation that inhibition only partly cancels: the bound stays finite and before the crossing.
        var mixed = new AlphaLif(Lif(ie: 500, tauEx: 2, tauIn: 5), 5, 600, 200, -250, 0, 0, 0, 0);
        double bound = mixed.CrossingLowerBound(), crossing = mixed.NextCrossing(double.PositiveInfinity, out _);
        Assert.InRange(crossing, 0.1, 100);
        Assert.True(bound > 0 && bound <= crossing, $"bound {bound:R}, crossing {crossing:R}");
    }

    [Fact]
    public void BoundCountingInhibitionNeverPassesTheCrossing()
    {
        // Excitation and inhibition of every size, inhibition decaying as fast as excitation or slower (where the bound
        // counts it), refractory or not.
        var rng = new Random(17);
        int finite = 0, held = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            double tauEx = 0.2 + 5 * rng.NextDouble(), tauIn = rng.Next(3) == 0 ? tauEx : tauEx + 8 * rng.NextDouble();
            var p = Lif(tauM: 5 + 20 * rng.NextDouble(), cm: Cm, vTh: 15, tRef: 2 * rng.NextDouble(), ie: 600 * rng.NextDouble(),
                        tauEx: tauEx, tauIn: tauIn);
            var n = new AlphaLif(p, 15 * rng.NextDouble() - 5, 600 * rng.NextDouble(), 800 * rng.NextDouble(),
                                 -900 * rng.NextDouble(), -800 * rng.NextDouble(), 0, rng.NextDouble(), 0);
            double bound = n.CrossingLowerBound(), crossing = n.NextCrossing(double.PositiveInfinity, out _);
            Assert.True(bound <= crossing, $"trial {trial}: bound {bound:R} after the crossing {crossing:R}");
            if (!double.IsPositiveInfinity(crossing)) finite++;
            else if (double.IsPositiveInfinity(bound)) held++;
        }
        Assert.InRange(finite, 300, 1900); // both kinds of state were drawn
        Assert.True(held > 50, $"{held} states held down by inhibition"); // and the bound saw through some of them
    }
}
