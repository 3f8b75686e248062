using SpikeSim.Experiments;

namespace SpikeSim.Tests.Experiments;

public sealed class TopologyExperimentTests : TempFolderTest
{
    [Fact]
    public void QuickRunSupportsTheThreeClaimsAndWritesItsFiles()
    {
        TopologyResult r = TopologyExperiment.Run(Dir, quick: true, threads: 2);
        RuleMeasures sw = r.Rule("small_world"), rnd = r.Rule("random"), sf = r.Rule("scale_free");

        // Small world (Watts-Strogatz 1998): clustering far above the random graph's, path length close to it.
        Assert.True(sw.Clustering > 10 * rnd.Clustering, $"C {sw.Clustering} vs random {rnd.Clustering}");
        Assert.True(sw.PathLength < 1.6 * rnd.PathLength, $"L {sw.PathLength} vs random {rnd.PathLength}");
        // The random rule itself matches the Erdős-Rényi clustering k/(N-1) within a factor 1.5.
        Assert.InRange(rnd.Clustering / rnd.RandomClustering, 1 / 1.5, 1.5);

        // Scale free (Barabási-Albert 1999): hubs far above the mean degree, exponent in the range of real networks.
        Assert.True(sf.MaxDegree > 5 * sf.MeanDegree, $"max degree {sf.MaxDegree}, mean {sf.MeanDegree}");
        Assert.True(rnd.MaxDegree < 3 * rnd.MeanDegree);
        Assert.InRange(sf.PowerLawAlpha, 2.0, 3.5);

        // Hub lesions hurt the scale-free network more than random lesions of the same size: structure and activity.
        LesionMeasures hubs = r.Lesion("scale_free", "hubs", 0.2), random = r.Lesion("scale_free", "random", 0.2);
        Assert.Equal(hubs.Removed, random.Removed);
        Assert.True(hubs.LargestComponentFraction < random.LargestComponentFraction);
        Assert.True(hubs.RateRatio < random.RateRatio - 0.1, $"rate after hub lesion {hubs.RateRatio}, after random lesion {random.RateRatio}");
        Assert.True(hubs.RateHz > 0);

        // Conduction: delays of the distance network lie between the synaptic delay and that plus the square's diagonal / v.
        RuleMeasures dist = r.Rule("distance");
        double diagonalMs = Math.Sqrt(2) * TopologyExperiment.ExtentUm / (1000 * TopologyExperiment.VelocityMPerS);
        Assert.InRange(dist.MeanDelayMs, TopologyExperiment.SynapticDelayMs + 0.01, dist.MaxDelayMs);
        Assert.InRange(dist.MaxDelayMs, TopologyExperiment.SynapticDelayMs, TopologyExperiment.SynapticDelayMs + diagonalMs + 1e-6);
        Assert.Equal(TopologyExperiment.DelayMs, rnd.MaxDelayMs);

        // The fully connected layer: one component, clustering 1, every path one link.
        RuleMeasures full = r.Rule("all_to_all");
        Assert.Equal((1.0, 1.0, r.Neurons - 1), (full.Clustering, full.PathLength, full.MaxDegree));

        string[] topology = File.ReadAllLines(Path.Combine(Dir, "topology.csv"));
        Assert.StartsWith("rule,neurons,synapses,mean_in_degree,", topology[0]);
        Assert.Equal(TopologyExperiment.RuleNames.Count + 1, topology.Length);
        string[] lesions = File.ReadAllLines(Path.Combine(Dir, "lesions.csv"));
        Assert.Equal("rule,lesion,fraction,removed,repeats,largest_component_fraction,rate_hz,rate_ratio", lesions[0]);
        Assert.Equal(r.Lesions.Count + 1, lesions.Length);
        // Degree histogram: every rule's neurons counted once per column.
        string[] degrees = File.ReadAllLines(Path.Combine(Dir, "degrees.csv"));
        long scaleFreeNeurons = degrees.Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "scale_free").Sum(f => long.Parse(f[4]));
        Assert.Equal(r.Neurons, scaleFreeNeurons);
        Assert.Contains("Hubs matter", File.ReadAllText(Path.Combine(Dir, "summary.md")));

        // The registered experiment decides its claim from these same measures (no second run).
        ExperimentResult judged = TopologyContrast.Judge(r);
        Assert.True(judged.ClaimHolds);
        Assert.Equal(sw.Clustering / rnd.Clustering, judged.Numbers["clustering_ratio"]);
        Assert.Equal(hubs.RateRatio, judged.Numbers["hub_lesion_rate_ratio"]);
        foreach (string f in judged.Files) Assert.True(File.Exists(Path.Combine(Dir, f)), f);
    }

    [Fact]
    public void LesionedNeuronsGetTheSilencingCurrentAndNoDrive()
    {
        var spec = TopologyExperiment.NetworkSpec("random", 20, 1, 0.5, TopologyExperiment.Settings.Quick);
        var lesioned = TopologyLesions.Lesioned(spec, [3, 1]);
        var drive = Assert.IsType<SpikeSim.Modeling.PoissonInput>(lesioned.Inputs[0]);
        Assert.DoesNotContain(1, drive.Neurons!);
        Assert.DoesNotContain(3, drive.Neurons!);
        Assert.Equal(18, drive.Neurons!.Length);
        var current = Assert.IsType<SpikeSim.Modeling.CurrentInput>(lesioned.Inputs[1]);
        Assert.Equal([1, 3], current.Neurons!);
        // V_inf = E_L + tau_m I / C_m = E_L - 1000 mV.
        Assert.Equal(-1000.0, 10.0 * current.Steps[0].AmplitudePa[0] / 250.0, 12);
    }
}

