namespace SpikeSim.Neurons;

/// <summary>Synaptic current shape of an adapting LIF neuron (the model file's <c>psc</c>).</summary>
internal enum AdaptiveSynapse
{
    /// <summary>A weight (mV) is a jump of V.</summary>
    Delta,
    /// <summary>A weight (pA) adds to a current that decays with tau_syn_ex / tau_syn_in.</summary>
    Exp,
    /// <summary>A weight (pA) starts an alpha-shaped current peaking at w after tau_syn_ex / tau_syn_in.</summary>
    Alpha,
}

/// <summary>
/// The adaptation parameters of one population (<c>a</c> nS, <c>b</c> pA, <c>tau_w</c> ms) beside its
/// <see cref="LifParameters"/>, and the eigen-structure of the linear subthreshold system they make, computed once:
/// with x = V - E_L, x'' - T x' + D x = (F/tau_w + F')/C_m for the total current F, where
/// T = -(1/tau_m + 1/tau_w) and D = (g_L + a)/(C_m tau_w), g_L = C_m/tau_m. Its roots are real and distinct, repeated
/// (when they differ by less than a relative 1e-8), or complex (alpha ± i omega).
/// </summary>
internal sealed class AdaptationParameters
{
    /// <summary>Relative distance of two rates below which they are one (repeated) rate.</summary>
    public const double RepeatedTolerance = 1e-8;

    public AdaptationParameters(LifParameters lif, AdaptiveSynapse synapse, double a, double b, double tauW)
    {
        if (!(tauW > 0)) throw new ArgumentOutOfRangeException(nameof(tauW), "tau_w must be positive.");
        if (!(a >= 0)) throw new ArgumentOutOfRangeException(nameof(a), "a must not be negative.");
        Lif = lif;
        Synapse = synapse;
        A = a; B = b; TauW = tauW;
        Trace = -(1 / lif.TauM + 1 / tauW);
        Determinant = (lif.Cm / lif.TauM + a) / (lif.Cm * tauW);
        double gap = 1 / lif.TauM - 1 / tauW;
        double discriminant = gap * gap - 4 * a / (lif.Cm * tauW); // T² - 4 D, without cancellation when a = 0
        double half = 0.5 * Math.Sqrt(Math.Abs(discriminant));
        if (half <= RepeatedTolerance * 0.5 * Math.Abs(Trace))
        {
            Roots = RootKind.Repeated;
            Lambda1 = Lambda2 = 0.5 * Trace;
        }
        else if (discriminant > 0)
        {
            Roots = RootKind.Distinct;
            Lambda1 = 0.5 * Trace - half;       // the faster root: two negative terms, no cancellation
            Lambda2 = Determinant / Lambda1;    // product of the roots is D
        }
        else
        {
            Roots = RootKind.Complex;
            Lambda1 = Lambda2 = 0.5 * Trace;    // real part
            Omega = half;
        }
    }

    /// <summary>How the characteristic roots fall.</summary>
    public enum RootKind { Distinct, Repeated, Complex }

    /// <summary>The membrane parameters.</summary>
    public LifParameters Lif { get; }
    /// <summary>Synaptic current shape.</summary>
    public AdaptiveSynapse Synapse { get; }
    /// <summary>Subthreshold adaptation a, nS.</summary>
    public double A { get; }
    /// <summary>Spike-triggered adaptation increment b, pA.</summary>
    public double B { get; }
    /// <summary>Adaptation time constant tau_w, ms.</summary>
    public double TauW { get; }
    /// <summary>T = -(1/tau_m + 1/tau_w), 1/ms.</summary>
    public double Trace { get; }
    /// <summary>D = (g_L + a)/(C_m tau_w), 1/ms².</summary>
    public double Determinant { get; }
    /// <summary>How the roots fall.</summary>
    public RootKind Roots { get; }
    /// <summary>The roots (1/ms): distinct real ones, the repeated one twice, or the real part of a complex pair twice.</summary>
    public double Lambda1 { get; }
    /// <inheritdoc cref="Lambda1"/>
    public double Lambda2 { get; }
    /// <summary>Imaginary part of complex roots, rad/ms (0 otherwise).</summary>
    public double Omega { get; }
    /// <summary>x = V - E_L at rest under a constant current I (pA): I / (g_L + a), mV.</summary>
    public double RestingOffset(double currentPa) => currentPa / (Lif.Cm / Lif.TauM + A);
}
