using System.Globalization;
using SpikeSim.Modeling;
using SpikeSim.Nir;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Nir;

/// <summary>NIR's Threshold: an identity after a spiking node, upward crossings after LI or I, refused elsewhere.</summary>
public sealed class NirThresholdTests : CliTestBase
{
    private static Dictionary<string, NirArray> Fields(params (string Name, double[] Values)[] fields) =>
        fields.ToDictionary(f => f.Name, f => NirArray.Vector(f.Values));

    private static NirNode Node(string type, params (string, double[])[] fields) => new(type, Fields(fields));

    private static NirNode Linear(double w) => new("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix([[w]]) });

    private static NirNode Lif(double tau, double r, double threshold) =>
        Node("LIF", ("tau", [tau]), ("r", [r]), ("v_leak", [0]), ("v_threshold", [threshold]));

    private static NirGraph Graph(IEnumerable<(string, NirNode)> nodes, params (string, string)[] edges) =>
        new([.. nodes.Select(n => new KeyValuePair<string, NirNode>(n.Item1, n.Item2))], edges);

    private static NirImportResult Import(NirGraph graph) => NirImporter.Import(graph, "g.nir", new NirImportOptions());

    private double[] Spikes(string runDir, string population) =>
        [.. File.ReadAllLines(Path.Combine(runDir, "spikes.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] == population).Select(f => double.Parse(f[0], CultureInfo.InvariantCulture))];

    [Fact]
    public void ThresholdAfterLeakyIntegratorSpikesAtEachUpwardCrossingWithoutReset()
    {
        // input -> Linear 1 -> LI (tau 10, r 2, v_leak 0) -> Threshold 15 -> Linear 20 -> LIF (tau 10, r 1, threshold 1).
        // I = 10 on [5, 30) and from 50 ms: v rises towards r I = 20 and crosses 15 at 5 + 10 ln 4 (one spike, no reset:
        // v goes on to 20 - 20 e^-2.5 at 30 ms); it falls below 15 at 30 + 10 ln(v(30)/15), and from v(50) = v(30) e^-2 it
        // crosses again at 50 + 10 ln((20 - v(50)) / 5). Each spike lifts the LIF by r w / tau = 2 >= 1: it fires 0.1 ms later.
        var graph = Graph(
            [("input", Node("Input", ("shape", [1]))), ("w_in", Linear(1)),
             ("li", Node("LI", ("tau", [10]), ("r", [2]), ("v_leak", [0]))), ("thr", Node("Threshold", ("threshold", [15]))),
             ("w_out", Linear(20)), ("lif", Lif(10, 1, 1)), ("out", Node("Output", ("shape", [1])))],
            ("input", "w_in"), ("w_in", "li"), ("li", "thr"), ("thr", "w_out"), ("w_out", "lif"), ("lif", "out"));
        string path = Path.Combine(Dir, "li_thr.nir");
        NirFileWriter.Write(graph, path);
        Write("li_thr.inputs.json", """
            { "duration": "80 ms",
              "inputs": { "input": { "current": [ { "at": "5 ms", "amplitude": [10] }, { "at": "30 ms", "amplitude": [0] }, { "at": "50 ms", "amplitude": [10] } ] } } }
            """);
        string model = Path.Combine(Dir, "li_thr.json");
        var import = Spikesim("nir", "import", path, "--out", model);
        Assert.True(import.Code == 0, import.Err);
        LifSpec li = ModelReader.ReadFile(model).Populations.Single(p => p.Name == "li").Neuron;
        Assert.Equal("delta_crossing", li.Psc);
        Assert.Equal(15, li.VThMv);

        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "run"), "--quiet", "--threads", "1");
        Assert.True(run.Code == 0, run.Err);
        double v30 = 20 - 20 * Math.Exp(-2.5), v50 = v30 * Math.Exp(-2);
        double[] expected = [5 + 10 * Math.Log(4), 50 + 10 * Math.Log((20 - v50) / 5)];
        double[] crossings = Spikes(Path.Combine(Dir, "run"), "li"), relayed = Spikes(Path.Combine(Dir, "run"), "lif");
        Assert.Equal(expected.Length, crossings.Length);
        Assert.Equal(expected.Length, relayed.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], crossings[k], 1e-12);
            Assert.Equal(expected[k] + NirImporter.DefaultEdgeDelayMs, relayed[k], 1e-12);
        }
    }

