using System.Globalization;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;

namespace SpikeSim.Tests.Plasticity;

/// <summary>
/// Short-term plasticity (Tsodyks-Markram in NEST tsodyks2_synapse's form) through the engine: one presynaptic neuron
/// forced to fire at chosen times drives one target whose V is recorded, and V is compared with the sum of the
/// postsynaptic potentials of amplitudes w u_n x_n computed here from the recursion (or, for a regular train, its
/// closed form). The models are written as model files, so the field names are tested too.
/// </summary>
public class ShortTermTests
{
    private const double Delay = 1.5, TauM = 10, Cm = 250, TauSyn = 2;

    private static string Ms(double t) => t.ToString("R", CultureInfo.InvariantCulture) + " ms";
    private static string Times(IEnumerable<double> times) => string.Join(", ", times.Select(t => $"\"{Ms(t)}\""));

    /// <summary>Target neurons: rest 0 mV, no threshold in reach, no refractory period (delta or exp currents).</summary>
    private const string DeltaTarget =
        """{ "model": "lif", "psc": "delta", "tau_m": "10 ms", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "1000000 mV", "t_ref": "0 ms", "v_init": "0 mV" }""";
    private const string ExpTarget =
        """{ "model": "lif", "psc": "exp", "tau_m": "10 ms", "c_m": "250 pF", "tau_syn_ex": "2 ms", "tau_syn_in": "2 ms", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "1000000 mV", "t_ref": "0 ms", "v_init": "0 mV" }""";
    /// <summary>A target that fires exactly when its forcing input arrives (100 mV jumps) and is reset to 0 mV.</summary>
    private const string ForcedTarget =
        """{ "model": "lif", "psc": "delta", "tau_m": "10 ms", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "0 ms", "v_init": "0 mV" }""";

    /// <summary>
    /// pre (1 neuron, fires at <paramref name="pre"/>) → post (<paramref name="postSize"/> neurons) through a projection
    /// with the given weight and extra fields (short_term, plasticity, structural); optionally post forced at
    /// <paramref name="post"/>; V of post recorded every 0.1 ms, and the state variable <paramref name="state"/> too if given.
    /// </summary>
    private static string ModelJson(double[] pre, string target, string weight, string projectionExtra, double duration,
                                    double[]? post = null, int postSize = 1, string delay = "\"1.5 ms\"", string? state = null) => $$"""
        {
          "name": "stp", "seed": 3, "duration": "{{Ms(duration)}}",
          "populations": [
            { "name": "pre", "size": 1, "neuron": { "model": "lif", "psc": "delta", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "0 ms" } },
            { "name": "post", "size": {{postSize}}, "neuron": {{target}} }
          ],
          "projections": [
            { "name": "syn", "from": "pre", "to": "post", "connect": { "rule": "all_to_all" }, "weight": "{{weight}}", "delay": {{delay}}{{projectionExtra}} }
          ],
          "inputs": [
            { "type": "spike_times", "to": "pre", "times": [{{Times(pre)}}], "weight": "100 mV" }{{(post is null ? "" : $$""", { "type": "spike_times", "to": "post", "times": [{{Times(post)}}], "weight": "100 mV" }""")}}
          ],
          "record": { "spikes": ["pre", "post"], "v": [ { "population": "post", "interval": "0.1 ms" } ]{{(state is null ? "" : $$""", "state": [ { "population": "post", "variables": ["{{state}}"], "interval": "0.1 ms" } ]""")}} }
        }
        """;

