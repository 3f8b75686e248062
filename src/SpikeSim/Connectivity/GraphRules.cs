using SpikeSim.Modeling;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Connectivity;

/// <summary>
/// The classic random-graph models of network science, built within one population as undirected graphs: every
/// edge {i, j} becomes two synapses, i → j and j → i, so each neuron's in-degree equals its out-degree equals its
/// degree in the graph. Neither rule makes autapses or multapses.
/// </summary>
/// <remarks>
/// <para><b>small_world</b> (Watts and Strogatz 1998, Nature 393:440): start from a ring lattice where each neuron
/// is linked to its k nearest neighbours (k/2 on each side, k even); then each lattice edge (i, i+j), j = 1..k/2,
/// is rewired with probability p: its far end moves to a neuron drawn uniformly among those not yet linked to i.
/// p = 0 keeps the lattice (clustering 3(k-2)/(4(k-1)), path length about N/(2k)); p = 1 gives a random graph
/// (clustering about k/N, path length about ln N / ln k); small p already gives short paths with high clustering.</para>
/// <para><b>scale_free</b> (Barabási and Albert 1999, Science 286:509): start from a clique of m + 1 neurons; each
/// further neuron t (in index order) links to m distinct earlier neurons chosen with probability proportional to
/// their degree. Degrees follow P(k) ~ k^-3 for large N; every neuron has degree at least m; the graph has
/// m(m+1)/2 + (N-m-1)m edges.</para>
/// <para>Both rules are sequential (each step depends on the graph so far), so the rows are drawn in index order,
/// row i from its own stream (seed, projection, i): the result does not depend on the number of threads. The same
/// row stream then draws the weights and delays of row i's synapses, in target order.</para>
/// </remarks>
public static class GraphRules
{
    /// <summary>Builds projection <paramref name="index"/> (rule small_world or scale_free).</summary>
    /// <param name="model">The model.</param>
    /// <param name="index">Index of the projection.</param>
    /// <param name="offsets">Global index of each population's first neuron.</param>
    public static SynapseTable Build(ModelSpec model, int index, int[] offsets)
    {
        ProjectionSpec p = model.Projections[index];
        int pop = model.PopulationIndex(p.From);
        int n = model.Populations[pop].Size;
        var streams = new RandomStream[n];
        for (int i = 0; i < n; i++) streams[i] = new RandomStream(model.Seed, StreamKind.Connectivity, index, i);
        HashSet<long> edges = p.Connect.Rule switch
        {
            ConnectRule.SmallWorld => SmallWorldEdges(n, p.Connect.K, p.Connect.P, streams),
            ConnectRule.ScaleFree => ScaleFreeEdges(n, p.Connect.M, streams),
            _ => throw new ArgumentException($"rule {p.Connect.Rule} is not a graph rule"),
        };
        return SymmetricTable(p, pop, n, offsets[pop], edges, streams);
    }

    /// <summary>Edge key of the undirected edge {a, b}: (min, max) packed into one long.</summary>
    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    private static HashSet<long> SmallWorldEdges(int n, int k, double p, RandomStream[] streams)
    {
        int half = k / 2;
        var edges = new HashSet<long>(n * half);
        var degree = new int[n];
        for (int i = 0; i < n; i++)
            for (int j = 1; j <= half; j++)
            {
                edges.Add(Key(i, (i + j) % n));
                degree[i]++;
                degree[(i + j) % n]++;
            }
        if (p <= 0) return edges;
        for (int i = 0; i < n; i++)
        {
            ref RandomStream rng = ref streams[i];
            for (int j = 1; j <= half; j++)
            {
                if (rng.NextDouble() >= p) continue;
                if (degree[i] >= n - 1) break; // linked to everyone: nowhere to rewire to
                int u = (i + j) % n;
                int w;
                do w = rng.NextInt(n); while (w == i || edges.Contains(Key(i, w)));
                edges.Remove(Key(i, u));
                degree[u]--;
                edges.Add(Key(i, w));
                degree[w]++;
            }
        }
        return edges;
    }

    private static HashSet<long> ScaleFreeEdges(int n, int m, RandomStream[] streams)
    {
        long edgeCount = (long)m * (m + 1) / 2 + (long)(n - m - 1) * m;
        var edges = new HashSet<long>((int)Math.Min(edgeCount, int.MaxValue / 2));
        // Each edge puts both ends into this list: a uniform pick from it is a pick proportional to degree.
        var ends = new int[2 * edgeCount];
        int filled = 0;
        for (int a = 0; a <= m; a++)
            for (int b = a + 1; b <= m; b++)
            {
                edges.Add(Key(a, b));
                ends[filled++] = a;
                ends[filled++] = b;
            }
        var chosen = new int[m];
        for (int t = m + 1; t < n; t++)
        {
            ref RandomStream rng = ref streams[t];
            int available = filled; // ends of the edges made before t: t's own edges do not count for t
            for (int c = 0; c < m; c++)
            {
                int pick;
                bool repeat;
                do
                {
                    pick = ends[rng.NextInt(available)];
                    repeat = false;
                    for (int q = 0; q < c; q++) if (chosen[q] == pick) { repeat = true; break; }
                } while (repeat);
                chosen[c] = pick;
            }
            for (int c = 0; c < m; c++)
            {
                edges.Add(Key(t, chosen[c]));
                ends[filled++] = t;
                ends[filled++] = chosen[c];
            }
        }
        return edges;
    }

    /// <summary>Both directions of every edge, as CSR rows by source with ascending targets; values from each row's stream.</summary>
    private static SynapseTable SymmetricTable(ProjectionSpec p, int pop, int n, int offset, HashSet<long> edges, RandomStream[] streams)
    {
        var rowStart = new int[n + 1];
        foreach (long e in edges)
        {
            rowStart[(int)(e >> 32) + 1]++;
            rowStart[(int)(uint)e + 1]++;
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        var next = (int[])rowStart.Clone();
        var target = new int[rowStart[n]];
        foreach (long e in edges)
        {
            int a = (int)(e >> 32), b = (int)(uint)e;
            target[next[a]++] = b;
            target[next[b]++] = a;
        }
        // Sort each row, then draw its weights and delays from the row's stream (rows in parallel: own streams).
        float[]? weight = p.Weight.IsConstant ? null : new float[target.Length];
        float[]? delay = p.Delay.IsConstant ? null : new float[target.Length];
        Parallel.For(0, n, i =>
        {
            int start = rowStart[i], end = rowStart[i + 1];
            Array.Sort(target, start, end - start);
            ref RandomStream rng = ref streams[i];
            for (int k = start; k < end; k++)
            {
                if (weight is not null) weight[k] = (float)ValueSampler.Draw(p.Weight, ref rng);
                if (delay is not null) delay[k] = (float)ValueSampler.Draw(p.Delay, ref rng);
                target[k] += offset;
            }
        });
        return new SynapseTable(p.Name, pop, pop, rowStart, target, weight,
            p.Weight is ConstantValue w ? w.Value : 0, delay, p.Delay is ConstantValue d ? d.Value : 0);
    }
}
