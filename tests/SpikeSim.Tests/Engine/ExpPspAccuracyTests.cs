using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>Exponential-current PSPs against their closed form (after NEST's test_iaf_ps_psp_accuracy).</summary>
public class ExpPspAccuracyTests
{
    private const double TauM = 10, TauS = 2, Cm = 250, T0 = 1.132123512;

    /// <summary>V(t) = w tau_m tau_s / (C (tau_m - tau_s)) (e^(-(t-t0)/tau_m) - e^(-(t-t0)/tau_s)) for t ≥ t0.</summary>
    private static double Psp(double w, double t) =>
        t < T0 ? 0 : w * TauM * TauS / (Cm * (TauM - TauS)) * (Math.Exp(-(t - T0) / TauM) - Math.Exp(-(t - T0) / TauS));

    private static ModelSpec OneInput(double weightPa, double vTh, double duration) => Model(duration,
        [new PopulationSpec("a", 1, Lif("exp", tauM: TauM, cm: Cm, vTh: vTh, tauEx: TauS, tauIn: TauS))],
        inputs: [new SpikeTimesInput("a", null, [[T0]], PerNeuron.Of(weightPa))],
        record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.1)], null));

    [Fact]
    public void SubthresholdPspMatchesClosedFormAtOffGridInput()
    {
        var run = Run(OneInput(1000, 1e9, 20));
        Assert.Equal(200, run.Samples.Count);
        foreach (var s in run.Samples)
        {
            double expected = Psp(1000, s.TimeMs);
            Assert.True(Math.Abs(s.VMv - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"t={s.TimeMs}: {s.VMv:R} vs {expected:R}");
        }
        Assert.Equal(1, run.Result!.InputEvents);
    }

    [Fact]
    public void CrossingBetweenEventsIsFoundEvenWhenVFallsBackBelowThreshold()
    {
        // w = 3000 pA: the PSP peaks at 16.05 mV (u* = ln 5 * 2.5 ms) and decays again, with no later input to
        // check at. The spike time is the first root of Psp(t) = 15 mV, found here by plain bisection.
        const double w = 3000, vTh = 15;
        double a = T0, b = T0 + Math.Log(5) * TauM * TauS / (TauM - TauS);
        for (int i = 0; i < 200; i++)
        {
            double m = 0.5 * (a + b);
            if (Psp(w, m) >= vTh) b = m; else a = m;
        }
        var spikes = Run(OneInput(w, vTh, 20)).SpikeTimesOf(0);
        Assert.Single(spikes);
        Assert.True(Math.Abs(spikes[0] - b) <= 1e-11, $"{spikes[0]:R} vs root {b:R}");
    }

    [Fact]
    public void InhibitoryCurrentUsesItsOwnTimeConstant()
    {
        // tau_syn_in = 5 ms: V(t) = w tau_m tau_in / (C (tau_m - tau_in)) (e^(-u/tau_m) - e^(-u/tau_in))
        const double w = -800, tauIn = 5;
        var spec = Model(20, [new PopulationSpec("a", 1, Lif("exp", tauM: TauM, cm: Cm, tauEx: TauS, tauIn: tauIn))],
            inputs: [new SpikeTimesInput("a", null, [[T0]], PerNeuron.Of(w))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.25)], null));
        foreach (var s in Run(spec).Samples)
        {
            double u = s.TimeMs - T0;
            double expected = u < 0 ? 0 : w * TauM * tauIn / (Cm * (TauM - tauIn)) * (Math.Exp(-u / TauM) - Math.Exp(-u / tauIn));
            Assert.True(Math.Abs(s.VMv - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void EqualMembraneAndSynapticTimeConstantsUseTheLimitKernel()
    {
        // tau_s = tau_m: V(t) = w u e^(-u/tau) / C
        var spec = Model(20, [new PopulationSpec("a", 1, Lif("exp", tauM: 10, cm: Cm, vTh: 1e9, tauEx: 10, tauIn: 10))],
            inputs: [new SpikeTimesInput("a", null, [[T0]], PerNeuron.Of(500.0))],
            record: new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.5)], null));
        foreach (var s in Run(spec).Samples)
        {
            double u = s.TimeMs - T0;
            double expected = u < 0 ? 0 : 500.0 * u * Math.Exp(-u / 10) / Cm;
            Assert.True(Math.Abs(s.VMv - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)));
        }
    }
}
