using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Artificial;

public class ArtificialModelTests
{
    private static ArtificialResult RunJson(string json, NeuronModel substitute = NeuronModel.LifRate) =>
        new ArtificialSimulator(Network.Build(ModelReader.Parse(json, "test.json")), new ArtificialOptions { LifSubstitute = substitute }).Run();

    [Fact]
    public void TextbookPerceptronGivesTwoPointTwo()
    {
        // relu(1.0 * 0.8 + 0.75 * 1.2 + 0.5) = 2.2
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelsDir, "perceptron.json"));
        ArtificialResult result = new ArtificialSimulator(Network.Build(spec)).Run();
        Assert.Equal(2.2, result.Values[2], 1e-12);
        Assert.Equal(2, result.Macs);
        Assert.False(result.Recurrent);
    }

    [Fact]
    public void WeightMatrixRowsAreTargetsAndColumnsSources()
    {
        const string json = """
            { "duration": "1 ms",
              "populations": [ { "name": "x", "size": 3, "neuron": { "model": "linear" } },
                               { "name": "y", "size": 2, "neuron": { "model": "linear", "gain": 2, "bias": -1 } } ],
              "projections": [ { "from": "x", "to": "y", "weight": [[1, 0, 0], [0, 10, 100]] } ],
              "inputs": [ { "type": "values", "to": "x", "values": [1, 2, 3] } ] }
            """;
        double[] v = RunJson(json).Values;
        Assert.Equal([1.0, 2.0, 3.0, 2 * 1.0 - 1, 2 * 320.0 - 1], v);
    }

    [Fact]
    public void RecurrentGraphTakesSynchronousSteps()
    {
        // x(k) = 0.5 x(k-1) + 1 with x(0) = 0: after n steps x = 2 (1 - 0.5^n); 10 ms / 2 ms = 5 steps.
        const string json = """
            { "duration": "10 ms", "dt": "2 ms",
              "populations": [ { "name": "x", "size": 1, "neuron": { "model": "linear" } } ],
              "projections": [ { "from": "x", "to": "x", "weight": [[0.5]] } ],
              "inputs": [ { "type": "values", "to": "x", "values": 1 } ] }
            """;
        ArtificialResult r = RunJson(json);
        Assert.True(r.Recurrent);
        Assert.Equal(5, r.Steps);
        Assert.Equal(5, r.Macs);
        Assert.Equal(2 * (1 - Math.Pow(0.5, 5)), r.Values[0], 15);
    }

    [Fact]
    public void RecurrentLifRateRelaxesWithTauM()
    {
        // y(k) = y(k-1) + a (f - y(k-1)), a = dt / tau_m = 0.1: after n steps y = f (1 - 0.9^n).
        LifSpec lif = LifSpec.Default("delta");
        var spec = SpecBuilder.Model(30, [new PopulationSpec("p", 1, lif)],
            [new ProjectionSpec("p-p", "p", "p", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(0), new ConstantValue(1))],
            [new CurrentInput("p", null, [new CurrentStep(0, PerNeuron.Of(1000))])]);
        ArtificialResult r = new ArtificialSimulator(Network.Build(spec)).Run();
        Assert.Equal(30, r.Steps);
        Assert.Equal(new LifRate(lif).Activate(1000) * (1 - Math.Pow(0.9, 30)), r.Values[0], 10);
    }

    [Fact]
    public void ChangingLifToReluIsTheWholeSwitch()
    {
        // The same file with "model": "relu": LIF fields stay, a weight of "2 mV" acts as 2, Poisson r*w = 100 Hz * 0.5.
        string Json(string model) => $$"""
            { "duration": "100 ms",
              "populations": [ { "name": "a", "size": 1, "neuron": { "model": "{{model}}", "tau_m": "20 ms" } },
                               { "name": "b", "size": 1, "neuron": { "model": "{{model}}", "tau_m": "20 ms" } } ],
              "projections": [ { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "2 mV", "delay": "1 ms" } ],
              "inputs": [ { "type": "poisson", "to": "a", "rate": "100 Hz", "weight": "0.5 mV" } ] }
            """;
        Assert.Null(ModelReader.Parse(Json("lif"), "t.json").Populations[0].Activation);
        ModelSpec relu = ModelReader.Parse(Json("relu"), "t.json");
        Assert.Equal(20.0, relu.Populations[0].Neuron.TauMMs);
        Assert.Equal([50.0, 100.0], RunJson(Json("relu")).Values);
    }

    [Fact]
    public void SpikingEngineRefusesArtificialPopulations()
    {
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelsDir, "perceptron.json"));
        var e = Assert.Throws<ModelException>(() => new Simulator(Network.Build(spec), new SimulationOptions()));
        Assert.Contains("--mode artificial", e.Message);
        Assert.Equal("$.populations[0].neuron.model", e.JsonPath);
    }

    [Theory]
    [InlineData("""[[1, 2], [1, 2, 3]]""", "row 0 has 2 weights but \"a\" has 3 neurons")]
    [InlineData("""[[1, 2, 3]]""", "one row per target neuron: \"y\" has 2")]
    [InlineData("""[[1, 2, 3], [1, "x", 3]]""", "$.projections[0].weight[1][1]")]
    public void MismatchedMatrixNamesTheProblem(string matrix, string expected)
    {
        string json = $$"""
            { "duration": "1 ms",
              "populations": [ { "name": "a", "size": 3, "neuron": { "model": "linear" } }, { "name": "y", "size": 2, "neuron": { "model": "relu" } } ],
              "projections": [ { "from": "a", "to": "y", "weight": {{matrix}} } ] }
            """;
        Assert.Contains(expected, Fails(json).Message);
    }

    [Fact]
    public void ModelErrorsForTheArtificialFields()
    {
        Assert.Contains("unknown neuron model \"relux\"", Fails(Model().Replace("\"model\": \"lif\"", "\"model\": \"relux\"")).Message);
        Assert.Contains("leave \"connect\" out or use rule all_to_all",
            Fails(Model("""[{ "from": "a", "to": "a", "connect": { "rule": "one_to_one" }, "weight": [["1 mV","1 mV","1 mV"],["1 mV","1 mV","1 mV"],["1 mV","1 mV","1 mV"]], "delay": "1 ms" }]""")).Message);
        Assert.Contains("values for \"a\"", Fails(Model(inputs: """[{ "type": "values", "to": "a", "values": 3 }]""")).Message);
        Assert.Contains("$.dt", Fails(Model().Replace("\"duration\"", "\"dt\": \"-1 ms\", \"duration\"")).Message);
    }

    [Fact]
    public void SpikeTimesAndCurrentsMapToTheirMeans()
    {
        // 4 spikes in 200 ms = 20 Hz through w = 0.5: 10; a current of 30 from 100 ms of 200 ms: mean 15.
        var spec = SpecBuilder.Model(200,
            [new PopulationSpec("a", 1, LifSpec.Default("delta"), new ActivationSpec(NeuronModel.Linear)),
             new PopulationSpec("b", 1, LifSpec.Default("delta"), new ActivationSpec(NeuronModel.Linear))],
            inputs: [new SpikeTimesInput("a", null, [[1, 2, 3, 150]], PerNeuron.Of(0.5)),
                     new CurrentInput("b", null, [new CurrentStep(100, PerNeuron.Of(30))])]);
        Assert.Equal([10.0, 15.0], new ArtificialSimulator(Network.Build(spec)).Run().Values);
    }
}
