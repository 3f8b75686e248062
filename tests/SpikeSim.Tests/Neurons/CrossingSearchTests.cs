using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// The cheap side of the crossing search: the logarithm-free comparison bound (<see cref="RelaxationBound"/>) and
/// the contract of <see cref="INeuronDynamics.NextCrossing"/> with a finite horizon (exact and independent of the
/// horizon up to it; past it, a time after the horizon that does not pass the crossing).
/// </summary>
public class CrossingSearchTests
{
    [Fact]
    public void LogLowerBoundStaysBelowTheLogarithmAndCloseToItNearOne()
    {
        for (double ratio = 1e-9; ratio < 1e7; ratio *= 1.37)
        {
            double exact = LogOnePlus(ratio), bound = RelaxationBound.LogLowerBound(ratio, 1);
            Assert.True(bound <= exact * (1 + 1e-15), $"ln(1 + {ratio:R}) = {exact:R} < bound {bound:R}");
            if (ratio <= 2) Assert.True(bound >= 0.99 * exact, $"ln(1 + {ratio:R}) = {exact:R}, bound only {bound:R}");
            if (ratio <= 1e-3) Assert.True(bound >= exact * (1 - 1e-12), $"ln(1 + {ratio:R}) = {exact:R}, bound only {bound:R}");
        }
        Assert.True(RelaxationBound.LogLowerBound(1e9, 1) < 3); // far from threshold it tends to 3, not to the logarithm
    }

    /// <summary>ln(1 + x) without the rounding of 1 + x for small x (the series to x⁵).</summary>
    private static double LogOnePlus(double x) =>
        x < 1e-3 ? x * (1 - x * (1.0 / 2 - x * (1.0 / 3 - x * (1.0 / 4 - x / 5)))) : Math.Log(1 + x);

    [Fact]
    public void DeltaLifBoundIsTightBelowItsClosedFormCrossing()
    {
        // V_inf = E_L + R I_e = 0 + 10/250 * 500 = 20 mV > V_th = 15 mV: t* = tau_m ln((V_inf - V)/(V_inf - V_th)).
        var p = NeuronTestKit.Lif(ie: 500);
        foreach (double v in new[] { 0.0, 10.0, 14.0, 14.999999 })
        {
            DeltaLif dyn = NeuronTestKit.Loaded(new DeltaLif(p), v);
            double exact = 10 * Math.Log((20 - v) / 5);
            double bound = dyn.CrossingLowerBound(), crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
            Assert.Equal(exact, crossing, 12);
            Assert.True(bound <= crossing, $"V = {v}: bound {bound:R} after the crossing {crossing:R}");
            Assert.True(bound >= 0.97 * crossing - 1e-12, $"V = {v}: bound {bound:R} far below the crossing {crossing:R}");
        }
    }

    [Theory]
    [InlineData(-58.0, 0.0, 0.0)]
    [InlineData(-55.0, 30.0, 150.0)]
    [InlineData(-51.0, 0.0, 400.0)]
    public void CondExpCrossingIsTheSameWhateverTheHorizonAndABoundPastIt(double v, double gEx, double gIn)
    {
        // Suprathreshold drive (E_L + I_e/g_L = -40 mV > V_th = -50 mV): V crosses some ms from now.
        var dyn = new CondExpLif(CondExpLifTests.Coba(), v, w: 0, gEx, gIn, t: 0, refractoryUntil: double.NegativeInfinity, injected: 0);
        double crossing = dyn.NextCrossing(double.PositiveInfinity, out bool unboundedExact);
        Assert.True(unboundedExact);
        Assert.InRange(crossing, 0.1, 200);
        foreach (double fraction in new[] { 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-9, 1, 1.5 })
        {
            double until = fraction * crossing, answer = dyn.NextCrossing(until, out bool exact);
            // An exact answer is the crossing, bit for bit (the engine keeps it and does not search again); any other
            // is a time past the horizon that does not pass it.
            if (until >= crossing || exact) Assert.Equal(crossing, answer);
            else Assert.True(answer > until && answer <= crossing, $"until {until:R}: {answer:R} (crossing {crossing:R})");
            if (until >= crossing) Assert.True(exact, $"until {until:R}: the crossing {answer:R} not exact");
        }
        // A horizon just short of the crossing ends its walk in the step that holds it: found there, so exact.
        Assert.True(dyn.NextCrossing(crossing * (1 - 1e-9), out bool justShort) == crossing && justShort);
        // The walk stops short of a crossing far past the horizon, and says so.
        var far = new CondExpLif(CondExpLifTests.Coba(), -70, w: 0, 0, 0, t: 0, refractoryUntil: double.NegativeInfinity, injected: 0);
        double farCrossing = far.NextCrossing(double.PositiveInfinity, out _), stop = far.NextCrossing(0.05, out bool farExact);
        Assert.True(!farExact && stop > 0.05 && stop < farCrossing, $"stop {stop:R}, exact {farExact} (crossing {farCrossing:R})");
    }

