using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// The engine keeps a crossing its search found past the horizon (<c>NeuronState.NotBeforeIsCrossing</c>) and takes
/// it slices later without searching again, as long as no input changes the state. Exp-current neurons under
/// suprathreshold drive (V_inf = R I_e = 16 mV above V_th = 15 mV) cross 10 ln 16 ms after the start, 277 slices
/// later; an input before that must void the kept crossing, and a sample must not.
/// </summary>
public class KnownCrossingTests
{
    private const double TauM = 10, Cm = 250, TauIn = 2, VInf = 16, VTh = 15;

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a voltage probe: visits that only sample
    public void KeptCrossingIsTakenUntilAnInputMovesIt(bool probe)
    {
        // Neuron 0 gets inhibition (-100 pA into I_in) at 20 ms; neuron 1 nothing.
        var record = new RecordSpec(["a"], probe ? [new VoltageRecordSpec("a", null, 1.0)] : [], null);
        var spec = Model(50, [new PopulationSpec("a", 2, Lif(psc: "exp", tauM: TauM, cm: Cm, ie: 400, tauIn: TauIn))],
            inputs: [new SpikeTimesInput("a", null, [[20.0], []], PerNeuron.Of(-100.0))], record: record);
        var run = Run(spec);

        double free = TauM * Math.Log(VInf / (VInf - VTh));
        Assert.Equal(free, Assert.Single(run.SpikeTimesOf(1)), 12);

        // After the inhibition: V(20 + u) = V_inf + (V(20) - V_inf) e^(-u/tau_m) + I_in P_in(u), found by bisection.
        double v20 = VInf * (1 - Math.Exp(-20 / TauM));
        double V(double u) => VInf + (v20 - VInf) * Math.Exp(-u / TauM)
            + -100 * TauM * TauIn / (Cm * (TauIn - TauM)) * (Math.Exp(-u / TauIn) - Math.Exp(-u / TauM));
        double lo = 0, hi = 25;
        Assert.True(V(free - 20) < VTh && V(hi) > VTh);
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (V(mid) < VTh) lo = mid; else hi = mid;
        }
        Assert.Equal(20 + hi, Assert.Single(run.SpikeTimesOf(0)), 11);
    }
}
