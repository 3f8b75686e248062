namespace SpikeSim.Modeling;

/// <summary>A learning rule on a projection's weights (the <c>"plasticity"</c> block of a projection).</summary>
public abstract record PlasticitySpec
{
    /// <summary>Smallest weight the rule allows (mV, pA, or unitless in the artificial mode).</summary>
    public abstract double WMin { get; }

    /// <summary>Largest weight the rule allows (same unit as <see cref="WMin"/>).</summary>
    public abstract double WMax { get; }
}

/// <summary>Which spike pairs STDP counts (NEST's stdp_synapse and its nearest-neighbour variants).</summary>
public enum StdpPairing
{
    /// <summary>Every pre/post pair (<c>all_to_all</c>, NEST stdp_synapse): traces add 1 per spike.</summary>
    AllToAll,
    /// <summary>
    /// Each presynaptic spike with the nearest earlier postsynaptic one, and each postsynaptic spike with the nearest
    /// earlier presynaptic one (<c>nearest_symmetric</c>, NEST stdp_nn_symm_synapse): traces are reset to 1.
    /// </summary>
    NearestSymmetric,
    /// <summary>
    /// Like <see cref="NearestSymmetric"/>, but a pair counts only if no other spike of the earlier kind lies between
    /// them, so a spike joins at most one potentiating and one depressing pair (<c>nearest_restricted</c>,
    /// NEST stdp_nn_restr_synapse).
    /// </summary>
    NearestRestricted,
    /// <summary>
    /// Each presynaptic spike with the nearest earlier postsynaptic one (depression); each postsynaptic spike with
    /// every presynaptic spike since the previous postsynaptic one (potentiation; <c>nearest_pre_centered</c>,
    /// NEST stdp_nn_pre_centered_synapse).
    /// </summary>
    NearestPreCentered,
}

/// <summary>
/// Pair-based spike-timing-dependent plasticity with NEST's parameter names (see
/// <see cref="Plasticity.StdpRule"/> for the equations).
/// </summary>
/// <param name="TauPlusMs">Time constant of the presynaptic trace K+ (potentiation window), ms (default 20).</param>
/// <param name="TauMinusMs">Time constant of the postsynaptic trace K- (depression window), ms (default 20).</param>
/// <param name="Lambda">Learning rate: the potentiation step, as a fraction of w_max (default 0.01).</param>
/// <param name="Alpha">Depression-to-potentiation ratio (default 1).</param>
/// <param name="MuPlus">Weight dependence of potentiation: 0 additive, 1 multiplicative (default 1).</param>
/// <param name="MuMinus">Weight dependence of depression: 0 additive, 1 multiplicative (default 1).</param>
/// <param name="WMax">Upper bound of the weight (mV or pA): the hard bound and the normalisation of w~ = w / w_max.</param>
/// <param name="WMin">Lower bound of the weight (default 0).</param>
/// <param name="Pairing">Which spike pairs count (default all-to-all).</param>
/// <param name="DendriticDelayMs">Delay with which the synapse sees a postsynaptic spike, ms (default 0).</param>
public sealed record StdpSpec(double TauPlusMs, double TauMinusMs, double Lambda, double Alpha, double MuPlus, double MuMinus,
                              double WMax, double WMin, StdpPairing Pairing, double DendriticDelayMs) : PlasticitySpec
{
    /// <inheritdoc/>
    public override double WMin { get; } = WMin;

    /// <inheritdoc/>
    public override double WMax { get; } = WMax;
}

/// <summary>The rate-based Hebbian rules.</summary>
public enum RateRuleKind
{
    /// <summary>Plain Hebb: dw/dt = eta x y.</summary>
    Hebb,
    /// <summary>Oja (1982): dw/dt = eta y (x - y w); the weight vector converges to the first principal component.</summary>
    Oja,
    /// <summary>BCM (Bienenstock, Cooper, Munro 1982): dw/dt = eta x y (y - theta), dtheta/dt = (y^2 - theta) / tau_theta.</summary>
    Bcm,
}