    [Fact]
    public void ExpLifSearchesWithoutLimitWhateverTheHorizon()
    {
        // V_inf = 0 + 10/250 * 500 = 20 mV > V_th = 15 mV, with an inhibitory current that delays the crossing.
        ExpLif dyn = NeuronTestKit.Loaded(new ExpLif(NeuronTestKit.Lif(ie: 500)), 5, 0, -200);
        double crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
        Assert.InRange(crossing, 1, 100);
        foreach (double until in new[] { 0.0, 0.5 * crossing, crossing, 2 * crossing })
            Assert.Equal(crossing, dyn.NextCrossing(until, out _));
    }

    [Theory]
    [InlineData(-500.0, 300.0, -100.0)]
    [InlineData(-200.0, 0.0, -400.0)]
    [InlineData(14.0, 50.0, 0.0)] // near: the fast path's range holds
    public void ExpLifCrossingFarBeyondFastSynapses(double v, double iEx, double iIn)
    {
        // Synaptic time constants of 0.05 and 0.08 ms and a crossing tens of ms away: the Newton search's
        // exponentials e^(-u/tau_syn) leave the fast path's range (u/tau_syn ≥ 512), so the search runs again on the
        // path that takes any argument. Reference: bisection on V(u) in closed form with Math.Exp,
        // V(u) = V_inf + (V - V_inf - A_ex - A_in) e^(-u/tau_m) + A_ex e^(-u/tau_ex) + A_in e^(-u/tau_in),
        // A = R I tau_syn / (tau_syn - tau_m), R = tau_m / C_m; V_inf = 20 mV > V_th = 15 mV.
        const double tauM = 10, cm = 250, tauEx = 0.05, tauIn = 0.08, vTh = 15;
        var p = NeuronTestKit.Lif(tauM: tauM, cm: cm, ie: 500, tauEx: tauEx, tauIn: tauIn);
        ExpLif dyn = NeuronTestKit.Loaded(new ExpLif(p), v, iEx, iIn);
        double reference = Bisect(ExpLifClosedForm(p, v, iEx, iIn), vTh, 0, 1000);
        double crossing = dyn.NextCrossing(double.PositiveInfinity, out bool exact);
        Assert.True(exact);
        Assert.True(Math.Abs(crossing - reference) <= 1e-9, $"crossing {crossing:R}, reference {reference:R}");
        if (v < 0) Assert.True(crossing > 512 * tauEx, $"crossing {crossing:R} within the fast path's range");
    }

