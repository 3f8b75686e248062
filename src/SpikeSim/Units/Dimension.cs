namespace SpikeSim.Units;

/// <summary>
/// The physical dimension of a quantity. Every quantity inside SpikeSim is a plain <see cref="double"/>
/// in one internal unit per dimension, the units NEST uses:
/// <list type="table">
/// <item><term>Time</term><description>ms</description></item>
/// <item><term>Voltage</term><description>mV</description></item>
/// <item><term>Current</term><description>pA</description></item>
/// <item><term>Capacitance</term><description>pF</description></item>
/// <item><term>Conductance</term><description>nS</description></item>
/// <item><term>Resistance</term><description>GΩ (= mV/pA)</description></item>
/// <item><term>Frequency</term><description>Hz (note: 1/ms = 1000 Hz)</description></item>
/// <item><term>Length</term><description>µm</description></item>
/// <item><term>Velocity</term><description>m/s (= mm/ms = 1000 µm/ms)</description></item>
/// </list>
/// Units are parsed and checked only at the edges (model files, command line) and named in output columns
/// (<c>t_ms</c>, <c>v_mV</c>).
/// </summary>
public enum Dimension
{
    /// <summary>A pure number.</summary>
    Dimensionless,
    /// <summary>Internal unit: ms.</summary>
    Time,
    /// <summary>Internal unit: mV.</summary>
    Voltage,
    /// <summary>Internal unit: pA.</summary>
    Current,
    /// <summary>Internal unit: pF.</summary>
    Capacitance,
    /// <summary>Internal unit: nS.</summary>
    Conductance,
    /// <summary>Internal unit: GΩ.</summary>
    Resistance,
    /// <summary>Internal unit: Hz.</summary>
    Frequency,
    /// <summary>Internal unit: µm.</summary>
    Length,
    /// <summary>Internal unit: m/s.</summary>
    Velocity,
}
