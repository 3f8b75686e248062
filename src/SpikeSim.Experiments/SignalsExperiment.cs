using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 1, signals: the LIF f-I curve, simulated by the event-driven engine and from the closed form
/// rate = 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th))), beside the artificial mode's lif_rate (the
/// same network run by <see cref="ArtificialSimulator"/>), a ReLU and a sigmoid. The simulated rate is 1000 / mean
/// inter-spike interval after the first spike (the steady state); the neurons are NEST's iaf_psc_delta defaults
/// driven by constant currents.
/// </summary>
public sealed class SignalsExperiment : IExperiment
{
    /// <inheritdoc/>
    public string Name => "signals";

    /// <inheritdoc/>
    public string Summary => "f-I curve: simulated LIF vs its closed form, beside lif_rate, relu and sigmoid (threshold, saturation at 1/t_ref)";

    /// <inheritdoc/>
    public ExperimentResult Run(ExperimentContext context)
    {
        LifSpec lif = LifSpec.Default("delta");
        var rate = new LifRate(lif);
        double iTh = rate.ThresholdCurrentPa, maxRate = rate.MaxRateHz;
        var currents = new List<double>();
        double step = context.Quick ? 100 : 25;
        for (double i = 0; i <= 1500; i += step) currents.Add(i);
        currents.AddRange([iTh + 1, iTh + 5, 2000, 3000, 5000, 10000, 20000, 50000]);
        currents.Sort();
        double durationMs = context.Quick ? 1000 : 2000;

        var spec = new ModelSpec("signals", context.Seed, durationMs,
            [new PopulationSpec("lif", currents.Count, lif)], [],
            [new CurrentInput("lif", null, [new CurrentStep(0, new PerNeuron([.. currents]))])], RecordSpec.None);
        Network network = Network.Build(spec);
        var spikes = new SpikeTimes(network.NeuronCount);
        new Simulator(network, new SimulationOptions { Threads = 1, Cancellation = context.Cancellation }).Run(durationMs, spikes);
        ArtificialResult artificial = new ArtificialSimulator(network).Run();

        // ReLU matched to the LIF at threshold and at 1000 pA; sigmoid scaled to 1/t_ref, centred where lif_rate
        // reaches half of it, with lif_rate's slope there.
        double reluGain = rate.Activate(1000) / (1000 - iTh);
        double half = Bisect(i => rate.Activate(i) - maxRate / 2, iTh, 1e7);
        double sigmoidScale = maxRate / (4 * rate.Derivative(half));
        var relu = new ReluNeuron();
        var sigmoid = new SigmoidNeuron();

        var rows = new List<object[]>();
        double maxError = 0;
        int compared = 0;
        bool silentBelow = true;
        for (int k = 0; k < currents.Count; k++)
        {
            double i = currents[k];
            List<double> times = spikes.Of(k);
            double simulated = times.Count >= 2 ? 1000.0 * (times.Count - 1) / (times[^1] - times[0]) : times.Count / (durationMs / 1000);
            double closed = ClosedForm(lif, i);
            if (times.Count >= 3)
            {
                maxError = Math.Max(maxError, Math.Abs(simulated - closed) / closed * 100);
                compared++;
            }
            if (i <= iTh && times.Count > 0) silentBelow = false;
            rows.Add([i, times.Count, simulated, closed, artificial.Values[k], relu.Output(i, reluGain, -reluGain * iTh),
                      maxRate * sigmoid.Output(i, 1 / sigmoidScale, -half / sigmoidScale)]);
        }
        double lifRateError = 0;
        for (int k = 0; k < currents.Count; k++) lifRateError = Math.Max(lifRateError, Math.Abs(artificial.Values[k] - ClosedForm(lif, currents[k])));
        double top = currents[^1];

        var files = new ExperimentFiles(context.OutDir, context.FigureExtension);
        files.Csv("fi_curve.csv", "i_pA,spikes,lif_simulated_hz,lif_closed_form_hz,lif_rate_hz,relu_hz,sigmoid_hz", rows);
        bool holds = maxError < 0.5 && silentBelow && compared >= 5;
        string claim = "Above threshold the simulated LIF rate agrees with the closed form within 0.5%; below threshold it is silent; it saturates towards 1/t_ref.";
        files.Markdown($"""
            # Experiment 1: signals (f-I curves)

            {claim}

            LIF: NEST iaf_psc_delta defaults (tau_m 10 ms, C_m 250 pF, E_L = V_reset = -70 mV, V_th = -55 mV, t_ref 2 ms),
            constant currents, {durationMs} ms. Threshold current C_m (V_th - E_L) / tau_m = {ExperimentFiles.N(iTh)} pA.

            | quantity | value | unit |
            |---|---|---|
            | currents compared (>= 3 spikes) | {compared} | currents |
            | largest error simulated vs closed form | {ExperimentFiles.N(maxError, 3)} | % |
            | largest difference lif_rate (artificial engine) vs closed form | {ExperimentFiles.N(lifRateError, 3)} | Hz |
            | rate at {ExperimentFiles.N(top)} pA | {ExperimentFiles.N(ClosedForm(lif, top))} | Hz |
            | 1/t_ref | {ExperimentFiles.N(maxRate)} | Hz |
            | silent at and below threshold | {silentBelow} | |

            {files.Figure(LowCurrents(rows))}

            {files.Figure(Saturation(rows, maxRate))}

            The LIF curve starts at a threshold with an infinite slope, bends over and saturates at 1/t_ref. A ReLU matched at
            threshold and at 1000 pA (gain {ExperimentFiles.N(reluGain)} Hz/pA) has the threshold but neither the bend nor the
            ceiling; a sigmoid has the ceiling but no threshold (it is never exactly 0). Columns: fi_curve.csv.
            """);
        return new ExperimentResult(Name, claim, holds, new Dictionary<string, double>
        {
            ["threshold_current_pA"] = iTh,
            ["currents_compared"] = compared,
            ["max_error_pct"] = maxError,
            ["lif_rate_max_abs_error_hz"] = lifRateError,
            ["rate_at_max_current_hz"] = ClosedForm(lif, top),
            ["max_rate_hz"] = maxRate,
        }, files.Written, Figures: files.Figures);
    }

