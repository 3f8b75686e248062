using System.Runtime.Intrinsics;
using SpikeSim.Neurons;
using Xunit;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// <see cref="INeuronDynamics.EventLanes"/> of each model that has it (exp, delta and alpha currents, conductances), against the scalar visit it replaces
/// (<see cref="INeuronDynamics.Load"/>, <see cref="INeuronDynamics.AdvanceTo"/>, <see cref="INeuronDynamics.Receive"/>,
/// <see cref="INeuronDynamics.CrossingLowerBound"/>, <see cref="INeuronDynamics.Store"/>): for random free neurons,
/// inputs of either sign, synaptic currents of either sign, states above and below threshold, injected currents, and time constants in every order
/// (including a synaptic time constant equal to the membrane's), every stored value and every bound must be equal to
/// the last bit.
/// </summary>
public class EventLanesTests
{
    public static TheoryData<double, double, double, double> Parameters => new()
    {
        // tau_m, tau_ex, tau_in, E_L (mV; above V_th = 15 mV: suprathreshold drive)
        { 20, 5, 10, 0 },
        { 20, 10, 5, 0 },   // inhibition faster than excitation: no net-current bound
        { 10, 10, 3, 0 },   // tau_ex = tau_m: the other kernel
        { 20, 5, 10, 16 },  // suprathreshold
        { 5, 2, 2, 14.9 },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void ExpLifLanesAreTheScalarVisit(double tauM, double tauEx, double tauIn, double el)
    {
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el, tauEx: tauEx, tauIn: tauIn);
        var random = new Random(3);
        for (int trial = 0; trial < 5000; trial++)
        {
            int count = 1 + random.Next(8);
            CompareWithScalar(new ExpLif(p), RandomExpLifState(random, p.VTh), count, random);
        }
    }

    public static TheoryData<double, double, double, double> AlphaParameters => new()
    {
        // tau_m, tau_ex, tau_in, E_L (mV); V_th = 15 mV
        { 20, 5, 10, 0 },
        { 20, 10, 5, 0 },
        { 5, 2, 7, 14.9 },
        { 20, 5, 10, 16 },  // suprathreshold
        { 10, 3, 3, 0 },    // tau_ex = tau_in: the terms merge, scalar calls lane by lane
        { 10, 10, 3, 0 },   // tau_ex = tau_m: resonant, scalar calls lane by lane
    };

