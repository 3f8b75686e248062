using SpikeSim.Engine;
using SpikeSim.Synapses;

namespace SpikeSim.Analysis;

/// <summary>
/// The wiring of a network as a graph of neurons (global indices): directed adjacency by source and by target,
/// and the undirected simple graph (an edge {i, j} wherever i → j or j → i, without self-loops or duplicates)
/// that clustering, path length and components are measured on.
/// </summary>
public sealed class Graph
{
    private readonly int[] _outStart, _out, _inStart, _in, _start, _neighbours;

    /// <summary>Number of nodes (neurons).</summary>
    public int NodeCount { get; }

    /// <summary>Number of directed edges (synapses; multapses and autapses included).</summary>
    public long DirectedEdgeCount => _out.Length;

    /// <summary>Number of undirected edges of the simple graph.</summary>
    public long UndirectedEdgeCount => _neighbours.Length / 2;

    private Graph(int nodes, int[] outStart, int[] outTarget)
    {
        NodeCount = nodes;
        _outStart = outStart;
        _out = outTarget;
        (_inStart, _in) = Transpose(nodes, outStart, outTarget);
        // Undirected neighbours: the merge of each node's sorted out- and in-lists, without self and duplicates.
        var start = new int[nodes + 1];
        var merged = new List<int>(outTarget.Length * 2);
        var row = new List<int>();
        for (int i = 0; i < nodes; i++)
        {
            row.Clear();
            for (int k = outStart[i]; k < outStart[i + 1]; k++) if (outTarget[k] != i) row.Add(outTarget[k]);
            for (int k = _inStart[i]; k < _inStart[i + 1]; k++) if (_in[k] != i) row.Add(_in[k]);
            row.Sort();
            int last = -1;
            foreach (int j in row) if (j != last) { merged.Add(j); last = j; }
            start[i + 1] = merged.Count;
        }
        _start = start;
        _neighbours = merged.ToArray();
    }

    /// <summary>The graph of every synapse of a built network.</summary>
    public static Graph FromNetwork(Network network)
    {
        int n = network.NeuronCount;
        var counts = new int[n + 1];
        foreach (SynapseTable t in network.Projections)
        {
            int offset = network.Populations[t.FromPopulation].Offset;
            for (int s = 0; s < t.RowStart.Length - 1; s++) counts[offset + s + 1] += t.RowStart[s + 1] - t.RowStart[s];
        }
        for (int i = 0; i < n; i++) counts[i + 1] += counts[i];
        var next = (int[])counts.Clone();
        var target = new int[counts[n]];
        foreach (SynapseTable t in network.Projections)
        {
            int offset = network.Populations[t.FromPopulation].Offset;
            for (int s = 0; s < t.RowStart.Length - 1; s++)
                for (int k = t.RowStart[s]; k < t.RowStart[s + 1]; k++) target[next[offset + s]++] = t.TargetOf(k);
        }
        for (int i = 0; i < n; i++) Array.Sort(target, counts[i], counts[i + 1] - counts[i]);
        return new Graph(n, counts, target);
    }

    /// <summary>A graph from a list of directed edges (source, target) over <paramref name="nodes"/> nodes.</summary>
    public static Graph FromEdges(int nodes, IReadOnlyList<(int Source, int Target)> edges)
    {
        var counts = new int[nodes + 1];
        foreach ((int s, _) in edges) counts[s + 1]++;
        for (int i = 0; i < nodes; i++) counts[i + 1] += counts[i];
        var next = (int[])counts.Clone();
        var target = new int[edges.Count];
        foreach ((int s, int t) in edges) target[next[s]++] = t;
        for (int i = 0; i < nodes; i++) Array.Sort(target, counts[i], counts[i + 1] - counts[i]);
        return new Graph(nodes, counts, target);
    }

    /// <summary>Number of synapses leaving node i.</summary>
    public int OutDegree(int i) => _outStart[i + 1] - _outStart[i];

    /// <summary>Number of synapses reaching node i.</summary>
    public int InDegree(int i) => _inStart[i + 1] - _inStart[i];

    /// <summary>Number of distinct other nodes linked to i in either direction (its degree in the undirected graph).</summary>
    public int Degree(int i) => _start[i + 1] - _start[i];

    /// <summary>The undirected neighbours of node i, ascending.</summary>
    public ReadOnlySpan<int> Neighbours(int i) => _neighbours.AsSpan(_start[i], _start[i + 1] - _start[i]);

    /// <summary>The targets of node i's synapses, ascending.</summary>
    public ReadOnlySpan<int> Targets(int i) => _out.AsSpan(_outStart[i], _outStart[i + 1] - _outStart[i]);

    private static (int[] Start, int[] Source) Transpose(int nodes, int[] outStart, int[] outTarget)
    {
        var start = new int[nodes + 1];
        foreach (int t in outTarget) start[t + 1]++;
        for (int i = 0; i < nodes; i++) start[i + 1] += start[i];
        var next = (int[])start.Clone();
        var source = new int[outTarget.Length];
        for (int s = 0; s < nodes; s++)
            for (int k = outStart[s]; k < outStart[s + 1]; k++) source[next[outTarget[k]]++] = s; // ascending sources
        return (start, source);
    }
}