    private static (Recorded Run, Simulator Simulator) Simulate(string json, int threads = 1)
    {
        ModelSpec spec = ModelReader.Parse(json, "stp.json");
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads });
        var recorded = new Recorded();
        recorded.Result = simulator.Run(spec.DurationMs, recorded);
        return (recorded, simulator);
    }

    /// <summary>
    /// The issue's recursion, written out: x_n = 1 + (x_(n-1) − u_(n-1) x_(n-1) − 1) e^(−Δ/τ_rec), then
    /// u_n = U + u_(n-1) (1 − U) e^(−Δ/τ_fac) (U when τ_fac = 0), from u_0 = 0, x_0 = 1; returns u_n x_n per arrival.
    /// A synapse (re)created at one of <paramref name="restarts"/> starts again from u_0, x_0.
    /// </summary>
    private static double[] Efficacies(double[] arrivals, double U, double tauRec, double tauFac, double[]? restarts = null)
    {
        var result = new double[arrivals.Length];
        double u = 0, x = 1;
        for (int n = 0; n < arrivals.Length; n++)
        {
            bool first = n == 0 || (restarts is not null && restarts.Any(r => arrivals[n - 1] < r && r < arrivals[n]));
            if (first)
            {
                (u, x) = (U, 1.0);
            }
            else
            {
                double delta = arrivals[n] - arrivals[n - 1];
                double xNew = 1 + (x - u * x - 1) * Math.Exp(-delta / tauRec);
                u = tauFac == 0 ? U : U + u * (1 - U) * Math.Exp(-delta / tauFac);
                x = xNew;
            }
            result[n] = u * x;
        }
        return result;
    }

    /// <summary>V of a delta target at t: Σ over arrivals before t of A_k e^(−(t − a_k)/τ_m).</summary>
    private static double DeltaV(double t, double[] arrivals, double[] amplitudes, double since = double.NegativeInfinity)
    {
        double v = 0;
        for (int k = 0; k < arrivals.Length; k++)
            if (arrivals[k] < t && arrivals[k] > since) v += amplitudes[k] * Math.Exp(-(t - arrivals[k]) / TauM);
        return v;
    }

    /// <summary>V of an exp target at t: Σ A_k/C_m · τ_m τ_s/(τ_m − τ_s) · (e^(−s/τ_m) − e^(−s/τ_s)), s = t − a_k.</summary>
    private static double ExpV(double t, double[] arrivals, double[] amplitudes)
    {
        double v = 0;
        for (int k = 0; k < arrivals.Length; k++)
        {
            double s = t - arrivals[k];
            if (s > 0) v += amplitudes[k] / Cm * TauM * TauSyn / (TauM - TauSyn) * (Math.Exp(-s / TauM) - Math.Exp(-s / TauSyn));
        }
        return v;
    }

    private static readonly double[] Regular = [.. Enumerable.Range(0, 20).Select(i => 10 + 25.0 * i)];

    /// <summary>A regular burst, a pause, then irregular intervals from 0.75 ms to 400 ms (on a 0.25 ms grid).</summary>
    private static readonly double[] Irregular =
        [10, 30, 50, 70, 90, 110, 600, 600.75, 603, 610.25, 640, 641.5, 700, 1100, 1100.5, 1101.25, 1130, 1250, 1252.75, 1400];

    private static double[] Arrivals(double[] pre) => [.. pre.Select(t => t + Delay)];

    [Fact]
    public void RegularTrainDepressesAlongTheClosedForm()
    {
        // τ_fac = 0: u_n = U, and x_n = x* + (1 − x*) ((1 − U) e)^(n−1), x* = (1 − e)/(1 − (1 − U) e), e = e^(−Δ/τ_rec).
        const double U = 0.5, TauRec = 800, W = 2.0;
        var (run, _) = Simulate(ModelJson(Regular, DeltaTarget, "2 mV", """, "short_term": { "U": 0.5, "tau_rec": "800 ms", "tau_fac": "0 ms" }""", 520));
        Assert.Equal(Regular, run.SpikeTimesOf(0));
        double e = Math.Exp(-25.0 / TauRec);
        double xStar = (1 - e) / (1 - (1 - U) * e);
        double[] amplitudes = [.. Enumerable.Range(0, Regular.Length).Select(n => W * U * (xStar + (1 - xStar) * Math.Pow((1 - U) * e, n)))];
        Assert.Equal(1.0, amplitudes[0]);                     // w U
        Assert.Equal(2 * 0.5 * (1 - 0.5 * e), amplitudes[1], 1e-15);
        double[] arrivals = Arrivals(Regular);
        Assert.True(run.Samples.Count > 5000);
        foreach (VoltageSample s in run.Samples)
            Assert.Equal(DeltaV(s.TimeMs, arrivals, amplitudes), s.VMv, 1e-12);
        // The jump of V at each arrival is the transmitted weight: V 0.05 ms after minus V just before, decayed.
        for (int n = 0; n < arrivals.Length; n++)
        {
            double before = run.Samples.Last(s => s.TimeMs <= arrivals[n]).VMv, after = run.Samples.First(s => s.TimeMs > arrivals[n]).VMv;
            double tBefore = run.Samples.Last(s => s.TimeMs <= arrivals[n]).TimeMs, tAfter = run.Samples.First(s => s.TimeMs > arrivals[n]).TimeMs;
            double jump = after * Math.Exp((tAfter - arrivals[n]) / TauM) - before * Math.Exp(-(arrivals[n] - tBefore) / TauM);
            Assert.Equal(amplitudes[n], jump, 1e-12);
        }
    }

    [Theory]
    [InlineData(0.5, 800.0, 0.0)]     // depressing (NEST's defaults)
    [InlineData(0.15, 100.0, 1000.0)] // facilitating
    [InlineData(1.0, 50.0, 20.0)]     // U = 1: every spike uses all resources
    public void IrregularTrainThroughDeltaSynapsesFollowsTheRecursion(double U, double tauRec, double tauFac)
    {
        string stp = string.Create(CultureInfo.InvariantCulture, $$""", "short_term": { "U": {{U}}, "tau_rec": "{{tauRec}} ms", "tau_fac": "{{tauFac}} ms" }""");
        var (run, _) = Simulate(ModelJson(Irregular, DeltaTarget, "3 mV", stp, 1410));
        Assert.Equal(Irregular, run.SpikeTimesOf(0));
        double[] arrivals = Arrivals(Irregular);
        double[] amplitudes = [.. Efficacies(arrivals, U, tauRec, tauFac).Select(e => 3 * e)];
        Assert.Equal(3 * U, amplitudes[0]);
        foreach (VoltageSample s in run.Samples)
            Assert.Equal(DeltaV(s.TimeMs, arrivals, amplitudes), s.VMv, 1e-12);
    }

    [Fact]
    public void TheRecursionGivesTheClosedFormSecondAmplitudes()
    {
        // The recursion's numbers for the irregular train's first spikes (20 ms apart), written out:
        // depressing U 0.5, τ_rec 800: u = 0.5, x_2 = 1 − 0.5 e^(−20/800), ... ; facilitating U 0.15, τ_rec 100, τ_fac 1000:
        // u_2 = 0.15 + 0.15 · 0.85 e^(−0.02), x_2 = 1 − 0.15 e^(−0.2).
        double[] d = Efficacies(Arrivals(Irregular), 0.5, 800, 0);
        double[] f = Efficacies(Arrivals(Irregular), 0.15, 100, 1000);
        Assert.Equal(0.5 * (1 - 0.5 * Math.Exp(-20.0 / 800)), d[1], 1e-15);
        Assert.Equal((0.15 + 0.15 * 0.85 * Math.Exp(-0.02)) * (1 - 0.15 * Math.Exp(-0.2)), f[1], 1e-15);
        for (int n = 1; n < 6; n++) Assert.True(d[n] < d[n - 1]);
        // At 50 Hz the facilitating synapse grows for two spikes (0.150, 0.241, 0.266), then its resources run low.
        Assert.True(f[0] < f[1] && f[1] < f[2] && f[3] < f[2]);
    }

    [Theory]
    [InlineData(0.5, 800.0, 0.0)]
    [InlineData(0.15, 100.0, 1000.0)]
    public void IrregularTrainThroughExpSynapsesFollowsTheRecursion(double U, double tauRec, double tauFac)
    {
        string stp = string.Create(CultureInfo.InvariantCulture, $$""", "short_term": { "U": {{U}}, "tau_rec": "{{tauRec}} ms", "tau_fac": "{{tauFac}} ms" }""");
        var (run, _) = Simulate(ModelJson(Irregular, ExpTarget, "400 pA", stp, 1410));
        double[] arrivals = Arrivals(Irregular);
        double[] amplitudes = [.. Efficacies(arrivals, U, tauRec, tauFac).Select(e => 400 * e)];
        double largest = 0;
        foreach (VoltageSample s in run.Samples)
        {
            double expected = ExpV(s.TimeMs, arrivals, amplitudes);
            largest = Math.Max(largest, expected);
            Assert.Equal(expected, s.VMv, 1e-11);
        }
        Assert.True(largest > 0.5, $"the PSPs should be visible, largest {largest} mV");
    }

    /// <summary>Alpha-current and conductance targets (tau_syn_ex 2 ms), far from threshold.</summary>
    private const string AlphaTarget =
        """{ "model": "lif", "psc": "alpha", "tau_m": "10 ms", "c_m": "250 pF", "tau_syn_ex": "2 ms", "e_l": "0 mV", "v_reset": "0 mV", "v_th": "1000000 mV", "t_ref": "0 ms", "v_init": "0 mV" }""";
    private const string ConductanceTarget =
        """{ "model": "lif", "psc": "cond_exp", "tau_m": "10 ms", "c_m": "250 pF", "tau_syn_ex": "2 ms", "e_l": "-70 mV", "v_reset": "-70 mV", "v_th": "1000000 mV", "t_ref": "0 ms", "v_init": "-70 mV" }""";

    [Theory]
    [InlineData("alpha", 0.5, 800.0, 0.0)]
    [InlineData("alpha", 0.15, 100.0, 1000.0)]
    [InlineData("cond_exp", 0.5, 800.0, 0.0)]
    [InlineData("cond_exp", 0.15, 100.0, 1000.0)]
    public void IrregularTrainThroughAlphaAndConductanceSynapsesFollowsTheRecursion(string psc, double U, double tauRec, double tauFac)
    {
        // The synaptic variable itself: an alpha current Σ A_k (s/τ) e^(1 − s/τ) (A_k in pA, its peak), or a
        // conductance Σ A_k e^(−s/τ) (A_k in nS), s = t − a_k, τ = tau_syn_ex = 2 ms, A_k = w u_k x_k.
        bool alpha = psc == "alpha";
        double w = alpha ? 400 : 3;
        string stp = string.Create(CultureInfo.InvariantCulture, $$""", "short_term": { "U": {{U}}, "tau_rec": "{{tauRec}} ms", "tau_fac": "{{tauFac}} ms" }""");
        string json = ModelJson(Irregular, alpha ? AlphaTarget : ConductanceTarget, alpha ? "400 pA" : "3 nS", stp, 1410,
                                state: alpha ? "i_syn_ex" : "g_ex");
        var (run, _) = Simulate(json);
        Assert.Equal(Irregular, run.SpikeTimesOf(0));
        double[] arrivals = Arrivals(Irregular);
        double[] amplitudes = [.. Efficacies(arrivals, U, tauRec, tauFac).Select(e => w * e)];
        Assert.True(run.StateSamples.Count >= 14000);
        double largest = 0;
        foreach (StateSample s in run.StateSamples)
        {
            double expected = 0;
            for (int k = 0; k < arrivals.Length; k++)
            {
                double age = s.TimeMs - arrivals[k];
                if (age > 0) expected += alpha ? amplitudes[k] * age / TauSyn * Math.Exp(1 - age / TauSyn) : amplitudes[k] * Math.Exp(-age / TauSyn);
            }
            largest = Math.Max(largest, expected);
            Assert.Equal(expected, s.Value, 1e-12 * w);
        }
        Assert.True(largest > 0.5 * U * w, $"the synaptic variable should show the amplitudes, largest {largest}");
    }

    [Fact]
    public void WithoutShortTermTheSameModelTransmitsTheFullWeight()
    {
        var (run, _) = Simulate(ModelJson(Irregular, DeltaTarget, "3 mV", "", 1410));
        double[] arrivals = Arrivals(Irregular);
        double[] full = [.. arrivals.Select(_ => 3.0)];
        foreach (VoltageSample s in run.Samples) Assert.Equal(DeltaV(s.TimeMs, arrivals, full), s.VMv, 1e-12);
    }

    [Fact]
    public void TogetherWithStdpTheWeightLearnsAsWithoutAndEachSpikeTransmitsItTimesUX()
    {
        // STDP changes w (final w = the pair sum of StdpReference, as without short-term plasticity); each spike is
        // transmitted with w(just before the arrival) · u_n · x_n. The target fires only when forced (reset to 0 mV).
        var rule = new StdpSpec(TauPlusMs: 16.8, TauMinusMs: 33.7, Lambda: 0.1, Alpha: 1.2, MuPlus: 0.4, MuMinus: 0.7,
                                WMax: 1.0, WMin: 0.05, Pairing: StdpPairing.AllToAll, DendriticDelayMs: 0);
        const string Stdp = """
            , "plasticity": { "rule": "stdp", "tau_plus": "16.8 ms", "tau_minus": "33.7 ms", "lambda": 0.1, "alpha": 1.2,
                              "mu_plus": 0.4, "mu_minus": 0.7, "w_max": "1 mV", "w_min": "0.05 mV" }
            """;
        const string Stp = """, "short_term": { "U": 0.3, "tau_rec": "60 ms", "tau_fac": "150 ms" }""";
        double[] pre = [.. Enumerable.Range(0, 40).Select(i => 5 + 7.25 * i + (i % 3 == 0 ? 2.5 : 0))];
        double[] post = [.. Enumerable.Range(0, 25).Select(i => 9.6 + 11.5 * i)
                            .Where(p => pre.All(a => Math.Abs(a + Delay - p) > 0.3))];
        string json = ModelJson(pre, ForcedTarget, "0.5 mV", Stdp + Stp, 300, post);
        var (run, simulator) = Simulate(json);
        Assert.Equal(pre, run.SpikeTimesOf(0));
        Assert.Equal(post, run.SpikeTimesOf(1));

        double[] arrivals = Arrivals(pre);
        double finalWeight = simulator.Projections[0].WeightOf(0);
        Assert.Equal(StdpReference.FinalWeight(rule, 0.5, arrivals, post), finalWeight, 1e-12);
        var (_, plain) = Simulate(ModelJson(pre, ForcedTarget, "0.5 mV", Stdp, 300, post));
        Assert.Equal(plain.Projections[0].WeightOf(0), finalWeight);

        double[] efficacy = Efficacies(arrivals, 0.3, 60, 150);
        double[] amplitudes = new double[arrivals.Length];
        for (int n = 0; n < arrivals.Length; n++)
        {
            double before = StdpReference.FinalWeight(rule, 0.5, arrivals[..n], [.. post.Where(p => p < arrivals[n])]);
            amplitudes[n] = before * efficacy[n];
        }
        Assert.True(Math.Abs(amplitudes[0] / efficacy[0] - amplitudes[^1] / efficacy[^1]) > 1e-3); // w did change
        foreach (VoltageSample s in run.Samples)
        {
            double lastReset = post.Where(p => p < s.TimeMs).DefaultIfEmpty(double.NegativeInfinity).Max();
            Assert.Equal(DeltaV(s.TimeMs, arrivals, amplitudes, lastReset), s.VMv, 1e-12);
        }
    }

    /// <summary>A recurrent network with STP and STDP on its excitatory synapses, STP alone on the others (or no STP).</summary>
    private static string RecurrentJson(bool shortTerm)
    {
        string Stp(string fields) => shortTerm ? $$""", "short_term": { {{fields}} }""" : "";
        return $$"""
            {
              "name": "stp-net", "seed": 5, "duration": "300 ms",
              "populations": [
                { "name": "e", "size": 160, "neuron": { "model": "lif", "psc": "exp", "tau_m": "20 ms", "e_l": "-49 mV", "v_reset": "-60 mV", "v_th": "-50 mV", "t_ref": "5 ms", "tau_syn_ex": "5 ms", "tau_syn_in": "10 ms", "v_init": { "dist": "uniform", "low": "-60 mV", "high": "-50 mV" } } },
                { "name": "i", "size": 40, "neuron": { "model": "lif", "psc": "delta", "tau_m": "20 ms", "e_l": "0 mV", "v_reset": "10 mV", "v_th": "20 mV", "t_ref": "2 ms", "v_init": { "dist": "uniform", "low": "0 mV", "high": "20 mV" } } }
              ],
              "projections": [
                { "from": "e", "to": "e", "connect": { "rule": "fixed_indegree", "k": 30 }, "weight": "60 pA", "delay": { "dist": "uniform", "low": "0.5 ms", "high": "2.5 ms" },
                  "plasticity": { "rule": "stdp", "w_max": "120 pA", "lambda": 0.05 }{{Stp("\"U\": 0.2, \"tau_rec\": \"150 ms\", \"tau_fac\": \"500 ms\"")}} },
                { "from": "e", "to": "i", "connect": { "rule": "random", "p": 0.2 }, "weight": "0.8 mV", "delay": "1 ms"{{Stp("\"U\": 0.5, \"tau_rec\": \"800 ms\"")}} },
                { "from": "i", "to": "e", "connect": { "rule": "fixed_outdegree", "k": 40 }, "weight": "-150 pA", "delay": "0.7 ms"{{Stp("\"U\": 0.4, \"tau_rec\": \"300 ms\", \"tau_fac\": \"20 ms\"")}} }
              ],
              "inputs": [
                { "type": "poisson", "to": "e", "rate": "300 Hz", "weight": "40 pA" },
                { "type": "poisson", "to": "i", "rate": "6000 Hz", "weight": "0.5 mV" }
              ],
              "record": { "spikes": ["e", "i"], "v": [ { "population": "e", "neurons": [0, 7], "interval": "0.5 ms" } ] }
            }
            """;
    }

    [Fact]
    public void ResultsAreIdenticalForOneAndTwoThreads()
    {
        var (one, s1) = Simulate(RecurrentJson(shortTerm: true), threads: 1);
        var (two, s2) = Simulate(RecurrentJson(shortTerm: true), threads: 2);
        Assert.True(one.Spikes.Count > 300, $"only {one.Spikes.Count} spikes: the test network should be active");
        Assert.Equal(one.Spikes, two.Spikes);
        Assert.Equal(one.Samples, two.Samples);
        for (int j = 0; j < 3; j++)
            Assert.Equal(Enumerable.Range(0, s1.Projections[j].Count).Select(s1.Projections[j].WeightOf),
                         Enumerable.Range(0, s2.Projections[j].Count).Select(s2.Projections[j].WeightOf));
        // Short-term plasticity did act: the same network without it fires differently.
        var (none, _) = Simulate(RecurrentJson(shortTerm: false));
        Assert.NotEqual(one.Spikes, none.Spikes);
    }

    [Fact]
    public void ASynapseGrownByStructuralPlasticityStartsRested()
    {
        // prune_below above the weight removes the synapse at every update (100, 200 ms) and p_baseline 1 grows it again
        // at once: the first spike after each update is transmitted with w U again (u_0 = 0, x_0 = 1).
        double[] pre = [.. Enumerable.Range(0, 28).Select(i => 3 + 10.0 * i)];
        const string Extra = """
            , "short_term": { "U": 0.4, "tau_rec": "500 ms", "tau_fac": "50 ms" },
              "structural": { "interval": "100 ms", "prune_below": "5 mV", "p_baseline": 1 }
            """;
        var (run, simulator) = Simulate(ModelJson(pre, DeltaTarget, "2 mV", Extra, 290));
        Assert.Equal(pre, run.SpikeTimesOf(0));
        Assert.Equal(1, simulator.Projections[0].Count);
        double[] arrivals = Arrivals(pre);
        double[] amplitudes = [.. Efficacies(arrivals, 0.4, 500, 50, restarts: [100, 200]).Select(e => 2 * e)];
        Assert.Equal(0.8, amplitudes[10], 1e-15); // the first arrival after 100 ms: w U
        Assert.True(amplitudes[9] < 0.5);
        foreach (VoltageSample s in run.Samples)
            Assert.Equal(DeltaV(s.TimeMs, arrivals, amplitudes), s.VMv, 1e-12);
    }

    [Fact]
    public void ShortTermDefaultsAreNestsAndUnitsAreConverted()
    {
        ModelSpec m = ModelReader.Parse(ModelJson([1], DeltaTarget, "1 mV", """, "short_term": {}""", 10), "stp.json");
        Assert.Equal(new ShortTermSpec(0.5, 800, 0), m.Projections[0].ShortTerm);
        m = ModelReader.Parse(ModelJson([1], DeltaTarget, "1 mV", """, "short_term": { "U": 0.2, "tau_rec": "0.1 s", "tau_fac": "1.5 s" }""", 10), "stp.json");
        Assert.Equal(new ShortTermSpec(0.2, 100, 1500), m.Projections[0].ShortTerm);
        Assert.Null(ModelReader.Parse(ModelJson([1], DeltaTarget, "1 mV", "", 10), "stp.json").Projections[0].ShortTerm);
    }
}
