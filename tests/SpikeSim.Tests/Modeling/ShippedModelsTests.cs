using System.Text.Json.Nodes;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

public class ShippedModelsTests
{
    private static ModelSpec Load(string file) => ModelReader.ReadFile(Path.Combine(ModelsDir, file));

    public static TheoryData<string> ModelFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(ModelsDir, "*.json").Order())
            if (!f.EndsWith(".schema.json", StringComparison.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void EveryShippedModelParsesAndPointsToTheSchema(string file)
    {
        ModelSpec m = Load(file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), m.Name);
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsDir, file)))!;
        Assert.Equal("./spikesim.schema.json", root["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void TheDocumentedModelsShip()
    {
        string[] shipped = [.. ModelFiles().Cast<object[]>().Select(r => (string)r[0])];
        foreach (string model in new[] { "benchmark4.json", "brunel2000.json", "cuba.json", "lif-dc.json", "perceptron.json", "two-neurons.json",
                                         "song2000-stdp.json", "structural.json" })
            Assert.Contains(model, shipped);
    }

    [Fact]
    public void SchemaIsDraft2020AndClosed()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsDir, "spikesim.schema.json")))!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.NotNull(schema["$defs"]!["lif"]!["properties"]!["tau_m"]);
        Assert.NotNull(schema["$defs"]!["time"]!["pattern"]);
    }

    [Fact]
    public void LifDc()
    {
        ModelSpec m = Load("lif-dc.json");
        Assert.Equal(100.0, m.DurationMs);
        var p = Assert.Single(m.Populations);
        Assert.Equal(1, p.Size);
        Assert.Equal(new LifSpec("delta", 10, 250, 0, 0, 15, 2, 1000, new ConstantValue(0), 2, 2), p.Neuron);
        Assert.Empty(m.Projections);
        Assert.Empty(m.Inputs);
        Assert.Equal([p.Name], m.Record.Spikes);
        var v = Assert.Single(m.Record.V);
        Assert.Equal([0], v.Neurons!);
        Assert.Equal(0.1, v.IntervalMs);
        Assert.Equal(10.0, m.Record.RateBinMs);
    }

    [Fact]
    public void TwoNeurons()
    {
        ModelSpec m = Load("two-neurons.json");
        Assert.Equal((7UL, 50.0), (m.Seed, m.DurationMs));
        Assert.Equal(["a", "b"], m.Populations.Select(p => p.Name));
        Assert.Equal(new ConstantValue(900), m.Projections[0].Weight);
        Assert.Equal(new ConstantValue(1.7), m.Projections[0].Delay);
        Assert.Equal([1.132123512, 3.2], ((SpikeTimesInput)m.Inputs[0]).TimesMs[0]);
        Assert.Equal(20000.0, ((PoissonInput)m.Inputs[1]).RateHz[0]);
        Assert.Equal(300.0, ((CurrentInput)m.Inputs[2]).Steps[0].AmplitudePa[0]);
        Assert.Equal(5.0, m.Record.RateBinMs);
    }

    [Fact]
    public void Brunel2000()
    {
        ModelSpec m = Load("brunel2000.json");
        Assert.Equal((1UL, 1000.0), (m.Seed, m.DurationMs));
        Assert.Equal([("exc", 10000), ("inh", 2500)], m.Populations.Select(p => (p.Name, p.Size)));
        var lif = new LifSpec("delta", 20, 250, 0, 10, 20, 2, 0, new ConstantValue(0), 2, 2);
        Assert.All(m.Populations, p => Assert.Equal(lif, p.Neuron));
        Assert.Equal(["exc-exc", "exc-inh", "inh-exc", "inh-inh"], m.Projections.Select(p => p.Name));
        foreach (var p in m.Projections)
        {
            bool exc = p.From == "exc";
            Assert.Equal(new ConnectSpec(ConnectRule.FixedIndegree, K: exc ? 1000 : 250, AllowAutapses: true, AllowMultapses: false), p.Connect);
            Assert.Equal(new ConstantValue(exc ? 0.1 : -0.5), p.Weight);
            Assert.Equal(new ConstantValue(1.5), p.Delay);
        }
        Assert.Equal(2, m.Inputs.Count);
        Assert.All(m.Inputs, i =>
        {
            var po = Assert.IsType<PoissonInput>(i);
            Assert.Equal(20000.0, po.RateHz[0]);
            Assert.Equal(0.1, po.Weight[0]);
            Assert.Null(po.Neurons);
        });
        Assert.Equal(["exc", "inh"], m.Inputs.Select(i => i.To));
        Assert.Equal(["exc", "inh"], m.Record.Spikes);
        Assert.Equal(1.0, m.Record.RateBinMs);
        var v = Assert.Single(m.Record.V);
        Assert.Equal(("exc", 0.1), (v.Population, v.IntervalMs));
        Assert.Equal([0, 1, 2], v.Neurons!);
    }

    [Fact]
    public void Cuba()
    {
        ModelSpec m = Load("cuba.json");
        Assert.Equal(1000.0, m.DurationMs);
        Assert.Equal([("exc", 3200), ("inh", 800)], m.Populations.Select(p => (p.Name, p.Size)));
        var lif = new LifSpec("exp", 20, 250, -49, -60, -50, 5, 0, new DistributionValue(DistributionKind.Uniform, -60, -50), 5, 10);
        Assert.All(m.Populations, p => Assert.Equal(lif, p.Neuron));
        Assert.Equal(4, m.Projections.Count);
        foreach (var p in m.Projections)
        {
            Assert.Equal(new ConnectSpec(ConnectRule.Random, P: 0.02), p.Connect);
            Assert.Equal(new ConstantValue(p.From == "exc" ? 20.25 : -112.5), p.Weight);
            Assert.Equal(new ConstantValue(0.1), p.Delay);
        }
        // The weights are Brian's voltage jumps times C_m / tau_m.
        Assert.Equal(1.62 * 250 / 20, ((ConstantValue)m.Projections[0].Weight).Value, 12);
        Assert.Equal(-9.0 * 250 / 20, ((ConstantValue)m.Projections[2].Weight).Value, 12);
    }

    [Fact]
    public void Benchmark4()
    {
        ModelSpec m = Load("benchmark4.json");
        Assert.Equal(1000.0, m.DurationMs);
        Assert.Equal([("exc", 3200), ("inh", 800)], m.Populations.Select(p => (p.Name, p.Size)));
        var lif = new LifSpec("delta", 20, 250, -49, -60, -50, 5, 0, new DistributionValue(DistributionKind.Uniform, -60, -50), 2, 2);
        Assert.All(m.Populations, p => Assert.Equal(lif, p.Neuron));
        foreach (var p in m.Projections)
        {
            Assert.Equal(new ConnectSpec(ConnectRule.Random, P: 0.02), p.Connect);
            Assert.Equal(new ConstantValue(p.From == "exc" ? 0.25 : -2.25), p.Weight);
            Assert.Equal(new ConstantValue(0.1), p.Delay);
        }
    }

    [Fact]
    public void ShippedModelsAcceptOverrides()
    {
        ModelSpec m = ModelReader.ReadFile(Path.Combine(ModelsDir, "brunel2000.json"),
            ["populations.exc.neuron.tau_m=15 ms", "projections.inh-exc.weight=-0.6 mV", "inputs.1.rate=10 kHz", "duration=0.2 s"]);
        Assert.Equal(15.0, m.Populations[0].Neuron.TauMMs);
        Assert.Equal(new ConstantValue(-0.6), m.Projections[2].Weight);
        Assert.Equal(10000.0, ((PoissonInput)m.Inputs[1]).RateHz[0]);
        Assert.Equal(200.0, m.DurationMs);
    }
}
