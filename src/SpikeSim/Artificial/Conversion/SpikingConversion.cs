using MathNet.Numerics.LinearAlgebra;
using SpikeSim.Artificial.Training;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Artificial.Conversion;

/// <summary>How a trained ReLU network becomes a spiking one.</summary>
/// <param name="MaxRateHz">Rate of an input feature of value 1 (features are scaled to [0, 1]); also the rate that
/// stands for a normalised activation of 1 in every layer, Hz.</param>
/// <param name="Percentile">Percentile of a layer's activations over the calibration set used as its scale lambda
/// (100: the maximum, Diehl et al. 2015; 99.9: Rueckauer et al. 2017's robust choice).</param>
/// <param name="ThresholdMv">Firing threshold theta above rest (and reset), mV: a normalised weight w becomes w·theta mV.</param>
/// <param name="TauMMs">Membrane time constant of the converted neurons, ms: long, so they integrate almost without leak.</param>
/// <param name="CmPf">Membrane capacitance, pF (it converts biases to currents).</param>
/// <param name="DelayMs">Synaptic delay between layers, ms.</param>
/// <param name="TauSynMs">Decay time of the exponential synaptic currents of the converted neurons, ms.</param>
public sealed record ConversionSettings(double MaxRateHz = 400, double Percentile = 99.9, double ThresholdMv = 1.0,
                                       double TauMMs = 1e5, double CmPf = 250, double DelayMs = 1.0, double TauSynMs = 2.0);

/// <summary>Accuracy of a converted network on a dataset as a function of simulated time.</summary>
/// <param name="CheckpointsMs">Times at which the output spike counts were read, ms.</param>
/// <param name="Accuracy">Fraction of samples whose output neuron with the most spikes up to each checkpoint is the label's (ties count as wrong).</param>
/// <param name="SynapticEvents">Spikes delivered through the network's synapses (input relays to hidden, hidden to output, ...).</param>
/// <param name="InputEvents">Poisson events that drive the input relays.</param>
/// <param name="Spikes">Spikes of all neurons.</param>
/// <param name="WallS">Wall-clock time of build and simulation, s.</param>
public sealed record SpikingEvaluation(double[] CheckpointsMs, double[] Accuracy, long SynapticEvents, long InputEvents, long Spikes, double WallS);

/// <summary>
/// ANN-to-SNN conversion of a trained ReLU <see cref="Mlp"/> (Cao et al. 2015; Diehl et al. 2015, IJCNN,
/// "Fast-classifying, high-accuracy spiking deep networks through weight and threshold balancing"; Rueckauer et
/// al. 2017, Front Neurosci 11:682). Data-based normalisation: lambda_l is a high percentile of layer l's ReLU
/// outputs over a calibration set (lambda_0 = 1 for inputs in [0, 1]), and W_l is scaled by
/// lambda_(l-1) / lambda_l, b_l by 1 / lambda_l, so that normalised activations rarely exceed 1. Each ReLU unit
/// becomes an integrate-and-fire neuron (a LIF with a very long tau_m, reset to rest, no refractory period) that
/// fires at about a·MaxRateHz for a normalised activation a: a weight w becomes an exponential current of charge
/// C_m·w·theta (amplitude C_m·w·theta/tau_syn pA), so that one spike moves V by w·theta in all, and a bias b the
/// constant current C_m·b·theta·MaxRateHz/1000 pA. Charge that arrives as a smooth current makes V cross theta
/// exactly and keeps flowing after the reset, so reset to zero loses no charge: it acts as the "reset by
/// subtraction" that Rueckauer et al. found necessary, where voltage jumps (delta synapses) would lose the
/// overshoot at every spike and cap a neuron fed by one strong input at a fraction of its input rate. Inputs are rate coded: feature x drives a relay
/// neuron with a Poisson train of rate x·MaxRateHz whose every event makes it fire. The output class is the output
/// neuron with the most spikes. The network is built as a <see cref="ModelSpec"/> (one copy per sample) and run on
/// the event-driven engine.
/// </summary>
public static class SpikingConversion
{
    /// <summary>lambda_l for every layer l = 1..L: the percentile of its ReLU outputs (for the last layer, of ReLU(logits)) over the data.</summary>
    public static double[] LayerScales(Mlp mlp, Dataset calibration, double percentile)
    {
        RequireRelu(mlp);
        (Matrix<double>[] z, _) = mlp.Forward(Mlp.Batch(calibration));
        var lambdas = new double[z.Length];
        for (int l = 0; l < z.Length; l++)
        {
            double[] values = z[l].Enumerate().Select(v => Math.Max(0, v)).Order().ToArray();
            double p = values.Length == 0 ? 0 : values[(int)Math.Min(values.Length - 1, Math.Ceiling(percentile / 100.0 * values.Length) - 1)];
            lambdas[l] = p > 0 ? p : 1.0;
        }
        return lambdas;
    }

