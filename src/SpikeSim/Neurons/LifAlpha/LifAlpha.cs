using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// <c>"model": "lif", "psc": "alpha"</c>: leaky integrate-and-fire neuron with alpha-shaped synaptic currents
/// (NEST <c>iaf_psc_alpha_ps</c>), integrated exactly from event to event with spike times in continuous time.
/// <code>
///   C_m dV/dt = -(C_m/tau_m) (V - E_L) + I_ex(t) + I_in(t) + I_e + I_input(t)
///   a spike of weight w (pA) at t0 adds  I(t) = w (t - t0)/tau e^(1 - (t - t0)/tau)  for t ≥ t0
///   tau = tau_syn_ex for w &gt; 0, tau_syn_in for w &lt; 0: the current rises to its peak w at t0 + tau
///   V(t) >= V_th  -> spike at t, V = V_reset, clamped for t_ref (the currents keep evolving)
/// </code>
/// V has a closed form between events, also for tau_syn = tau_m (<see cref="AlphaLif"/>); threshold crossings are
/// found exactly (to 1e-12 ms), including one that V would leave again before the next input
/// (<see cref="ExpPolynomialRoots"/>). The refractory period is the half-open interval [t_spike, t_spike + t_ref).
/// Inputs at the same instant act together. With adaptation (a or b not 0, <see cref="LifAdaptation"/>) the
/// population runs <see cref="AdaptiveLif"/> instead.
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
/// <item><term>tau_syn_ex</term><description>rise time (to the peak) of excitatory currents, ms, 2</description></item>
/// <item><term>tau_syn_in</term><description>rise time (to the peak) of inhibitory currents, ms, 2</description></item>
/// <item><term>a, b, tau_w</term><description>adaptation (<see cref="LifAdaptation"/>): nS, 0; pA, 0; ms, 100</description></item>
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>v</term><description>membrane potential V_m, mV</description></item>
/// <item><term>i_syn_ex</term><description>excitatory synaptic current, pA</description></item>
/// <item><term>i_syn_in</term><description>inhibitory synaptic current (≤ 0), pA</description></item>
/// <item><term>w</term><description>adaptation current, pA: 0 unless a or b is set (see <see cref="LifAdaptation"/>)</description></item>
/// </list>
/// (as NEST's recordables; each current also keeps an auxiliary state dI = I' + I/tau, pA/ms, not recorded).
/// Weights: pA (the peak of the current). Artificial mode: a spike of weight w carries the charge
/// ∫ w (t/tau) e^(1 - t/tau) dt = e w tau (fC), and <c>lif_rate</c> uses the LIF's rate curve (<see cref="LifRateCurve"/>).
/// <para>References: Rotter and Diesmann (1999) Biol Cybern 81:381-402 (exact integration of linear systems);
/// Morrison, Straube, Plesser and Diesmann (2007) Neural Comput 19:47-79 (precise spike times: iaf_psc_alpha_ps);
/// Hanuschkin et al. (2010) Front Neuroinform 4:113; NEST model documentation of iaf_psc_alpha_ps, and its test
/// test_iaf_ps_psp_accuracy, whose setup the tests repeat.</para>
/// </summary>
public sealed class LifAlpha : LifModel
{
    /// <inheritdoc/>
    public override string Psc => "alpha";

    /// <inheritdoc/>
    public override string Summary =>
        "alpha (a weight is the peak of an alpha-shaped current, in pA, reached tau_syn after the spike; NEST iaf_psc_alpha_ps)";

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

    /// <summary>An alpha current of peak w (pA) and rise time tau (ms) carries the charge e w tau (fC).</summary>
    public override double ChargePerSpikeFc(LifSpec neuron, double weight)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return Math.E * weight * (weight >= 0 ? neuron.TauSynExMs : neuron.TauSynInMs);
    }

    internal override PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV) =>
        LifAdaptation.IsOn(neuron)
            ? LifAdaptation.CreatePopulation(neuron, offset, initialV, AdaptiveSynapse.Alpha)
            : new PopulationDynamics<AlphaLif>(offset, LifState.Create(initialV, AlphaLif.ExtraArrays), new AlphaLif(new LifParameters(neuron)));
}