/// <summary>
/// A rate-based Hebbian rule on real-valued activity (the artificial mode, or rates): see
/// <see cref="Plasticity.RateRule"/> for the equations.
/// </summary>
/// <param name="Kind">Hebb, Oja or BCM.</param>
/// <param name="Eta">Learning rate per update step (unitless).</param>
/// <param name="TauTheta">BCM: time constant of the sliding threshold, in update steps (default 10).</param>
/// <param name="WMin">Lower bound of the weight (default -infinity).</param>
/// <param name="WMax">Upper bound of the weight (default +infinity).</param>
public sealed record RateRuleSpec(RateRuleKind Kind, double Eta, double TauTheta, double WMin, double WMax) : PlasticitySpec
{
    /// <inheritdoc/>
    public override double WMin { get; } = WMin;

    /// <inheritdoc/>
    public override double WMax { get; } = WMax;
}

/// <summary>
/// Short-term plasticity of a projection (the <c>"short_term"</c> block): Tsodyks-Markram depression and
/// facilitation in the form of NEST's <c>tsodyks2_synapse</c>; each spike is transmitted with w · u · x (see
/// <see cref="Plasticity.ShortTermRule"/> for the equations).
/// </summary>
/// <param name="U">Utilisation increment U in (0, 1] (default 0.5): the release probability a rested synapse uses.</param>
/// <param name="TauRecMs">Recovery time constant of the resources x, ms (&gt; 0, default 800).</param>
/// <param name="TauFacMs">Decay time constant of the facilitation u, ms (&gt;= 0, default 0: no facilitation, u = U).</param>
public sealed record ShortTermSpec(double U, double TauRecMs, double TauFacMs);

/// <summary>
/// Structural plasticity of a projection: at every <paramref name="IntervalMs"/>, synapses are pruned and new ones
/// grow (see <see cref="Plasticity.StructuralUpdater"/>).
/// </summary>
/// <param name="IntervalMs">Time between updates, ms.</param>
/// <param name="PruneBelow">A synapse whose weight is below this at <paramref name="PruneAfter"/> updates in a row is removed (weight unit); NaN: no weight pruning.</param>
/// <param name="PruneAfter">Consecutive updates below <paramref name="PruneBelow"/> before a synapse is removed (default 1).</param>
/// <param name="MinUse">A synapse that carried fewer presynaptic spikes than this since the last update is removed (0: no use pruning).</param>
/// <param name="PCoactive">Probability that a synapse grows, at one update, between a source and a target that both fired within <paramref name="WindowMs"/> before it.</param>
/// <param name="WindowMs">Co-activity window, ms.</param>
/// <param name="PBaseline">Probability that a synapse grows between any other unconnected pair at one update.</param>
/// <param name="MaxIn">Largest in-degree of a target in this projection (growth stops there).</param>
/// <param name="MaxOut">Largest out-degree of a source in this projection.</param>
/// <param name="Homeostatic">Activity-driven growth and retraction towards a target rate, or null.</param>
public sealed record StructuralSpec(double IntervalMs, double PruneBelow, int PruneAfter, int MinUse, double PCoactive,
                                    double WindowMs, double PBaseline, int MaxIn, int MaxOut, HomeostaticSpec? Homeostatic = null);

/// <summary>
/// Homeostatic structural plasticity, in the spirit of NEST's synaptic elements (Butz and van Ooyen 2013): each target
/// neuron's calcium-like trace (+1 per spike, decaying with <paramref name="TauCaMs"/>) is compared with the value a
/// neuron firing at <paramref name="TargetRateHz"/> would hold; a neuron below its target grows incoming synapses, one
/// above it retracts some.
/// </summary>
/// <param name="TargetRateHz">The rate the neurons are driven towards, Hz.</param>
/// <param name="TauCaMs">Time constant of the calcium trace, ms.</param>
/// <param name="GrowthRate">Synapses a silent neuron gains per update (the change is GrowthRate × (1 − Ca/Ca_target)).</param>
public sealed record HomeostaticSpec(double TargetRateHz, double TauCaMs, double GrowthRate);