    /// <summary>The normalised network: W_l lambda_(l-1) / lambda_l and b_l / lambda_l (lambda_0 = 1).</summary>
    public static Mlp Normalize(Mlp mlp, double[] lambdas)
    {
        RequireRelu(mlp);
        if (lambdas.Length != mlp.Weights.Length) throw new ArgumentException("one scale per layer", nameof(lambdas));
        Mlp copy = mlp.Clone();
        for (int l = 0; l < copy.Weights.Length; l++)
        {
            double previous = l == 0 ? 1.0 : lambdas[l - 1];
            copy.Weights[l].Multiply(previous / lambdas[l], copy.Weights[l]);
            copy.Biases[l].Divide(lambdas[l], copy.Biases[l]);
        }
        return copy;
    }

    /// <summary>
    /// The spiking network for the samples of <paramref name="data"/>: for sample k, populations <c>sK_in</c>,
    /// <c>sK_h1</c>, ..., <c>sK_out</c>, connected by the normalised weight matrices.
    /// </summary>
    public static ModelSpec BuildSpec(Mlp normalized, Dataset data, ConversionSettings settings, double durationMs, ulong seed)
    {
        RequireRelu(normalized);
        int layers = normalized.Weights.Length;
        double theta = settings.ThresholdMv;
        var populations = new List<PopulationSpec>();
        var projections = new List<ProjectionSpec>();
        var inputs = new List<InputSpec>();
        var delay = new ConstantValue(settings.DelayMs);
        var outputs = new List<string>();
        for (int k = 0; k < data.Count; k++)
        {
            string inName = $"s{k}_in";
            populations.Add(new PopulationSpec(inName, data.Dimensions, Neuron(settings, 0)));
            var rates = data.Features[k].Select(x => Math.Max(0, x) * settings.MaxRateHz).ToArray();
            inputs.Add(new PoissonInput(inName, null, new PerNeuron(rates), PerNeuron.Of(2 * theta)));
            string previous = inName;
            for (int l = 0; l < layers; l++)
            {
                string name = l == layers - 1 ? $"s{k}_out" : $"s{k}_h{l + 1}";
                Matrix<double> w = normalized.Weights[l];
                Vector<double> b = normalized.Biases[l];
                // Different biases need different currents: one population per layer, currents per neuron through a step input.
                populations.Add(new PopulationSpec(name, w.RowCount, Integrator(settings)));
                double[] current = b.Select(v => settings.CmPf * v * theta * settings.MaxRateHz * 1e-3).ToArray();
                if (current.Any(c => c != 0)) inputs.Add(new CurrentInput(name, null, [new CurrentStep(0, new PerNeuron(current))]));
                var rows = new double[w.RowCount][];
                double toPa = settings.CmPf * theta / settings.TauSynMs;
                for (int r = 0; r < rows.Length; r++) rows[r] = w.Row(r).Select(v => v * toPa).ToArray();
                projections.Add(new ProjectionSpec($"{previous}-{name}", previous, name, new ConnectSpec(ConnectRule.AllToAll), new MatrixValue(rows), delay));
                previous = name;
            }
            outputs.Add(previous);
        }
        return new ModelSpec("converted", seed, durationMs, populations, projections, inputs, new RecordSpec(outputs, [], null));
    }

