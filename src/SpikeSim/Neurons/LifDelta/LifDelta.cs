using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// <c>"model": "lif", "psc": "delta"</c>: leaky integrate-and-fire neuron whose synaptic inputs are jumps of V
/// (NEST <c>iaf_psc_delta_ps</c>), integrated exactly from event to event with spike times in continuous time.
/// <code>
///   C_m dV/dt = -(C_m/tau_m) (V - E_L) + I_e + I_input(t)
///   input of weight w (mV) at t:  V(t) += w                (discarded while refractory)
///   V(t) >= V_th  -> spike at t, V = V_reset, clamped for t_ref
/// </code>
/// Between inputs V(t) = V_inf + (V(s) - V_inf) e^(-(t-s)/tau_m), V_inf = E_L + (tau_m/C_m)(I_e + I_input): the
/// threshold is crossed at an excitatory jump or, when V_inf &gt; V_th, at
/// t* = s + tau_m ln((V_inf - V(s)) / (V_inf - V_th)), both in closed form (<see cref="DeltaLif"/>). The refractory
/// period is the half-open interval [t_spike, t_spike + t_ref). Inputs at the same instant act together.
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
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>v</term><description>membrane potential V_m, mV</description></item>
/// <item><term>w</term><description>adaptation current, pA: 0 unless a or b is set (see <see cref="LifAdaptation"/>)</description></item>
/// </list>
/// Weights: mV (the jump of V). Artificial mode: a spike of weight w carries the charge C_m w (fC), and
/// <c>lif_rate</c> uses the LIF's rate curve (<see cref="LifRateCurve"/>). The engine may advance these neurons
/// on its vectorised path (<c>Partition.DeltaBatch.cs</c>), which this model allows.
/// <para>References: Rotter and Diesmann (1999) Biol Cybern 81:381 (exact integration); Morrison et al. (2007)
/// Neural Comput 19:47 and Hanuschkin et al. (2010) Front Neuroinform 4:113 (precise spike times in NEST);
/// Brette (2006) Neural Comput 18:2004 (exact simulation of integrate-and-fire models).</para>
/// <para><see cref="LifDeltaCrossing"/> derives from it: the same membrane and weights, another spike rule.</para>
/// </summary>
public class LifDelta : LifModel
{
    /// <inheritdoc/>
    public override string Psc => "delta";

    /// <inheritdoc/>
    public override string Summary => "delta (a weight is a jump of V, in mV; NEST iaf_psc_delta)";

    /// <inheritdoc/>
    protected override IReadOnlyList<NeuronParameter> OwnParameters { get; } = [];

    /// <inheritdoc/>
    protected override IReadOnlyList<StateVariable> OwnStateVariables { get; } = [MembranePotential];

    /// <inheritdoc/>
    public override Dimension WeightDimension => Dimension.Voltage;

    /// <summary>A jump of w (mV) across C_m (pF) is the charge C_m w (fC).</summary>
    public override double ChargePerSpikeFc(LifSpec neuron, double weight)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return neuron.CmPf * weight;
    }

    internal override PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV)
    {
        if (LifAdaptation.IsOn(neuron)) return LifAdaptation.CreatePopulation(neuron, offset, initialV, AdaptiveSynapse.Delta);
        var p = new LifParameters(neuron);
        return new PopulationDynamics<DeltaLif>(offset, LifState.Create(initialV, 0), new DeltaLif(p), deltaBatch: p);
    }
}
