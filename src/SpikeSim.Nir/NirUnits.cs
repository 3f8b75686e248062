using System.Globalization;

namespace SpikeSim.Nir;

/// <summary>
/// How NIR's unit-free numbers map onto SpikeSim's units, in one place.
/// </summary>
/// <remarks>
/// <para>NIR stores plain numbers. SpikeSim reads and writes them as: <b>time</b> (tau, tau_mem, tau_syn, delay) in
/// the graph's time unit (ms by default, as NIR's documentation states; seconds with <c>--time-unit s</c>, as Norse,
/// snnTorch and Rockpool write), <b>voltage</b> (v_leak, v_threshold, v_reset) in mV, <b>current</b> in pA and so
/// <b>r</b> in GΩ (mV/pA).</para>
/// <para>Then NIR's <c>tau dv/dt = (v_leak - v) + r I</c> is SpikeSim's <c>tau_m dV/dt = (E_L - V) + (tau_m/C_m) I</c>
/// with tau_m = tau, E_L = v_leak and <b>C_m = tau/r</b> (pF, tau in ms). A constant current (an Affine bias) is a
/// current in pA.</para>
/// <para>A <b>spike</b> is a Dirac pulse of unit area in the graph's time unit (the convention the NIR authors
/// settled on, paper/01_lif/debug_spike_representation). A weight w onto a LIF or LI node therefore makes V jump by
/// <c>r w / tau</c> mV (a delta synapse, tau in the graph's unit); onto IF or I by <c>r w</c>; onto CubaLIF or CubaLI
/// it makes I jump by <c>w_in w / tau_syn</c> pA (an exponential synaptic current). These factors are
/// <see cref="SpikeFactor"/>.</para>
/// <para><b>IF and I</b> (no leak) become lif neurons with tau_m = <see cref="NoLeakTauMs"/> and C_m = f/r (f = ms per
/// graph time unit): over a second the leak changes V by a relative 1e-6. <b>LI, CubaLI and I</b> never spike: their
/// threshold is <see cref="NeverSpikeMv"/>. Every neuron starts at V = 0 (NIR has no initial state; its reference
/// simulator starts at 0).</para>
/// </remarks>
public static class NirUnits
{
    /// <summary>Membrane time constant standing for "no leak" (IF, I), ms.</summary>
    public const double NoLeakTauMs = 1e9;

    /// <summary>Threshold standing for "never spikes" (LI, CubaLI, I), mV.</summary>
    public const double NeverSpikeMv = 1e300;

    /// <summary>Shortest time constant (in ms) taken as plausible when the graph says ms; shorter ones look like seconds.</summary>
    public const double ShortestPlausibleMs = 0.05;

    /// <summary>Longest time constant (in s) taken as plausible when the graph says s; longer ones look like ms.</summary>
    public const double LongestPlausibleS = 10;

    /// <summary>Milliseconds per unit of the graph's time: 1 for "ms", 1000 for "s".</summary>
    public static double MsPer(string timeUnit) => timeUnit switch
    {
        "ms" => 1.0,
        "s" => 1000.0,
        _ => throw new ArgumentException($"time unit must be ms or s, got '{timeUnit}'", nameof(timeUnit)),
    };

    /// <summary>
    /// What one unit-area spike of weight 1 does to a neuron of primitive <paramref name="type"/>: a jump of V in mV
    /// (LIF, LI: r/tau; IF, I: r) or of the synaptic current in pA (CubaLIF, CubaLI: w_in/tau_syn); times in the
    /// graph's unit.
    /// </summary>
    public static double SpikeFactor(string type, double r, double tau, double tauSyn, double wIn) => type switch
    {
        "LIF" or "LI" => r / tau,
        "IF" or "I" => r,
        _ => wIn / tauSyn,
    };

    /// <summary>A number in JSON-ready shortest round-trip form.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A quantity string as the model format reads it, e.g. <c>"10 ms"</c>.</summary>
    public static string Q(double value, string unit) => Number(value) + " " + unit;
}
