using SpikeSim.Modeling;

namespace SpikeSim.Neurons;

/// <summary>
/// The steady-state firing rate of an adapting LIF neuron under a constant current I (pA, added to I_e), Hz: the rate
/// of its periodic firing once adaptation has settled (what the artificial mode's <c>lif_rate</c> and the f-I plot use).
/// With V_reset and the refractory period after each spike, one interval maps the adaptation current just after a
/// spike, w, to the next one, G(w) = w(at the next crossing) + b, computed exactly by <see cref="AdaptiveLif"/>. The
/// steady state is the fixed point w* = G(w*), found by the secant method on G(w) - w from the first intervals after
/// rest (falling back to plain iteration), to a relative 1e-13; the rate is 1000 / interval. When the neuron stops
/// firing (no next crossing at the iterate) the steady rate is 0.
/// </summary>
internal static class AdaptedRateCurve
{
    /// <summary>The steady rate (Hz) under constant current <paramref name="currentPa"/>; NaN for NaN.</summary>
    public static double RateHz(LifSpec neuron, double currentPa)
    {
        if (double.IsNaN(currentPa)) return double.NaN;
        var p = new LifParameters(neuron);
        var q = new AdaptationParameters(p, AdaptiveSynapse.Delta, neuron.Parameter("a"), neuron.Parameter("b"), neuron.Parameter("tau_w"));

        // From rest: the first spike, then a few plain iterations towards the fixed point.
        var rest = new AdaptiveLif(q, p.EL, 0, 0, 0, 0, 0, 0, double.NegativeInfinity, currentPa);
        double first = rest.NextCrossing(double.PositiveInfinity, out _);
        if (double.IsPositiveInfinity(first)) return 0;
        rest.AdvanceTo(first);
        double w0 = rest.W + q.B, g0 = Cycle(q, w0, currentPa, out double interval);
        for (int i = 0; i < 4 && !double.IsNaN(g0); i++) { w0 = g0; g0 = Cycle(q, w0, currentPa, out interval); }
        if (double.IsNaN(g0)) return 0;
        double w1 = g0, g1 = Cycle(q, w1, currentPa, out interval);
        for (int i = 0; i < 200 && !double.IsNaN(g1); i++)
        {
            double tolerance = 1e-13 * Math.Max(1, Math.Abs(w1));
            if (Math.Abs(g1 - w1) <= tolerance) break;
            double h0 = g0 - w0, h1 = g1 - w1;
            double next = h1 != h0 ? w1 - h1 * (w1 - w0) / (h1 - h0) : g1;
            double gNext = Cycle(q, next, currentPa, out double nextInterval);
            if (double.IsNaN(gNext) || !double.IsFinite(next))
            {
                next = g1; // secant overshot into a silent state: one plain step instead
                gNext = Cycle(q, next, currentPa, out nextInterval);
            }
            (w0, g0, w1, g1, interval) = (w1, g1, next, gNext, nextInterval);
        }
        return double.IsNaN(g1) ? 0 : 1000.0 / interval;
    }

    /// <summary>G(w): w just after the next spike, starting just after a spike with w; NaN when there is no next spike.</summary>
    private static double Cycle(AdaptationParameters q, double w, double currentPa, out double interval)
    {
        LifParameters p = q.Lif;
        var n = new AdaptiveLif(q, p.VReset, w, 0, 0, 0, 0, 0, p.TRef, currentPa);
        interval = n.NextCrossing(double.PositiveInfinity, out _);
        if (double.IsPositiveInfinity(interval)) return double.NaN;
        n.AdvanceTo(interval);
        return n.W + q.B;
    }
}
