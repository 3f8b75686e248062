using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// Spike-frequency adaptation: the parameter group <c>a</c>, <c>b</c>, <c>tau_w</c> that every <c>lif</c> model takes
/// (one line in <see cref="SpikingModels.LifGroups"/>), after the adaptive integrate-and-fire model of Brette and
/// Gerstner (2005) without its exponential term (NEST aeif_* with Delta_T = 0, but with the lif family's exact
/// current-based synapses):
/// <code>
///   C_m dV/dt  = -g_L (V - E_L) - w + I_syn(t) + I_e + I_input(t)      g_L = C_m / tau_m
///   tau_w dw/dt = a (V - E_L) - w
///   V(t) ≥ V_th  -> spike: V = V_reset, w += b; V clamped for t_ref while w keeps evolving (with V = V_reset)
/// </code>
/// a couples w to the membrane potential (subthreshold adaptation), b is the spike-triggered increment; w starts at
/// 0. With a = b = 0 (the defaults) a population keeps its psc model's own dynamics (<see cref="DeltaLif"/>,
/// <see cref="ExpLif"/>, <see cref="AlphaLif"/>), unchanged bit for bit; otherwise its psc model runs
/// <see cref="AdaptiveLif"/>, exact for delta, exp and alpha synapses (the psc model's <c>CreatePopulation</c> asks
/// <see cref="IsOn"/>).
/// <list type="table">
/// <listheader><term>parameter</term><description>meaning, unit, default</description></listheader>
/// <item><term>a</term><description>subthreshold adaptation conductance, nS, 0 (must be &gt;= 0)</description></item>
/// <item><term>b</term><description>spike-triggered adaptation increment, pA, 0</description></item>
/// <item><term>tau_w</term><description>adaptation time constant, ms, 100 (must be positive)</description></item>
/// </list>
/// <list type="table">
/// <listheader><term>state variable</term><description>meaning, unit</description></listheader>
/// <item><term>w</term><description>adaptation current, pA; sampled after the psc model's own variables</description></item>
/// </list>
/// The rate curve (artificial mode's <c>lif_rate</c>, f-I plot) of an adapting neuron is its adapted steady-state rate,
/// <see cref="AdaptedRateCurve"/> (<see cref="LifModel.RateHz"/> asks <see cref="IsOn"/>).
/// Negative a (which NEST's aeif models accept, and which can make the subthreshold system unstable) is refused here:
/// the exact crossing search relies on the subthreshold dynamics decaying.
/// <para>References: Brette and Gerstner (2005) J Neurophysiol 94:3637-3642; Naud, Marcille, Clopath and Gerstner
/// (2008) Biol Cybern 99:335-347 (the firing patterns that a, b and tau_w give);
/// Rotter and Diesmann (1999) Biol Cybern 81:381-402 (exact integration); NEST model documentation of aeif_psc_exp.</para>
/// </summary>
internal static class LifAdaptation
{
    /// <summary>a, b, tau_w.</summary>
    public static IReadOnlyList<NeuronParameter> Parameters { get; } =
    [
        new("a", Dimension.Conductance, 0.0, "Subthreshold adaptation: w is driven by a (V - E_L)", ParameterRange.NonNegative),
        new("b", Dimension.Current, 0.0, "Spike-triggered adaptation: w jumps by b at each spike"),
        new("tau_w", Dimension.Time, 100.0, "Time constant of the adaptation current w", ParameterRange.Positive),
    ];

    /// <summary>The adaptation current, the last state variable of an adapting neuron.</summary>
    public static StateVariable W { get; } = new("w", Dimension.Current, "Adaptation current w");

    /// <summary>Whether the neuron adapts (a != 0 or b != 0).</summary>
    public static bool IsOn(LifSpec neuron)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return neuron.Parameter("a") != 0 || neuron.Parameter("b") != 0;
    }

    /// <summary>The engine's part of an adapting population with synapses of the given shape.</summary>
    public static PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV, AdaptiveSynapse synapse)
    {
        var q = new AdaptationParameters(new LifParameters(neuron), synapse, neuron.Parameter("a"), neuron.Parameter("b"), neuron.Parameter("tau_w"));
        return new PopulationDynamics<AdaptiveLif>(offset, LifState.Create(initialV, AdaptiveLif.ExtraArrays), new AdaptiveLif(q));
    }
}
