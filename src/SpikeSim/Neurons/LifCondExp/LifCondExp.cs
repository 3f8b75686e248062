using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// <c>"model": "lif", "psc": "cond_exp"</c>: leaky integrate-and-fire neuron with exponentially decaying synaptic
/// conductances (NEST <c>iaf_cond_exp</c>; Brette et al. 2007 benchmark 1, "COBA"), spike times in continuous time.
/// <code>
///   C_m dV/dt = -g_L (V - E_L) - g_ex(t) (V - E_ex) - g_in(t) (V - E_in) + I_e + I_input(t) - w,   g_L = C_m / tau_m
///   tau_syn_ex dg_ex/dt = -g_ex,   tau_syn_in dg_in/dt = -g_in
///   tau_w dw/dt = a (V - E_L) - w                       (adaptation; w = 0 with a = b = 0)
///   input of weight w_syn (nS) at t:  g_ex += w_syn (w_syn ≥ 0),  g_in += |w_syn| (w_syn &lt; 0)
///   V(t) ≥ V_th  -> spike at t, V = V_reset, w += b, V clamped for t_ref
/// </code>
/// Unlike a current, a conductance's effect depends on V: inhibition with E_in near V shunts (divides the
/// response to excitation) rather than subtracts. While V is clamped the conductances keep decaying and receiving
/// inputs, and w relaxes with V held at V_reset. The refractory period is the half-open interval
/// [t_spike, t_spike + t_ref). Inputs at the same instant act together.
/// <para><b>Tolerance.</b> V has no elementary closed form: between events it is integrated by Taylor-series steps
/// carried to double precision (the conductances exactly), and threshold crossings are found on each step's dense
/// polynomial solution, including a crossing that V would leave again before the next input (<see cref="CondExpLif"/>).
/// Stated tolerance: V within 1e-7 mV and spike times within 1e-7 ms of the exact solution; the tests compare with an
/// independent fine-step Runge-Kutta integration and find differences of order 1e-11.</para>
/// <list type="table">
/// <listheader><term>parameter</term><description>meaning, unit, default</description></listheader>
/// <item><term>tau_m</term><description>membrane time constant (g_L = c_m / tau_m), ms, 10</description></item>
/// <item><term>c_m</term><description>membrane capacitance, pF, 250</description></item>
/// <item><term>e_l</term><description>leak reversal (resting) potential, mV, -70</description></item>
/// <item><term>v_reset</term><description>reset potential (below v_th), mV, -70</description></item>
/// <item><term>v_th</term><description>spike threshold, mV, -55</description></item>
/// <item><term>t_ref</term><description>absolute refractory period, ms, 2</description></item>
/// <item><term>i_e</term><description>constant injected current, pA, 0</description></item>
/// <item><term>v_init</term><description>initial V, mV (constant or distribution), e_l</description></item>
/// <item><term>tau_syn_ex</term><description>excitatory conductance decay time constant, ms, 2</description></item>
/// <item><term>tau_syn_in</term><description>inhibitory conductance decay time constant, ms, 2</description></item>
/// <item><term>e_ex</term><description>excitatory reversal potential, mV, 0</description></item>
/// <item><term>e_in</term><description>inhibitory reversal potential (below e_ex), mV, -85</description></item>
/// <item><term>a, b, tau_w</term><description>adaptation, the group every lif model takes (declared with it, read here from the spec): subthreshold coupling a (nS, 0), spike increment b (pA, 0), time constant tau_w (ms, 100)</description></item>
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>v</term><description>membrane potential V_m, mV</description></item>
/// <item><term>g_ex</term><description>excitatory synaptic conductance, nS</description></item>
/// <item><term>g_in</term><description>inhibitory synaptic conductance (≥ 0), nS</description></item>
/// <item><term>i_syn_ex</term><description>excitatory synaptic current g_ex (E_ex - V), pA (from V and g_ex at the same time)</description></item>
/// <item><term>i_syn_in</term><description>inhibitory synaptic current g_in (E_in - V), pA (≤ 0 while V ≥ E_in)</description></item>
/// <item><term>w</term><description>adaptation current, pA (0 without adaptation)</description></item>
/// </list>
/// Weights: nS. Artificial mode: a spike of weight w_syn is counted as the charge it would carry at rest,
/// |w_syn| tau_syn (E_x - E_L) (fC), and <c>lif_rate</c> uses the LIF's rate curve, which is this neuron's under a
/// constant current without synaptic input (and without adaptation).
/// <para>References: Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
/// strategies. J Comput Neurosci 23:349 (benchmark 1); Vogels TP, Abbott LF (2005) Signal propagation and logic
/// gating in networks of integrate-and-fire neurons. J Neurosci 25:10786; NEST <c>iaf_cond_exp</c> (after Meffin
/// et al. 2004, J Comput Neurosci 16:159); Brette R, Gerstner W (2005) J Neurophysiol 94:3637 (adaptation current).</para>
/// </summary>
public sealed class LifCondExp : LifModel
{
    /// <inheritdoc/>
    public override string Psc => "cond_exp";

