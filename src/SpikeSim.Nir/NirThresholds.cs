using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// NIR's <c>Threshold</c> (z = Θ(x - threshold)) in SpikeSim's continuous time, where a spike is a unit-area Dirac
/// pulse and a signal between neurons is a spike train. A Threshold must directly follow one neuron node (the
/// boundaries of flattened subgraphs between them do not count):
/// <list type="bullet">
/// <item>after <c>LIF</c>, <c>CubaLIF</c> or <c>IF</c> (a spike train s) with every threshold ≥ 0: Θ(s - θ) is 1 at
/// each spike and 0 between them, so the node passes the spikes unchanged (an identity);</item>
/// <item>after <c>LI</c> or <c>I</c> (a voltage v with delta synapses): a spike at each rising edge of Θ(v - θ), that
/// is each upward crossing of θ, without reset: the neuron becomes a <c>lif</c> population with
/// <c>"psc": "delta_crossing"</c> and v_th = θ.</item>
/// </list>
/// Refused (exit 2): a negative threshold after a spiking node (Θ(s - θ) is then 1 between spikes, a level and not a
/// spike train), a Threshold after <c>CubaLI</c> (its v can dip below θ and rise back between inputs, which
/// SpikeSim's crossing detector does not cover), and a Threshold after anything but a neuron (Linear, Affine, Scale,
/// Delay, Input: the Heaviside of a weighted sum of spikes or of an input signal).
/// </summary>
internal static class NirThresholds
{
    /// <summary>Type of the pass-through nodes that resolved Threshold nodes become (the spikes' path goes on through them).</summary>
    public const string PassType = "(threshold)";

    /// <summary>
    /// The graph with each Threshold replaced by a pass-through node (<see cref="PassType"/>), and the crossing level
    /// (graph units, one per neuron) of each LI or I node a Threshold follows.
    /// </summary>
    /// <exception cref="ModelException">A Threshold SpikeSim cannot represent exactly, named.</exception>
    public static (NirGraph Graph, Dictionary<string, double[]> Levels) Resolve(NirGraph graph, string file)
    {
        var levels = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (!graph.Nodes.Any(n => n.Value.Type == "Threshold")) return (graph, levels);
        var nodes = new List<KeyValuePair<string, NirNode>>();
        foreach (var (name, node) in graph.Nodes)
        {
            if (node.Type != "Threshold") { nodes.Add(new(name, node)); continue; }
            string[] from = [.. graph.Edges.Where(e => e.To == name).Select(e => e.From)];
            if (from.Length != 1)
                throw new ModelException(file, name, null,
                    $"a Threshold takes the output of exactly one neuron node, but '{name}' has {from.Length} incoming edges");
            string source = from[0];
            // The Input and Output nodes of flattened subgraphs pass signals through unchanged: look behind them.
            while (graph.Node(source)!.Type == NirFlattener.PassType && graph.Edges.Count(e => e.To == source) == 1)
                source = graph.Edges.First(e => e.To == source).From;
            NirNode p = graph.Node(source)!;
            double[] theta = node.Get("threshold")!.Data;
            if (!NirPrimitives.IsNeuron(p.Type))
                throw new ModelException(file, name, null,
                    $"a Threshold directly after {p.Type} '{source}' is the Heaviside of a weighted sum of spikes or of an input signal, which SpikeSim does not represent: expected it directly after a neuron node, LIF, CubaLIF or IF (it then passes the spikes unchanged) or LI or I (a spike at each upward crossing)");
            int size = NirPrimitives.NeuronCount(p);
            if (theta.Length != size && !(theta.Length == 1 && node.Get("threshold")!.Shape.Length == 0))
                throw new ModelException(file, $"{name}/threshold", null,
                    $"mismatched shapes: {p.Type} '{source}' has {size} neurons but the threshold has shape {node.Get("threshold")!.ShapeText}");
            if (NirPrimitives.Spikes(p.Type))
            {
                if (theta.Any(t => !(t >= 0)))
                    throw new ModelException(file, $"{name}/threshold", null,
                        $"a Threshold after the spiking {p.Type} '{source}' needs thresholds >= 0 (it then passes each spike unchanged); got {NirUnits.Number(theta.Min())}, for which Θ(s - θ) is 1 between spikes, a level and not a spike train");
            }
            else if (p.Type == "CubaLI")
                throw new ModelException(file, name, null,
                    $"a Threshold after CubaLI '{source}': its v, driven by an exponential current, can dip below the threshold and rise back between inputs, which SpikeSim's crossing detector (delta synapses) does not cover: expected LI or I before a Threshold, or a CubaLIF");
            else
            {
                double[] level = theta.Length == size ? (double[])theta.Clone() : Enumerable.Repeat(theta[0], size).ToArray();
                if (levels.TryGetValue(source, out double[]? earlier) && !earlier.AsSpan().SequenceEqual(level))
                    throw new ModelException(file, name, null,
                        $"{p.Type} '{source}' feeds Threshold nodes with different thresholds; SpikeSim gives a neuron one crossing level");
                levels[source] = level;
            }
            nodes.Add(new(name, new NirNode(PassType, node.Parameters)));
        }
        return (new NirGraph(nodes, graph.Edges, graph.Metadata), levels);
    }
}
