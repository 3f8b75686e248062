using SpikeSim.Artificial;
using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;
using SpikeSim.Engine;

namespace SpikeSim.Experiments;

/// <summary>Published energies per operation used by the cost experiment, pJ.</summary>
public static class EnergyFigures
{
    /// <summary>
    /// 32-bit floating-point multiply-accumulate, 45 nm: multiply 3.7 pJ + add 0.9 pJ (Horowitz 2014, "Computing's
    /// energy problem (and what we can do about it)", ISSCC, Fig. 1.1.9).
    /// </summary>
    public const double MacFp32Pj = 3.7 + 0.9;

    /// <summary>8-bit integer multiply-accumulate, 45 nm: multiply 0.2 pJ + add 0.03 pJ (Horowitz 2014, same table).</summary>
    public const double MacInt8Pj = 0.2 + 0.03;

    /// <summary>
    /// One synaptic spike operation on Intel Loihi (14 nm), the minimum reported by Davies et al. 2018, "Loihi: a
    /// neuromorphic manycore processor with on-chip learning", IEEE Micro 38(1):82-99, Table 2.
    /// </summary>
    public const double SopLoihiPj = 23.6;
}

/// <summary>
/// Experiment 5, cost: the converted two-moons network classifies the test set at several input rates; the spiking
/// run's synaptic operations (spikes delivered through synapses) are set against the artificial network's
/// multiply-accumulates on the same samples, and both are turned into energies with published per-operation figures
/// (<see cref="EnergyFigures"/>). The artificial run is the trained network written as a model
/// (<see cref="MlpModel"/>) on the artificial engine, which counts its MACs. Synaptic operations grow in proportion to the firing rate; MACs do not depend on it.
/// </summary>
public sealed class CostExperiment : IExperiment
{
    /// <inheritdoc/>
    public string Name => "cost";

    /// <inheritdoc/>
    public string Summary => "cost: synaptic operations of the spiking run vs MACs of the artificial run, energy estimates, ratio vs firing rate";