    /// <inheritdoc/>
    public override string Summary =>
        "cond_exp (a weight is a conductance jump in nS: positive onto g_ex, negative onto g_in, driving V towards e_ex or e_in; NEST iaf_cond_exp)";

    /// <inheritdoc/>
    protected override IReadOnlyList<NeuronParameter> OwnParameters { get; } =
    [
        .. LifMembrane.SynapticTimeConstants,
        new("e_ex", Dimension.Voltage, 0.0, "Excitatory reversal potential (cond_exp; > e_in)"),
        new("e_in", Dimension.Voltage, -85.0, "Inhibitory reversal potential (cond_exp; < e_ex)"),
    ];

    /// <inheritdoc/>
    protected override IReadOnlyList<StateVariable> OwnStateVariables { get; } =
    [
        MembranePotential,
        new("g_ex", Dimension.Conductance, "Excitatory synaptic conductance"),
        new("g_in", Dimension.Conductance, "Inhibitory synaptic conductance"),
        new("i_syn_ex", Dimension.Current, "Excitatory synaptic current g_ex (E_ex - V)"),
        new("i_syn_in", Dimension.Current, "Inhibitory synaptic current g_in (E_in - V)"),
    ];

    /// <inheritdoc/>
    public override Dimension WeightDimension => Dimension.Conductance;

    /// <summary>The charge at rest: |w| tau_syn (E_x - E_L), fC (nS ms mV), tau_syn_ex and E_ex for w ≥ 0.</summary>
    public override double ChargePerSpikeFc(LifSpec neuron, double weight)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return weight >= 0
            ? weight * neuron.TauSynExMs * (neuron.Parameter("e_ex") - neuron.ELMv)
            : -weight * neuron.TauSynInMs * (neuron.Parameter("e_in") - neuron.ELMv);
    }

    /// <inheritdoc/>
    public override IEnumerable<ParameterConflict> Conflicts(LifSpec neuron)
    {
        foreach (ParameterConflict c in base.Conflicts(neuron)) yield return c;
        double eEx = neuron.Parameter("e_ex"), eIn = neuron.Parameter("e_in");
        if (eIn >= eEx)
            yield return new(["e_in", "e_ex"],
                $"e_in ({Quantity.Format(eIn, Dimension.Voltage)}) must be below e_ex ({Quantity.Format(eEx, Dimension.Voltage)})");
    }

    /// <summary>The dynamics' parameters of a neuron spec.</summary>
    internal static CondExpParameters ParametersOf(LifSpec n) =>
        new(n.TauMMs, n.CmPf, n.ELMv, n.VResetMv, n.VThMv, n.TRefMs, n.IEPa, n.TauSynExMs, n.TauSynInMs,
            n.Parameter("e_ex"), n.Parameter("e_in"),
            n.Parameter("a"), n.Parameter("b"), n.Parameter("tau_w"));

    internal override PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV) =>
        new PopulationDynamics<CondExpLif>(offset, LifState.Create(initialV, CondExpLif.ExtraArrays), new CondExpLif(ParametersOf(neuron)));
}