    private static double[] Column(List<object[]> rows, int column, Func<double, bool> keep)
    {
        var values = new List<double>();
        foreach (object[] r in rows) if (keep((double)r[0])) values.Add(Convert.ToDouble(r[column], System.Globalization.CultureInfo.InvariantCulture));
        return [.. values];
    }

    /// <summary>The f-I curves up to 1500 pA (rows of fi_curve.csv): where the ReLU and the sigmoid part from the LIF.</summary>
    private static ExperimentFigure LowCurrents(List<object[]> rows)
    {
        static bool Low(double i) => i <= 1500;
        double[] i = Column(rows, 0, Low);
        return new ExperimentFigure("fi_curve", "f-I curves up to 1500 pA", "injected current (pA)", "firing rate (Hz)",
        [
            new FigureLine("LIF simulated", i, Column(rows, 2, Low), Markers: true),
            new FigureLine("LIF closed form", i, Column(rows, 3, Low)),
            new FigureLine("lif_rate (artificial)", i, Column(rows, 4, Low)),
            new FigureLine("relu", i, Column(rows, 5, Low)),
            new FigureLine("sigmoid", i, Column(rows, 6, Low)),
        ]);
    }

    /// <summary>The f-I curves over every current (log axis), with the ceiling 1/t_ref; the ReLU is left out (it has no ceiling).</summary>
    private static ExperimentFigure Saturation(List<object[]> rows, double maxRate)
    {
        static bool Any(double i) => i > 0;
        double[] i = Column(rows, 0, Any);
        return new ExperimentFigure("fi_saturation", "f-I curves up to 50 nA: saturation at 1/t_ref", "injected current (pA, log scale)", "firing rate (Hz)",
        [
            new FigureLine("LIF simulated", i, Column(rows, 2, Any), Markers: true),
            new FigureLine("LIF closed form", i, Column(rows, 3, Any)),
            new FigureLine("sigmoid", i, Column(rows, 6, Any)),
            new FigureLine("1/t_ref", [i[0], i[^1]], [maxRate, maxRate]),
        ], LogX: true);
    }

    /// <summary>The LIF's steady-state rate under a constant current, Hz (written out here, independently of <see cref="LifRate"/>).</summary>
    public static double ClosedForm(LifSpec lif, double currentPa)
    {
        double vInf = lif.ELMv + lif.TauMMs / lif.CmPf * (lif.IEPa + currentPa);
        if (vInf <= lif.VThMv) return 0;
        return 1000.0 / (lif.TRefMs + lif.TauMMs * Math.Log((vInf - lif.VResetMv) / (vInf - lif.VThMv)));
    }

    private static double Bisect(Func<double, double> f, double lo, double hi)
    {
        for (int k = 0; k < 200; k++)
        {
            double mid = 0.5 * (lo + hi);
            if (f(mid) < 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}

/// <summary>Keeps every neuron's spike times (small experiment networks only).</summary>
internal sealed class SpikeTimes(int neurons) : ISimulationObserver
{
    private readonly List<double>[] _times = Enumerable.Range(0, neurons).Select(_ => new List<double>()).ToArray();

    public List<double> Of(int neuron) => _times[neuron];

    public void OnSlice(in SliceOutput slice)
    {
        for (int i = 0; i < slice.SpikeNeurons.Length; i++) _times[slice.SpikeNeurons[i]].Add(slice.SpikeTimesMs[i]);
    }
}
