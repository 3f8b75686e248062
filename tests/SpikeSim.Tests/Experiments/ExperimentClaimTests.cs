using SpikeSim.Experiments;

namespace SpikeSim.Tests.Experiments;

/// <summary>Each contrast experiment, in its quick form, supports its claim with the numbers it returns.</summary>
public sealed class ExperimentClaimTests : TempFolderTest
{
    private ExperimentResult Run(string name)
    {
        IExperiment e = ExperimentRegistry.Find(name)!;
        ExperimentResult r = ExperimentRunner.Run(e, new ExperimentContext(Path.Combine(Dir, name), Quick: true));
        foreach (string f in r.Files) Assert.True(File.Exists(Path.Combine(Dir, name, f)), f);
        Assert.Contains("summary.md", r.Files);
        return r;
    }

    [Fact]
    public void RegistryListsEveryExperimentInTheIssuesOrderWithDistinctNames()
    {
        string[] names = ExperimentRegistry.All.Select(e => e.Name).ToArray();
        Assert.Equal(["signals", "timing", "learning", "faults", "cost", "plasticity", "topology"], names);
        foreach (string n in names) Assert.Same(ExperimentRegistry.All.First(e => e.Name == n), ExperimentRegistry.Find(n));
        Assert.Null(ExperimentRegistry.Find("all"));
    }

    [Fact]
    public void SignalsSimulatedFiCurveMatchesTheClosedFormWithinHalfAPercent()
    {
        ExperimentResult r = Run("signals");
        Assert.True(r.ClaimHolds);
        Assert.True(r.Numbers["max_error_pct"] < 0.5);
        Assert.True(r.Numbers["currents_compared"] >= 5);
        Assert.Equal(375.0, r.Numbers["threshold_current_pA"], 9);
        Assert.True(r.Numbers["rate_at_max_current_hz"] is > 450 and < 500); // approaching 1/t_ref = 500 Hz
    }

    [Fact]
    public void TimingSynchronyChangesSpikingOutputButNotArtificialOutput()
    {
        ExperimentResult r = Run("timing");
        Assert.True(r.ClaimHolds);
        Assert.Equal(0.0, r.Numbers["max_artificial_difference"]);
        Assert.True(r.Numbers["min_sync_async_ratio"] > 1.5);
        Assert.True(r.Numbers["latency_last_ms"] < r.Numbers["latency_first_ms"]);
        Assert.True(r.Numbers["latency_max_error_ms"] < 1e-6);
    }

    [Fact]
    public void LearningXorNeedsAHiddenLayerAndTheConvertedNetworkComputesIt()
    {
        ExperimentResult r = Run("learning");
        Assert.True(r.ClaimHolds);
        Assert.True(r.Numbers["linear_best_accuracy"] <= 0.75);
        Assert.True(r.Numbers["mlp_seeds_learned"] >= 1);
        Assert.Equal(1.0, r.Numbers["xor_spiking_accuracy"]);
    }

    [Fact]
    public void FaultsBothModesDegradeAlike()
    {
        ExperimentResult r = Run("faults");
        Assert.True(r.ClaimHolds);
        Assert.True(r.Numbers["ann_accuracy_heaviest"] < r.Numbers["intact_ann_accuracy"] - 0.1);
        Assert.True(r.Numbers["spiking_accuracy_heaviest"] < r.Numbers["intact_spiking_accuracy"] - 0.1);
        Assert.True(r.Numbers["max_mode_gap"] <= 0.15);
    }

    [Fact]
    public void CostSynapticOperationsScaleWithRateWhileMacsDoNot()
    {
        ExperimentResult r = Run("cost");
        Assert.True(r.ClaimHolds);
        Assert.Equal(64.0, r.Numbers["macs_per_sample"]); // 2 x 16 + 16 x 2, counted by the artificial engine
        Assert.Equal(r.Numbers["ann_accuracy_mlp"], r.Numbers["ann_accuracy_artificial_engine"]);
        Assert.InRange(r.Numbers["sop_ratio"] / r.Numbers["rate_ratio"], 0.75, 1.25);
    }

    [Fact]
    public void PlasticityStdpSeesTimingThatTheRateRuleCannot()
    {
        ExperimentResult r = Run("plasticity");
        Assert.True(r.ClaimHolds);
        // Identical input rates (every parrot fired exactly once per event of its train).
        Assert.Equal(20.0, r.Numbers["input_rate_min_hz"]);
        Assert.Equal(20.0, r.Numbers["input_rate_max_hz"]);
        // STDP: correlated weights near w_max, independent ones far below (Song et al. 2000); the swapped control flips it.
        Assert.True(r.Numbers["stdp_correlated_mean"] > 0.9);
        Assert.True(r.Numbers["stdp_independent_mean"] < 0.3);
        Assert.True(r.Numbers["stdp_separation"] > 0.5);
        Assert.True(r.Numbers["stdp_control_separation"] < -0.5);
        // The output neuron fires at a plausible rate (neither silent nor saturated).
        Assert.InRange(r.Numbers["output_rate_hz"], 5, 60);
        // Oja on equal rates: every weight 1/sqrt(N), the groups equal.
        Assert.Equal(1 / Math.Sqrt(r.Numbers["inputs"]), r.Numbers["rate_rule_correlated_mean"], 12);
        Assert.Equal(r.Numbers["rate_rule_correlated_mean"], r.Numbers["rate_rule_independent_mean"], 12);
        Assert.True(r.Numbers["rate_rule_max_error_vs_closed_form"] < 1e-9);
        string[] csv = File.ReadAllLines(Path.Combine(Dir, "plasticity", "plasticity.csv"));
        Assert.Equal("input,group,rate_hz,initial_weight,stdp_weight,rate_rule_weight,stdp_control_weight", csv[0]);
        Assert.Equal(r.Numbers["inputs"] + 1, csv.Length);
    }
}