    [Theory]
    [MemberData(nameof(AlphaParameters))]
    public void AlphaLifLanesAreTheScalarVisit(double tauM, double tauEx, double tauIn, double el)
    {
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el, tauEx: tauEx, tauIn: tauIn);
        var random = new Random(13);
        for (int trial = 0; trial < 5000; trial++)
        {
            double[][] state = RandomState(random, LifState.Count + AlphaLif.ExtraArrays, p.VTh);
            for (int i = 0; i < 8; i++)
            {
                // Quiet currents (I = dI = 0) now and then, rising and decaying ones, and now and then the other sign.
                for (int c = 0; c < 4; c++)
                {
                    double sign = c < 2 ? 1 : -1, scale = c % 2 == 0 ? 300 : 200;
                    state[AlphaLif.CurrentsArray + c][i] = random.Next(4) switch
                    {
                        0 => 0,
                        1 => -0.2 * sign * scale * random.NextDouble(),
                        _ => sign * scale * random.NextDouble(),
                    };
                }
                if (random.Next(6) == 0) { state[AlphaLif.CurrentsArray][i] = 0; state[AlphaLif.CurrentsArray + 1][i] = 0; }
            }
            CompareWithScalar(new AlphaLif(p), state, 1 + random.Next(8), random, vectorForm: tauEx != tauIn && tauEx != tauM && tauIn != tauM);
        }
    }

    [Theory]
    [InlineData(20, 0)]
    [InlineData(20, 16)] // suprathreshold, as in benchmark4
    [InlineData(5, 15)]  // E_L = V_th
    public void DeltaLifLanesAreTheScalarVisit(double tauM, double el)
    {
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el);
        var random = new Random(5);
        for (int trial = 0; trial < 5000; trial++)
            CompareWithScalar(new DeltaLif(p), RandomState(random, 3, p.VTh), 1 + random.Next(8), random);
    }

    [Theory]
    [InlineData(20, 0)]
    [InlineData(20, 16)] // suprathreshold, as in benchmark4
    public void DeltaLifLanesAreTheScalarVisitWhileRefractory(double tauM, double el)
    {
        // The refractory period ends before t, between t and the event, exactly at the event (the input then
        // counts) or after it (the input is lost and V stays at what the clamp left).
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el);
        var random = new Random(7);
        for (int trial = 0; trial < 5000; trial++)
            CompareWithScalar(new DeltaLif(p), RandomState(random, 3, p.VTh), 1 + random.Next(8), random,
                refractoryUntil: (t, te) => RefractoryEnd(random, t, te));
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void ExpLifLanesAreTheScalarVisitWhileRefractory(double tauM, double tauEx, double tauIn, double el)
    {
        // As DeltaLif's: the currents decay through the clamp (to its end, or to the event when it ends later), the
        // input counts in either case, and a lane still refractory after its event takes its bound from the period's
        // end; lanes of every kind side by side, so that a stage one lane needs runs on the others too. V_reset is not
        // 0, so that V_inf + (V_reset - V_inf) is not V_reset in every lane (a lane held to its event must keep V_reset).
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el, vReset: 3.3 - el, tauEx: tauEx, tauIn: tauIn, ie: 37);
        var random = new Random(17);
        for (int trial = 0; trial < 5000; trial++)
        {
            CompareWithScalar(new ExpLif(p), RandomExpLifState(random, p.VTh), 1 + random.Next(8), random,
                              refractoryUntil: (t, te) => RefractoryEnd(random, t, te));
        }
    }

    /// <summary>
    /// Eight exp-current neurons' state (<see cref="RandomState"/>, then their currents): mostly the signs that Receive
    /// produces; now and then the opposite, so that every case of the net-current bound's sign test is met.
    /// </summary>
    private static double[][] RandomExpLifState(Random random, double vTh)
    {
        double[][] state = RandomState(random, 3 + 2, vTh);
        for (int i = 0; i < 8; i++)
        {
            state[ExpLif.CurrentExArray][i] = random.NextDouble() * 400 * random.Next(5) switch { 0 => 0, 1 => -0.2, _ => 1 };
            state[ExpLif.CurrentInArray][i] = -random.NextDouble() * 600 * random.Next(5) switch { 0 => 0, 1 => -0.2, _ => 1 };
        }
        return state;
    }

    /// <summary>
    /// An end of refractoriness for a neuron at time t with its event at te: before t, between t and the event, exactly
    /// at the event (the input then counts) or after it (the event comes during the period).
    /// </summary>
    private static double RefractoryEnd(Random random, double t, double te) => random.Next(5) switch
    {
        0 => t - random.NextDouble(),
        1 => t + (te - t) * random.NextDouble(),
        2 => te,
        _ => te + 3 * random.NextDouble(),
    };

    /// <summary>
    /// Neurons silent for 10-16 s before their event: hundreds of time constants, so that the lanes' exponentials leave
    /// the fast path's range (|x| ≥ 512) and underflow into subnormals or to 0. A call of the lanes then starts again
    /// on the path that takes any argument (<see cref="Exponential.AnyRange"/>); it must store what the scalar visits do.
    /// </summary>
    [Theory]
    [InlineData(20, 5, 10, 0)]
    [InlineData(20, 5, 10, 16)] // suprathreshold: V_inf reached
    [InlineData(5, 2, 2, 14.9)]
    public void LanesAfterLongSilenceAreTheScalarVisit(double tauM, double tauEx, double tauIn, double el)
    {
        LifParameters p = NeuronTestKit.Lif(tauM: tauM, el: el, tauEx: tauEx, tauIn: tauIn);
        var random = new Random(11);
        for (int trial = 0; trial < 3000; trial++)
        {
            double[][] exp = RandomState(random, 3 + 2, p.VTh);
            for (int i = 0; i < 8; i++)
            {
                exp[ExpLif.CurrentExArray][i] = 400 * random.NextDouble();
                exp[ExpLif.CurrentInArray][i] = -600 * random.NextDouble();
            }
            CompareWithScalar(new ExpLif(p), exp, 1 + random.Next(8), random, longGaps: true);
            CompareWithScalar(new DeltaLif(p), RandomState(random, 3, p.VTh), 1 + random.Next(8), random, longGaps: true);
        }
    }

    public static TheoryData<double, double, double, double> CondExpParameters => new()
    {
        // a (nS), b (pA), I_e (pA), V_th (mV); coba's membrane and synapses (V_th = -50 mV, I_e = 200 pA: suprathreshold)
        { 0, 0, 200, -50 },
        { 0, 30, 200, -50 },  // an adaptation current that only decays (a = 0)
        { 2, 10, 300, -50 },  // coupled adaptation: V and w in one series
        { 0, 0, 0, -50 },     // subthreshold drive
        { 0, 0, 200, 5 },     // threshold above E_ex = 0 mV: excitation too pulls V away from it
        { 0, 0, 100, -50 },   // drive exactly at threshold (F's constant 0): with no excitation, F never reaches 0
        { 0, 30, 0, -50 },    // adaptation under subthreshold drive: w larger than the rest of F
    };

    [Theory]
    [MemberData(nameof(CondExpParameters))]
    public void CondExpLifLanesAreTheScalarVisit(double a, double b, double ie, double vTh)
    {
        CondExpParameters p = CondExpLifTests.Coba(ie: ie, vTh: vTh, a: a, b: b);
        var random = new Random(29);
        for (int trial = 0; trial < 3000; trial++)
        {
            double[][] state = RandomCondExpState(random, p, a, b, negativeW: true);
            // Gaps up to 60 ms: many steps for some lanes, one for others.
            CompareWithScalar(new CondExpLif(p), state, 1 + random.Next(8), random);
        }
    }

    [Theory]
    [MemberData(nameof(CondExpParameters))]
    public void CondExpLifLanesStoppedShortGoOnAsTheScalarVisit(double a, double b, double ie, double vTh)
    {
        // EventLanesUntil on eight lanes: a lane that stops short of its event is taken on from its stored state and
        // the time it reached by the scalar visit; then every lane must be the scalar visit from the start.
        CondExpParameters p = CondExpLifTests.Coba(ie: ie, vTh: vTh, a: a, b: b);
        var template = new CondExpLif(p);
        var random = new Random(31);
        int stopped = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            double[][] state = RandomCondExpState(random, p, a, b, negativeW: false);
            Array.Fill(state[LifState.RefractoryUntil], double.NegativeInfinity);
            int[] local = [2, 0, 3, 1, 6, 4, 7, 5];
            double[] t = new double[8], te = new double[8], w = new double[8];
            for (int k = 0; k < 8; k++)
            {
                t[k] = random.NextDouble() * 5;
                te[k] = t[k] + (random.Next(12) == 0 ? 0 : random.NextDouble() * (random.Next(2) == 0 ? 1 : 60)); // (0: at its own time)
                w[k] = random.Next(4) == 0 ? -60 * random.NextDouble() : 30 * random.NextDouble();
            }
            double[][] scalarState = state.Select(x => (double[])x.Clone()).ToArray();
            var scalarBound = new double[8];
            for (int k = 0; k < 8; k++)
                scalarBound[k] = ScalarVisit(template, scalarState, local[k], t[k], te[k], w[k]);

            double[] bound = new double[8];
            template.EventLanesUntil(state, local, 8, Vector512.Create(t), Vector512.Create(te), Vector512.Create(w),
                                     out int lane, out double reached, out bool finite).CopyTo(bound);
            Assert.True(finite);
            if (lane >= 0)
            {
                Assert.True(reached > t[lane] && reached < te[lane] && double.IsNaN(bound[lane]), $"lane {lane}: reached {reached:R} of [{t[lane]:R}, {te[lane]:R}]");
                stopped++;
                bound[lane] = ScalarVisit(template, state, local[lane], reached, te[lane], w[lane]);
            }
            AssertSameBits(scalarBound, bound, scalarState, state);
        }
        Assert.True(stopped > 100, $"only {stopped} lanes stopped short");
    }

    /// <summary>
    /// Eight conductance neurons' state (<see cref="RandomState"/>, then conductances of either size, now and then none,
    /// and an adaptation current with b or a ≠ 0); with <paramref name="negativeW"/>, now and then a negative w where
    /// it only decays (a = 0), as b &lt; 0 leaves it: a positive term of the bound's F that decays with tau_w.
    /// </summary>
    private static double[][] RandomCondExpState(Random random, CondExpParameters p, double a, double b, bool negativeW)
    {
        double[][] state = RandomState(random, LifState.Count + CondExpLif.ExtraArrays, p.VTh);
        for (int i = 0; i < 8; i++)
        {
            state[CondExpLif.ConductanceExArray][i] = random.Next(4) == 0 ? 0 : 60 * random.NextDouble();
            state[CondExpLif.ConductanceInArray][i] = random.Next(4) == 0 ? 0 : 400 * random.NextDouble();
            state[CondExpLif.AdaptationArray][i] = a == 0 && b == 0 || random.Next(4) == 0 ? 0 : 100 * random.NextDouble();
            if (negativeW && a == 0 && random.Next(4) == 0) state[CondExpLif.AdaptationArray][i] = -50 * random.NextDouble();
        }
        return state;
    }

    /// <summary>The scalar visit: load, advance to the event, receive it, bound, store; returns the bound.</summary>
    private static double ScalarVisit<T>(T template, double[][] state, int local, double t, double te, double w) where T : struct, INeuronDynamics
    {
        T dyn = template;
        dyn.Load(state, local, t);
        dyn.AdvanceTo(te);
        dyn.Receive(w);
        double bound = dyn.CrossingLowerBound();
        dyn.Store(state, local);
        return bound;
    }

    [Fact]
    public void CondExpLifLanesReportAStepTooShortAsTheScalarVisit()
    {
        CondExpParameters p = CondExpLifTests.Coba();
        double[][] state = RandomState(new Random(1), LifState.Count + CondExpLif.ExtraArrays, p.VTh);
        state[CondExpLif.ConductanceInArray][6] = 1e12; // C_m/G far below 1e-6 ms
        Vector512<double> t = Vector512.Create(1.0), te = Vector512.Create(2.0), w = Vector512.Create(5.0);
        var e = Assert.Throws<SpikeSim.Engine.DynamicsOverflowException>(() => Lanes.EventLanes(new CondExpLif(p), state, [0, 1, 2, 3, 4, 5, 6, 7], 8, t, te, w, out _));
        Assert.Equal(6, e.Lane);
    }

    /// <summary>Eight neurons' state (V around threshold, free, an injected current now and then), then the model's arrays.</summary>
    private static double[][] RandomState(Random random, int arrays, double vTh)
    {
        var state = new double[arrays][];
        for (int k = 0; k < arrays; k++) state[k] = new double[8];
        for (int i = 0; i < 8; i++)
        {
            state[LifState.V][i] = vTh - 20 * random.NextDouble() + (random.Next(20) == 0 ? 3 : 0);
            state[LifState.RefractoryUntil][i] = random.Next(2) == 0 ? double.NegativeInfinity : -random.NextDouble();
            state[LifState.Injected][i] = random.Next(3) == 0 ? 100 * (random.NextDouble() - 0.3) : 0;
        }
        return state;
    }

    /// <summary>
    /// The lanes of <paramref name="count"/> neurons (of eight) against the scalar visits; <paramref name="refractoryUntil"/>,
    /// when given, sets each neuron's end of refractoriness from its time and its event's (for lanes that take
    /// refractory neurons); with <paramref name="longGaps"/>, now and then an event 10-16 s after the neuron's time.
    /// </summary>
    private static void CompareWithScalar<T>(T template, double[][] state, int count, Random random, bool vectorForm = true,
                                             Func<double, double, double>? refractoryUntil = null, bool longGaps = false)
        where T : struct, INeuronDynamics
    {
        int[] local = [2, 0, 3, 1, 6, 4, 7, 5];
        double[] t = new double[8], te = new double[8], w = new double[8];
        for (int k = 0; k < 8; k++)
        {
            t[k] = random.NextDouble() * 5;
            te[k] = t[k] + random.Next(12) switch
            {
                0 => 0, // an event at the neuron's own time (another came at that instant)
                1 => 1e-9,
                _ => random.NextDouble() * (random.Next(2) == 0 ? 1 : 60),
            };
            if (longGaps && random.Next(25) == 0) te[k] = t[k] + 10_000 + 6_000 * random.NextDouble();
            w[k] = random.Next(4) == 0 ? -60 * random.NextDouble() : 30 * random.NextDouble();
        }
        for (int k = count; k < 8; k++) { local[k] = local[0]; t[k] = t[0]; te[k] = te[0]; w[k] = w[0]; }
        if (refractoryUntil is not null)
            for (int k = 0; k < count; k++) state[LifState.RefractoryUntil][local[k]] = refractoryUntil(t[k], te[k]);

        double[][] scalarState = state.Select(a => (double[])a.Clone()).ToArray();
        var scalarBound = new double[count];
        for (int k = 0; k < count; k++)
            scalarBound[k] = ScalarVisit(template, scalarState, local[k], t[k], te[k], w[k]);

        double[] bounds = new double[8];
        Lanes.EventLanes(template, state, local, count, Vector512.Create(t), Vector512.Create(te), Vector512.Create(w), out bool finite).CopyTo(bounds);
        // (the random states are finite: the vector forms must say so; the scalar fallback asks the engine to check)
        Assert.Equal(vectorForm, finite);
        AssertSameBits(scalarBound, bounds, scalarState, state);
    }

    /// <summary>Each scalar visit's bound against its lane's, and every stored value against the scalar visits', to the bit.</summary>
    private static void AssertSameBits(double[] scalarBound, double[] bound, double[][] scalarState, double[][] state)
    {
        for (int k = 0; k < scalarBound.Length; k++)
            Assert.True(BitConverter.DoubleToInt64Bits(scalarBound[k]) == BitConverter.DoubleToInt64Bits(bound[k]),
                $"lane {k}: bound {bound[k]:R}, scalar {scalarBound[k]:R}");
        for (int a = 0; a < state.Length; a++)
            for (int i = 0; i < state[a].Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(scalarState[a][i]) == BitConverter.DoubleToInt64Bits(state[a][i]),
                    $"array {a}, neuron {i}: {state[a][i]:R}, scalar {scalarState[a][i]:R}");
    }
}