    /// <summary>Fraction of samples whose largest output value (population sK_out) is the label's.</summary>
    private static double ArgmaxAccuracy(Network network, double[] values, Dataset data)
    {
        int correct = 0;
        foreach (PopulationRange p in network.Populations)
        {
            if (!p.Name.EndsWith("_out", StringComparison.Ordinal)) continue;
            int k = int.Parse(p.Name.AsSpan(1, p.Name.Length - 5), System.Globalization.CultureInfo.InvariantCulture);
            int best = 0;
            for (int j = 1; j < p.Size; j++) if (values[p.Offset + j] > values[p.Offset + best]) best = j;
            if (best == data.Labels[k]) correct++;
        }
        return (double)correct / data.Count;
    }

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context)
    {
        var task = ClassificationTask.TwoMoons(context.Seed, context.Quick);
        double[] rates = context.Quick ? [100, 400] : [50, 100, 200, 400, 800];
        const double durationMs = 100;
        int samples = task.Test.Count;
        // The artificial run: the trained network as a model on the artificial engine, all test samples at once.
        Network annNetwork = Network.Build(MlpModel.Build(task.Mlp, task.Test));
        ArtificialResult annRun = new ArtificialSimulator(annNetwork).Run();
        long macs = annRun.Macs / samples;
        double annAccuracy = ArgmaxAccuracy(annNetwork, annRun.Values, task.Test);
        var rows = new List<object[]>();
        var sopsPerSample = new double[rates.Length];
        double crossover = 0;
        for (int i = 0; i < rates.Length; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var settings = task.Settings with { MaxRateHz = rates[i] };
            SpikingEvaluation eval = SpikingConversion.Evaluate(task.Normalized, task.Test, settings, [durationMs], context.Seed);
            sopsPerSample[i] = (double)eval.SynapticEvents / samples;
            double snnPj = sopsPerSample[i] * EnergyFigures.SopLoihiPj, annPj = macs * EnergyFigures.MacFp32Pj;
            crossover += rates[i] * annPj / snnPj / rates.Length;
            rows.Add([rates[i], eval.Accuracy[0], annAccuracy, sopsPerSample[i], (double)macs, sopsPerSample[i] / macs,
                      snnPj, annPj, macs * EnergyFigures.MacInt8Pj, snnPj / annPj]);
        }
        double rateRatio = rates[^1] / rates[0], sopRatio = sopsPerSample[^1] / sopsPerSample[0];

        var files = new ExperimentFiles(context.OutDir, context.FigureExtension);
        files.Csv("cost.csv", "max_rate_hz,spiking_accuracy,ann_accuracy,sops_per_sample,macs_per_sample,sop_mac_ratio,snn_energy_pj,ann_energy_fp32_pj,ann_energy_int8_pj,energy_ratio_snn_fp32", rows);
        bool holds = Math.Abs(sopRatio / rateRatio - 1) < 0.25 && sopsPerSample.Zip(sopsPerSample.Skip(1)).All(p => p.Second > p.First);
        string claim = "Synaptic operations of the spiking run grow in proportion to the firing rate while the artificial run's MACs do not, so the energy ratio moves with the rate.";
        string table = string.Join("\n", rows.Select(r =>
            $"| {r[0]} | {ExperimentFiles.N((double)r[1])} | {ExperimentFiles.N((double)r[3])} | {r[4]} | {ExperimentFiles.N((double)r[6])} | {ExperimentFiles.N((double)r[7])} | {ExperimentFiles.N((double)r[9])} |"));
        files.Markdown($"""
            # Experiment 5: cost

            {claim}

            Two moons, 2-16-2 ReLU network ({macs} MACs per sample counted by the artificial engine, accuracy {ExperimentFiles.N(annAccuracy)}) and its spiking conversion,
            {samples} test samples, {durationMs} ms per sample, input rate x MaxRate for a feature of value x.

            | max rate (Hz) | spiking accuracy (fraction) | SOPs / sample (operations) | MACs / sample (operations) | SNN energy (pJ / sample) | ANN energy fp32 (pJ / sample) | SNN / ANN energy (ratio) |
            |---|---|---|---|---|---|---|
            {table}

            {files.Figure(new ExperimentFigure("operations", "Operations per sample against the input rate", "maximum input rate (Hz)", "operations per sample",
            [
                new FigureLine("synaptic operations (spiking)", rates, sopsPerSample),
                new FigureLine("MACs (artificial)", rates, [.. rates.Select(_ => (double)macs)]),
            ]))}

            {files.Figure(new ExperimentFigure("energy", "Energy per sample against the input rate", "maximum input rate (Hz)", "energy per sample (pJ)",
            [
                new FigureLine("SNN (Loihi SOP)", rates, [.. rows.Select(r => (double)r[6])]),
                new FigureLine("ANN fp32 MAC", rates, [.. rows.Select(r => (double)r[7])]),
                new FigureLine("ANN int8 MAC", rates, [.. rows.Select(r => (double)r[8])]),
            ], LogY: true))}

            Raising the rate {ExperimentFiles.N(rateRatio)}-fold multiplied the synaptic operations by {ExperimentFiles.N(sopRatio)}. At these
            figures the spiking run would match the fp32 network's energy at a maximum rate of about {ExperimentFiles.N(crossover)} Hz in
            {durationMs} ms, where a rate code carries little information: for a small dense network a rate-coded SNN costs more, and
            its advantage needs sparse activity. Energies per operation:
            {EnergyFigures.SopLoihiPj} pJ per synaptic operation (Loihi, Davies et al. 2018, IEEE Micro 38(1):82, Table 2);
            {ExperimentFiles.N(EnergyFigures.MacFp32Pj)} pJ per 32-bit float MAC and {ExperimentFiles.N(EnergyFigures.MacInt8Pj)} pJ per 8-bit integer MAC at 45 nm (Horowitz 2014, ISSCC).
            Memory access, which dominates both in practice, is not counted. Columns: cost.csv.
            """);
        return new ExperimentResult(Name, claim, holds, new Dictionary<string, double>
        {
            ["macs_per_sample"] = macs,
            ["ann_accuracy_artificial_engine"] = annAccuracy,
            ["ann_accuracy_mlp"] = task.Mlp.Accuracy(task.Test),
            ["sops_per_sample_lowest_rate"] = sopsPerSample[0],
            ["sops_per_sample_highest_rate"] = sopsPerSample[^1],
            ["rate_ratio"] = rateRatio,
            ["sop_ratio"] = sopRatio,
            ["crossover_rate_hz"] = crossover,
        }, files.Written, Figures: files.Figures);
    }
}
