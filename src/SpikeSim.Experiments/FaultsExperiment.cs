using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;

namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 4, fault tolerance: the two-moons network and its spiking conversion lose a growing fraction of their
/// synapses or hidden neurons at random (several seeds; the same elements in both modes), and their test accuracy
/// is measured. The spiking network keeps the normalisation of the intact network, as hardware configured before
/// the damage would.
/// </summary>
public sealed class FaultsExperiment : IExperiment
{
    /// <inheritdoc/>
    public string Name => "faults";

    /// <inheritdoc/>
    public string Summary => "fault tolerance: accuracy of both modes as random synapses or hidden neurons are lesioned";

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context)
    {
        var task = ClassificationTask.TwoMoons(context.Seed, context.Quick);
        double[] fractions = context.Quick ? [0, 0.25, 0.5, 0.75] : [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
        int seeds = context.Quick ? 2 : 3;
        const double durationMs = 200;
        var rows = new List<object[]>();
        var mean = new Dictionary<(LesionKind, double), (double Ann, double Snn)>();
        foreach (LesionKind kind in new[] { LesionKind.Synapses, LesionKind.Neurons })
        {
            foreach (double f in fractions)
            {
                double ann = 0, snn = 0;
                for (int s = 0; s < seeds; s++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    ulong seed = context.Seed * 1000 + (ulong)s;
                    double a = Lesions.Apply(task.Mlp, kind, f, seed).Accuracy(task.Test);
                    double n = SpikingConversion.Evaluate(Lesions.Apply(task.Normalized, kind, f, seed), task.Test, task.Settings, [durationMs], seed).Accuracy[0];
                    rows.Add([kind == LesionKind.Synapses ? "synapses" : "neurons", f, (long)seed, a, n]);
                    ann += a / seeds;
                    snn += n / seeds;
                }
                mean[(kind, f)] = (ann, snn);
            }
        }

        double intactAnn = mean[(LesionKind.Synapses, 0)].Ann, intactSnn = mean[(LesionKind.Synapses, 0)].Snn;
        double worstGap = 0;
        foreach (var v in mean.Values) worstGap = Math.Max(worstGap, Math.Abs(v.Ann - v.Snn));
        double heavy = fractions[^1];
        double annHeavy = Math.Min(mean[(LesionKind.Synapses, heavy)].Ann, mean[(LesionKind.Neurons, heavy)].Ann);
        double snnHeavy = Math.Min(mean[(LesionKind.Synapses, heavy)].Snn, mean[(LesionKind.Neurons, heavy)].Snn);

        var files = new ExperimentFiles(context.OutDir, context.FigureExtension);
        files.Csv("lesions.csv", "lesion,fraction,seed,ann_accuracy,spiking_accuracy", rows);
        bool holds = annHeavy < intactAnn - 0.1 && snnHeavy < intactSnn - 0.1 && worstGap <= 0.15;
        string claim = "Both modes degrade with the lesioned fraction, and the spiking conversion degrades like the network it came from (same damage, similar accuracy).";
        string table = string.Join("\n", fractions.Select(f =>
            $"| {f} | {ExperimentFiles.N(mean[(LesionKind.Synapses, f)].Ann)} | {ExperimentFiles.N(mean[(LesionKind.Synapses, f)].Snn)} | {ExperimentFiles.N(mean[(LesionKind.Neurons, f)].Ann)} | {ExperimentFiles.N(mean[(LesionKind.Neurons, f)].Snn)} |"));
        files.Markdown($"""
            # Experiment 4: fault tolerance

            {claim}

            Two moons, 2-16-2 ReLU network, {task.Test.Count} test samples, spiking runs of {durationMs} ms; mean accuracy over {seeds} lesion seeds.

            | fraction lesioned (of synapses or hidden neurons) | synapses: network accuracy (fraction) | synapses: spiking accuracy (fraction) | hidden neurons: network accuracy (fraction) | hidden neurons: spiking accuracy (fraction) |
            |---|---|---|---|---|
            {table}

            {files.Figure(new ExperimentFigure("lesions", "Accuracy as synapses or hidden neurons are lesioned", "fraction lesioned", "test accuracy (fraction; chance 0.5)",
            [
                new FigureLine("synapses: network", fractions, [.. fractions.Select(f => mean[(LesionKind.Synapses, f)].Ann)]),
                new FigureLine("synapses: spiking", fractions, [.. fractions.Select(f => mean[(LesionKind.Synapses, f)].Snn)]),
                new FigureLine("hidden neurons: network", fractions, [.. fractions.Select(f => mean[(LesionKind.Neurons, f)].Ann)]),
                new FigureLine("hidden neurons: spiking", fractions, [.. fractions.Select(f => mean[(LesionKind.Neurons, f)].Snn)]),
            ]))}

            Largest gap between the modes at equal damage: {ExperimentFiles.N(worstGap)}. Chance level is 0.5. Columns: lesions.csv.
            """);
        return new ExperimentResult(Name, claim, holds, new Dictionary<string, double>
        {
            ["intact_ann_accuracy"] = intactAnn,
            ["intact_spiking_accuracy"] = intactSnn,
            ["heaviest_fraction"] = heavy,
            ["ann_accuracy_heaviest"] = annHeavy,
            ["spiking_accuracy_heaviest"] = snnHeavy,
            ["max_mode_gap"] = worstGap,
        }, files.Written, Figures: files.Figures);
    }
}
