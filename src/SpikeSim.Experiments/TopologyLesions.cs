using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Randomness;

namespace SpikeSim.Experiments;

/// <summary>
/// The lesion half of <see cref="TopologyExperiment"/>: removes a fraction of a network's neurons, either its hubs
/// or neurons chosen at random, and measures what is left: the largest connected component of the surviving graph,
/// and the mean firing rate of the surviving neurons in the event-driven simulation.
/// </summary>
internal static class TopologyLesions
{
    public static List<LesionMeasures> Run(string rule, ModelSpec spec, Graph graph, TopologyExperiment.Settings settings,
                                           ulong seed, SimulationOptions options)
    {
        int n = graph.NodeCount;
        int[] hubsFirst = GraphMetrics.Hubs(GraphMetrics.UndirectedDegrees(graph), n);
        double intactRate = SurvivorRate(spec, [], settings, options);
        var rows = new List<LesionMeasures>();
        int ruleIndex = IndexOf(rule);
        foreach (double fraction in settings.Fractions)
        {
            int removed = (int)Math.Round(fraction * n);
            if (removed == 0)
            {
                double lcc = (double)GraphMetrics.ComponentSizes(graph)[0] / n;
                rows.Add(new LesionMeasures(rule, "hubs", fraction, 0, 1, lcc, intactRate, 1));
                rows.Add(new LesionMeasures(rule, "random", fraction, 0, 1, lcc, intactRate, 1));
                continue;
            }
            options.Cancellation.ThrowIfCancellationRequested();
            int[] hubs = hubsFirst[..removed];
            double hubRate = SurvivorRate(spec, hubs, settings, options);
            rows.Add(new LesionMeasures(rule, "hubs", fraction, removed, 1, LargestComponent(graph, hubs), hubRate, hubRate / intactRate));

            // Random lesions: structure averaged over more draws than the (slower) simulations.
            int repeats = Math.Max(settings.StructuralRepeats, settings.DynamicRepeats);
            double lccSum = 0, rateSum = 0;
            for (int r = 0; r < repeats; r++)
            {
                var rng = new RandomStream(seed, StreamKind.Experiment, ruleIndex * 1000 + (long)Math.Round(fraction * 1000), r);
                int[] chosen = Choose(ref rng, n, removed);
                lccSum += LargestComponent(graph, chosen);
                if (r < settings.DynamicRepeats) rateSum += SurvivorRate(spec, chosen, settings, options);
            }
            double rate = rateSum / settings.DynamicRepeats;
            rows.Add(new LesionMeasures(rule, "random", fraction, removed, repeats, lccSum / repeats, rate, rate / intactRate));
        }
        return rows;
    }

    private static int IndexOf(string rule)
    {
        for (int i = 0; i < TopologyExperiment.RuleNames.Count; i++) if (TopologyExperiment.RuleNames[i] == rule) return i;
        return -1;
    }

    /// <summary><paramref name="k"/> distinct neurons of <paramref name="n"/>, uniformly (partial Fisher-Yates).</summary>
    private static int[] Choose(ref RandomStream rng, int n, int k)
    {
        var pool = new int[n];
        for (int i = 0; i < n; i++) pool[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..k];
    }

    private static double LargestComponent(Graph graph, int[] removedNeurons)
    {
        var removed = new bool[graph.NodeCount];
        foreach (int i in removedNeurons) removed[i] = true;
        int[] sizes = GraphMetrics.ComponentSizes(graph, removed);
        return sizes.Length == 0 ? 0 : (double)sizes[0] / graph.NodeCount;
    }

    /// <summary>
    /// The model with <paramref name="removed"/> silenced: no Poisson drive, and a current that holds their
    /// potential 1 V below rest, -(C_m / tau_m) × 1000 mV.
    /// </summary>
    internal static ModelSpec Lesioned(ModelSpec spec, int[] removed)
    {
        if (removed.Length == 0) return spec;
        PopulationSpec pop = spec.Populations[0];
        var isRemoved = new bool[pop.Size];
        foreach (int i in removed) isRemoved[i] = true;
        var survivors = new List<int>(pop.Size - removed.Length);
        for (int i = 0; i < pop.Size; i++) if (!isRemoved[i]) survivors.Add(i);
        var drive = (PoissonInput)spec.Inputs[0];
        double silencingPa = -pop.Neuron.CmPf / pop.Neuron.TauMMs * 1000.0;
        var sorted = (int[])removed.Clone();
        Array.Sort(sorted);
        InputSpec[] inputs =
        [
            drive with { Neurons = survivors.Count > 0 ? survivors.ToArray() : null },
            new CurrentInput(pop.Name, sorted, [new CurrentStep(0, PerNeuron.Of(silencingPa))]),
        ];
        if (survivors.Count == 0) inputs = [inputs[1]];
        return spec with { Inputs = inputs };
    }

    /// <summary>Mean rate of the neurons not in <paramref name="removed"/> after the warm-up, Hz.</summary>
    private static double SurvivorRate(ModelSpec spec, int[] removed, TopologyExperiment.Settings settings, SimulationOptions options)
    {
        ModelSpec lesioned = Lesioned(spec, removed);
        var network = Network.Build(lesioned);
        var counter = new SpikeCounter(network.NeuronCount, settings.WarmupMs);
        new Simulator(network, options).Run(lesioned.DurationMs, counter);
        long survivorSpikes = counter.Total;
        foreach (int i in removed)
        {
            if (counter.All[i] != 0)
                throw new InvalidOperationException($"silenced neuron {i} fired {counter.All[i]} times: the lesion did not hold");
            survivorSpikes -= counter.Counts[i];
        }
        int survivors = network.NeuronCount - removed.Length;
        return survivors == 0 ? 0 : survivorSpikes / (survivors * settings.MeasureMs / 1000.0);
    }

    /// <summary>Counts each neuron's spikes from <c>fromMs</c> on, and every spike for the silence check.</summary>
    private sealed class SpikeCounter(int neurons, double fromMs) : ISimulationObserver
    {
        public long[] Counts { get; } = new long[neurons];
        public long[] All { get; } = new long[neurons];
        public long Total { get; private set; }

        public void OnSlice(in SliceOutput slice)
        {
            for (int k = 0; k < slice.SpikeNeurons.Length; k++)
            {
                All[slice.SpikeNeurons[k]]++;
                if (slice.SpikeTimesMs[k] < fromMs) continue;
                Counts[slice.SpikeNeurons[k]]++;
                Total++;
            }
        }
    }
}
