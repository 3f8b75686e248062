using SpikeSim.Sweeps;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Sweeps;

/// <summary>The shipped sweep files are valid and say what their comments say.</summary>
public class ShippedSweepTests
{
    [Fact]
    public void Brunel_phase_sweeps_g_against_nu_ext_over_the_brunel_model()
    {
        string file = Path.Combine(ModelTestHelpers.ModelsDir, "sweeps", "brunel-phase.json");
        var definition = SweepFile.Read(file);
        var plan = SweepPlan.Create(definition.Spec); // checks every point against the model
        Assert.Equal(Path.Combine(ModelTestHelpers.ModelsDir, "brunel2000.json"), definition.Spec.ModelPath);
        Assert.Equal(36, definition.Spec.PointCount);
        // g = 3 .. 8 <-> J_I = -g x 0.1 mV on both inhibitory projections; nu_ext / nu_thr = 0.9 .. 3.9 <-> 9 .. 39 kHz.
        var first = definition.Spec.Point(0);
        Assert.Equal(["projections.inh-exc.weight=-0.3 mV", "projections.inh-inh.weight=-0.3 mV",
                      "inputs.0.rate=9 kHz", "inputs.1.rate=9 kHz"], first.Assignments());
        var last = definition.Spec.Point(35);
        Assert.Equal(["-0.8 mV", "39 kHz"], last.Values);
        Assert.Contains("chi.exc", plan.Header);
        Assert.Contains("rate_hz.inh", plan.Header);
    }
}
