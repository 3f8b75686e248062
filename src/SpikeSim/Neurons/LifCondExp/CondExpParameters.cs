namespace SpikeSim.Neurons;

/// <summary>
/// The parameters of a conductance-based LIF neuron (<see cref="CondExpLif"/>), internal units (ms, mV, pA, pF, nS).
/// Checked on construction: positive time constants and capacitance, e_in &lt; e_ex, v_reset &lt; v_th, t_ref ≥ 0,
/// and a &gt; -g_L (otherwise the membrane-adaptation system has a non-decaying mode).
/// </summary>
internal sealed class CondExpParameters
{
    public CondExpParameters(double tauM, double cm, double eL, double vReset, double vTh, double tRef, double iE,
                             double tauEx, double tauIn, double eEx, double eIn,
                             double a = 0, double b = 0, double tauW = 100)
    {
        Require(tauM > 0 && double.IsFinite(tauM), "tau_m must be positive");
        Require(cm > 0 && double.IsFinite(cm), "c_m must be positive");
        Require(tauEx > 0 && double.IsFinite(tauEx), "tau_syn_ex must be positive");
        Require(tauIn > 0 && double.IsFinite(tauIn), "tau_syn_in must be positive");
        Require(tauW > 0 && double.IsFinite(tauW), "tau_w must be positive");
        Require(tRef >= 0 && double.IsFinite(tRef), "t_ref must not be negative");
        Require(vReset < vTh, "v_reset must be below v_th");
        Require(eIn < eEx, "e_in must be below e_ex");
        Require(double.IsFinite(eL) && double.IsFinite(iE) && double.IsFinite(b), "e_l, i_e and b must be finite");
        Require(a > -cm / tauM && double.IsFinite(a), "a must be above -g_L = -c_m/tau_m");
        TauM = tauM; Cm = cm; EL = eL; VReset = vReset; VTh = vTh; TRef = tRef; IE = iE;
        TauEx = tauEx; TauIn = tauIn; EEx = eEx; EIn = eIn; A = a; B = b; TauW = tauW;
        GL = cm / tauM;
        CoupledAdaptation = a != 0;
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException(problem);
    }

    /// <summary>tau_m, ms.</summary>
    public double TauM { get; }
    /// <summary>C_m, pF.</summary>
    public double Cm { get; }
    /// <summary>E_L, mV.</summary>
    public double EL { get; }
    /// <summary>V_reset, mV.</summary>
    public double VReset { get; }
    /// <summary>V_th, mV.</summary>
    public double VTh { get; }
    /// <summary>t_ref, ms.</summary>
    public double TRef { get; }
    /// <summary>I_e, pA.</summary>
    public double IE { get; }
    /// <summary>tau_syn_ex, ms: decay of the excitatory conductance.</summary>
    public double TauEx { get; }
    /// <summary>tau_syn_in, ms: decay of the inhibitory conductance.</summary>
    public double TauIn { get; }
    /// <summary>E_ex, mV: excitatory reversal potential.</summary>
    public double EEx { get; }
    /// <summary>E_in, mV: inhibitory reversal potential.</summary>
    public double EIn { get; }
    /// <summary>a, nS: subthreshold adaptation.</summary>
    public double A { get; }
    /// <summary>b, pA: spike-triggered adaptation increment.</summary>
    public double B { get; }
    /// <summary>tau_w, ms: adaptation time constant.</summary>
    public double TauW { get; }
    /// <summary>Leak conductance g_L = C_m / tau_m, nS (divided once: the series and bounds read it at every step).</summary>
    public double GL { get; }
    /// <summary>
    /// Whether w depends on V (a ≠ 0): then (V, w) is a coupled system without a closed-form drive. (Stored: the
    /// comparison as a getter was compiled as a call in every step of the series.)
    /// </summary>
    public bool CoupledAdaptation { get; }
}
