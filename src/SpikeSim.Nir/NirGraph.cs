namespace SpikeSim.Nir;

/// <summary>
/// A numeric array of a NIR node (a parameter such as <c>tau</c> or <c>weight</c>), held as doubles in row-major
/// order with its shape. A 0-d array (an HDF5 scalar) has an empty shape and one element.
/// </summary>
/// <param name="Data">The elements, row-major.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
public sealed record NirArray(double[] Data, int[] Shape)
{
    /// <summary>A 1-d array.</summary>
    public static NirArray Vector(params double[] values) => new(values, [values.Length]);

    /// <summary>A 2-d array from rows (all of one length).</summary>
    public static NirArray Matrix(double[][] rows)
    {
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new double[rows.Length * cols];
        for (int r = 0; r < rows.Length; r++) Array.Copy(rows[r], 0, data, r * cols, cols);
        return new NirArray(data, [rows.Length, cols]);
    }

    /// <summary>The shape as NIR prints it, e.g. <c>(3, 2)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Length == 1 ? ",)" : ")");

    /// <summary>Number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>Element [row, col] of a 2-d array.</summary>
    public double At(int row, int col) => Data[row * Shape[1] + col];

    /// <summary>True when both arrays have the same shape and bitwise-equal elements.</summary>
    public bool SameAs(NirArray other)
    {
        if (!Shape.AsSpan().SequenceEqual(other.Shape) || Data.Length != other.Data.Length) return false;
        for (int i = 0; i < Data.Length; i++)
            if (BitConverter.DoubleToInt64Bits(Data[i]) != BitConverter.DoubleToInt64Bits(other.Data[i])) return false;
        return true;
    }
}

/// <summary>
/// One node of a NIR graph: its primitive (<c>LIF</c>, <c>Linear</c>, ...; see <see cref="NirPrimitives"/>), its
/// numeric parameters by field name, a nested graph for a <c>NIRGraph</c> node, and its text metadata.
/// </summary>
public sealed class NirNode
{
    /// <summary>Creates a node.</summary>
    public NirNode(string type, IReadOnlyDictionary<string, NirArray>? parameters = null, NirGraph? subgraph = null,
                   IReadOnlyDictionary<string, string>? metadata = null)
    {
        Type = type;
        Parameters = parameters ?? new Dictionary<string, NirArray>();
        Subgraph = subgraph;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The primitive's name as stored in the node's <c>type</c> dataset.</summary>
    public string Type { get; }

    /// <summary>Numeric fields (e.g. <c>tau</c>, <c>r</c>, <c>weight</c>, <c>shape</c>).</summary>
    public IReadOnlyDictionary<string, NirArray> Parameters { get; }

    /// <summary>The graph inside a <c>NIRGraph</c> node, else null.</summary>
    public NirGraph? Subgraph { get; }

    /// <summary>Text entries of the node's <c>metadata</c> group (numbers are kept as their text).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The parameter <paramref name="name"/>, or null.</summary>
    public NirArray? Get(string name) => Parameters.TryGetValue(name, out var a) ? a : null;
}

/// <summary>
/// A NIR graph as stored in a <c>.nir</c> file: named nodes in file order, edges as (source, target) node names, and
/// the graph's text metadata. Node order follows the file (HDF5 groups list their members by name).
/// </summary>
public sealed class NirGraph
{
    /// <summary>Creates a graph.</summary>
    public NirGraph(IReadOnlyList<KeyValuePair<string, NirNode>> nodes, IReadOnlyList<(string From, string To)> edges,
                    IReadOnlyDictionary<string, string>? metadata = null)
    {
        Nodes = nodes;
        Edges = edges;
        Metadata = metadata ?? new Dictionary<string, string>();
        var byName = new Dictionary<string, NirNode>(StringComparer.Ordinal);
        foreach (var (name, node) in nodes) byName[name] = node;
        _byName = byName;
    }

    private readonly Dictionary<string, NirNode> _byName;

    /// <summary>The nodes, by name, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, NirNode>> Nodes { get; }

    /// <summary>The edges: the output of <c>From</c> is an input of <c>To</c> (inputs of a node add up).</summary>
    public IReadOnlyList<(string From, string To)> Edges { get; }

    /// <summary>Text entries of the graph's <c>metadata</c> group.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The node called <paramref name="name"/>, or null.</summary>
    public NirNode? Node(string name) => _byName.TryGetValue(name, out var n) ? n : null;

    /// <summary>
    /// True when <paramref name="other"/> has the same nodes (names, types, bitwise-equal parameters, recursively),
    /// the same set of edges and the same metadata.
    /// </summary>
    public bool SameAs(NirGraph other)
    {
        if (Nodes.Count != other.Nodes.Count || Edges.Count != other.Edges.Count) return false;
        foreach (var (name, node) in Nodes)
        {
            if (other.Node(name) is not NirNode o || o.Type != node.Type || o.Parameters.Count != node.Parameters.Count) return false;
            foreach (var (key, value) in node.Parameters)
                if (o.Get(key) is not NirArray a || !a.SameAs(value)) return false;
            if ((node.Subgraph is null) != (o.Subgraph is null)) return false;
            if (node.Subgraph is not null && !node.Subgraph.SameAs(o.Subgraph!)) return false;
            if (!SameText(node.Metadata, o.Metadata)) return false;
        }
        var edges = new HashSet<(string, string)>(Edges);
        foreach (var e in other.Edges) if (!edges.Contains(e)) return false;
        return SameText(Metadata, other.Metadata);
    }

    private static bool SameText(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a) if (!b.TryGetValue(k, out var w) || w != v) return false;
        return true;
    }
}
