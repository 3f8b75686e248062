using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpikeSim.Modeling;

namespace SpikeSim.Plasticity;

/// <summary>
/// Pair-based spike-timing-dependent plasticity (STDP), with NEST's <c>stdp_synapse</c> parameters and its
/// nearest-neighbour variants (<c>stdp_nn_symm_synapse</c>, <c>stdp_nn_restr_synapse</c>,
/// <c>stdp_nn_pre_centered_synapse</c>).
/// </summary>
/// <remarks>
/// <para><b>Equations.</b> With the normalised weight w~ = w / w_max, a postsynaptic spike (potentiation, "facilitation")
/// and a presynaptic spike (depression) change the weight by</para>
/// <code>
///   post:  w~ ← w~ + λ (1 − w~)^μ+ K+        pre:  w~ ← w~ − λ α w~^μ− K−
/// </code>
/// <para>and w = w~ · w_max is then clipped to [w_min, w_max]. K+ is the presynaptic trace and K− the
/// postsynaptic trace just before the spike: with all-to-all pairing, each spike adds 1 to its trace, which decays as
/// exp(−Δt/τ+) or exp(−Δt/τ−) in between, so K+ = Σ exp(−(t − t_pre)/τ+) over earlier presynaptic spikes. The traces
/// are exact: they are evaluated in closed form at the spike times, never on a time grid.</para>
/// <para>μ+ = μ− = 0 is additive STDP (Song, Miller and Abbott 2000), μ+ = μ− = 1 multiplicative (van Rossum et al.
/// 2000), values in between interpolate (Gütig et al. 2003).</para>
/// <para><b>Pairing</b> (Morrison, Diesmann and Gerstner 2008, fig. 7):</para>
/// <list type="bullet">
/// <item><c>all_to_all</c>: every pair counts (the sums above).</item>
/// <item><c>nearest_symmetric</c>: K+ and K− are reset to 1 at a spike instead of incremented: a postsynaptic spike pairs
/// with the nearest earlier presynaptic spike only, and vice versa.</item>
/// <item><c>nearest_restricted</c>: as nearest_symmetric, but a presynaptic spike pairs with the nearest earlier
/// postsynaptic spike only if that one is not earlier than the previous presynaptic spike, and vice versa: a spike joins
/// at most one potentiating and one depressing pair.</item>
/// <item><c>nearest_pre_centered</c>: a presynaptic spike pairs with the nearest earlier postsynaptic spike (depression);
/// a postsynaptic spike with every presynaptic spike since the previous postsynaptic spike (K+ is reset to 0 at a
/// postsynaptic spike).</item>
/// </list>
/// <para>A pre and a post spike at exactly the same time (Δt = 0) form no pair; each then pairs with the spikes strictly
/// before it (as NEST does). At equal times the presynaptic arrival (depression) is applied before the postsynaptic
/// spike (potentiation).</para>
/// <para><b>Timing.</b> The synapse sees a presynaptic spike when it arrives, t_pre + axonal delay, and a postsynaptic
/// spike at t_post + dendritic delay (default 0). Peers disagree here (NEST issue 1604: NEST splits one delay into
/// axonal and dendritic parts; Brian2 applies pre and post updates at the times it is given). A spike is transmitted
/// with its synapse's weight when it arrives (as in NEST and Brian2), before the depression that arrival causes: the
/// change a spike causes acts on the next spike through that synapse.</para>
/// <para><b>Parameters</b> (model file names, NEST's): <c>tau_plus</c> (ms, default 20), <c>tau_minus</c> (ms, default 20),
/// <c>lambda</c> (default 0.01), <c>alpha</c> (default 1), <c>mu_plus</c> (default 1), <c>mu_minus</c> (default 1),
/// <c>w_max</c> (required, weight unit), <c>w_min</c> (default 0), <c>pairing</c> (default <c>all_to_all</c>),
/// <c>dendritic_delay</c> (ms, default 0).</para>
/// <para>References: Bi and Poo (1998) J Neurosci 18:10464; Song, Miller and Abbott (2000) Nat Neurosci 3:919;
/// Gütig et al. (2003) J Neurosci 23:3697; Morrison, Diesmann and Gerstner (2008) Biol Cybern 98:459.</para>
/// </remarks>
internal readonly struct StdpRule
{
    public readonly double TauPlus, TauMinus, Lambda, Alpha, MuPlus, MuMinus, WMax, WMin, DendriticDelay;
    public readonly StdpPairing Pairing;

    public StdpRule(StdpSpec spec)
    {
        TauPlus = spec.TauPlusMs; TauMinus = spec.TauMinusMs;
        Lambda = spec.Lambda; Alpha = spec.Alpha; MuPlus = spec.MuPlus; MuMinus = spec.MuMinus;
        WMax = spec.WMax; WMin = spec.WMin; DendriticDelay = spec.DendriticDelayMs;
        Pairing = spec.Pairing;
    }

    /// <summary>True when traces accumulate (all_to_all; K+ of nearest_pre_centered): K is kept as a value per synapse.</summary>
    public bool AccumulatesPreTrace => Pairing is StdpPairing.AllToAll or StdpPairing.NearestPreCentered;

    /// <summary>Potentiation by a postsynaptic spike seeing presynaptic trace <paramref name="kPlus"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Facilitate(double w, double kPlus)
    {
        if (kPlus == 0) return w;
        double n = w / WMax;
        n += Lambda * Power(1.0 - n, MuPlus) * kPlus;
        return Clip(n * WMax);
    }

    /// <summary>True when μ+ is 0 (additive) or 1 (multiplicative): potentiation needs no power function (<see cref="FacilitateLanes"/>).</summary>
    public bool IntegerMuPlus => MuPlus == 0 || MuPlus == 1;

    /// <summary>
    /// <see cref="Facilitate"/> of four synapses, operation for operation, where <see cref="IntegerMuPlus"/> holds: every
    /// lane is the scalar result, to the bit (the clip's comparisons as selects, the same order of products).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> FacilitateLanes(Vector256<double> w, Vector256<double> kPlus)
    {
        Vector256<double> wMax = Vector256.Create(WMax), n = w / wMax;
        Vector256<double> power = MuPlus == 0 ? Vector256<double>.One : Vector256<double>.One - n;
        n += Vector256.Create(Lambda) * power * kPlus;
        Vector256<double> clipped = n * wMax;
        clipped = Vector256.ConditionalSelect(Vector256.LessThan(clipped, Vector256.Create(WMin)), Vector256.Create(WMin),
                  Vector256.ConditionalSelect(Vector256.GreaterThan(clipped, wMax), wMax, clipped));
        return Vector256.ConditionalSelect(Vector256.Equals(kPlus, Vector256<double>.Zero), w, clipped);
    }

    /// <summary>Depression by a presynaptic spike seeing postsynaptic trace <paramref name="kMinus"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Depress(double w, double kMinus)
    {
        if (kMinus == 0) return w;
        double n = w / WMax;
        return Depressed(n, Power(n, MuMinus), kMinus);
    }

    /// <summary>True when μ− is 0 (additive) or 1 (multiplicative): depression needs no power function.</summary>
    public bool IntegerMuMinus => MuMinus == 0 || MuMinus == 1;

    /// <summary><see cref="Depress"/> where <see cref="IntegerMuMinus"/> holds, to the bit, with no call on any path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double DepressIntegerMu(double w, double kMinus)
    {
        if (kMinus == 0) return w;
        double n = w / WMax;
        return Depressed(n, MuMinus == 0 ? 1.0 : n, kMinus);
    }

    /// <summary>The depressed weight from the normalised one, <paramref name="n"/>, and n^μ−, <paramref name="power"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Depressed(double n, double power, double kMinus) => Clip((n - Lambda * Alpha * power * kMinus) * WMax);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Clip(double w) => w < WMin ? WMin : w > WMax ? WMax : w;

    /// <summary>x^mu, exact for the additive (0) and multiplicative (1) cases; 0^mu is 0 for mu &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Power(double x, double mu) => mu == 0 ? 1.0 : mu == 1 ? x : x <= 0 ? 0.0 : Math.Pow(x, mu);
}
