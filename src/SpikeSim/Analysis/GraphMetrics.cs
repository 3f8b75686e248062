namespace SpikeSim.Analysis;

/// <summary>
/// The measures network science uses to tell brain-like wiring from a fully connected layer: degree distributions,
/// clustering, characteristic path length, components and hubs. Clustering, paths and components are measured on
/// the undirected simple graph (<see cref="Graph.Neighbours"/>): two neurons are linked when either one has a
/// synapse onto the other.
/// </summary>
public static class GraphMetrics
{
    /// <summary>Out-degree of every node (synapses leaving it).</summary>
    public static int[] OutDegrees(Graph g) => Degrees(g, g.OutDegree);

    /// <summary>In-degree of every node (synapses reaching it).</summary>
    public static int[] InDegrees(Graph g) => Degrees(g, g.InDegree);

    /// <summary>Undirected degree of every node (distinct neighbours in either direction).</summary>
    public static int[] UndirectedDegrees(Graph g) => Degrees(g, g.Degree);

    private static int[] Degrees(Graph g, Func<int, int> degree)
    {
        var d = new int[g.NodeCount];
        for (int i = 0; i < d.Length; i++) d[i] = degree(i);
        return d;
    }

    /// <summary>How many nodes have each degree: element k counts the nodes of degree k (length max degree + 1).</summary>
    public static long[] Histogram(int[] degrees)
    {
        int max = 0;
        foreach (int d in degrees) max = Math.Max(max, d);
        var counts = new long[max + 1];
        foreach (int d in degrees) counts[d]++;
        return counts;
    }

    /// <summary>
    /// Average local clustering coefficient (Watts and Strogatz 1998) of the undirected graph: for each node with
    /// k ≥ 2 neighbours, the fraction of the k(k-1)/2 pairs of its neighbours that are linked; nodes with fewer than
    /// two neighbours count as 0 (as in networkx). A random graph of mean degree k has about k/(N-1); a ring
    /// lattice of k neighbours 3(k-2)/(4(k-1)); a complete graph 1.
    /// </summary>
    public static double Clustering(Graph g)
    {
        int n = g.NodeCount;
        if (n == 0) return 0;
        var mark = new int[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> ni = g.Neighbours(i);
            int k = ni.Length;
            if (k < 2) continue;
            int stamp = i + 1;
            foreach (int j in ni) mark[j] = stamp;
            long links = 0;
            foreach (int j in ni)
                foreach (int u in g.Neighbours(j))
                    if (mark[u] == stamp) links++;
            sum += links / ((double)k * (k - 1)); // each link between neighbours is seen from both ends
        }
        return sum / n;
    }

    /// <summary>
    /// Sizes of the connected components of the undirected graph, largest first, counting only nodes not marked in
    /// <paramref name="removed"/> (null: every node). Links to removed nodes are ignored.
    /// </summary>
    public static int[] ComponentSizes(Graph g, bool[]? removed = null)
    {
        int n = g.NodeCount;
        var component = new int[n];
        Array.Fill(component, -1);
        var queue = new int[n];
        var sizes = new List<int>();
        for (int root = 0; root < n; root++)
            if (component[root] < 0 && (removed is null || !removed[root]))
                sizes.Add(Bfs(g, root, queue, component, sizes.Count, removed));
        sizes.Sort((a, b) => b.CompareTo(a));
        return sizes.ToArray();
    }

    /// <summary>
    /// Characteristic path length: the mean number of links on the shortest path between two distinct nodes of the
    /// largest connected component of the undirected graph (breadth-first search from every node of that component;
    /// O(N × E)). NaN when the component has fewer than two nodes.
    /// </summary>
    public static double PathLength(Graph g)
    {
        int n = g.NodeCount;
        // Label the largest component.
        var component = new int[n];
        Array.Fill(component, -1);
        var queue = new int[n];
        int best = -1, bestSize = 0, label = 0;
        for (int root = 0; root < n; root++)
        {
            if (component[root] >= 0) continue;
            int size = Bfs(g, root, queue, component, label, null);
            if (size > bestSize) { bestSize = size; best = label; }
            label++;
        }
        if (bestSize < 2) return double.NaN;

        var distance = new int[n];
        double total = 0;
        long pairs = 0;
        for (int root = 0; root < n; root++)
        {
            if (component[root] != best) continue;
            Array.Fill(distance, -1);
            distance[root] = 0;
            int head = 0, tail = 0;
            queue[tail++] = root;
            while (head < tail)
            {
                int v = queue[head++];
                int dv = distance[v] + 1;
                foreach (int u in g.Neighbours(v))
                    if (distance[u] < 0) { distance[u] = dv; total += dv; queue[tail++] = u; }
            }
            pairs += tail - 1;
        }
        return total / pairs;
    }

    /// <summary>Labels the component of <paramref name="root"/> (skipping removed nodes) and returns its size.</summary>
    private static int Bfs(Graph g, int root, int[] queue, int[] component, int label, bool[]? removed)
    {
        int head = 0, tail = 0;
        queue[tail++] = root;
        component[root] = label;
        while (head < tail)
        {
            int v = queue[head++];
            foreach (int u in g.Neighbours(v))
                if (component[u] < 0 && (removed is null || !removed[u])) { component[u] = label; queue[tail++] = u; }
        }
        return tail;
    }

    /// <summary>
    /// The <paramref name="count"/> nodes of highest degree, highest first (ties: lower index first): the hubs.
    /// </summary>
    public static int[] Hubs(int[] degrees, int count)
    {
        var order = new int[degrees.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => degrees[a] != degrees[b] ? degrees[b].CompareTo(degrees[a]) : a.CompareTo(b));
        return order[..Math.Min(count, order.Length)];
    }

    /// <summary>
    /// Maximum-likelihood exponent α of a discrete power law P(k) ~ k^-α fitted to the degrees ≥ <paramref name="kMin"/>
    /// (Clauset, Shalizi and Newman 2009, eq. 3.7): α = 1 + n / Σ ln(k_i / (kMin - 1/2)). Brain and Barabási-Albert
    /// networks give 2 to 3.5; the value only means something for heavy-tailed degree distributions.
    /// </summary>
    /// <param name="degrees">Node degrees.</param>
    /// <param name="kMin">Smallest degree included (≥ 1).</param>
    public static double PowerLawExponent(int[] degrees, int kMin)
    {
        if (kMin < 1) throw new ArgumentOutOfRangeException(nameof(kMin), "kMin must be at least 1");
        double sum = 0;
        int count = 0;
        foreach (int k in degrees)
            if (k >= kMin) { sum += Math.Log(k / (kMin - 0.5)); count++; }
        return count == 0 || sum == 0 ? double.NaN : 1 + count / sum;
    }
}