    [Fact]
    public void ThresholdAfterASpikingNodeIsAnIdentity()
    {
        // a -> Threshold 0.5 -> Linear 3 -> b is the same model as a -> Linear 3 -> b (Θ(s - θ) of a spike train, θ >= 0).
        var with = Graph([("a", Lif(10, 1, 1)), ("thr", Node("Threshold", ("threshold", [0.5]))), ("w", Linear(3)), ("b", Lif(20, 2, 1))],
                         ("a", "thr"), ("thr", "w"), ("w", "b"));
        var without = Graph([("a", Lif(10, 1, 1)), ("w", Linear(3)), ("b", Lif(20, 2, 1))], ("a", "w"), ("w", "b"));
        Assert.Equal(Import(without).ModelJson, Import(with).ModelJson);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "after-linear", "thr", "a Threshold directly after Linear 'w'" },
        { "after-cubali", "thr", "a Threshold after CubaLI 'cli'" },
        { "negative-after-lif", "thr/threshold", "needs thresholds >= 0" },
        { "two-inputs", "thr", "'thr' has 2 incoming edges" },
        { "shape", "thr/threshold", "mismatched shapes: LI 'li' has 1 neurons but the threshold has shape (2,)" },
        { "two-levels", "thr2", "LI 'li' feeds Threshold nodes with different thresholds" },
        { "li-without-threshold", "li", "outputs its voltage, not spikes" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ThresholdsSpikeSimCannotRepresentAreRefusedNamingTheNode(string pattern, string path, string expected)
    {
        NirNode li = Node("LI", ("tau", [10]), ("r", [1]), ("v_leak", [0]));
        NirNode thr = Node("Threshold", ("threshold", [1]));
        NirGraph graph = pattern switch
        {
            "after-linear" => Graph([("a", Lif(10, 1, 1)), ("w", Linear(2)), ("thr", thr), ("b", Lif(10, 1, 1))], ("a", "w"), ("w", "thr"), ("thr", "b")),
            "after-cubali" => Graph([("cli", Node("CubaLI", ("tau_syn", [2]), ("tau_mem", [10]), ("r", [1]), ("v_leak", [0]))), ("thr", thr), ("b", Lif(10, 1, 1))],
                                    ("cli", "thr"), ("thr", "b")),
            "negative-after-lif" => Graph([("a", Lif(10, 1, 1)), ("thr", Node("Threshold", ("threshold", [-1]))), ("b", Lif(10, 1, 1))], ("a", "thr"), ("thr", "b")),
            "two-inputs" => Graph([("a", Lif(10, 1, 1)), ("c", Lif(10, 1, 1)), ("thr", thr), ("b", Lif(10, 1, 1))], ("a", "thr"), ("c", "thr"), ("thr", "b")),
            "shape" => Graph([("li", li), ("thr", Node("Threshold", ("threshold", [1, 2]))), ("b", Lif(10, 1, 1))], ("li", "thr"), ("thr", "b")),
            "two-levels" => Graph([("li", li), ("thr", thr), ("thr2", Node("Threshold", ("threshold", [2]))), ("b", Lif(10, 1, 1))],
                                  ("li", "thr"), ("li", "thr2"), ("thr", "b"), ("thr2", "b")),
            // A crossing LI still outputs its voltage on a path without the Threshold.
            _ => Graph([("li", li), ("thr", thr), ("w", Linear(1)), ("b", Lif(10, 1, 1))], ("li", "thr"), ("thr", "b"), ("li", "w"), ("w", "b")),
        };
        var e = Assert.Throws<ModelException>(() => Import(graph));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(expected, e.Problem);
    }

    [Fact]
    public void ThresholdAfterLinearExitsTwoNamingTheNode()
    {
        var graph = Graph([("input", Node("Input", ("shape", [1]))), ("w", Linear(1)), ("thr", Node("Threshold", ("threshold", [1]))), ("b", Lif(10, 1, 1))],
                          ("input", "w"), ("w", "thr"), ("thr", "b"));
        string path = Path.Combine(Dir, "bad.nir");
        NirFileWriter.Write(graph, path);
        var run = Spikesim("nir", "import", path, "--out", Path.Combine(Dir, "m.json"));
        Assert.Equal(2, run.Code);
        Assert.Contains("thr: a Threshold directly after Linear 'w'", run.Err);
        Assert.Contains("expected it directly after a neuron node", run.Err);
    }
}
