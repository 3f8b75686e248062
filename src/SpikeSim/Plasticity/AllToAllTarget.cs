using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SpikeSim.Plasticity;

/// <summary>
/// One target neuron as its arrivals through an all-to-all STDP projection see it (trace epochs, μ− of 0 or 1, no
/// structural or short-term plasticity), with what they read of the target hoisted: its postsynaptic trace's time and
/// values. <see cref="Arrive"/> is <see cref="PlasticProjection.OnArrival"/> for such a projection, to the bit, with no
/// call on any path, so that the loop around it (the delta batch path's arrivals ahead of the membrane) keeps its
/// values in registers; the loop, not each arrival, keeps the record of arrivals at the current instant. Valid until
/// the target spikes (its trace changes): take a new one from <see cref="PlasticProjection.TryAllToAllTarget"/> then.
/// </summary>
internal readonly struct AllToAllTarget
{
    private readonly double[] _weights;
    private readonly double[]? _pre;
    private readonly StdpRule _rule;
    private readonly double _tPost, _kMinusAtEpoch, _kMinus;
    private readonly int _neuron;

    /// <param name="weights">The projection's weights, by slot.</param>
    /// <param name="pre">Its presynaptic traces, by slot; null when they are kept per source (<see cref="PlasticProjection.PerSourceTraces"/>).</param>
    /// <param name="rule">Its rule.</param>
    /// <param name="tPost">The target's last spike, ms.</param>
    /// <param name="kMinusAtEpoch">Its K− scaled to its epoch.</param>
    /// <param name="kMinus">Its K− just after its last spike.</param>
    /// <param name="neuron">The target, global index.</param>
    public AllToAllTarget(double[] weights, double[]? pre, StdpRule rule, double tPost, double kMinusAtEpoch, double kMinus, int neuron)
    {
        _weights = weights;
        _pre = pre;
        _rule = rule;
        _tPost = tPost;
        _kMinusAtEpoch = kMinusAtEpoch;
        _kMinus = kMinus;
        _neuron = neuron;
    }

    /// <summary>The projection's weights, by slot.</summary>
    public double[] Weights => _weights;

    /// <summary>Its presynaptic traces, by slot, or null (kept per source).</summary>
    public double[]? Pre => _pre;

    /// <summary>The target, global index.</summary>
    public int Neuron => _neuron;

    /// <summary>Asks the memory system for the state of synapse <paramref name="slot"/>, which an arrival will read and write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int slot)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref _weights[slot]));
        if (_pre is not null) Sse.Prefetch0(Unsafe.AsPointer(ref _pre[slot]));
    }

    /// <summary>
    /// K− that an arrival at t (ms) sees under all-to-all pairing: the trace scaled to the epoch times the arrival's
    /// factor e^{(E−t)/τ−}; for an arrival exactly at the last postsynaptic spike, that spike's 1 taken out again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double KMinusAt(double tPost, double kMinusAtEpoch, double kMinus, double t, double decay) =>
        tPost < t ? kMinusAtEpoch * decay : kMinus - 1.0;

    /// <summary>
    /// A spike arrives at synapse <paramref name="slot"/> at t (ms) with the arrival entry's factors: returns the weight
    /// it is transmitted with (the synapse's, before this arrival's depression), depresses the synapse and adds the
    /// arrival to its presynaptic trace (where it is kept per slot). The caller records the arrivals at the instant a
    /// postsynaptic spike can still come at (<see cref="SameInstantArrivals"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Arrive(int slot, double t, double increment, double decay)
    {
        ref double w = ref _weights[slot];
        double weight = w;
        w = _rule.DepressIntegerMu(weight, KMinusAt(_tPost, _kMinusAtEpoch, _kMinus, t, decay));
        if (_pre is not null) _pre[slot] += increment;
        return weight;
    }
}
