using SpikeSim.Nir;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Nir;

/// <summary>Graphs SpikeSim must refuse with exit 2, naming the node and what it expected.</summary>
public sealed class NirBadInputTests : CliTestBase
{
    [Theory]
    [InlineData("not_hdf5.nir", "not an HDF5 file")]
    [InlineData("unknown_primitive.nir", "mystery: unknown NIR primitive 'Spiky'")]
    [InlineData("cycle.nir", "a cycle without a delay: loop_lif -> loop_lif")]
    [InlineData("mismatch.nir", "w_bad: mismatched shapes: edge (input, w_bad) carries 1 values")]
    [InlineData("missing_param.nir", "lif_no_th: LIF node is missing its 'v_threshold' parameter")]
    [InlineData("norse_like_s.nir", "1/tau: tau = 0.0024999999441206455 is implausibly short in ms")]
    public void BadGraphExitsTwoNamingTheNode(string graph, string expected)
    {
        var run = Spikesim("nir", "import", NirExactnessTests.Fixture(graph), "--out", Path.Combine(Dir, "m.json"));
        Assert.Equal(2, run.Code);
        Assert.Contains(expected, run.Err);
        Assert.False(File.Exists(Path.Combine(Dir, "m.json")));
    }

    [Fact]
    public void SecondsGraphImportsWhenTheUnitIsGiven()
    {
        // Norse's tau = 0.0025 s is 2.5 ms once --time-unit s is said.
        var run = Spikesim("nir", "import", NirExactnessTests.Fixture("norse_like_s.nir"), "--out", Path.Combine(Dir, "m.json"), "--time-unit", "s");
        Assert.True(run.Code == 0, run.Err);
        var spec = SpikeSim.Modeling.ModelReader.ReadFile(Path.Combine(Dir, "m.json"));
        Assert.Equal(2.5, spec.Populations[0].Neuron.TauMMs, 1e-6);
    }

    [Fact]
    public void NestedGraphIsFlattenedAndAffineBiasIsAConstantCurrent()
    {
        var nested = Spikesim("nir", "import", NirExactnessTests.Fixture("nested.nir"), "--out", Path.Combine(Dir, "n.json"));
        Assert.True(nested.Code == 0, nested.Err);
        var spec = SpikeSim.Modeling.ModelReader.ReadFile(Path.Combine(Dir, "n.json"));
        Assert.Equal("sub/lif", Assert.Single(spec.Populations).Name);

        var bias = Spikesim("nir", "import", NirExactnessTests.Fixture("affine_bias.nir"), "--out", Path.Combine(Dir, "b.json"));
        Assert.True(bias.Code == 0, bias.Err);
        var b = SpikeSim.Modeling.ModelReader.ReadFile(Path.Combine(Dir, "b.json"));
        var current = Assert.IsType<SpikeSim.Modeling.CurrentInput>(Assert.Single(b.Inputs));
        Assert.Equal([10.0, 5.0], current.Steps[0].AmplitudePa.Values);
    }

    [Theory]
    [InlineData("\"psc\": \"alpha\"", "$.populations[0].neuron.psc", "psc \"alpha\" has no NIR primitive")]
    [InlineData("\"psc\": \"cond_exp\"", "$.populations[0].neuron.psc", "psc \"cond_exp\" has no NIR primitive")]
    [InlineData("\"psc\": \"exp\", \"b\": \"50 pA\"", "$.populations[0].neuron", "adaptation (a, b) has no NIR primitive")]
    public void ExportRefusesNeuronsNirCannotHold(string neuron, string path, string expected)
    {
        string json = Path.Combine(Dir, "m.json");
        File.WriteAllText(json, $$"""
            { "name": "m", "duration": "10 ms",
              "populations": [ { "name": "p", "size": 2, "neuron": { "model": "lif", {{neuron}} } } ] }
            """);
        var run = Spikesim("nir", "export", json, "--out", Path.Combine(Dir, "m.nir"));
        Assert.Equal(2, run.Code);
        Assert.Contains(path, run.Err);
        Assert.Contains(expected, run.Err);
        Assert.False(File.Exists(Path.Combine(Dir, "m.nir")));
    }

    private static NirGraph Graph(params (string Name, NirNode Node)[] nodes) => new(
        nodes.Select(n => new KeyValuePair<string, NirNode>(n.Name, n.Node)).ToList(),
        nodes.Zip(nodes.Skip(1), (a, b) => (a.Name, b.Name)).ToList());

    private static NirNode Lif(string type) => new(type, new Dictionary<string, NirArray>
    {
        ["tau"] = NirArray.Vector(10), ["r"] = NirArray.Vector(1), ["v_leak"] = NirArray.Vector(0), ["v_threshold"] = NirArray.Vector(1),
    });

    [Fact]
    public void ThresholdNodeIsRefusedNamingIt()
    {
        var graph = Graph(("in", new NirNode("Input", new Dictionary<string, NirArray> { ["shape"] = NirArray.Vector(1) })),
                          ("thr", new NirNode("Threshold", new Dictionary<string, NirArray> { ["threshold"] = NirArray.Vector(1) })), ("lif", Lif("LIF")));
        var e = Assert.Throws<SpikeSim.Modeling.ModelException>(() => NirImporter.Import(graph, "g.nir", new NirImportOptions()));
        Assert.Equal("thr", e.JsonPath);
        Assert.Contains("Threshold", e.Problem);
    }

    [Fact]
    public void LeakyIntegratorFeedingANeuronIsRefused()
    {
        // LI outputs a voltage; SpikeSim carries only spikes between populations.
        var graph = Graph(("li", Lif("LI")), ("w", new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix([[1.0]]) })), ("lif", Lif("LIF")));
        var e = Assert.Throws<SpikeSim.Modeling.ModelException>(() => NirImporter.Import(graph, "g.nir", new NirImportOptions()));
        Assert.Equal("li", e.JsonPath);
        Assert.Contains("may only feed Output nodes", e.Problem);
    }

    [Fact]
    public void TimeUnitComesFromTheGraphMetadataAndAnImplausibleExplicitUnitIsWarned()
    {
        var lif = Lif("LIF");
        var inSeconds = new NirGraph([new("lif", lif)], [], new Dictionary<string, string> { [NirImporter.TimeUnitKey] = "s" });
        var spec = SpikeSim.Modeling.ModelReader.Parse(NirImporter.Import(inSeconds, "g.nir", new NirImportOptions()).ModelJson, "g");
        Assert.Equal(10_000, spec.Populations[0].Neuron.TauMMs); // tau = 10 in seconds

        var slow = new NirNode("LIF", lif.Parameters.ToDictionary(p => p.Key, p => p.Key == "tau" ? NirArray.Vector(20) : p.Value));
        var said = NirImporter.Import(new NirGraph([new("lif", slow)], []), "g.nir", new NirImportOptions { TimeUnit = "s" });
        Assert.Contains(said.Warnings, w => w.Contains("tau = 20 s is implausibly long"));
    }

    [Fact]
    public void BadInputsFileExitsTwoNamingTheField()
    {
        string graph = Path.Combine(Dir, "g.nir");
        File.Copy(NirExactnessTests.Fixture("lif_step.nir"), graph);
        Write("g.inputs.json", """{ "inputs": { "input": { "current": [ { "at": "5 mV", "amplitude": [1] } ] } } }""");
        var run = Spikesim("run", graph, "--out", Path.Combine(Dir, "run"));
        Assert.Equal(2, run.Code);
        Assert.Contains("$.inputs.input.current[0].at", run.Err);
    }
}
