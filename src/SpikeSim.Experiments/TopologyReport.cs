using System.Globalization;
using System.Text;
using SpikeSim.Analysis;

namespace SpikeSim.Experiments;

/// <summary>Writes the files of <see cref="TopologyExperiment"/>: three CSV tables and a Markdown summary.</summary>
internal static class TopologyReport
{
    /// <summary>Writes the files; returns the figures summary.md shows (for <see cref="TopologyResult.Figures"/>).</summary>
    public static IReadOnlyList<ExperimentFigure> Write(string outDir, TopologyResult result, IReadOnlyList<(string Rule, int[] In, int[] Out, int[] Undirected)> degrees, bool quick,
                                                     string figureExtension = ExperimentFigure.Png)
    {
        Directory.CreateDirectory(outDir);
        var csv = new StringBuilder();
        csv.AppendLine("rule,neurons,synapses,mean_in_degree,max_in_degree,max_out_degree,mean_degree,degree_sd,max_degree," +
                       "clustering,random_clustering,path_length,random_path_length,largest_component_fraction,powerlaw_alpha,mean_delay_ms,max_delay_ms");
        foreach (RuleMeasures r in result.Rules)
            csv.AppendLine(string.Join(",", r.Rule, N(result.Neurons), N(r.Synapses), N(r.MeanInDegree), N(r.MaxInDegree), N(r.MaxOutDegree),
                N(r.MeanDegree), N(r.DegreeSd), N(r.MaxDegree), N(r.Clustering), N(r.RandomClustering), N(r.PathLength),
                N(r.RandomPathLength), N(r.LargestComponentFraction), N(r.PowerLawAlpha), N(r.MeanDelayMs), N(r.MaxDelayMs)));
        File.WriteAllText(Path.Combine(outDir, "topology.csv"), csv.ToString());

        var deg = new StringBuilder("rule,degree,neurons_in,neurons_out,neurons_undirected\n");
        foreach ((string rule, int[] inDeg, int[] outDeg, int[] undirected) in degrees)
        {
            long[] hi = GraphMetrics.Histogram(inDeg), ho = GraphMetrics.Histogram(outDeg), hu = GraphMetrics.Histogram(undirected);
            int max = Math.Max(hi.Length, Math.Max(ho.Length, hu.Length));
            for (int k = 0; k < max; k++)
            {
                long a = k < hi.Length ? hi[k] : 0, b = k < ho.Length ? ho[k] : 0, c = k < hu.Length ? hu[k] : 0;
                if (a + b + c > 0) deg.AppendLine($"{rule},{k},{a},{b},{c}");
            }
        }
        File.WriteAllText(Path.Combine(outDir, "degrees.csv"), deg.ToString());

        var les = new StringBuilder("rule,lesion,fraction,removed,repeats,largest_component_fraction,rate_hz,rate_ratio\n");
        foreach (LesionMeasures l in result.Lesions)
            les.AppendLine(string.Join(",", l.Rule, l.Kind, N(l.Fraction), N(l.Removed), N(l.Repeats), N(l.LargestComponentFraction), N(l.RateHz), N(l.RateRatio)));
        File.WriteAllText(Path.Combine(outDir, "lesions.csv"), les.ToString());

        IReadOnlyList<ExperimentFigure> figures = [DegreeFigure(result, degrees), LesionFigure(result)];
        File.WriteAllText(Path.Combine(outDir, ExperimentFiles.SummaryFile), Summary(result, quick, figures, figureExtension));
        return figures;
    }

    /// <summary>How many neurons have each undirected degree, per rule (log-log: a heavy tail is a straight line).</summary>
    private static ExperimentFigure DegreeFigure(TopologyResult result, IReadOnlyList<(string Rule, int[] In, int[] Out, int[] Undirected)> degrees)
    {
        var lines = new List<FigureLine>();
        foreach ((string rule, _, _, int[] undirected) in degrees)
        {
            long[] h = GraphMetrics.Histogram(undirected);
            var k = new List<double>();
            var fraction = new List<double>();
            for (int d = 1; d < h.Length; d++)
                if (h[d] > 0) { k.Add(d); fraction.Add((double)h[d] / result.Neurons); }
            lines.Add(new FigureLine(rule, k, fraction, Markers: true));
        }
        return new ExperimentFigure("degrees", "Degree distribution of each rule", "undirected degree (links, log scale)",
                                    "fraction of neurons (log scale)", lines, LogX: true, LogY: true);
    }

