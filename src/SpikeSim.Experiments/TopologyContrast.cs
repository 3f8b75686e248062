namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 7 as an <see cref="IExperiment"/> named <c>topology</c>: runs <see cref="TopologyExperiment.Run"/>
/// (files <c>topology.csv</c>, <c>degrees.csv</c>, <c>lesions.csv</c>, <c>summary.md</c>) and decides its claim from
/// the returned measures.
/// </summary>
/// <remarks>
/// The claim holds when (a) the small_world network's clustering is more than 10 times the random network's while its
/// path length is less than 1.6 times the random one's (Watts and Strogatz 1998); (b) the scale_free network's top hub
/// has more than 5 times the mean degree while the random network's has less than 3 times (a heavy tail,
/// Barabási and Albert 1999); (c) removing the top 20% hubs of the scale_free network leaves a smaller largest
/// component and a survivor rate at least 0.1 (of the intact rate) lower than removing as many random neurons.
/// </remarks>
public sealed class TopologyContrast : IExperiment
{
    /// <summary>Lesion fraction the claim compares (hubs versus random neurons), a fraction of the neurons.</summary>
    public const double ClaimFraction = 0.2;

    /// <inheritdoc/>
    public string Name => "topology";

    /// <inheritdoc/>
    public string Summary => "small-world, scale-free, distance and random wiring vs a fully connected layer: clustering, path length, hubs, hub vs random lesions";

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context) =>
        Judge(TopologyExperiment.Run(context.OutDir, context.Quick, context.Seed, threads: 0, context.Cancellation, context.FigureExtension));

    /// <summary>Decides the claim from a run's measures (see the remarks) and names the numbers it rests on.</summary>
    public static ExperimentResult Judge(TopologyResult r)
    {
        RuleMeasures sw = r.Rule("small_world"), rnd = r.Rule("random"), sf = r.Rule("scale_free");
        LesionMeasures hubs = r.Lesion("scale_free", "hubs", ClaimFraction), random = r.Lesion("scale_free", "random", ClaimFraction);
        double clusteringRatio = sw.Clustering / rnd.Clustering, pathRatio = sw.PathLength / rnd.PathLength;
        double hubRatio = sf.MaxDegree / sf.MeanDegree, randomHubRatio = rnd.MaxDegree / rnd.MeanDegree;
        bool smallWorld = clusteringRatio > 10 && pathRatio < 1.6;
        bool heavyTail = hubRatio > 5 && randomHubRatio < 3;
        bool hubsMatter = hubs.LargestComponentFraction < random.LargestComponentFraction && hubs.RateRatio < random.RateRatio - 0.1;
        string claim = "Small-world wiring clusters far more than random wiring (over 10x) at a similar path length (under 1.6x); " +
                       "scale-free wiring has hubs (top degree over 5x the mean, random under 3x); removing the top 20% hubs of the " +
                       "scale-free network hurts its connectivity and activity more than removing as many random neurons.";
        return new ExperimentResult("topology", claim, smallWorld && heavyTail && hubsMatter, new Dictionary<string, double>
        {
            ["neurons"] = r.Neurons,
            ["small_world_clustering"] = sw.Clustering,
            ["random_clustering"] = rnd.Clustering,
            ["clustering_ratio"] = clusteringRatio,
            ["small_world_path_length"] = sw.PathLength,
            ["random_path_length"] = rnd.PathLength,
            ["path_length_ratio"] = pathRatio,
            ["scale_free_max_over_mean_degree"] = hubRatio,
            ["random_max_over_mean_degree"] = randomHubRatio,
            ["scale_free_powerlaw_alpha"] = sf.PowerLawAlpha,
            ["hub_lesion_largest_component"] = hubs.LargestComponentFraction,
            ["random_lesion_largest_component"] = random.LargestComponentFraction,
            ["hub_lesion_rate_ratio"] = hubs.RateRatio,
            ["random_lesion_rate_ratio"] = random.RateRatio,
        }, ["topology.csv", "degrees.csv", "lesions.csv", ExperimentFiles.SummaryFile], Figures: r.Figures);
    }
}
