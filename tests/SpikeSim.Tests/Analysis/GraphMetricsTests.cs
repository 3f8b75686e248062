using SpikeSim.Analysis;

namespace SpikeSim.Tests.Analysis;

public class GraphMetricsTests
{
    private static Graph Undirected(int n, params (int, int)[] edges) =>
        Graph.FromEdges(n, [.. edges.SelectMany(e => new[] { e, (e.Item2, e.Item1) })]);

    [Fact]
    public void DirectedEdgesCountOnceInTheUndirectedGraph()
    {
        // 0 -> 1 and 1 -> 0 are one undirected edge; 2 -> 2 is a self-loop, left out; 0 -> 2 twice is one edge.
        Graph g = Graph.FromEdges(3, [(0, 1), (1, 0), (2, 2), (0, 2), (0, 2)]);
        Assert.Equal(5, g.DirectedEdgeCount);
        Assert.Equal(2, g.UndirectedEdgeCount);
        Assert.Equal([3, 1, 1], GraphMetrics.OutDegrees(g));
        Assert.Equal([1, 1, 3], GraphMetrics.InDegrees(g));
        Assert.Equal([2, 1, 1], GraphMetrics.UndirectedDegrees(g));
        Assert.Equal([0, 2, 1], GraphMetrics.Histogram(GraphMetrics.UndirectedDegrees(g)));
    }

    [Fact]
    public void ClusteringOfATriangleWithATail()
    {
        // Triangle 0-1-2 plus edge 2-3: C0 = C1 = 1, C2 = 1/3 (one link among its 3 neighbour pairs), C3 = 0.
        Graph g = Undirected(4, (0, 1), (1, 2), (0, 2), (2, 3));
        Assert.Equal((1 + 1 + 1.0 / 3 + 0) / 4, GraphMetrics.Clustering(g), 14);
    }

    [Fact]
    public void PathLengthOfAPathAndOfACompleteGraph()
    {
        // A path of n nodes: mean distance over pairs = (n + 1) / 3.
        const int n = 50;
        Graph path = Undirected(n, [.. Enumerable.Range(0, n - 1).Select(i => (i, i + 1))]);
        Assert.Equal((n + 1) / 3.0, GraphMetrics.PathLength(path), 12);
        Graph complete = Undirected(6, [.. from a in Enumerable.Range(0, 6) from b in Enumerable.Range(0, 6) where a < b select (a, b)]);
        Assert.Equal(1.0, GraphMetrics.PathLength(complete));
        Assert.Equal(1.0, GraphMetrics.Clustering(complete));
    }

    [Fact]
    public void PathLengthIsMeasuredOnTheLargestComponent()
    {
        // Component {0,1,2} (a path: distances 1,1,2) and component {3,4}.
        Graph g = Undirected(5, (0, 1), (1, 2), (3, 4));
        Assert.Equal(4.0 / 3, GraphMetrics.PathLength(g), 14);
        Assert.Equal([3, 2], GraphMetrics.ComponentSizes(g));
    }

    [Fact]
    public void RemovingTheHubOfAStarShattersIt()
    {
        Graph star = Undirected(6, (0, 1), (0, 2), (0, 3), (0, 4), (0, 5));
        int[] hubs = GraphMetrics.Hubs(GraphMetrics.UndirectedDegrees(star), 1);
        Assert.Equal([0], hubs);
        var removed = new bool[6];
        removed[0] = true;
        Assert.Equal([1, 1, 1, 1, 1], GraphMetrics.ComponentSizes(star, removed));
        removed[0] = false;
        removed[3] = true;
        Assert.Equal([5], GraphMetrics.ComponentSizes(star, removed));
    }

    [Fact]
    public void PowerLawExponentRecoversAKnownExponent()
    {
        // Degrees drawn from a discrete power law with alpha = 2.5, k >= 5, by inverting the continuous CDF of
        // (k - 1/2): the approximation Clauset et al. give is accurate to about 1% at k_min = 5.
        var rng = new SpikeSim.Randomness.RandomStream(3, SpikeSim.Randomness.StreamKind.Connectivity);
        var degrees = new int[20000];
        for (int i = 0; i < degrees.Length; i++)
            degrees[i] = (int)Math.Floor((5 - 0.5) * Math.Pow(1 - rng.NextDouble(), -1 / 1.5) + 0.5);
        Assert.InRange(GraphMetrics.PowerLawExponent(degrees, 5), 2.45, 2.55);
    }
}
