using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// The NIR primitives SpikeSim reads and writes, with their fields as NIR 1.0 (github.com/neuromorphs/NIR,
/// <c>nir/ir/*.py</c>) stores them, and the checks every node passes before it is mapped.
/// </summary>
/// <remarks>
/// Neuron primitives (every parameter one value per neuron; a 0-d value applies to all):
/// <list type="table">
/// <item><term>LIF</term><description>tau, r, v_leak, v_threshold, v_reset (default 0): tau dv/dt = (v_leak - v) + r I, spike and reset to v_reset when v crosses v_threshold</description></item>
/// <item><term>CubaLIF</term><description>tau_syn, tau_mem, r, v_leak, v_threshold, v_reset (0), w_in (1): tau_syn dI/dt = -I + w_in S, then LIF with tau_mem</description></item>
/// <item><term>IF</term><description>r, v_threshold, v_reset (0): dv/dt = r I</description></item>
/// <item><term>LI</term><description>tau, r, v_leak: tau dv/dt = (v_leak - v) + r I, never spikes</description></item>
/// <item><term>CubaLI</term><description>tau_syn, tau_mem, r, v_leak, w_in (1)</description></item>
/// <item><term>I</term><description>r: dv/dt = r I, never spikes</description></item>
/// </list>
/// Edge primitives: <c>Linear</c> (weight, rows = outputs), <c>Affine</c> (weight, bias), <c>Scale</c> (scale),
/// <c>Delay</c> (delay), <c>Threshold</c> (threshold); graph primitives <c>Input</c>, <c>Output</c> (shape) and
/// <c>NIRGraph</c> (nodes, edges).
/// </remarks>
public static class NirPrimitives
{
    /// <summary>Neuron primitives: required fields, then optional fields with their defaults.</summary>
    private static readonly Dictionary<string, (string[] Required, (string Name, double Default)[] Optional)> Neurons = new()
    {
        ["LIF"] = (["tau", "r", "v_leak", "v_threshold"], [("v_reset", 0.0)]),
        ["CubaLIF"] = (["tau_syn", "tau_mem", "r", "v_leak", "v_threshold"], [("v_reset", 0.0), ("w_in", 1.0)]),
        ["IF"] = (["r", "v_threshold"], [("v_reset", 0.0)]),
        ["LI"] = (["tau", "r", "v_leak"], []),
        ["CubaLI"] = (["tau_syn", "tau_mem", "r", "v_leak"], [("w_in", 1.0)]),
        ["I"] = (["r"], []),
    };

    /// <summary>Other supported primitives and their required fields.</summary>
    private static readonly Dictionary<string, string[]> Others = new()
    {
        ["Input"] = ["shape"],
        ["Output"] = ["shape"],
        ["Linear"] = ["weight"],
        ["Affine"] = ["weight", "bias"],
        ["Scale"] = ["scale"],
        ["Delay"] = ["delay"],
        ["Threshold"] = ["threshold"],
        ["NIRGraph"] = [],
    };

    /// <summary>NIR primitives that exist but have no counterpart in SpikeSim.</summary>
    private static readonly string[] Unsupported = ["Conv1d", "Conv2d", "SumPool2d", "AvgPool2d", "Flatten", "Identity"];

    /// <summary>Every primitive SpikeSim reads.</summary>
    public static IEnumerable<string> Supported => Neurons.Keys.Concat(Others.Keys);

    /// <summary>True for LIF, CubaLIF, IF, LI, CubaLI and I.</summary>
    public static bool IsNeuron(string type) => Neurons.ContainsKey(type);

    /// <summary>True for the neurons that emit spikes (LIF, CubaLIF, IF).</summary>
    public static bool Spikes(string type) => type is "LIF" or "CubaLIF" or "IF";

    /// <summary>True for the neurons with an exponential input current (CubaLIF, CubaLI).</summary>
    public static bool HasSynapticCurrent(string type) => type is "CubaLIF" or "CubaLI";

