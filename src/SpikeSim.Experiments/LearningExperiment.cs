using SpikeSim.Artificial;
using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;

namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 3, learning limits: on XOR's truth table a single perceptron (perceptron rule) and a single linear unit
/// (delta rule) never classify more than 3 of the 4 points; a two-layer ReLU network trained by backpropagation
/// learns it; its spiking conversion computes it. The same conversion on two moons shows accuracy against simulated
/// time beside the network's own accuracy.
/// </summary>
public sealed class LearningExperiment : IExperiment
{
    /// <inheritdoc/>
    public string Name => "learning";

    /// <inheritdoc/>
    public string Summary => "XOR: perceptron and delta rule stay <= 75%, a two-layer network learns it, its spiking conversion computes it";

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context)
    {
        int seeds = context.Quick ? 3 : 10;
        Dataset xor = Datasets.TruthTable("xor");
        var rows = new List<object[]>();
        double bestLinear = 0;
        int learned = 0;
        Mlp? firstLearned = null;
        for (ulong s = 0; s < (ulong)seeds; s++)
        {
            ulong seed = context.Seed + s;
            double perceptron = PerceptronRule.Train(xor, 200, 0.1, seed).BestAccuracy;
            double delta = DeltaRule.Train(xor, 200, 0.05, seed).BestAccuracy;
            Mlp mlp = Mlp.Create([2, 8, 2], new ReluNeuron(), seed);
            double mlpAccuracy = mlp.Train(xor, 300, 0.1, 4, seed)[^1];
            bestLinear = Math.Max(bestLinear, Math.Max(perceptron, delta));
            if (mlpAccuracy == 1.0) { learned++; firstLearned ??= mlp; }
            rows.Add([(long)seed, perceptron, delta, mlpAccuracy]);
        }

        double[] checkpoints = context.Quick ? [20, 50, 100, 200] : [10, 20, 50, 100, 200, 400];
        var conversion = new List<object[]>();
        double xorSpiking = double.NaN;
        if (firstLearned is not null)
        {
            var settings = new ConversionSettings();
            Mlp normalized = SpikingConversion.Normalize(firstLearned, SpikingConversion.LayerScales(firstLearned, xor, settings.Percentile));
            SpikingEvaluation eval = SpikingConversion.Evaluate(normalized, xor, settings, checkpoints, context.Seed);
            for (int c = 0; c < checkpoints.Length; c++) conversion.Add(["xor", checkpoints[c], eval.Accuracy[c], firstLearned.Accuracy(xor)]);
            xorSpiking = eval.Accuracy[^1];
        }
        var moons = ClassificationTask.TwoMoons(context.Seed, context.Quick);
        double moonsAnn = moons.Mlp.Accuracy(moons.Test);
        SpikingEvaluation moonsEval = SpikingConversion.Evaluate(moons.Normalized, moons.Test, moons.Settings, checkpoints, context.Seed);
        for (int c = 0; c < checkpoints.Length; c++) conversion.Add(["two_moons", checkpoints[c], moonsEval.Accuracy[c], moonsAnn]);

        var files = new ExperimentFiles(context.OutDir, context.FigureExtension);
        files.Csv("xor.csv", "seed,perceptron_best_accuracy,delta_rule_best_accuracy,mlp_final_accuracy", rows);
        files.Csv("conversion.csv", "dataset,t_ms,spiking_accuracy,ann_accuracy", conversion);
        bool holds = bestLinear <= 0.75 && learned > 0 && xorSpiking == 1.0;
        string claim = "A single perceptron never exceeds 75% on XOR; a two-layer network learns it; the converted spiking network computes it.";
        string convTable = string.Join("\n", conversion.Select(r => $"| {r[0]} | {r[1]} | {ExperimentFiles.N((double)r[2])} | {ExperimentFiles.N((double)r[3])} |"));
        files.Markdown($"""
            # Experiment 3: learning limits

            {claim}

            XOR truth table, {seeds} seeds, 200 epochs each: best accuracy of the perceptron rule or the delta rule in any epoch
            {ExperimentFiles.N(bestLinear)} (no line separates XOR); the 2-8-2 ReLU network (backpropagation, 300 epochs) reached 100% for
            {learned} of {seeds} seeds. Converted to integrate-and-fire neurons (data-based normalisation at the
            {new ConversionSettings().Percentile}th percentile, inputs rate coded up to {new ConversionSettings().MaxRateHz} Hz), the network classifies:

            | dataset | simulated time (ms) | spiking accuracy (fraction) | network accuracy (fraction) |
            |---|---|---|---|
            {convTable}

            {files.Figure(Conversion(conversion))}

            {files.Figure(new ExperimentFigure("xor_accuracy", "XOR: best accuracy per training seed", "seed", "accuracy (fraction of the 4 points)",
            [
                new FigureLine("perceptron rule", [.. rows.Select(r => (double)(long)r[0])], [.. rows.Select(r => (double)r[1])], Markers: true),
                new FigureLine("delta rule", [.. rows.Select(r => (double)(long)r[0])], [.. rows.Select(r => (double)r[2])], Markers: true),
                new FigureLine("2-8-2 ReLU network", [.. rows.Select(r => (double)(long)r[0])], [.. rows.Select(r => (double)r[3])], Markers: true),
            ]))}

            Spiking accuracy approaches the network's as spike counts accumulate: a rate code needs time. Columns: xor.csv, conversion.csv.
            """);
        return new ExperimentResult(Name, claim, holds, new Dictionary<string, double>
        {
            ["seeds"] = seeds,
            ["linear_best_accuracy"] = bestLinear,
            ["mlp_seeds_learned"] = learned,
            ["xor_spiking_accuracy"] = xorSpiking,
            ["moons_ann_accuracy"] = moonsAnn,
            ["moons_spiking_accuracy"] = moonsEval.Accuracy[^1],
        }, files.Written, Figures: files.Figures);
    }

    /// <summary>Spiking accuracy against simulated time, per dataset, beside the network's own accuracy (rows of conversion.csv).</summary>
    private static ExperimentFigure Conversion(List<object[]> conversion)
    {
        var lines = new List<FigureLine>();
        foreach (string dataset in conversion.Select(r => (string)r[0]).Distinct())
        {
            var of = conversion.Where(r => (string)r[0] == dataset).ToList();
            double[] t = [.. of.Select(r => (double)r[1])];
            lines.Add(new FigureLine($"{dataset}: spiking", t, [.. of.Select(r => (double)r[2])]));
            lines.Add(new FigureLine($"{dataset}: network", [t[0], t[^1]], [(double)of[0][3], (double)of[0][3]]));
        }
        return new ExperimentFigure("conversion", "Converted spiking network: accuracy against simulated time", "simulated time (ms, log scale)",
                                    "test accuracy (fraction)", lines, LogX: true);
    }
}
