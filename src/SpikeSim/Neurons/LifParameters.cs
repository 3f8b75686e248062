using SpikeSim.Modeling;

namespace SpikeSim.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with current-based synapses, as in NEST's iaf_psc_delta and iaf_psc_exp
/// (and their precise-timing variants *_ps), integrated exactly from event to event.
/// <code>
///   C_m dV/dt = -(C_m/tau_m) (V - E_L) + I_syn(t) + I_e + I_input(t)
///   V(t) >= V_th  -> spike at t (an exact real time), V = V_reset, clamped for t_ref
/// </code>
/// <list type="table">
/// <listheader><term>parameter (model file)</term><description>meaning, unit, default</description></listheader>
/// <item><term>tau_m</term><description>membrane time constant, ms, 10</description></item>
/// <item><term>c_m</term><description>membrane capacitance, pF, 250</description></item>
/// <item><term>e_l</term><description>resting potential, mV, -70</description></item>
/// <item><term>v_reset</term><description>reset potential, mV, -70</description></item>
/// <item><term>v_th</term><description>spike threshold, mV, -55</description></item>
/// <item><term>t_ref</term><description>absolute refractory period, ms, 2</description></item>
/// <item><term>i_e</term><description>constant injected current, pA, 0</description></item>
/// <item><term>v_init</term><description>initial V, mV (constant or distribution), E_L</description></item>
/// <item><term>tau_syn_ex, tau_syn_in</term><description>exp synapses only: current decay, ms, 2</description></item>
/// </list>
/// Synapses: <c>psc: delta</c> (<see cref="DeltaLif"/>): a weight w (mV) makes V jump by w; inputs arriving while
/// refractory are discarded. <c>psc: exp</c> (<see cref="ExpLif"/>): a weight w (pA) adds w to the excitatory
/// (w &gt; 0) or inhibitory (w &lt; 0) current, which decays with tau_syn_ex or tau_syn_in; currents keep
/// integrating while the neuron is refractory. The refractory period is the half-open interval
/// [t_spike, t_spike + t_ref).
/// <para>References: Rotter and Diesmann (1999) Biol Cybern 81:381 (exact integration); Morrison et al. (2007)
/// Neural Comput 19:47 and Hanuschkin et al. (2010) Front Neuroinform 4:113 (precise spike times in NEST);
/// Brette (2006) Neural Comput 18:2004 (exact simulation of integrate-and-fire models).</para>
/// </summary>
internal sealed class LifParameters
{
    public LifParameters(LifSpec spec, int offset, int size)
    {
        Offset = offset;
        Size = size;
        Psc = spec.Psc;
        TauM = spec.TauMMs;
        Cm = spec.CmPf;
        EL = spec.ELMv;
        VReset = spec.VResetMv;
        VTh = spec.VThMv;
        TRef = spec.TRefMs;
        IE = spec.IEPa;
        TauEx = spec.TauSynExMs;
        TauIn = spec.TauSynInMs;
    }

    /// <summary>Global index of the population's first neuron.</summary>
    public int Offset { get; }
    /// <summary>Number of neurons.</summary>
    public int Size { get; }
    /// <summary>Synapse type.</summary>
    public PscKind Psc { get; }
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
    /// <summary>tau_syn_ex, ms.</summary>
    public double TauEx { get; }
    /// <summary>tau_syn_in, ms.</summary>
    public double TauIn { get; }
    /// <summary>Membrane resistance tau_m / C_m, GOhm (mV per pA).</summary>
    public double R => TauM / Cm;

    /// <summary>The potential V relaxes to under a total injected current (pA): E_L + R (I_e + I), mV.</summary>
    public double VInfinity(double injectedPa) => EL + R * (IE + injectedPa);
}
