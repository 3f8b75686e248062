using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Robustness;

/// <summary>Contracts that held before projection names and weight matrices arrived, and must hold again.</summary>
public class RegressedContractsTests
{
    private const string TwoPathways = """
        [
          { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "100 pA", "delay": "1 ms" },
          { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "-100 pA", "delay": "2 ms" },
          { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "5 pA", "delay": "3 ms" }
        ]
        """;

    [Fact]
    public void UnnamedProjectionsBetweenTheSamePopulationsGetUniqueDefaultNamesInFileOrder()
    {
        ModelSpec spec = ModelReader.Parse(Model(TwoPathways), "test.json");
        Assert.Equal(["a-b", "a-b-2", "a-b-3"], spec.Projections.Select(p => p.Name));
    }

    [Fact]
    public void DefaultNamesStepAroundNamesTheUserWrote()
    {
        // The user wrote "a-b" for the last projection: the unnamed ones take the next free default names.
        string json = Model(TwoPathways.Replace("{ \"from\": \"a\", \"to\": \"b\", \"connect\": { \"rule\": \"all_to_all\" }, \"weight\": \"5 pA\"",
                                                "{ \"name\": \"a-b\", \"from\": \"a\", \"to\": \"b\", \"connect\": { \"rule\": \"all_to_all\" }, \"weight\": \"5 pA\""));
        ModelSpec spec = ModelReader.Parse(json, "test.json");
        Assert.Equal(["a-b-2", "a-b-3", "a-b"], spec.Projections.Select(p => p.Name));
    }

    [Fact]
    public void SetAddressesAProjectionByItsUniqueDefaultName()
    {
        ModelSpec spec = ModelReader.Parse(Model(TwoPathways), "test.json", ["projections.a-b-2.weight=-300 pA"]);
        Assert.Equal(-300.0, ((ConstantValue)spec.Projections[1].Weight).Value);
        Assert.Equal(100.0, ((ConstantValue)spec.Projections[0].Weight).Value);
    }

    [Fact]
    public void PerceptronWeightsWrittenInTheModelAreUsedInDoublePrecision()
    {
        // relu(0.4*2 + 0.6*1 - 0.7*1 + 1.1*3 + 0.24) = 4.24 in double arithmetic; float32 weights give 4.2400001585.
        const string json = """
            { "duration": "1 ms",
              "populations": [ { "name": "x", "size": 4, "neuron": { "model": "linear" } },
                               { "name": "y", "size": 1, "neuron": { "model": "relu", "bias": 0.24 } } ],
              "projections": [ { "from": "x", "to": "y", "weight": [[0.4, 0.6, -0.7, 1.1]] } ],
              "inputs": [ { "type": "values", "to": "x", "values": [2, 1, 1, 3] } ] }
            """;
        ArtificialResult r = new ArtificialSimulator(Network.Build(ModelReader.Parse(json, "test.json"))).Run();
        Assert.Equal(4.24, r.Values[4], 1e-12);
        Assert.Equal(0.4 * 2 + 0.6 * 1 - 0.7 * 1 + 1.1 * 3 + 0.24, r.Values[4], 1e-15);
    }

    [Theory]
    [InlineData("0.1", 8)]   // not a float: kept as a double, 8 bytes
    [InlineData("0.25", 4)]  // a float already: kept as a float, 4 bytes
    public void MatrixWeightsAreKeptExactlyAndCompactWhenTheyAreFloats(string weight, int weightBytes)
    {
        string json = Model($$"""[ { "from": "a", "to": "b", "weight": [["{{weight}} pA", "0 pA", "0 pA"], ["0 pA", "0 pA", "{{weight}} pA"]], "delay": "1 ms" } ]""");
        var table = Network.Build(ModelReader.Parse(json, "test.json")).Projections[0];
        Assert.Equal(double.Parse(weight, System.Globalization.CultureInfo.InvariantCulture), table.WeightOf(0));
        Assert.Equal(4L * (3 + 1) + 2L * 6 + weightBytes * 6L, table.Bytes); // row offsets, two-byte targets, weights
    }
}
