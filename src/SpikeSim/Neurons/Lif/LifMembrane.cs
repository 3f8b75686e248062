using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// The membrane parameters every <c>lif</c> model takes, whatever its psc (NEST's iaf_psc_* defaults), and the
/// synaptic time constants of the models whose synapses decay (declared once here, listed by each such model).
/// </summary>
internal static class LifMembrane
{
    /// <summary>tau_m, c_m, e_l, v_reset, v_th, t_ref, i_e.</summary>
    public static IReadOnlyList<NeuronParameter> Parameters { get; } =
    [
        new("tau_m", Dimension.Time, 10.0, "Membrane time constant", ParameterRange.Positive),
        new("c_m", Dimension.Capacitance, 250.0, "Membrane capacitance", ParameterRange.Positive),
        new("e_l", Dimension.Voltage, -70.0, "Resting potential E_L"),
        new("v_reset", Dimension.Voltage, -70.0, "Reset potential after a spike (< v_th)"),
        new("v_th", Dimension.Voltage, -55.0, "Spike threshold"),
        new("t_ref", Dimension.Time, 2.0, "Absolute refractory period", ParameterRange.NonNegative),
        new("i_e", Dimension.Current, 0.0, "Constant external current"),
    ];

    /// <summary>tau_syn_ex and tau_syn_in: how fast the excitatory and inhibitory synaptic currents decay.</summary>
    public static IReadOnlyList<NeuronParameter> SynapticTimeConstants { get; } =
    [
        new("tau_syn_ex", Dimension.Time, 2.0, "Excitatory synaptic current time constant", ParameterRange.Positive),
        new("tau_syn_in", Dimension.Time, 2.0, "Inhibitory synaptic current time constant", ParameterRange.Positive),
    ];
}
