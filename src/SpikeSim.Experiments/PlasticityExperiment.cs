using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Randomness;

namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 6, plasticity: STDP on spiking inputs next to a rate-based Hebbian rule (Oja) on the same inputs'
/// rates. N inputs fire at identical rates (each exactly K spikes in the run) onto one LIF neuron through additive,
/// all-to-all STDP; the first half are correlated in time (a fraction c of each one's spikes are copies, with a
/// millisecond of jitter, of one shared train), the second half independent. STDP drives the correlated group's
/// weights towards w_max and the independent group's towards 0 (Song, Miller and Abbott 2000; Kempter, Gerstner and
/// van Hemmen 1999): correlated inputs tend to fire just before the output spikes they cause. Oja's rule on the
/// measured rates, run by the artificial engine, gives both groups the same weight: the rates are identical, and
/// the timing is not in them.
/// </summary>
/// <remarks>
/// <para>Spiking model: each input is a "parrot" (delta LIF, rest and reset 0 mV, threshold 15 mV, no refractory
/// period) that fires exactly at the times of its own spike_times input (100 mV jumps); the output neuron is the
/// current-based LIF of models/song2000-stdp.json (tau_m 10 ms, C_m 250 pF, E_L -74 mV, reset -60 mV, threshold
/// -54 mV, exp synapses of 5 ms, no refractory period). STDP additive as in Song et al.: tau_plus = tau_minus = 20 ms,
/// lambda 0.01, mu_plus = mu_minus = 0, bounds [0, w_max] with N w_max = 6 nA; initial weights uniform in
/// [0, w_max]; 1 ms axonal delay. Depression is 10% stronger than potentiation (alpha 1.1; Song et al. used 1.05
/// with 1000 inputs): with only 100-200 inputs each one's own PSP is a larger part of what makes the output fire,
/// and with alpha 1.05 about a third of the independent weights stayed above w_max / 2 in these runs (separation
/// 0.43 quick, 0.61 full).</para>
/// <para>Control: the same run with the second half correlated instead of the first (same rates, initial weights
/// and independent spikes): the separation must swap sign.</para>
/// <para>Rate rule: a linear neuron y = Σ w_j x_j with x_j the measured rate of input j (Hz), Oja's
/// Δw_j = η y (x_j − y w_j) with η = 0.05 / Σ x_j² (an e-fold of convergence in about 20 presentations), presented
/// <see cref="Presentations"/> times by the artificial engine from the STDP run's initial weights scaled to unit length
/// (the length Oja's rule converges to).
/// For equal rates it converges to w_j = 1/√N for every input.</para>
/// <para>Separation index of a rule: (m_c − m_i) / (m_c + m_i) with m the mean final weight of the correlated (c) and
/// independent (i) group: 1 when only the correlated inputs keep weight, 0 when the groups are alike.</para>
/// </remarks>
public sealed class PlasticityExperiment : IExperiment
{
    /// <summary>Presentations of the rates to the rate rule.</summary>
    public const int Presentations = 1000;

    private const double RateHz = 20, Correlation = 0.3, JitterMs = 1.0, TotalWMaxPa = 6000, Lambda = 0.01, Alpha = 1.1, DelayMs = 1.0;

    /// <inheritdoc/>
    public string Name => "plasticity";

