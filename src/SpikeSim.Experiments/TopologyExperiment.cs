using System.Diagnostics;
using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Experiments;

/// <summary>
/// Experiment 7, topology and conduction: brains are small-world networks with hubs, the layers of an artificial
/// network are fully connected. One population of N LIF neurons is wired by each rule (random, small_world,
/// scale_free, distance, and all_to_all as the artificial layer); the experiment measures each graph (degree
/// distributions, clustering, path length, hubs) and how the spiking network's activity survives the removal of
/// random neurons versus the removal of its hubs.
/// </summary>
/// <remarks>
/// <para>Every sparse rule is set to a mean undirected degree near <see cref="TargetDegree"/> (10): random with
/// p = 10 / (2(N-1)) in each direction, small_world with k = 10 and p = 0.1, scale_free with m = 5, distance on a
/// grid of side 1 mm with p0 = 0.5 and lambda chosen for about 7 synapses per neuron, velocity 1 m/s.</para>
/// <para>The spiking network: NEST's iaf_psc_delta defaults (tau_m 10 ms, threshold 15 mV above rest, t_ref 2 ms),
/// each neuron driven by its own Poisson train (2.4 kHz of 0.5 mV jumps: a mean drive 3 mV below threshold, so the
/// neurons fire from fluctuations and recurrent input). Recurrent weights are excitatory, 0.5 mV × 10 / (mean
/// in-degree), so every rule gives the same mean recurrent drive per spike rate; delays 1.5 ms (distance: 0.5 ms
/// plus distance / velocity).</para>
/// <para>A lesion removes neurons by silencing them in the model itself: the removed neurons get no Poisson input
/// and a constant current of -(C_m / tau_m) × 1000 mV (their potential relaxes 1 V below rest), so they never fire
/// and their synapses never carry a spike; the run checks that they stayed silent. Hubs are the neurons of highest
/// undirected degree in the intact network.</para>
/// </remarks>
public static class TopologyExperiment
{
    /// <summary>Mean undirected degree the sparse rules aim at.</summary>
    public const int TargetDegree = 10;

    /// <summary>The rules compared, as named in model files.</summary>
    public static readonly IReadOnlyList<string> RuleNames = ["random", "small_world", "scale_free", "distance", "all_to_all"];

    /// <summary>Side of the square the distance rule's grid fills, µm.</summary>
    public const double ExtentUm = 1000;

    /// <summary>Conduction velocity of the distance rule, m/s (the slow end of myelinated axons; real ones: 0.6-120 m/s).</summary>
    public const double VelocityMPerS = 1.0;

    /// <summary>Synaptic part of the distance rule's delays, ms (the conduction time is added per synapse).</summary>
    public const double SynapticDelayMs = 0.5;

    /// <summary>Delay of the other rules' synapses, ms.</summary>
    public const double DelayMs = 1.5;

    private const double ExternalRateHz = 2400, ExternalWeightMv = 0.5, RecurrentWeightMv = 0.5;

    /// <summary>
    /// Runs the experiment and writes <c>topology.csv</c>, <c>degrees.csv</c>, <c>lesions.csv</c> and
    /// <c>topology.md</c> into <paramref name="outDir"/> (created if needed).
    /// </summary>
    /// <param name="outDir">Output folder.</param>
    /// <param name="quick">400 neurons, 0.3 s runs, fewer lesion repeats (a few seconds) instead of 1000 neurons and 1 s runs.</param>
    /// <param name="seed">Master seed of the networks, inputs and lesion draws.</param>
    /// <param name="threads">Simulation threads (0: every core); the numbers do not depend on it.</param>
    /// <param name="cancellation">Stops the experiment between runs.</param>
    /// <param name="figureExtension">The format summary.md shows the figures in (<see cref="ExperimentContext.FigureExtension"/>).</param>
    public static TopologyResult Run(string outDir, bool quick, ulong seed = 1, int threads = 0, CancellationToken cancellation = default,
                                     string figureExtension = ExperimentFigure.Png)
    {
        var clock = Stopwatch.StartNew();
        var settings = quick ? Settings.Quick : Settings.Full;
        var rules = new List<RuleMeasures>();
        var lesions = new List<LesionMeasures>();
        var degrees = new List<(string Rule, int[] In, int[] Out, int[] Undirected)>();
        var options = new SimulationOptions { Threads = threads, Cancellation = cancellation };
        foreach (string rule in RuleNames)
        {
            cancellation.ThrowIfCancellationRequested();
            ModelSpec spec = NetworkSpec(rule, settings.Neurons, seed, 1.0, settings);
            Network network = Network.Build(spec);
            Graph graph = Graph.FromNetwork(network);
            RuleMeasures measures = Measure(rule, network, graph);
            rules.Add(measures);
            degrees.Add((rule, GraphMetrics.InDegrees(graph), GraphMetrics.OutDegrees(graph), GraphMetrics.UndirectedDegrees(graph)));

            // Same mean recurrent drive for every rule: weight × mean in-degree is fixed.
            double weight = RecurrentWeightMv * TargetDegree / measures.MeanInDegree;
            ModelSpec weighted = NetworkSpec(rule, settings.Neurons, seed, weight, settings);
            lesions.AddRange(TopologyLesions.Run(rule, weighted, graph, settings, seed, options));
        }
        var result = new TopologyResult(settings.Neurons, rules, lesions, clock.Elapsed.TotalSeconds);
        return result with { Figures = TopologyReport.Write(outDir, result, degrees, quick, figureExtension) };
    }