    /// <summary>
    /// Converts, simulates all samples at once for the last checkpoint's duration, and scores the output spike
    /// counts at every checkpoint.
    /// </summary>
    public static SpikingEvaluation Evaluate(Mlp normalized, Dataset data, ConversionSettings settings, double[] checkpointsMs, ulong seed, int threads = 1)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double duration = checkpointsMs.Max();
        ModelSpec spec = BuildSpec(normalized, data, settings, duration, seed);
        Network network = Network.Build(spec);
        int layers = normalized.Weights.Length, perSample = 1 + layers;
        int classes = normalized.Weights[^1].RowCount;
        var outputOffset = new int[data.Count];
        for (int k = 0; k < data.Count; k++) outputOffset[k] = network.Populations[k * perSample + layers].Offset;
        var observer = new OutputSpikes(network, outputOffset, classes, checkpointsMs);
        SimulationResult result = new Simulator(network, new SimulationOptions { Threads = threads }).Run(duration, observer);
        var accuracy = new double[checkpointsMs.Length];
        for (int c = 0; c < checkpointsMs.Length; c++)
        {
            int correct = 0;
            for (int k = 0; k < data.Count; k++)
            {
                int best = -1, bestCount = -1;
                bool tie = false;
                for (int j = 0; j < classes; j++)
                {
                    int count = observer.Counts[c][k * classes + j];
                    if (count > bestCount) { best = j; bestCount = count; tie = false; }
                    else if (count == bestCount) tie = true;
                }
                if (!tie && best == data.Labels[k]) correct++;
            }
            accuracy[c] = (double)correct / data.Count;
        }
        return new SpikingEvaluation(checkpointsMs, accuracy, result.RecurrentEvents, result.InputEvents, result.SpikesPerPopulation.Sum(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>An input relay: fires at every input event (delta synapses, weight 2 theta, no refractory period).</summary>
    private static LifSpec Neuron(ConversionSettings s, double vInit) =>
        new("delta", s.TauMMs, s.CmPf, 0, 0, s.ThresholdMv, 0, 0, new ConstantValue(vInit), 2, 2);

    /// <summary>A converted ReLU unit: nearly leak-free, exponential synaptic currents, reset to rest.</summary>
    private static LifSpec Integrator(ConversionSettings s) =>
        new("exp", s.TauMMs, s.CmPf, 0, 0, s.ThresholdMv, 0, 0, new ConstantValue(0), s.TauSynMs, s.TauSynMs);

    private static void RequireRelu(Mlp mlp)
    {
        if (mlp.Hidden is not ReluNeuron)
            throw new ArgumentException($"conversion needs ReLU hidden layers (rates cannot be negative); this network uses {mlp.Hidden.Name}");
    }

    /// <summary>Counts each output neuron's spikes before each checkpoint.</summary>
    private sealed class OutputSpikes : ISimulationObserver
    {
        private readonly int[] _sampleOfNeuron;
        private readonly int[] _classOfNeuron;
        private readonly double[] _checkpoints;
        private readonly int _classes;

        public OutputSpikes(Network network, int[] outputOffset, int classes, double[] checkpoints)
        {
            _classes = classes;
            _checkpoints = checkpoints;
            _sampleOfNeuron = new int[network.NeuronCount];
            _classOfNeuron = new int[network.NeuronCount];
            Array.Fill(_sampleOfNeuron, -1);
            for (int k = 0; k < outputOffset.Length; k++)
                for (int j = 0; j < classes; j++) { _sampleOfNeuron[outputOffset[k] + j] = k; _classOfNeuron[outputOffset[k] + j] = j; }
            Counts = new int[checkpoints.Length][];
            for (int c = 0; c < checkpoints.Length; c++) Counts[c] = new int[outputOffset.Length * classes];
        }

        public int[][] Counts { get; }

        public void OnSlice(in SliceOutput slice)
        {
            for (int i = 0; i < slice.SpikeNeurons.Length; i++)
            {
                int n = slice.SpikeNeurons[i], k = _sampleOfNeuron[n];
                if (k < 0) continue;
                for (int c = 0; c < _checkpoints.Length; c++)
                    if (slice.SpikeTimesMs[i] < _checkpoints[c]) Counts[c][k * _classes + _classOfNeuron[n]]++;
            }
        }
    }
}
