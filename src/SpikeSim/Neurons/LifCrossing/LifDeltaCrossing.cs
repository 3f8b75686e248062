using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// <c>"model": "lif", "psc": "delta_crossing"</c>: a leaky integrator with delta synapses that emits a spike at each
/// upward crossing of v_th and is not reset: a threshold detector on the membrane potential (NIR's <c>LI</c> followed
/// by a <c>Threshold</c>), integrated exactly.
/// <code>
///   C_m dV/dt = -(C_m/tau_m) (V - E_L) + I_e + I_input(t)
///   input of weight w (mV) at t:  V(t) += w
///   V rises from below v_th to v_th (or jumps to it or above)  -> spike at t; V is left as it is
/// </code>
/// After a spike the neuron fires again only once V has been below v_th: each spike is one rising edge of the
/// Heaviside Θ(V - v_th). Between inputs V relaxes monotonically towards V_inf = E_L + (tau_m/C_m)(I_e + I_input), so
/// a rising edge happens at an excitatory jump or, from below, at t* = s + tau_m ln((V_inf - V(s)) / (V_inf - v_th)),
/// both in closed form, exactly as for <see cref="LifDelta"/>. Inputs at the same instant act together: a dip below
/// v_th that the same instant's other inputs undo is no dip. A neuron that starts at or above v_th fires only after
/// it has been below. There is no reset and no refractory period, so v_reset and t_ref are not used; there is no
/// adaptation (a = b = 0).
/// <list type="table">
/// <listheader><term>parameter</term><description>meaning, unit, default</description></listheader>
/// <item><term>tau_m</term><description>membrane time constant, ms, 10</description></item>
/// <item><term>c_m</term><description>membrane capacitance, pF, 250</description></item>
/// <item><term>e_l</term><description>resting potential, mV, -70</description></item>
/// <item><term>v_th</term><description>the level whose upward crossings are spikes, mV, -55</description></item>
/// <item><term>i_e</term><description>constant injected current, pA, 0</description></item>
/// <item><term>v_init</term><description>initial V, mV (constant or distribution), e_l</description></item>
/// </list>
/// State variables: v (mV), w (always 0). Weights: mV (the jump of V). Artificial mode: a spike of weight w carries
/// the charge C_m w (fC); under a constant current V crosses v_th at most once, so its steady-state rate is 0.
/// </summary>
public sealed class LifDeltaCrossing : LifDelta
{
    /// <inheritdoc/>
    public override string Psc => "delta_crossing";

    /// <inheritdoc/>
    public override string Summary =>
        "delta_crossing (a weight is a jump of V, in mV, as for delta; a spike at each upward crossing of v_th, without reset or refractory period: NIR's LI followed by a Threshold)";

    /// <summary>0 Hz: under a constant current V crosses v_th at most once.</summary>
    public override double RateHz(LifSpec neuron, double currentPa) => 0.0;

    /// <summary>No adaptation; v_reset need not be below v_th (there is no reset).</summary>
    public override IEnumerable<ParameterConflict> Conflicts(LifSpec neuron)
    {
        if (LifAdaptation.IsOn(neuron))
            yield return new(["a", "b"], "psc \"delta_crossing\" has no adaptation: a and b must be 0");
    }

    internal override PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV)
    {
        double[][] state = LifState.Create(initialV, 1);
        for (int i = 0; i < initialV.Length; i++) state[CrossingLif.AboveArray][i] = initialV[i] >= neuron.VThMv ? 1 : 0;
        return new PopulationDynamics<CrossingLif>(offset, state, new CrossingLif(new LifParameters(neuron)));
    }
}