    /// <inheritdoc/>
    public string Summary => "STDP vs Oja's rate rule on inputs of identical rates, half of them correlated in time: only STDP tells the groups apart";

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context)
    {
        int inputs = context.Quick ? 100 : 200;
        double durationMs = context.Quick ? 200_000 : 500_000;
        int half = inputs / 2, k = (int)Math.Round(RateHz * durationMs / 1000);
        double wMax = TotalWMaxPa / inputs; // the same total drive for both sizes: N w_max = 6 nA

        // Spiking runs: the experiment (first half correlated), and a control with the roles swapped (second half
        // correlated; same rates, same initial weights, same independent spikes otherwise).
        (double[] initial, double[] stdpWeight, double[] rateHz, double outputHz) = Stdp(context, inputs, 0, half, k, durationMs, wMax);
        (_, double[] controlWeight, _, double controlHz) = Stdp(context, inputs, half, inputs, k, durationMs, wMax);

        // Rate rule on the same inputs' measured rates, by the artificial engine.
        double sumSq = 0;
        foreach (double r in rateHz) sumSq += r * r;
        var oja = new RateRuleSpec(RateRuleKind.Oja, 0.05 / sumSq, 10, double.NegativeInfinity, double.PositiveInfinity);
        // Oja's rule keeps |w| at 1: start from the STDP run's initial weights scaled to unit length.
        double norm = 0;
        foreach (double w in initial) norm += w * w;
        norm = Math.Sqrt(norm);
        var w0 = new double[inputs];
        for (int i = 0; i < inputs; i++) w0[i] = initial[i] / norm;
        LifSpec unused = LifSpec.Default("delta");
        var rateSpec = new ModelSpec("plasticity-rate", context.Seed, Presentations,
            [new PopulationSpec("inputs", inputs, unused, new ActivationSpec(NeuronModel.Linear)),
             new PopulationSpec("neuron", 1, unused, new ActivationSpec(NeuronModel.Linear))],
            [new ProjectionSpec("oja", "inputs", "neuron", new ConnectSpec(ConnectRule.AllToAll), new MatrixValue([w0]), new ConstantValue(1), oja)],
            [new ValuesInput("inputs", null, new PerNeuron(rateHz))], RecordSpec.None, StepMs: 1);
        var artificial = new ArtificialSimulator(Network.Build(rateSpec), new ArtificialOptions { Cancellation = context.Cancellation });
        artificial.Run();
        var rateWeight = new double[inputs];
        for (int i = 0; i < inputs; i++) rateWeight[i] = artificial.WeightOf(0, i);

        // Numbers.
        (double stdpC, double stdpI) = (Mean(stdpWeight, 0, half), Mean(stdpWeight, half, inputs));
        (double rateC, double rateI) = (Mean(rateWeight, 0, half), Mean(rateWeight, half, inputs));
        (double controlC, double controlI) = (Mean(controlWeight, 0, half), Mean(controlWeight, half, inputs));
        double stdpIndex = (stdpC - stdpI) / (stdpC + stdpI), rateIndex = (rateC - rateI) / (rateC + rateI);
        double controlIndex = (controlC - controlI) / (controlC + controlI);
        double minRate = double.PositiveInfinity, maxRate = 0;
        foreach (double r in rateHz) { minRate = Math.Min(minRate, r); maxRate = Math.Max(maxRate, r); }
        int correlatedHigh = 0, independentLow = 0;
        for (int i = 0; i < half; i++) if (stdpWeight[i] > 0.5) correlatedHigh++;
        for (int i = half; i < inputs; i++) if (stdpWeight[i] < 0.5) independentLow++;
        double ojaTarget = 1 / Math.Sqrt(inputs), ojaError = 0;
        foreach (double w in rateWeight) ojaError = Math.Max(ojaError, Math.Abs(w - ojaTarget));

        var rows = new List<object[]>(inputs);
        for (int i = 0; i < inputs; i++)
            rows.Add([i, i < half ? "correlated" : "independent", rateHz[i], initial[i] / wMax, stdpWeight[i], rateWeight[i], controlWeight[i]]);
        var files = new ExperimentFiles(context.OutDir, context.FigureExtension);
        files.Csv("plasticity.csv", "input,group,rate_hz,initial_weight,stdp_weight,rate_rule_weight,stdp_control_weight", rows);

        bool holds = maxRate == minRate && stdpIndex > 0.5 && stdpC - stdpI > 0.5 && Math.Abs(rateIndex) < 0.01 && controlIndex < -0.5;
        string claim = "Inputs of identical rates, half of them correlated in time: STDP gives the correlated group far higher weights " +
                       "(separation index above 0.5, group means at least half of w_max apart) while Oja's rule on the same rates gives " +
                       "both groups the same weight (separation index below 0.01 in magnitude); swapping which half is correlated swaps the STDP result (index below -0.5).";
        string N(double v, int digits = 3) => ExperimentFiles.N(v, digits);
        files.Markdown($"""
            # Experiment 6: plasticity

            {claim}

            {inputs} inputs, every one with exactly {k} spikes in {durationMs / 1000} s ({RateHz} Hz; measured {N(minRate)} to {N(maxRate)} Hz),
            drive one LIF neuron through additive all-to-all STDP (Song, Miller and Abbott 2000: tau± 20 ms, lambda {Lambda},
            alpha {Alpha} (Song et al.: 1.05 for 1000 inputs; with this few inputs, 1.05 left a third of the independent weights
            high), w_max {N(wMax)} pA, initial weights uniform in [0, w_max]). Inputs 0-{half - 1} are correlated:
            {Correlation * 100}% of each one's spikes are copies of one shared train, jittered by up to ±{JitterMs} ms; the rest
            of their spikes and all spikes of inputs {half}-{inputs - 1} are independent and uniform in time. The output neuron
            fired at {N(outputHz)} Hz.

            | rule | correlated group, mean weight | independent group, mean weight | separation index | unit |
            |---|---|---|---|---|
            | STDP | {N(stdpC)} | {N(stdpI)} | {N(stdpIndex)} | w / w_max (index: dimensionless) |
            | Oja on the rates | {N(rateC)} | {N(rateI)} | {N(rateIndex)} | dimensionless |
            | STDP, control: second half correlated instead | {N(controlC)} | {N(controlI)} | {N(controlIndex)} | w / w_max (index: dimensionless) |

            {files.Figure(Weights(stdpWeight, controlWeight, initial, wMax))}

            {files.Figure(new ExperimentFigure("oja_weights", "Final Oja weight of each input (rates only)", "input (0-" + (half - 1) + " correlated)", "final weight (dimensionless)",
            [
                new FigureLine("Oja's rule", [.. Enumerable.Range(0, inputs).Select(i => (double)i)], rateWeight, Markers: true),
                new FigureLine("1/sqrt(N)", [0, inputs - 1], [ojaTarget, ojaTarget]),
            ]))}

            STDP: {correlatedHigh} of {half} correlated weights end above w_max / 2 and {independentLow} of {inputs - half}
            independent ones below it. In the control run the second half is correlated instead (same rates, same
            initial weights, output {N(controlHz)} Hz) and the result swaps: the weights follow the timing, not the inputs'
            index or their initial weights. A correlated input's spikes coincide with those of the others in its group, so they
            tend to come just before the output spikes their joint volley causes, and STDP potentiates causal pairs; an
            independent input's spikes are as likely after an output spike as before, and depression (alpha > 1) wins
            (Kempter, Gerstner and van Hemmen 1999; Song et al. 2000).

            Oja's rule (Δw = η y (x − y w), linear neuron y = Σ w x, {Presentations} presentations by the artificial engine,
            η = 0.05 / Σ x²) sees x = each input's rate over the run: all equal, so every weight converges to 1/√N =
            {N(ojaTarget, 4)} (largest deviation {N(ojaError, 2)}) and the groups cannot differ. The correlation STDP uses lives
            within a few milliseconds (the ±{JitterMs} ms jitter, the 20 ms STDP window); the rates over the run carry no trace of it.

            Separation index: (m_c − m_i) / (m_c + m_i). Columns of plasticity.csv: input, group, rate_hz, initial_weight
            (w / w_max), stdp_weight (final w / w_max), rate_rule_weight (final Oja weight), stdp_control_weight (final w / w_max
            of the control run).
            """);
        return new ExperimentResult(Name, claim, holds, new Dictionary<string, double>
        {
            ["inputs"] = inputs,
            ["input_rate_min_hz"] = minRate,
            ["input_rate_max_hz"] = maxRate,
            ["output_rate_hz"] = outputHz,
            ["stdp_correlated_mean"] = stdpC,
            ["stdp_independent_mean"] = stdpI,
            ["stdp_separation"] = stdpIndex,
            ["stdp_correlated_above_half"] = correlatedHigh,
            ["stdp_independent_below_half"] = independentLow,
            ["stdp_control_separation"] = controlIndex,
            ["rate_rule_correlated_mean"] = rateC,
            ["rate_rule_independent_mean"] = rateI,
            ["rate_rule_separation"] = rateIndex,
            ["rate_rule_max_error_vs_closed_form"] = ojaError,
        }, files.Written, Figures: files.Figures);
    }

    /// <summary>
    /// One spiking run: parrots replay the trains (inputs <paramref name="correlatedFrom"/> to
    /// <paramref name="correlatedTo"/> - 1 correlated) onto the
    /// output neuron through STDP. Returns the initial weights (pA), the final weights / w_max, the measured input
    /// rates (Hz) and the output rate (Hz).
    /// </summary>
    private static (double[] Initial, double[] Final, double[] RateHz, double OutputHz) Stdp(
        ExperimentContext context, int inputs, int correlatedFrom, int correlatedTo, int k, double durationMs, double wMax)
    {
        double[][][] trains = Trains(context.Seed, inputs, correlatedFrom, correlatedTo, k, durationMs);
        LifSpec parrot = new("delta", 10, 250, 0, 0, 15, 0, 0, new ConstantValue(0), 2, 2);
        LifSpec output = new("exp", 10, 250, -74, -60, -54, 0, 0, new ConstantValue(-74), 5, 5);
        var stdp = new StdpSpec(20, 20, Lambda, Alpha, 0, 0, wMax, 0, StdpPairing.AllToAll, 0);
        var inputSpecs = new List<InputSpec>(inputs);
        for (int i = 0; i < inputs; i++) inputSpecs.Add(new SpikeTimesInput("inputs", [i], trains[i], PerNeuron.Of(100)));
        var spec = new ModelSpec("plasticity-stdp", context.Seed, durationMs,
            [new PopulationSpec("inputs", inputs, parrot), new PopulationSpec("neuron", 1, output)],
            [new ProjectionSpec("stdp", "inputs", "neuron", new ConnectSpec(ConnectRule.AllToAll),
                                new DistributionValue(DistributionKind.Uniform, 0, wMax), new ConstantValue(DelayMs), stdp)],
            inputSpecs, RecordSpec.None);
        Network network = Network.Build(spec);
        var initial = new double[inputs];
        for (int i = 0; i < inputs; i++) initial[i] = network.Projections[0].WeightOf(i); // one synapse per source, in source order
        var counter = new SpikeCounter(network.NeuronCount);
        var simulator = new Simulator(network, new SimulationOptions { Threads = 1, Cancellation = context.Cancellation });
        simulator.Run(durationMs, counter);
        var final = new double[inputs];
        var rateHz = new double[inputs];
        for (int i = 0; i < inputs; i++)
        {
            final[i] = simulator.Projections[0].WeightOf(i) / wMax;
            rateHz[i] = counter.Counts[i] * 1000.0 / durationMs;
        }
        return (initial, final, rateHz, counter.Counts[inputs] * 1000.0 / durationMs);
    }

    /// <summary>
    /// The inputs' spike trains (ms, sorted), K spikes each: inputs <paramref name="from"/> to <paramref name="to"/> - 1 take round(c K) spikes
    /// from one shared train (a random subset, each jittered uniformly by ±JitterMs) and the rest independent uniform.
    /// </summary>
    private static double[][][] Trains(ulong seed, int inputs, int from, int to, int k, double durationMs)
    {
        var shared = new double[k];
        var rng = new RandomStream(seed, StreamKind.Experiment, 6, -1);
        for (int s = 0; s < k; s++) shared[s] = JitterMs + (durationMs - 2 * JitterMs) * rng.NextDouble();
        int copies = (int)Math.Round(Correlation * k);
        var order = new int[k];
        var trains = new double[inputs][][];
        for (int i = 0; i < inputs; i++)
        {
            var r = new RandomStream(seed, StreamKind.Experiment, 6, i);
            var t = new double[k];
            int first = 0;
            if (i >= from && i < to)
            {
                // A random subset of the shared spikes: the first `copies` of a partial Fisher-Yates shuffle.
                for (int s = 0; s < k; s++) order[s] = s;
                for (int s = 0; s < copies; s++)
                {
                    int pick = s + r.NextInt(k - s);
                    (order[s], order[pick]) = (order[pick], order[s]);
                    t[s] = shared[order[s]] + JitterMs * (2 * r.NextDouble() - 1);
                }
                first = copies;
            }
            for (int s = first; s < k; s++) t[s] = durationMs * r.NextDouble();
            Array.Sort(t);
            trains[i] = [t];
        }
        return trains;
    }

    /// <summary>Initial and final STDP weights of each input (w / w_max), in the run and in the control run.</summary>
    private static ExperimentFigure Weights(double[] stdpWeight, double[] controlWeight, double[] initial, double wMax)
    {
        double[] index = [.. Enumerable.Range(0, stdpWeight.Length).Select(i => (double)i)];
        return new ExperimentFigure("stdp_weights", "STDP: final weight of each input", $"input (0-{stdpWeight.Length / 2 - 1} correlated in the run)",
                                    "weight (w / w_max)",
        [
            new FigureLine("initial", index, [.. initial.Select(w => w / wMax)], Markers: true),
            new FigureLine("STDP, final", index, stdpWeight, Markers: true),
            new FigureLine("STDP control (other half correlated), final", index, controlWeight, Markers: true),
        ]);
    }

    private static double Mean(double[] v, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum / (to - from);
    }
}
