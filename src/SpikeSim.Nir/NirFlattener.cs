namespace SpikeSim.Nir;

/// <summary>
/// Flattens nested <c>NIRGraph</c> nodes into one graph: the inner node <c>b</c> of graph node <c>a</c> becomes
/// <c>a/b</c>; an edge into <c>a</c> goes to <c>a</c>'s Input nodes, an edge out of <c>a</c> leaves from its Output
/// nodes, and those inner Input and Output nodes become pass-through nodes (type <see cref="PassType"/>).
/// </summary>
public static class NirFlattener
{
    /// <summary>Type of the identity nodes that inner Input and Output nodes become.</summary>
    public const string PassType = "(pass)";

    /// <summary>The flat graph (metadata kept); a graph without nested graphs is returned as it is.</summary>
    public static NirGraph Flatten(NirGraph graph)
    {
        if (!graph.Nodes.Any(n => n.Value.Subgraph is not null)) return graph;
        var nodes = new List<KeyValuePair<string, NirNode>>();
        var edges = new List<(string, string)>();
        var entries = new Dictionary<string, List<string>>();
        var exits = new Dictionary<string, List<string>>();
        foreach (var (name, node) in graph.Nodes)
        {
            if (node.Subgraph is null)
            {
                nodes.Add(new(name, node));
                entries[name] = [name];
                exits[name] = [name];
                continue;
            }
            NirGraph inner = Flatten(node.Subgraph);
            entries[name] = [];
            exits[name] = [];
            foreach (var (innerName, innerNode) in inner.Nodes)
            {
                string full = name + "/" + innerName;
                if (innerNode.Type is "Input" or "Output")
                {
                    nodes.Add(new(full, new NirNode(PassType, innerNode.Parameters)));
                    (innerNode.Type == "Input" ? entries : exits)[name].Add(full);
                }
                else nodes.Add(new(full, innerNode));
            }
            foreach (var (from, to) in inner.Edges) edges.Add((name + "/" + from, name + "/" + to));
        }
        foreach (var (from, to) in graph.Edges)
            foreach (string f in exits[from])
                foreach (string t in entries[to]) edges.Add((f, t));
        return new NirGraph(nodes, edges, graph.Metadata);
    }
}
