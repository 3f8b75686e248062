using SpikeSim.Analysis;
using SpikeSim.Connectivity;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Connectivity;

public class TopologyRuleTests
{
    private static ModelSpec OnePopulation(int n, ConnectSpec connect, ValueSpec? delay = null, PositionSpec? positions = null, ulong seed = 1,
                                           ValueSpec? weight = null) =>
        Model(100, [new PopulationSpec("net", n, Lif(), Positions: positions)],
              [new ProjectionSpec("net-net", "net", "net", connect, weight ?? new ConstantValue(0.1), delay ?? new ConstantValue(1.0))],
              seed: seed);

    private static Graph GraphOf(ModelSpec spec, out Network network)
    {
        network = Network.Build(spec);
        return Graph.FromNetwork(network);
    }

    [Fact]
    public void SmallWorldWithoutRewiringIsTheExactRingLattice()
    {
        const int n = 60, k = 6;
        Graph g = GraphOf(OnePopulation(n, new ConnectSpec(ConnectRule.SmallWorld, P: 0, K: k)), out _);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(k, g.OutDegree(i));
            Assert.Equal(k, g.InDegree(i));
            int[] expected = [.. Enumerable.Range(1, k / 2).SelectMany(j => new[] { (i + j) % n, (i - j + n) % n }).Order()];
            Assert.Equal(expected, g.Targets(i).ToArray());
        }
        // Ring lattice: C = 3(k-2) / (4(k-1)).
        Assert.Equal(3.0 * (k - 2) / (4.0 * (k - 1)), GraphMetrics.Clustering(g), 12);
    }

    [Fact]
    public void SmallWorldFullyRewiredHasRandomGraphClustering()
    {
        const int n = 1000, k = 10;
        Graph g = GraphOf(OnePopulation(n, new ConnectSpec(ConnectRule.SmallWorld, P: 1, K: k)), out _);
        // Rewiring moves edges but keeps their number: N k / 2 undirected edges, each two synapses.
        Assert.Equal(n * k / 2, g.UndirectedEdgeCount);
        Assert.Equal(n * k, g.DirectedEdgeCount);
        for (int i = 0; i < n; i++) Assert.True(g.Degree(i) >= k / 2, $"neuron {i} kept fewer than k/2 edges");
        // A random graph of mean degree k: C ≈ k/N = 0.01 (the lattice had 0.67).
        double c = GraphMetrics.Clustering(g);
        Assert.InRange(c, 0.5 * k / n, 2.0 * k / n);
    }

    [Fact]
    public void SmallWorldKeepsClusteringButShortensPaths()
    {
        const int n = 1000, k = 10;
        Graph lattice = GraphOf(OnePopulation(n, new ConnectSpec(ConnectRule.SmallWorld, P: 0, K: k)), out _);
        Graph small = GraphOf(OnePopulation(n, new ConnectSpec(ConnectRule.SmallWorld, P: 0.1, K: k)), out _);
        // Lattice path length: N/(2k) for N >> k (exactly 25.48 for N = 1000, k = 10).
        Assert.InRange(GraphMetrics.PathLength(lattice), 0.95 * n / (2.0 * k), 1.05 * n / (2.0 * k));
        // Watts-Strogatz Fig. 2 at p = 0.1: C/C(0) ≈ 0.73 (≈ (1-p)^3), L/L(0) below 0.2.
        double cRatio = GraphMetrics.Clustering(small) / GraphMetrics.Clustering(lattice);
        Assert.InRange(cRatio, Math.Pow(0.9, 3) - 0.05, Math.Pow(0.9, 3) + 0.05);
        Assert.True(GraphMetrics.PathLength(small) < 0.2 * GraphMetrics.PathLength(lattice));
    }

    [Fact]
    public void ScaleFreeHasTheBarabasiAlbertEdgeCountAndHeavyTail()
    {
        const int n = 3000, m = 3;
        Graph g = GraphOf(OnePopulation(n, new ConnectSpec(ConnectRule.ScaleFree, M: m)), out _);
        long edges = m * (m + 1) / 2 + (long)(n - m - 1) * m;
        int[] degrees = GraphMetrics.UndirectedDegrees(g);
        Assert.Equal(2 * edges, degrees.Sum(d => (long)d)); // handshake lemma
        Assert.Equal(2 * edges, g.DirectedEdgeCount);      // both directions of every edge
        Assert.Equal(m, degrees.Min());
        for (int i = 0; i < n; i++) Assert.Equal(g.OutDegree(i), g.InDegree(i));
        double mean = degrees.Average();
        Assert.True(degrees.Max() > 10 * mean, $"max degree {degrees.Max()} vs mean {mean}");
        // P(k) ~ k^-3 asymptotically; the MLE from k_min = m on finite N gives about 2.6 to 3.
        Assert.InRange(GraphMetrics.PowerLawExponent(degrees, m), 2.3, 3.3);
    }

    [Fact]
    public void DistanceDelaysAreSynapticDelayPlusConductionTime()
    {
        var positions = new PositionSpec(PositionLayout.Random, 800);
        var connect = new ConnectSpec(ConnectRule.Distance, AllowAutapses: false, Distance: new DistanceSpec(0.9, 150, 0.75));
        ModelSpec spec = OnePopulation(200, connect, new ConstantValue(0.25), positions);
        Network network = Network.Build(spec);
        SynapseTable t = network.Projections[0];
        double[] xyz = NeuronPlacement.Place(spec, 0);
        Assert.True(t.Count > 1000);
        for (int s = 0; s < 200; s++)
        {
            (int start, int end) = t.RowOf(s);
            for (int k = start; k < end; k++)
            {
                double d = NeuronPlacement.Distance(xyz, s, xyz, t.TargetOf(k));
                // delay = synaptic + d / v, with v = 0.75 m/s = 750 um/ms.
                Assert.Equal((float)(0.25 + d / 750.0), (float)t.DelayOf(k));
            }
        }
    }

    [Fact]
    public void DistanceConnectionProbabilityFollowsTheExponential()
    {
        const int n = 900;
        const double p0 = 0.8, lambda = 100;
        var positions = new PositionSpec(PositionLayout.Grid, 1000);
        var connect = new ConnectSpec(ConnectRule.Distance, AllowAutapses: false, Distance: new DistanceSpec(p0, lambda, 2));
        ModelSpec spec = OnePopulation(n, connect, new ConstantValue(0.1), positions);
        SynapseTable t = Network.Build(spec).Projections[0];
        double[] xyz = NeuronPlacement.Place(spec, 0);
        const double bin = 25;
        var connected = new long[20];
        var expected = new double[20];
        var variance = new double[20];
        for (int s = 0; s < n; s++)
        {
            (int start, int end) = t.RowOf(s);
            var targets = new HashSet<int>();
            for (int k = start; k < end; k++) targets.Add(t.TargetOf(k));
            for (int j = 0; j < n; j++)
            {
                if (j == s) continue;
                double d = NeuronPlacement.Distance(xyz, s, xyz, j);
                int b = (int)(d / bin);
                if (b >= connected.Length) continue;
                double p = p0 * Math.Exp(-d / lambda);
                expected[b] += p;
                variance[b] += p * (1 - p);
                if (targets.Contains(j)) connected[b]++;
            }
        }
        int tested = 0;
        for (int b = 0; b < connected.Length; b++)
        {
            if (expected[b] < 20) continue;
            tested++;
            // Sum of independent Bernoulli(p(d)) draws: mean Σp, variance Σp(1-p); allow 5 sd.
            Assert.True(Math.Abs(connected[b] - expected[b]) < 5 * Math.Sqrt(variance[b]),
                $"bin {b * bin}-{(b + 1) * bin} um: {connected[b]} synapses, expected {expected[b]:F1} ± {Math.Sqrt(variance[b]):F1}");
        }
        Assert.True(tested >= 10);
    }

    [Theory]
    [InlineData(ConnectRule.SmallWorld)]
    [InlineData(ConnectRule.ScaleFree)]
    [InlineData(ConnectRule.Distance)]
    public void SameSeedSameNetworkOtherSeedOtherNetwork(ConnectRule rule)
    {
        var connect = new ConnectSpec(rule, P: rule == ConnectRule.SmallWorld ? 0.2 : 0, K: rule == ConnectRule.SmallWorld ? 8 : 0,
                                      M: 2, AllowAutapses: false, Distance: new DistanceSpec(0.5, 200, 1));
        var weight = new DistributionValue(DistributionKind.Normal, 0.5, 0.1);
        ModelSpec Spec(ulong seed) => OnePopulation(400, connect, new ConstantValue(0.5), new PositionSpec(PositionLayout.Random, 1000), seed, weight);
        string Dump(ModelSpec spec)
        {
            SynapseTable t = Network.Build(spec).Projections[0];
            var text = new System.Text.StringBuilder();
            for (int k = 0; k < t.Count; k++) text.Append($"{t.TargetOf(k)}:{t.WeightOf(k):R}:{t.DelayOf(k):R};");
            return text.ToString();
        }
        string a = Dump(Spec(7));
        Assert.Equal(a, Dump(Spec(7)));
        Assert.NotEqual(a, Dump(Spec(8)));
    }
}
