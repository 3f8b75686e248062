using System.Globalization;
using SpikeSim.Nir;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Nir;

/// <summary>A neuron node whose neurons differ becomes one population per distinct set of parameters.</summary>
public sealed class NirSplitTests : CliTestBase
{
    [Fact]
    public void LifNodeWithDifferentThresholdsSplitsAndEachNeuronFiresAtItsClosedFormPeriod()
    {
        // Input (1 channel) -> Linear [1 1 1]^T -> LIF tau 10, r 2, thresholds [15, 10, 15]; current 10 from 0 ms:
        // v_inf = 20, period_i = tau ln(v_inf / (v_inf - theta_i)): 10 ln 4 for neurons 0 and 2, 10 ln 2 for neuron 1.
        var lif = new NirNode("LIF", new Dictionary<string, NirArray>
        {
            ["tau"] = NirArray.Vector(10, 10, 10), ["r"] = NirArray.Vector(2, 2, 2), ["v_leak"] = NirArray.Vector(0, 0, 0),
            ["v_threshold"] = NirArray.Vector(15, 10, 15), ["v_reset"] = NirArray.Vector(0, 0, 0),
        });
        var graph = new NirGraph(
            [new("input", new NirNode("Input", new Dictionary<string, NirArray> { ["shape"] = NirArray.Vector(1) })),
             new("fan", new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix([[1.0], [1.0], [1.0]]) })),
             new("lif", lif)],
            [("input", "fan"), ("fan", "lif")]);
        string path = Path.Combine(Dir, "split.nir");
        NirFileWriter.Write(graph, path);
        Write("split.inputs.json", """{ "duration": "50 ms", "inputs": { "input": { "current": [ { "at": "0 ms", "amplitude": [10] } ] } } }""");

        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "run"), "--quiet");
        Assert.True(run.Code == 0, run.Err);
        var spikes = File.ReadAllLines(Path.Combine(Dir, "run", "spikes.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (T: double.Parse(f[0], CultureInfo.InvariantCulture), Pop: f[1], N: int.Parse(f[2], CultureInfo.InvariantCulture))).ToArray();
        double slow = 10 * Math.Log(4), fast = 10 * Math.Log(2);
        foreach (var (pop, n, period) in new[] { ("lif#0", 0, slow), ("lif#0", 1, slow), ("lif#1", 0, fast) })
        {
            double[] times = spikes.Where(s => s.Pop == pop && s.N == n).Select(s => s.T).ToArray();
            Assert.Equal((int)(50 / period), times.Length);
            for (int k = 0; k < times.Length; k++) Assert.Equal((k + 1) * period, times[k], 1e-12);
        }
    }

    [Fact]
    public void DelayNodeWithDifferentDelaysGivesOneProjectionPerDelay()
    {
        // a (LIF, 1) -> Linear [[1], [2]] -> Delay [1, 3] -> b (LIF, 2): b's neuron 0 after 1 ms with w 1, neuron 1 after 3 ms with w 2.
        NirNode Lif(int n) => new("LIF", new Dictionary<string, NirArray>
        {
            ["tau"] = NirArray.Vector(Enumerable.Repeat(10.0, n).ToArray()), ["r"] = NirArray.Vector(Enumerable.Repeat(1.0, n).ToArray()),
            ["v_leak"] = NirArray.Vector(new double[n]), ["v_threshold"] = NirArray.Vector(Enumerable.Repeat(1.0, n).ToArray()),
        });
        var graph = new NirGraph(
            [new("a", Lif(1)), new("w", new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix([[1.0], [2.0]]) })),
             new("d", new NirNode("Delay", new Dictionary<string, NirArray> { ["delay"] = NirArray.Vector(1, 3) })), new("b", Lif(2))],
            [("a", "w"), ("w", "d"), ("d", "b")]);
        var spec = SpikeSim.Modeling.ModelReader.Parse(NirImporter.Import(graph, "g.nir", new NirImportOptions()).ModelJson, "g.nir");
        var byDelay = spec.Projections.ToDictionary(p => ((SpikeSim.Modeling.ConstantValue)p.Delay).Value, p => ((SpikeSim.Modeling.MatrixValue)p.Weight).Rows);
        Assert.Equal([1.0, 3.0], byDelay.Keys.Order());
        Assert.Equal([[0.1], [0.0]], byDelay[1.0]);   // r w / tau = 1/10 mV onto neuron 0
        Assert.Equal([[0.0], [0.2]], byDelay[3.0]);   // 2/10 mV onto neuron 1
    }
}
