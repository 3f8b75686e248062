namespace SpikeSim.Experiments;

/// <summary>What <see cref="TopologyExperiment.Run"/> measured.</summary>
/// <param name="Neurons">Neurons in each network.</param>
/// <param name="Rules">Graph measures of each connection rule, in the order random, small_world, scale_free, distance, all_to_all.</param>
/// <param name="Lesions">Structural and dynamical effect of each lesion (rule, kind, fraction).</param>
/// <param name="WallS">Wall-clock time of the whole experiment, s.</param>
public sealed record TopologyResult(int Neurons, IReadOnlyList<RuleMeasures> Rules, IReadOnlyList<LesionMeasures> Lesions, double WallS)
{
    /// <summary>The figures summary.md shows (degree distributions, lesions), drawn by SpikeSim.Plotting's ExperimentFigures.</summary>
    public IReadOnlyList<ExperimentFigure> Figures { get; init; } = [];

    /// <summary>The measures of one rule.</summary>
    public RuleMeasures Rule(string name)
    {
        foreach (RuleMeasures r in Rules) if (r.Rule == name) return r;
        throw new KeyNotFoundException($"no rule {name}");
    }

    /// <summary>The lesion row of one rule, kind ("random" or "hubs") and fraction.</summary>
    public LesionMeasures Lesion(string rule, string kind, double fraction)
    {
        foreach (LesionMeasures l in Lesions)
            if (l.Rule == rule && l.Kind == kind && Math.Abs(l.Fraction - fraction) < 1e-9) return l;
        throw new KeyNotFoundException($"no lesion {rule} {kind} {fraction}");
    }
}

/// <summary>Graph measures of the network one connection rule built.</summary>
/// <param name="Rule">Rule name as in model files.</param>
/// <param name="Synapses">Directed synapses.</param>
/// <param name="MeanInDegree">Synapses per neuron (mean in-degree = mean out-degree).</param>
/// <param name="MaxInDegree">Largest in-degree.</param>
/// <param name="MaxOutDegree">Largest out-degree.</param>
/// <param name="MeanDegree">Mean undirected degree (distinct neighbours in either direction).</param>
/// <param name="DegreeSd">Standard deviation of the undirected degree.</param>
/// <param name="MaxDegree">Largest undirected degree (the top hub).</param>
/// <param name="Clustering">Average local clustering of the undirected graph.</param>
/// <param name="RandomClustering">Clustering of a random graph of the same size and mean degree: MeanDegree / (N - 1).</param>
/// <param name="PathLength">Characteristic path length on the largest component (links).</param>
/// <param name="RandomPathLength">Path length of a random graph with the same mean degree, ln N / ln(MeanDegree).</param>
/// <param name="LargestComponentFraction">Fraction of neurons in the largest connected component.</param>
/// <param name="PowerLawAlpha">Maximum-likelihood power-law exponent of the undirected degrees above the minimum degree.</param>
/// <param name="MeanDelayMs">Mean synaptic delay, ms (for the distance rule: synaptic delay plus conduction time).</param>
/// <param name="MaxDelayMs">Longest synaptic delay, ms.</param>
public sealed record RuleMeasures(string Rule, long Synapses, double MeanInDegree, int MaxInDegree, int MaxOutDegree,
                                  double MeanDegree, double DegreeSd, int MaxDegree, double Clustering, double RandomClustering,
                                  double PathLength, double RandomPathLength, double LargestComponentFraction, double PowerLawAlpha,
                                  double MeanDelayMs, double MaxDelayMs);

/// <summary>The effect of removing a fraction of one network's neurons.</summary>
/// <param name="Rule">Rule of the network.</param>
/// <param name="Kind">"random" (uniformly chosen neurons, averaged over repeats) or "hubs" (the neurons of highest degree).</param>
/// <param name="Fraction">Fraction of the neurons removed.</param>
/// <param name="Removed">Neurons removed.</param>
/// <param name="Repeats">Random draws averaged (1 for hubs).</param>
/// <param name="LargestComponentFraction">Largest connected component of the surviving graph, as a fraction of all neurons.</param>
/// <param name="RateHz">Mean firing rate of the surviving neurons, Hz.</param>
/// <param name="RateRatio">RateHz divided by the intact network's rate.</param>
public sealed record LesionMeasures(string Rule, string Kind, double Fraction, int Removed, int Repeats,
                                    double LargestComponentFraction, double RateHz, double RateRatio);