    /// <summary>Survivor rate relative to the intact network against the fraction of neurons removed, hubs vs random, for the scale_free and random rules (lesions.csv has every rule).</summary>
    private static ExperimentFigure LesionFigure(TopologyResult result)
    {
        var lines = new List<FigureLine>();
        foreach (string rule in new[] { "scale_free", "random" })
            foreach (string kind in new[] { "hubs", "random" })
            {
                var of = result.Lesions.Where(l => l.Rule == rule && l.Kind == kind).OrderBy(l => l.Fraction).ToList();
                if (of.Count > 0) lines.Add(new FigureLine($"{rule}, {kind}", [.. of.Select(l => l.Fraction)], [.. of.Select(l => l.RateRatio)]));
            }
        return new ExperimentFigure("lesions", "Survivor firing rate after lesions: hubs vs random neurons (scale_free, random)", "fraction of neurons removed",
                                    "survivor rate / intact rate (ratio)", lines);
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    private static string F(double v, int digits = 3) => v.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static string Summary(TopologyResult r, bool quick, IReadOnlyList<ExperimentFigure> figures, string figureExtension)
    {
        var md = new StringBuilder();
        md.AppendLine("# Topology and conduction");
        md.AppendLine();
        md.AppendLine($"{r.Neurons} LIF neurons wired by five rules ({(quick ? "quick" : "full")} run, {F(r.WallS, 1)} s). " +
                      "Brains are sparse small-world networks with hubs; a layer of an artificial network is fully connected (all_to_all).");
        md.AppendLine();
        md.AppendLine("## The graphs");
        md.AppendLine();
        md.AppendLine("| rule | synapses (count) | mean degree (links) | max degree (links) | clustering (0-1) | random graph's (0-1) | path length (links) | random graph's (links) | largest component (fraction of neurons) | power-law alpha (exponent) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (RuleMeasures m in r.Rules)
            md.AppendLine($"| {m.Rule} | {m.Synapses} | {F(m.MeanDegree, 1)} | {m.MaxDegree} | {F(m.Clustering)} | {F(m.RandomClustering)} | " +
                          $"{F(m.PathLength, 2)} | {F(m.RandomPathLength, 2)} | {F(m.LargestComponentFraction)} | {F(m.PowerLawAlpha, 2)} |");
        md.AppendLine();
        md.AppendLine("Degrees, clustering and path lengths are those of the undirected graph (a link wherever either neuron " +
                      "has a synapse onto the other); path length is the mean shortest path on the largest component. " +
                      "The random graph's columns are k/(N-1) and ln N / ln k for the same mean degree k. " +
                      "The power-law exponent is fitted above each rule's smallest degree and only means something for a heavy tail (scale_free).");
        md.AppendLine();

        RuleMeasures sw = r.Rule("small_world"), rnd = r.Rule("random"), sf = r.Rule("scale_free");
        md.AppendLine("## Claims");
        md.AppendLine();
        md.AppendLine($"- **Small world**: clustering {F(sw.Clustering)} against {F(rnd.Clustering)} for the random rule " +
                      $"({F(sw.Clustering / rnd.Clustering, 1)} times higher), path length {F(sw.PathLength, 2)} against {F(rnd.PathLength, 2)} " +
                      $"({F(sw.PathLength / rnd.PathLength, 2)} times): small-world coefficient sigma = (C/C_random)/(L/L_random) = " +
                      $"{F(sw.Clustering / rnd.Clustering / (sw.PathLength / rnd.PathLength), 1)} (> 1 is small-world; Humphries and Gurney 2008).");
        md.AppendLine($"- **Scale free**: the top hub has {sf.MaxDegree} links, {F(sf.MaxDegree / sf.MeanDegree, 1)} times the mean " +
                      $"{F(sf.MeanDegree, 1)} (random rule: {F(rnd.MaxDegree / rnd.MeanDegree, 1)} times); the fitted exponent is " +
                      $"{F(sf.PowerLawAlpha, 2)} (Barabási-Albert: 3 for large N; brain networks: about 2 to 3).");
        double f = r.Lesions.Where(l => l.Fraction > 0).Select(l => l.Fraction).Distinct().OrderBy(x => Math.Abs(x - 0.2)).First();
        LesionMeasures hub = r.Lesion("scale_free", "hubs", f), random = r.Lesion("scale_free", "random", f);
        md.AppendLine($"- **Hubs matter**: removing the top {F(100 * f, 0)}% hubs of the scale-free network leaves a largest component of " +
                      $"{F(hub.LargestComponentFraction)} of the neurons and a survivor rate of {F(hub.RateHz, 2)} Hz " +
                      $"({F(hub.RateRatio, 2)} of intact); removing as many random neurons leaves {F(random.LargestComponentFraction)} and " +
                      $"{F(random.RateHz, 2)} Hz ({F(random.RateRatio, 2)}).");
        RuleMeasures dist = r.Rule("distance");
        double reach = dist.MaxDelayMs - TopologyExperiment.SynapticDelayMs; // the conduction part of the longest delay
        md.AppendLine($"- **Conduction**: in the distance network delays grow with distance, {F(dist.MeanDelayMs)} ms on average and up to " +
                      $"{F(dist.MaxDelayMs)} ms at {TopologyExperiment.VelocityMPerS} m/s ({F(reach)} ms of conduction). The same wiring at 0.6 m/s " +
                      $"would add up to {F(reach * TopologyExperiment.VelocityMPerS / 0.6)} ms, at 120 m/s only {F(reach * TopologyExperiment.VelocityMPerS / 120, 4)} ms: " +
                      "across a millimetre of cortex a slow fibre adds about a millisecond, as much as a synaptic delay and far more than " +
                      "the precision of spike timing, while a fast one adds microseconds.");
        md.AppendLine();
        md.AppendLine("## Lesions");
        md.AppendLine();
        md.AppendLine("| rule | lesion | fraction (of neurons) | largest component (fraction of neurons) | survivor rate (Hz) | rate / intact (ratio) |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (LesionMeasures l in r.Lesions)
            if (l.Fraction > 0)
                md.AppendLine($"| {l.Rule} | {l.Kind} | {F(l.Fraction, 2)} | {F(l.LargestComponentFraction)} | {F(l.RateHz, 2)} | {F(l.RateRatio, 3)} |");
        md.AppendLine();
        foreach (ExperimentFigure figure in figures) md.AppendLine(figure.MarkdownFor(figureExtension)).AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine($"Sparse rules aim at a mean degree of {TopologyExperiment.TargetDegree}: random (p = k/(2(N-1)) each way), " +
                      "small_world (k = 10, p = 0.1), scale_free (m = 5), distance (grid of side 1 mm, p0 = 0.5, lambda for about 7 synapses " +
                      $"per neuron, conduction at {TopologyExperiment.VelocityMPerS} m/s plus 0.5 ms synaptic delay; real axons conduct at " +
                      "0.6 to 120 m/s, so 1 mm costs 0.01 to 1.7 ms). Neurons: delta LIF with NEST defaults, each driven by 2.4 kHz " +
                      "of 0.5 mV Poisson input (mean drive 3 mV below threshold); recurrent weight 0.5 mV × 10 / mean in-degree, so the " +
                      "mean recurrent drive is the same for every rule. A lesion silences the removed neurons in the model: no Poisson " +
                      "input and a current that holds them 1 V below rest, so none of their synapses ever carries a spike (checked). " +
                      "Hubs are the neurons of highest degree; random lesions are averaged over several draws. Rates are measured " +
                      "after a warm-up, over the surviving neurons only.");
        md.AppendLine();
        md.AppendLine("Files: `topology.csv` (one row per rule), `degrees.csv` (how many neurons have each in-, out- and undirected " +
                      "degree), `lesions.csv` (one row per rule, lesion kind and fraction).");
        return md.ToString();
    }
}