    [Fact]
    public void ExpLifCrossingIsTheFirstOnRandomStates()
    {
        // Random states (excitation and inhibition, either the slower, drive above or below threshold at the end,
        // refractory or not) against an independent reference: V in closed form with Math.Exp, scanned every 0.005 ms
        // for its first point at or above V_th, then bisected. The search's Newton start (the relaxation towards the drive's
        // supremum) must not change which crossing it finds, nor miss one.
        var rng = new Random(23);
        int finite = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var p = NeuronTestKit.Lif(tauM: 5 + 20 * rng.NextDouble(), ie: 300 + 300 * rng.NextDouble(),
                                      tauEx: 0.3 + 8 * rng.NextDouble(), tauIn: 0.3 + 8 * rng.NextDouble());
            double v = 14.9 * rng.NextDouble(), iEx = 1500 * rng.NextDouble(), iIn = -1500 * rng.NextDouble();
            ExpLif dyn = NeuronTestKit.Loaded(new ExpLif(p), v, iEx, iIn);
            // A third of them have just spiked: free evolution starts at the end of the refractory period, from V_reset
            // and the currents decayed until then.
            double start = 0;
            if (trial % 3 == 0)
            {
                dyn.Spike();
                start = p.TRef;
                (v, iEx, iIn) = (p.VReset, iEx * Math.Exp(-start / p.TauEx), iIn * Math.Exp(-start / p.TauIn));
            }
            Func<double, double> closedForm = ExpLifClosedForm(p, v, iEx, iIn);
            double reference = double.PositiveInfinity;
            for (double u = 0; u < 400; u += 0.005)
            {
                if (closedForm(u + 0.005) < p.VTh) continue;
                reference = start + Bisect(closedForm, p.VTh, u, u + 0.005);
                break;
            }
            double crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
            if (double.IsPositiveInfinity(reference))
            {
                Assert.True(crossing > 400, $"trial {trial}: crossing {crossing:R}, none in the reference's 400 ms");
                continue;
            }
            Assert.True(Math.Abs(crossing - reference) <= 1e-9, $"trial {trial}: crossing {crossing:R}, reference {reference:R}");
            finite++;
        }
        Assert.InRange(finite, 60, 290); // both kinds of state were drawn
    }

    /// <summary>
    /// V(u) of <see cref="ExpLif"/> from V = <paramref name="v"/> and currents I_ex, I_in (pA), in closed form with
    /// Math.Exp: V_inf + (V - V_inf - A_ex - A_in) e^(-u/tau_m) + A_ex e^(-u/tau_ex) + A_in e^(-u/tau_in),
    /// A = R I tau_syn / (tau_syn - tau_m), R = tau_m / C_m (E_L = 0, so V_inf = R I_e).
    /// </summary>
    private static Func<double, double> ExpLifClosedForm(LifParameters p, double v, double iEx, double iIn)
    {
        double r = p.TauM / p.Cm, vInf = r * p.IE, aEx = r * iEx * p.TauEx / (p.TauEx - p.TauM), aIn = r * iIn * p.TauIn / (p.TauIn - p.TauM);
        return u => vInf + (v - vInf - aEx - aIn) * Math.Exp(-u / p.TauM) + aEx * Math.Exp(-u / p.TauEx) + aIn * Math.Exp(-u / p.TauIn);
    }

    /// <summary>Where <paramref name="f"/> reaches <paramref name="level"/> on [lo, hi] (f(lo) below it, f(hi) not), by bisection to 1e-13 ms.</summary>
    private static double Bisect(Func<double, double> f, double level, double lo, double hi)
    {
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (f(mid) >= level) hi = mid; else lo = mid;
        }
        return hi;
    }

    [Fact]
    public void ExpLifBoundUnderNetInhibitionWaitsForTheInputs()
    {
        // R = tau_m / C_m = 0.04 mV/pA. Without injected current V_inf = 0 < V_th = 15 mV: 500 pA of excitation alone
        // could lift D to 20 mV, but inhibition of -800 pA that decays more slowly (5 ms against 2) keeps D below
        // V_inf, so no crossing can come without new input and the bound says so.
        ExpLif held = NeuronTestKit.Loaded(new ExpLif(NeuronTestKit.Lif(tauEx: 2, tauIn: 5)), 10, 500, -800);
        Assert.Equal(double.PositiveInfinity, held.NextCrossing(double.PositiveInfinity, out _));
        Assert.Equal(double.PositiveInfinity, held.CrossingLowerBound());

        // V_inf = 20 mV, I_ex + I_in = 50 pA: D never exceeds 22 mV, so V (from 5 mV) stays below 15 mV for at least
        // tau_m ln((22 - 5)/(22 - 15)) = 8.87 ms, not only the 10 ln((32 - 5)/(32 - 15)) = 4.63 ms that the excitation
        // alone (D up to 32 mV) would allow.
        ExpLif mixed = NeuronTestKit.Loaded(new ExpLif(NeuronTestKit.Lif(ie: 500, tauEx: 2, tauIn: 5)), 5, 300, -250);
        double bound = mixed.CrossingLowerBound(), crossing = mixed.NextCrossing(double.PositiveInfinity, out _);
        Assert.True(bound >= 0.97 * 10 * Math.Log(17.0 / 7), $"bound {bound:R}");
        Assert.True(bound <= crossing, $"bound {bound:R} after the crossing {crossing:R}");
    }

    [Fact]
    public void ExpLifBoundNeverPassesTheCrossing()
    {
        // Random states with excitation and inhibition, either current the slower, refractory or not.
        var rng = new Random(11);
        int finite = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var p = NeuronTestKit.Lif(tauM: 5 + 20 * rng.NextDouble(), tRef: 2 * rng.NextDouble(), ie: 600 * rng.NextDouble(),
                                      tauEx: 0.2 + 8 * rng.NextDouble(), tauIn: 0.2 + 8 * rng.NextDouble());
            ExpLif dyn = NeuronTestKit.Loaded(new ExpLif(p), 15 * rng.NextDouble(), 1500 * rng.NextDouble(), -1500 * rng.NextDouble());
            if (rng.NextDouble() < 0.3) dyn.Spike();
            double bound = dyn.CrossingLowerBound(), crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
            Assert.True(bound <= crossing + 1e-12, $"trial {trial}: bound {bound:R} after the crossing {crossing:R}");
            if (!double.IsPositiveInfinity(crossing)) finite++;
        }
        Assert.InRange(finite, 400, 1800); // both kinds of state were drawn
    }

    [Fact]
    public void UnboundedSearchesAnswerTheCrossingWhateverTheHorizon()
    {
        // The models whose search ignores its horizon: every answer exact (the engine then keeps an answer past the
        // horizon as the crossing), and on random states, near and far from threshold, every horizon gets the same
        // bits.
        var rng = new Random(5);
        int finite = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            var p = NeuronTestKit.Lif(tauM: 5 + 20 * rng.NextDouble(), tRef: 2 * rng.NextDouble(), ie: 300 + 300 * rng.NextDouble(),
                                      tauEx: 0.2 + 8 * rng.NextDouble(), tauIn: 0.2 + 8 * rng.NextDouble());
            double v = 15 * rng.NextDouble(), iEx = 800 * rng.NextDouble(), iIn = -800 * rng.NextDouble();
            finite += (trial % 5) switch
            {
                0 => AssertHorizonFree(NeuronTestKit.Loaded(new ExpLif(p), v, iEx, iIn), rng),
                1 => AssertHorizonFree(new AlphaLif(p, v, iEx, 0.3 * iEx, iIn, 0.3 * iIn, 0, 0, 0), rng),
                2 => AssertHorizonFree(new AdaptiveLif(new AdaptationParameters(p, AdaptiveSynapse.Exp, 2, 20, 100), v, 10, iEx, 0, iIn, 0, 0, 0, 0), rng),
                3 => AssertHorizonFree(NeuronTestKit.Loaded(new DeltaLif(p), v), rng),
                _ => AssertHorizonFree(NeuronTestKit.Loaded(new CrossingLif(p), v, 0), rng),
            };
        }
        Assert.InRange(finite, 300, 600);
    }

    /// <summary>NextCrossing with horizons before, at and after the crossing; returns 1 if the crossing is finite.</summary>
    private static int AssertHorizonFree<T>(T dyn, Random rng) where T : struct, INeuronDynamics
    {
        if (rng.NextDouble() < 0.3) dyn.Spike();
        double crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
        double reach = double.IsFinite(crossing) ? crossing : 100;
        foreach (double fraction in new[] { 0, 1e-3, 0.5, 0.999, 1, 2 })
        {
            Assert.Equal(crossing, dyn.NextCrossing(dyn.Time + fraction * (reach - dyn.Time), out bool exact)); // bit for bit
            Assert.True(exact, typeof(T).Name);
        }
        return double.IsFinite(crossing) ? 1 : 0;
    }
}
