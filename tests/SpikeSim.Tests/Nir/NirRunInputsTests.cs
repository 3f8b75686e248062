using SpikeSim.Modeling;
using SpikeSim.Nir;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Nir;

/// <summary>The inputs side file of a NIR graph: Poisson trains, and errors that name the side file.</summary>
public sealed class NirRunInputsTests : CliTestBase
{
    private static NirNode Vec(string type, string field, params double[] values) =>
        new(type, new Dictionary<string, NirArray> { [field] = NirArray.Vector(values) });

    /// <summary>input (2 channels) -> Linear W -> [Delay] -> LIF (tau 10, r 1, 2 neurons): a weight w is a jump r w / tau = w / 10 mV.</summary>
    private string Graph(double[][] w, double? delay = null)
    {
        var lif = new NirNode("LIF", new Dictionary<string, NirArray>
        {
            ["tau"] = NirArray.Vector(10, 10), ["r"] = NirArray.Vector(1, 1), ["v_leak"] = NirArray.Vector(0, 0), ["v_threshold"] = NirArray.Vector(1, 1),
        });
        var nodes = new List<KeyValuePair<string, NirNode>>
        {
            new("input", Vec("Input", "shape", 2)),
            new("w", new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix(w) })),
            new("lif", lif),
        };
        var edges = new List<(string, string)> { ("input", "w") };
        if (delay is double d)
        {
            nodes.Add(new("d", Vec("Delay", "delay", d, d)));
            edges.AddRange([("w", "d"), ("d", "lif")]);
        }
        else edges.Add(("w", "lif"));
        string path = Path.Combine(Dir, "g.nir");
        NirFileWriter.Write(new NirGraph(nodes, edges), path);
        return path;
    }

    private static NirImportResult Import(string graph) => NirModelSource.Import(graph);

    [Fact]
    public void PoissonChannelsBecomePoissonInputsWithThePathsWeightsDelayAndTheSeed()
    {
        // Channel 0 -> neuron 0 with w 1 (0.1 mV), channel 1 -> neuron 1 with w 2 (0.2 mV), through a 1.5 ms Delay:
        // [10, 40) ms becomes [11.5, 41.5) ms at the targets.
        string graph = Graph([[1, 0], [0, 2]], delay: 1.5);
        Write("g.inputs.json", """
            { "seed": 7, "duration": "60 ms",
              "inputs": { "input": { "poisson": { "rate": ["20 Hz", "5 Hz"], "start": "10 ms", "stop": "40 ms" } } } }
            """);
        ModelSpec spec = ModelReader.Parse(Import(graph).ModelJson, graph);
        Assert.Equal(7UL, spec.Seed);
        var inputs = spec.Inputs.Cast<PoissonInput>().ToArray();
        Assert.Equal(2, inputs.Length);
        Assert.Equal([0], inputs[0].Neurons!);
        Assert.Equal([1], inputs[1].Neurons!);
        Assert.Equal(20.0, inputs[0].RateHz[0]);
        Assert.Equal(5.0, inputs[1].RateHz[0]);
        Assert.Equal(0.1, inputs[0].Weight[0], 1e-15);
        Assert.Equal(0.2, inputs[1].Weight[0], 1e-15);
        Assert.All(inputs, i => Assert.Equal((11.5, 41.5), (i.StartMs, i.StopMs)));

        var run = Spikesim("run", graph, "--out", Path.Combine(Dir, "run"), "--quiet");
        Assert.True(run.Code == 0, run.Err);
    }

    [Fact]
    public void APoissonChannelReachingSeveralNeuronsIsRefusedUnlessIndependentIsSaid()
    {
        // Channel 0 reaches both neurons: one NIR train shared by two targets, which SpikeSim's Poisson input does not draw.
        string graph = Graph([[1, 0], [3, 0]]);
        string side = Write("g.inputs.json", """{ "inputs": { "input": { "poisson": { "rate": "10 Hz" } } } }""");
        var refused = Spikesim("run", graph, "--out", Path.Combine(Dir, "run"));
        Assert.Equal(2, refused.Code);
        Assert.Contains($"{side}: $.inputs.input.poisson: channel 0 of Input 'input' reaches 2 neurons", refused.Err);
        Assert.Contains("\"independent\": true", refused.Err);

        Write("g.inputs.json", """{ "inputs": { "input": { "poisson": { "rate": "10 Hz", "independent": true } } } }""");
        NirImportResult result = Import(graph);
        Assert.Contains(result.Warnings, w => w.Contains("the same rates, not the same spikes"));
        var input = Assert.IsType<PoissonInput>(Assert.Single(ModelReader.Parse(result.ModelJson, graph).Inputs));
        Assert.Equal([0, 1], input.Neurons!);
        Assert.Equal(0.1, input.Weight[0], 1e-15);
        Assert.Equal(0.3, input.Weight[1], 1e-15);
    }

    [Theory]
    [InlineData("""{ "inputs": { "input": { "spikes": [["1 ms"]] } } }""", "$.inputs.input.spikes", "1 spike lists, but Input node 'input' of g.nir has 2 channels")]
    [InlineData("""{ "inputs": { "input": { "current": [ { "at": "0 ms", "amplitude": [1, 2, 3] } ] } } }""", "$.inputs.input.current[0].amplitude", "3 amplitudes, but Input node 'input' of g.nir has 2 channels")]
    [InlineData("""{ "inputs": { "input": { "poisson": { "rate": ["1 Hz", "2 Hz", "3 Hz"] } } } }""", "$.inputs.input.poisson.rate", "3 rates, but Input node 'input' of g.nir has 2 channels")]
    [InlineData("""{ "inputs": { "inptu": { "spikes": [[], []] } } }""", "$.inputs.inptu", "'inptu' is not an Input node of g.nir; did you mean \"input\"?")]
    [InlineData("""{ "inputs": { "input": { "poisson": { "rate": "10 mV" } } } }""", "$.inputs.input.poisson.rate", "expected a frequency such as \"20 Hz\", got \"10 mV\"")]
    [InlineData("""{ "inputs": { "input": { "poisson": { "rate": "10 Hz", "stop": "0 ms" } } } }""", "$.inputs.input.poisson.stop", "stop must be after start")]
    [InlineData("""{ "seed": -1 }""", "$.seed", "expected a non-negative integer")]
    public void ErrorsInTheInputsFileNameTheInputsFile(string inputs, string path, string problem)
    {
        string graph = Graph([[1, 0], [0, 1]]);
        string side = Write("g.inputs.json", inputs);
        var run = Spikesim("run", graph, "--out", Path.Combine(Dir, "run"));
        Assert.Equal(2, run.Code);
        Assert.Contains($"{side}: {path}: {problem}", run.Err);
    }
}
