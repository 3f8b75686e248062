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
}
