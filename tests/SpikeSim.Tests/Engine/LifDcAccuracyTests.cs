using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>DC-driven LIF against its closed form (after NEST's test_iaf_ps_dc_accuracy).</summary>
public class LifDcAccuracyTests
{
    private static void AssertRelative(double expected, double actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    public void MembranePotentialUnderDcMatchesClosedForm(string psc)
    {
        // V(t) = R I (1 - e^(-t/tau)), R I = 1000 pA * 10 ms / 250 pF = 40 mV; V(5 ms) = 40 (1 - e^-0.5)
        var record = new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.1)], null);
        var spec = Model(5.05, [new PopulationSpec("a", 1, Lif(psc, vTh: 1e9, ie: 1000))], record: record);
        var run = Run(spec);
        var at5 = run.Samples.Single(s => Math.Abs(s.TimeMs - 5.0) < 1e-9);
        AssertRelative(40.0 * (1.0 - Math.Exp(-0.5)), at5.VMv);
        foreach (var s in run.Samples) AssertRelative(40.0 * (1.0 - Math.Exp(-s.TimeMs / 10.0)), s.VMv);
    }

    [Theory]
    [InlineData("delta")]
    [InlineData("exp")]
    public void DcSpikeTimesMatchClosedForm(string psc)
    {
        // first spike at t* = tau ln(RI / (RI - V_th)) = 10 ln 1.6 ms; then every t_ref + t*
        var spec = Model(50, [new PopulationSpec("a", 1, Lif(psc, ie: 1000))]);
        var times = Run(spec).SpikeTimesOf(0);
        double period = 10.0 * Math.Log(1.6);
        AssertRelative(period, times[0]);
        Assert.Equal((int)Math.Floor((50 + 2) / (period + 2)), times.Length);
        for (int i = 1; i < times.Length; i++) AssertRelative(period + 2.0, times[i] - times[i - 1], 1e-11);
    }

    [Fact]
    public void SamplesLieOnTheDecimalGrid()
    {
        // sample k is at the double nearest to k x 0.1 (so 0.3 prints as 0.3), and V is exact there
        var record = new RecordSpec(["a"], [new VoltageRecordSpec("a", null, 0.1)], null);
        var run = Run(Model(3, [new PopulationSpec("a", 1, Lif(vTh: 1e9, ie: 1000))], record: record));
        Assert.Equal(30, run.Samples.Count);
        for (int k = 0; k < 30; k++)
        {
            Assert.Equal(double.Parse((k * 0.1m).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), run.Samples[k].TimeMs);
            AssertRelative(40.0 * (1.0 - Math.Exp(-run.Samples[k].TimeMs / 10.0)), run.Samples[k].VMv);
        }
    }

    [Fact]
    public void NoSpikeWhenDriveStaysBelowThreshold()
    {
        // R I = 0.25 nA * 40 MOhm = 10 mV < 15 mV: V approaches 10 mV and never fires
        var spec = Model(200, [new PopulationSpec("a", 1, Lif(ie: 250))]);
        Assert.Empty(Run(spec).Spikes);
    }
}
