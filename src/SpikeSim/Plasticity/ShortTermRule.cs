using System.Runtime.CompilerServices;
using SpikeSim.Modeling;

namespace SpikeSim.Plasticity;

/// <summary>
/// Short-term plasticity (Tsodyks-Markram depression and facilitation) in the form of NEST's
/// <c>tsodyks2_synapse</c>: a projection's <c>"short_term": {"U": 0.5, "tau_rec": "800 ms", "tau_fac": "0 ms"}</c>.
/// </summary>
/// <remarks>
/// <para><b>Equations.</b> Each synapse keeps the fraction x of its resources that is available (x_0 = 1) and the
/// utilisation u, the fraction of them that a spike releases (u_0 = 0). At the n-th spike arriving through the synapse,
/// Δ after the one before it (Δ = +∞ for the first), first x and then u are updated, x with the u of the spike before:</para>
/// <code>
///   x_n = 1 + (x_(n-1) − u_(n-1) x_(n-1) − 1) · exp(−Δ / τ_rec)
///   u_n = U + u_(n-1) (1 − U) · exp(−Δ / τ_fac)        (u_n = U when τ_fac = 0)
/// </code>
/// <para>and the spike is transmitted with the weight w · u_n · x_n. Between spikes x recovers towards 1 with τ_rec and
/// u decays towards 0 with τ_fac; a spike uses the fraction u of the available resources (x → x − u x) and raises u
/// by U (1 − u). The first spike transmits w · U; a regular train of interval Δ with τ_fac = 0 settles at
/// w · U · x*, x* = (1 − e) / (1 − (1 − U) e), e = exp(−Δ / τ_rec): a depressing synapse passes changes of the
/// presynaptic rate, not its level. With τ_fac ≫ τ_rec and a small U, u grows from spike to spike faster than x
/// falls and the synapse facilitates.</para>
/// <para>The rule only scales what one spike transmits, so it works with every synapse type (delta jumps in mV,
/// current amplitudes in pA, conductances in nS) and beside STDP, which changes w itself: a spike is transmitted with
/// the weight w has when it arrives, times u_n x_n, and STDP then learns from the arrival as it would without
/// short-term plasticity. The weights written to <c>connections.csv</c> and <c>weights.csv</c> are w, unscaled.</para>
/// <para><b>Parameters.</b></para>
/// <list type="table">
/// <listheader><term>name</term><description>unit, default, meaning</description></listheader>
/// <item><term><c>U</c></term><description>1, default 0.5, in (0, 1]: the utilisation increment, the u of a rested synapse (U_SE in [1])</description></item>
/// <item><term><c>tau_rec</c></term><description>ms, default 800, &gt; 0: recovery time constant of x (τ_rec, τ_D)</description></item>
/// <item><term><c>tau_fac</c></term><description>ms, default 0, &gt;= 0: decay time constant of u (τ_facil, τ_F); 0 switches facilitation off</description></item>
/// </list>
/// <para><b>State per synapse</b>: u (1, starts at 0), x (1, starts at 1), the time of the last arrival (ms). The
/// state belongs to the target neuron's partition, as STDP's does (<see cref="PlasticProjection"/>), so results do not
/// depend on the number of threads. A synapse grown by structural plasticity starts at u_0 = 0, x_0 = 1.</para>
/// <para><b>Against NEST's tsodyks2_synapse</b> (models/tsodyks2_synapse.h, NEST 3.9 and later): NEST starts at
/// u = U and leaves u and x unchanged at the first spike; starting at u_0 = 0 and updating at every spike gives the
/// same u_1 = U, x_1 = 1 and the same recursion after that, so the amplitudes agree spike for spike. (Before 3.9, NEST
/// transmitted the u and x it had computed at the previous spike from the interval before that one, and took a first
/// spike at t as following one at 0 ms; for irregular trains those amplitudes differ from these.) NEST updates when the spike is sent and
/// from its grid time stamp (it ignores precise spike offsets); here the update happens at the exact arrival time,
/// which, with one delay per synapse, gives the same intervals Δ without the grid. NEST accepts U = 0 (a synapse that
/// never transmits) and lets the user set u and x; here U must lie in (0, 1] and u, x start at u_0, x_0.</para>
/// <para><b>References.</b> Tsodyks MV, Markram H (1997) The neural code between neocortical pyramidal neurons depends
/// on neurotransmitter release probability. PNAS 94(2):719-723. Tsodyks M, Pawelzik K, Markram H (1998) Neural networks
/// with dynamic synapses. Neural Computation 10(4):821-835. Fuhrmann G, Segev I, Markram H, Tsodyks M (2002) Coding of
/// temporal information by activity-dependent synapses. J Neurophysiol 87(1):140-148. Maass W, Markram H (2002)
/// Synapses as dynamic memory buffers. Neural Networks 15(2):155-161 (eqs. 4, 5: the form above). NEST
/// <c>tsodyks2_synapse</c>.</para>
/// </remarks>
internal sealed class ShortTermRule(ShortTermSpec spec)
{
    /// <summary>Utilisation increment U, in (0, 1].</summary>
    public readonly double U = spec.U;

    /// <summary>Recovery time constant of x, ms.</summary>
    public readonly double TauRecMs = spec.TauRecMs;

    /// <summary>Decay time constant of u, ms (0: no facilitation).</summary>
    public readonly double TauFacMs = spec.TauFacMs;

    /// <summary>
    /// A spike arrives at time t (ms) through a synapse in state <paramref name="state"/>: updates x, then u, to x_n
    /// and u_n, and the last arrival to t; the caller transmits w · u_n · x_n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnArrival(ref ShortTermState state, double t)
    {
        // t - TLast is +∞ for the first spike: both decays are then 0. x is updated with the u of the spike before.
        state = new ShortTermState(NextUtilisation(state, t), NextResources(state, t), t);
    }

    /// <summary>
    /// The utilisation u_(n+1) = U + u_n (1 − U) e^(-(t - t_n)/τ_fac) (U when τ_fac = 0) that a spike arriving at t ≥
    /// the last arrival (ms) would use, for a synapse in state <paramref name="state"/>: the u
    /// <see cref="OnArrival"/> would compute at t, to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUtilisation(in ShortTermState state, double t) =>
        TauFacMs == 0 ? U : U + state.U * (1.0 - U) * Math.Exp(-(t - state.TLast) / TauFacMs);

    /// <summary>
    /// The resources x_(n+1) = 1 + (x_n − u_n x_n − 1) e^(-(t - t_n)/τ_rec) that a spike arriving at t ≥ the last
    /// arrival (ms) would find, for a synapse in state <paramref name="state"/>: x(t), recovering towards 1 since the
    /// last spike, as <see cref="OnArrival"/> would compute it at t, to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextResources(in ShortTermState state, double t)
    {
        double u = state.U, x = state.X;
        return 1.0 + (x - u * x - 1.0) * Math.Exp(-(t - state.TLast) / TauRecMs);
    }
}

/// <summary>One synapse's short-term plasticity state.</summary>
/// <param name="U">u_n, the utilisation at the latest arrival (u_0 = 0 before the first).</param>
/// <param name="X">x_n, the resources available at the latest arrival, before it released u_n x_n of them (x_0 = 1).</param>
/// <param name="TLast">The time of the latest arrival, ms (−∞: none yet).</param>
internal record struct ShortTermState(double U, double X, double TLast)
{
    /// <summary>A synapse that has not carried a spike yet: u_0 = 0, x_0 = 1.</summary>
    public static ShortTermState Initial => new(0.0, 1.0, double.NegativeInfinity);
}