    /// <summary>Graph measures of one network (<paramref name="g"/> is its <see cref="Graph.FromNetwork"/>).</summary>
    public static RuleMeasures Measure(string rule, Network network, Graph g)
    {
        double delaySum = 0, delayMax = 0;
        foreach (Synapses.SynapseTable t in network.Projections)
            for (int k = 0; k < t.Count; k++)
            {
                double d = t.DelayOf(k);
                delaySum += d;
                delayMax = Math.Max(delayMax, d);
            }
        int n = g.NodeCount;
        int[] inDeg = GraphMetrics.InDegrees(g), outDeg = GraphMetrics.OutDegrees(g), deg = GraphMetrics.UndirectedDegrees(g);
        double mean = 0, sq = 0;
        int max = 0, maxIn = 0, maxOut = 0, min = int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            mean += deg[i];
            sq += (double)deg[i] * deg[i];
            max = Math.Max(max, deg[i]);
            min = Math.Min(min, deg[i]);
            maxIn = Math.Max(maxIn, inDeg[i]);
            maxOut = Math.Max(maxOut, outDeg[i]);
        }
        mean /= n;
        double sd = Math.Sqrt(Math.Max(0, sq / n - mean * mean));
        int[] components = GraphMetrics.ComponentSizes(g);
        return new RuleMeasures(rule, g.DirectedEdgeCount, (double)g.DirectedEdgeCount / n, maxIn, maxOut, mean, sd, max,
            GraphMetrics.Clustering(g), mean / (n - 1), GraphMetrics.PathLength(g), Math.Log(n) / Math.Log(mean),
            (double)components[0] / n, GraphMetrics.PowerLawExponent(deg, Math.Max(1, min)),
            network.SynapseCount == 0 ? 0 : delaySum / network.SynapseCount, delayMax);
    }

    /// <summary>
    /// The model of one rule's network: population "net" of <paramref name="n"/> delta LIF neurons on a grid,
    /// recurrent excitatory synapses of <paramref name="weightMv"/>, a Poisson drive to every neuron.
    /// </summary>
    internal static ModelSpec NetworkSpec(string rule, int n, ulong seed, double weightMv, Settings settings)
    {
        double delay = DelayMs;
        ConnectSpec connect;
        switch (rule)
        {
            case "random":
                connect = new ConnectSpec(ConnectRule.Random, P: TargetDegree / (2.0 * (n - 1)), AllowAutapses: false);
                break;
            case "small_world":
                connect = new ConnectSpec(ConnectRule.SmallWorld, P: 0.1, K: TargetDegree);
                break;
            case "scale_free":
                connect = new ConnectSpec(ConnectRule.ScaleFree, M: TargetDegree / 2);
                break;
            case "distance":
            {
                // Far from the edges, the expected out-degree is p0 × density × 2 pi lambda^2: aim at 0.7 × 10
                // synapses per neuron (nearby pairs are often linked both ways, so the undirected degree is lower
                // than twice that).
                const double p0 = 0.5;
                double density = n / (ExtentUm * ExtentUm);
                double lambda = Math.Sqrt(0.7 * TargetDegree / (p0 * density * 2 * Math.PI));
                connect = new ConnectSpec(ConnectRule.Distance, AllowAutapses: false, Distance: new DistanceSpec(p0, lambda, VelocityMPerS));
                delay = SynapticDelayMs; // distance / velocity is added per synapse
                break;
            }
            case "all_to_all":
                connect = new ConnectSpec(ConnectRule.AllToAll, AllowAutapses: false);
                break;
            default:
                throw new ArgumentException($"unknown rule {rule}", nameof(rule));
        }
        var neuron = LifSpec.Default("delta") with
        {
            VInitMv = new DistributionValue(DistributionKind.Uniform, -70, -55),
        };
        var population = new PopulationSpec("net", n, neuron, Positions: new PositionSpec(PositionLayout.Grid, ExtentUm));
        var projection = new ProjectionSpec("net-net", "net", "net", connect, new ConstantValue(weightMv), new ConstantValue(delay));
        var drive = new PoissonInput("net", null, PerNeuron.Of(ExternalRateHz), PerNeuron.Of(ExternalWeightMv));
        return new ModelSpec("topology-" + rule, seed, settings.WarmupMs + settings.MeasureMs, [population], [projection], [drive], RecordSpec.None);
    }

    /// <summary>Sizes and repeats of a quick or a full run.</summary>
    internal sealed record Settings(int Neurons, double WarmupMs, double MeasureMs, double[] Fractions, int StructuralRepeats, int DynamicRepeats)
    {
        public static Settings Quick { get; } = new(400, 50, 250, [0, 0.1, 0.2], 5, 1);
        public static Settings Full { get; } = new(1000, 100, 500, [0, 0.05, 0.1, 0.2, 0.3], 20, 2);
    }
}
