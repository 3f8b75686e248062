using SpikeSim.Modeling;
using SpikeSim.Neurons;

namespace SpikeSim.Tests.Neurons;

/// <summary>Helpers for testing neuron dynamics in isolation: parameters, a one-neuron event loop, decimal exp.</summary>
internal static class NeuronTestKit
{
    public static LifParameters Lif(double tauM = 10, double cm = 250, double el = 0, double vReset = 0, double vTh = 15,
                                    double tRef = 2, double ie = 0, double tauEx = 2, double tauIn = 2) =>
        new(new LifSpec("exp", tauM, cm, el, vReset, vTh, tRef, ie, new ConstantValue(el), tauEx, tauIn));

    /// <summary>
    /// Runs one neuron through inputs (time ms, weight) up to <paramref name="end"/> as the engine's event loop does:
    /// before each input, the exact crossing search (looking without limit, as the engine does); the crossing counts
    /// when it comes before the input. Current steps (time ms, change pA) come before inputs at the same time.
    /// Returns the spike times.
    /// </summary>
    public static List<double> Drive<T>(ref T dyn, (double T, double W)[] inputs, double end, (double T, double DI)[]? currents = null)
        where T : struct, INeuronDynamics
    {
        currents ??= [];
        var spikes = new List<double>();
        int i = 0, c = 0;
        while (true)
        {
            double tInput = i < inputs.Length ? inputs[i].T : double.PositiveInfinity;
            double tCurrent = c < currents.Length ? currents[c].T : double.PositiveInfinity;
            double next = Math.Min(Math.Min(tInput, tCurrent), end);
            double lower = dyn.CrossingLowerBound();
            double crossing = dyn.NextCrossing(double.PositiveInfinity, out _);
            // (ExpLif's bound can pass its crossing by rounding, ~1e-14 ms.)
            Assert.True(lower <= crossing + 1e-12, $"lower bound {lower:R} after the crossing {crossing:R}");
            if (crossing <= next && crossing < end && !(crossing == next && next <= dyn.Time && next < end))
            {
                dyn.AdvanceTo(crossing);
                dyn.Spike();
                spikes.Add(crossing);
                continue;
            }
            if (next >= end) break;
            dyn.AdvanceTo(next);
            if (tCurrent == next) dyn.AddCurrent(currents[c++].DI);
            else dyn.Receive(inputs[i++].W);
        }
        dyn.AdvanceTo(end);
        return spikes;
    }

    /// <summary>A template dynamics value loaded with one neuron's state (V, refractory until, injected, then the model's own arrays).</summary>
    public static T Loaded<T>(T template, double v, params double[] extra) where T : struct, INeuronDynamics
    {
        var state = new double[3 + extra.Length][];
        state[0] = [v];
        state[1] = [double.NegativeInfinity];
        state[2] = [0];
        for (int k = 0; k < extra.Length; k++) state[3 + k] = [extra[k]];
        T dyn = template;
        dyn.Load(state, 0, 0);
        return dyn;
    }

    /// <summary>e^x in decimal arithmetic (about 25 significant digits for |x| ≤ 60): x/2^k, Taylor series, k squarings.</summary>
    public static decimal Exp(decimal x)
    {
        int k = 0;
        while (Math.Abs(x) > 0.001m) { x /= 2; k++; }
        decimal term = 1, sum = 1;
        for (int n = 1; n < 16; n++) { term = term * x / n; sum += term; }
        for (int i = 0; i < k; i++) sum *= sum;
        return sum;
    }

    /// <summary>e to 28 digits.</summary>
    public const decimal E = 2.7182818284590452353602874714m;

    /// <summary>The root of a rising f between a (f &lt; 0) and b (f ≥ 0) by decimal bisection to 1e-20 ms.</summary>
    public static decimal Bisect(Func<decimal, decimal> f, decimal a, decimal b)
    {
        Assert.True(f(a) < 0 && f(b) >= 0, "not a bracket");
        while (b - a > 1e-20m)
        {
            decimal m = (a + b) / 2;
            if (f(m) >= 0) b = m; else a = m;
        }
        return b;
    }
}
