using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using SpikeSim.Modeling;

namespace SpikeSim.Neurons;

/// <summary>
/// A <c>lif</c> population's parameters in the form its dynamics structs read them (one instance per population,
/// shared by reference). The equations and the parameters' meaning are documented on each psc model
/// (<see cref="LifDelta"/>, <see cref="LifExp"/>).
/// </summary>
internal sealed class LifParameters
{
    public LifParameters(LifSpec spec)
    {
        TauM = spec.TauMMs;
        Cm = spec.CmPf;
        EL = spec.ELMv;
        VReset = spec.VResetMv;
        VTh = spec.VThMv;
        TRef = spec.TRefMs;
        IE = spec.IEPa;
        TauEx = spec.TauSynExMs;
        TauIn = spec.TauSynInMs;
        R = TauM / Cm;
    }

    /// <summary>tau_m, ms.</summary>
    public double TauM { get; }
    /// <summary>C_m, pF.</summary>
    public double Cm { get; }
    /// <summary>E_L, mV.</summary>
    public double EL { get; }
    /// <summary>V_reset, mV.</summary>
    public double VReset { get; }
    /// <summary>V_th, mV.</summary>
    public double VTh { get; }
    /// <summary>t_ref, ms.</summary>
    public double TRef { get; }
    /// <summary>I_e, pA.</summary>
    public double IE { get; }
    /// <summary>tau_syn_ex, ms.</summary>
    public double TauEx { get; }
    /// <summary>tau_syn_in, ms.</summary>
    public double TauIn { get; }
    /// <summary>Membrane resistance tau_m / C_m, GOhm (mV per pA).</summary>
    public double R { get; }

    /// <summary>The potential V relaxes to under a total injected current (pA): E_L + R (I_e + I), mV.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double VInfinity(double injectedPa) => EL + R * (IE + injectedPa);

    /// <summary><see cref="VInfinity(double)"/> of eight lanes, operation for operation, mV.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> VInfinity(Vector512<double> injectedPa) => Vector512.Create(EL) + Vector512.Create(R) * (Vector512.Create(IE) + injectedPa);
}
