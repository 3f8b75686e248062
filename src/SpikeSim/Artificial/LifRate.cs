using SpikeSim.Modeling;

namespace SpikeSim.Artificial;

/// <summary>
/// <c>lif_rate</c>: the steady-state firing rate of a LIF neuron (the population's own tau_m, C_m, E_L, V_reset,
/// V_th, t_ref, I_e) under a constant mean input current I (pA), as a rate in Hz:
/// <code>
///   V_inf = E_L + (tau_m / C_m) (I_e + I)
///   rate  = 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))   for V_inf &gt; V_th, else 0
/// </code>
/// (times in ms, hence the 1000). It rises from 0 at the threshold current C_m (V_th - E_L) / tau_m - I_e with an
/// infinite slope and saturates at 1000 / t_ref Hz. This is exactly the rate the spiking <c>lif</c> fires at
/// under the same constant current once its first spike has reset it.
/// <para>Reference: Gerstner, Kistler, Naud and Paninski (2014), Neuronal Dynamics, ch. 1.3 (the LIF gain
/// function); Nengo's <c>LIFRate</c>.</para>
/// </summary>
public sealed class LifRate : NeuronType
{
    /// <summary>The rate curve of a LIF with these parameters.</summary>
    public LifRate(LifSpec lif)
    {
        ArgumentNullException.ThrowIfNull(lif);
        Lif = lif;
    }

    /// <summary>The LIF whose rate curve this is.</summary>
    public LifSpec Lif { get; }

    /// <inheritdoc/>
    public override string Name => "lif_rate";

    /// <summary>The smallest total input current (besides I_e) that makes the neuron fire, pA.</summary>
    public double ThresholdCurrentPa => Lif.CmPf * (Lif.VThMv - Lif.ELMv) / Lif.TauMMs - Lif.IEPa;

    /// <summary>The rate it saturates at, 1000 / t_ref Hz (+infinity without a refractory period).</summary>
    public double MaxRateHz => Lif.TRefMs > 0 ? 1000.0 / Lif.TRefMs : double.PositiveInfinity;

    /// <summary>Rate in Hz for a mean input current <paramref name="u"/> in pA (added to I_e).</summary>
    public override double Activate(double u) => Lif.Model.RateHz(Lif, u);

    /// <inheritdoc/>
    protected override double ThresholdInput => ThresholdCurrentPa;

    /// <summary>The current (pA) at which the rate is <paramref name="y"/> Hz: the rate curve solved for V_inf.</summary>
    protected override double Inverse(double y)
    {
        if (!(y > 0 && y < MaxRateHz)) throw new ArgumentOutOfRangeException(nameof(y), $"lif_rate reaches rates in (0, {MaxRateHz}) Hz");
        // 1000 / y - t_ref = tau ln((V - V_reset) / (V - V_th))  =>  V = (e V_th - V_reset) / (e - 1), e = exp(...).
        double e = Math.Exp((1000.0 / y - Lif.TRefMs) / Lif.TauMMs);
        double vInf = (e * Lif.VThMv - Lif.VResetMv) / (e - 1);
        return (vInf - Lif.ELMv) * Lif.CmPf / Lif.TauMMs - Lif.IEPa;
    }

    /// <summary>d rate / d I, Hz per pA (0 below threshold).</summary>
    public override double Derivative(double u)
    {
        double vInf = Lif.ELMv + Lif.TauMMs / Lif.CmPf * (Lif.IEPa + u);
        if (!(vInf > Lif.VThMv)) return 0.0;
        double period = Lif.TRefMs + Lif.TauMMs * Math.Log((vInf - Lif.VResetMv) / (vInf - Lif.VThMv));
        // d period / d V_inf = tau (1/(V_inf - V_reset) - 1/(V_inf - V_th)); d V_inf / d I = tau / C.
        double dPeriod = Lif.TauMMs * (1.0 / (vInf - Lif.VResetMv) - 1.0 / (vInf - Lif.VThMv)) * Lif.TauMMs / Lif.CmPf;
        return -1000.0 * dPeriod / (period * period);
    }
}
