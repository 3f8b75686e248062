using SpikeSim.Modeling;

namespace SpikeSim.Neurons;

/// <summary>
/// The steady-state firing rate of a LIF neuron under a constant current I (pA, added to I_e), Hz:
/// <code>
///   V_inf = E_L + (tau_m / C_m) (I_e + I)
///   rate  = 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))   for V_inf &gt; V_th, else 0
/// </code>
/// (times in ms, hence the 1000): the interval from reset to threshold under the constant drive, plus t_ref. With
/// current-based synapses the synapses play no part, so every psc shares it.
/// </summary>
internal static class LifRateCurve
{
    /// <summary>The rate (Hz) under constant current <paramref name="currentPa"/>; NaN for NaN.</summary>
    public static double RateHz(LifSpec lif, double currentPa)
    {
        if (double.IsNaN(currentPa)) return double.NaN;
        double vInf = lif.ELMv + lif.TauMMs / lif.CmPf * (lif.IEPa + currentPa);
        if (!(vInf > lif.VThMv)) return 0.0;
        double period = lif.TRefMs + RelaxationBound.Time(lif.TauMMs, lif.VResetMv, lif.VThMv, vInf);
        return 1000.0 / period;
    }
}
