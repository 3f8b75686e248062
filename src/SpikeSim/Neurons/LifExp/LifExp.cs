using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// <c>"model": "lif", "psc": "exp"</c>: leaky integrate-and-fire neuron with exponentially decaying synaptic
/// currents (NEST <c>iaf_psc_exp_ps</c>), integrated exactly from event to event with spike times in continuous time.
/// <code>
///   C_m dV/dt = -(C_m/tau_m) (V - E_L) + I_ex(t) + I_in(t) + I_e + I_input(t)
///   tau_syn_ex dI_ex/dt = -I_ex,   tau_syn_in dI_in/dt = -I_in
///   input of weight w (pA) at t:  I_ex += w (w &gt; 0),  I_in += w (w &lt; 0)
///   V(t) >= V_th  -> spike at t, V = V_reset, clamped for t_ref (the currents keep decaying)
/// </code>
/// V has a closed form between events (also for tau_syn = tau_m); threshold crossings are found exactly, including
/// one that V would leave again before the next input (<see cref="ExpLif"/>). The refractory period is the
/// half-open interval [t_spike, t_spike + t_ref). Inputs at the same instant act together.
/// <list type="table">
/// <listheader><term>parameter</term><description>meaning, unit, default</description></listheader>
/// <item><term>tau_m</term><description>membrane time constant, ms, 10</description></item>
/// <item><term>c_m</term><description>membrane capacitance, pF, 250</description></item>
/// <item><term>e_l</term><description>resting potential, mV, -70</description></item>
/// <item><term>v_reset</term><description>reset potential (below v_th), mV, -70</description></item>
/// <item><term>v_th</term><description>spike threshold, mV, -55</description></item>
/// <item><term>t_ref</term><description>absolute refractory period, ms, 2</description></item>
/// <item><term>i_e</term><description>constant injected current, pA, 0</description></item>
/// <item><term>v_init</term><description>initial V, mV (constant or distribution), e_l</description></item>
/// <item><term>tau_syn_ex</term><description>excitatory current decay time constant, ms, 2</description></item>
/// <item><term>tau_syn_in</term><description>inhibitory current decay time constant, ms, 2</description></item>
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>v</term><description>membrane potential V_m, mV</description></item>
/// <item><term>i_syn_ex</term><description>excitatory synaptic current, pA</description></item>
/// <item><term>i_syn_in</term><description>inhibitory synaptic current (≤ 0), pA</description></item>
/// <item><term>w</term><description>adaptation current, pA: 0 unless a or b is set (see <see cref="LifAdaptation"/>)</description></item>
/// </list>
/// Weights: pA (the current's amplitude). Artificial mode: a spike of weight w carries the charge w tau_syn (fC,
/// tau_syn_ex for w ≥ 0, tau_syn_in otherwise), and <c>lif_rate</c> uses the LIF's rate curve (<see cref="LifRateCurve"/>).
/// <para>References: Rotter and Diesmann (1999) Biol Cybern 81:381 (exact integration); Morrison et al. (2007)
/// Neural Comput 19:47 and Hanuschkin et al. (2010) Front Neuroinform 4:113 (precise spike times in NEST);
/// Brette (2006) Neural Comput 18:2004 (exact simulation of integrate-and-fire models).</para>
/// </summary>
public sealed class LifExp : LifModel
{
    /// <inheritdoc/>
    public override string Psc => "exp";

    /// <inheritdoc/>
    public override string Summary =>
        "exp (a weight is the amplitude of an exponentially decaying current, in pA; NEST iaf_psc_exp)";

    /// <inheritdoc/>
    protected override IReadOnlyList<NeuronParameter> OwnParameters => LifMembrane.SynapticTimeConstants;

    /// <inheritdoc/>
    protected override IReadOnlyList<StateVariable> OwnStateVariables { get; } =
    [
        MembranePotential,
        new("i_syn_ex", Dimension.Current, "Excitatory synaptic current"),
        new("i_syn_in", Dimension.Current, "Inhibitory synaptic current"),
    ];

    /// <inheritdoc/>
    public override Dimension WeightDimension => Dimension.Current;

    /// <summary>A current w (pA) decaying with tau (ms) carries the charge w tau (fC).</summary>
    public override double ChargePerSpikeFc(LifSpec neuron, double weight)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return weight * (weight >= 0 ? neuron.TauSynExMs : neuron.TauSynInMs);
    }

    internal override PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV) =>
        LifAdaptation.IsOn(neuron) ? LifAdaptation.CreatePopulation(neuron, offset, initialV, AdaptiveSynapse.Exp) :
        new PopulationDynamics<ExpLif>(offset, LifState.Create(initialV, 2), new ExpLif(new LifParameters(neuron)));
}