    /// <summary>
    /// Checks that <paramref name="node"/> is a supported primitive with its required fields, and (for a neuron) that
    /// every field has one value per neuron. <paramref name="path"/> names the node in messages.
    /// </summary>
    /// <exception cref="ModelException">An unknown or unsupported primitive, a missing field or mismatched shapes.</exception>
    public static void Check(NirNode node, string path, string file)
    {
        if (Neurons.TryGetValue(node.Type, out var neuron))
        {
            foreach (string field in neuron.Required) Require(node, field, path, file);
            int size = Size(node, neuron.Required[0]);
            foreach (string field in neuron.Required.Concat(neuron.Optional.Select(o => o.Name)))
                if (node.Get(field) is NirArray a && a.Count != size && !(a.Count == 1 && a.Shape.Length == 0))
                    throw new ModelException(file, $"{path}/{field}", null,
                        $"{node.Type} needs one value per neuron in every field: {neuron.Required[0]} has shape {node.Get(neuron.Required[0])!.ShapeText}, {field} has shape {a.ShapeText}");
            return;
        }
        if (Others.TryGetValue(node.Type, out var fields))
        {
            foreach (string field in fields) Require(node, field, path, file);
            if (node.Type is "Linear" or "Affine")
            {
                NirArray w = node.Get("weight")!;
                if (w.Shape.Length != 2)
                    throw new ModelException(file, $"{path}/weight", null, $"{node.Type} weight must be a 2-d matrix (outputs x inputs), got shape {w.ShapeText}");
                if (node.Type == "Affine" && node.Get("bias")!.Count != w.Shape[0])
                    throw new ModelException(file, $"{path}/bias", null,
                        $"Affine bias needs one value per output: weight has shape {w.ShapeText}, bias has shape {node.Get("bias")!.ShapeText}");
            }
            if (node.Type == "NIRGraph" && node.Subgraph is null)
                throw new ModelException(file, path, null, "a NIRGraph node needs a 'nodes' group and an 'edges' dataset");
            return;
        }
        if (Unsupported.Contains(node.Type))
            throw new ModelException(file, path, null,
                $"NIR primitive '{node.Type}' has no counterpart in SpikeSim (supported: {string.Join(", ", Supported)})");
        throw new ModelException(file, path, null,
            $"unknown NIR primitive '{node.Type}'{Suggestions.Then(node.Type, Supported.ToList(), $"expected one of {string.Join(", ", Supported)}")}");
    }

    /// <summary>Number of neurons of a neuron node (the element count of its first required field).</summary>
    public static int NeuronCount(NirNode node) => Size(node, Neurons[node.Type].Required[0]);

    /// <summary>
    /// The value of <paramref name="field"/> for each of <paramref name="size"/> neurons: the field's elements, its
    /// one 0-d value repeated, or the primitive's default when the field is absent and optional.
    /// </summary>
    public static double[] PerNeuron(NirNode node, string field, int size)
    {
        if (node.Get(field) is NirArray a)
        {
            if (a.Count == size) return (double[])a.Data.Clone();
            var repeated = new double[size];
            Array.Fill(repeated, a.Data[0]);
            return repeated;
        }
        double d = Neurons[node.Type].Optional.First(o => o.Name == field).Default;
        var result = new double[size];
        Array.Fill(result, d);
        return result;
    }

    /// <summary>The number of elements of an Input or Output node's signal (the product of its shape).</summary>
    public static int SignalSize(NirNode node)
    {
        long n = 1;
        foreach (double d in node.Get("shape")!.Data) n *= (long)d;
        return (int)n;
    }

    private static int Size(NirNode node, string field) => node.Get(field)!.Count;

    private static void Require(NirNode node, string field, string path, string file)
    {
        if (node.Get(field) is null)
            throw new ModelException(file, path, null, $"{node.Type} node is missing its '{field}' parameter (a {node.Type} needs {Describe(node.Type)})");
    }

    private static string Describe(string type) => Neurons.TryGetValue(type, out var n)
        ? string.Join(", ", n.Required) + (n.Optional.Length > 0 ? " and optionally " + string.Join(", ", n.Optional.Select(o => o.Name)) : "")
        : string.Join(", ", Others[type]);
}
