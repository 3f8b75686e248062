using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Connectivity;

public class TopologyModelTests : CliTestBase
{
    /// <summary>Populations a (10 neurons) and b (4), each with the given positions field (or none).</summary>
    private static string Spatial(string connect, string positionsA = "", string positionsB = "", string delay = "") =>
        $$"""
        {
          "duration": "100 ms",
          "populations": [
            { "name": "a", "size": 10, "neuron": { "model": "lif" }{{(positionsA.Length > 0 ? ", \"positions\": " + positionsA : "")}} },
            { "name": "b", "size": 4, "neuron": { "model": "lif" }{{(positionsB.Length > 0 ? ", \"positions\": " + positionsB : "")}} }
          ],
          "projections": [ { "from": "a", "to": "a", "connect": {{connect}}, "weight": "1 mV"{{(delay.Length > 0 ? ", \"delay\": " + delay : "")}} } ]
        }
        """;

    private const string Grid = """{ "layout": "grid", "extent": "1 mm" }""";

    [Fact]
    public void TheThreeRulesParseWithTheirUnits()
    {
        ModelSpec sw = ModelReader.Parse(Spatial("""{ "rule": "small_world", "k": 4, "p": 0.1 }""", delay: "\"1 ms\""), "m.json");
        Assert.Equal(new ConnectSpec(ConnectRule.SmallWorld, 0.1, 4, false, false), sw.Projections[0].Connect);
        ModelSpec sf = ModelReader.Parse(Spatial("""{ "rule": "scale_free", "m": 2 }""", delay: "\"1 ms\""), "m.json");
        Assert.Equal(2, sf.Projections[0].Connect.M);
        ModelSpec d = ModelReader.Parse(Spatial("""{ "rule": "distance", "p0": 0.5, "lambda": "0.2 mm", "velocity": "3 mm/ms", "allow_autapses": false }""",
                                                Grid), "m.json");
        Assert.Equal(new DistanceSpec(0.5, 200, 3), d.Projections[0].Connect.Distance);
        Assert.Equal(new ConstantValue(0), d.Projections[0].Delay); // synaptic delay: optional, default 0
        Assert.Equal(new PositionSpec(PositionLayout.Grid, 1000), d.Populations[0].Positions);
        ModelSpec e = ModelReader.Parse(Spatial("""{ "rule": "distance", "p0": 1, "lambda": "50 um", "velocity": "1 m/s" }""",
            """{ "layout": "explicit", "coordinates": [["0 um", "0 um"], ["1 mm", "0 um", "2 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"], ["0 um","0 um"]] }""",
            delay: "\"0.5 ms\""), "m.json");
        Assert.Equal([0, 0, 0, 1000, 0, 2], e.Populations[0].Positions!.CoordinatesUm![..6]);
    }

    [Theory]
    [InlineData("""{ "rule": "small_world", "k": 3, "p": 0.1 }""", "", "$.projections[0].connect.k", "must be even and at least 2, got 3")]
    [InlineData("""{ "rule": "small_world", "k": 10, "p": 0.1 }""", "", "$.projections[0].connect.k", "k = 10 must be below the population size (10 neurons in \"a\")")]
    [InlineData("""{ "rule": "small_world", "k": 4, "p": 1.5 }""", "", "$.projections[0].connect.p", "the rewiring probability p must be in [0, 1], got 1.5")]
    [InlineData("""{ "rule": "small_world", "k": 4 }""", "", "$.projections[0].connect", "missing required field \"p\"")]
    [InlineData("""{ "rule": "small_world", "k": 4, "p": 0.1, "m": 2 }""", "", "$.projections[0].connect.m", "m is only used with rule scale_free")]
    [InlineData("""{ "rule": "scale_free", "m": 0 }""", "", "$.projections[0].connect.m", "expected an integer >= 1, got 0")]
    [InlineData("""{ "rule": "scale_free", "m": 10 }""", "", "$.projections[0].connect.m", "needs more than m neurons, but \"a\" has 10")]
    [InlineData("""{ "rule": "scale_free", "m": 2, "k": 2 }""", "", "$.projections[0].connect.k", "k is only used with rules")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 m/s" }""", "", "$.projections[0].connect.rule", "rule distance needs positions for population \"a\"")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "0 m/s" }""", Grid, "$.projections[0].connect.velocity", "velocity must be positive (real axons: 0.6 to 120 m/s), got \"0 m/s\"")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 ms" }""", Grid, "$.projections[0].connect.velocity", "expected a velocity such as \"1 m/s\"")]
    [InlineData("""{ "rule": "distance", "p0": 1.2, "lambda": "100 um", "velocity": "1 m/s" }""", Grid, "$.projections[0].connect.p0", "p0 must be in [0, 1], got 1.2")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "-1 um", "velocity": "1 m/s" }""", Grid, "$.projections[0].connect.lambda", "lambda must be positive")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 m/s" }""", Grid, "$.projections[0].connect", "an autapse joins a neuron to itself at distance 0")]
    [InlineData("""{ "rule": "random", "p": 0.5, "velocity": "1 m/s" }""", "", "$.projections[0].connect.velocity", "velocity is only used with rule distance")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 m/s", "allow_autapses": false }""", """{ "layout": "hex", "extent": "1 mm" }""", "$.populations[0].positions.layout", "unknown layout \"hex\"")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 m/s", "allow_autapses": false }""", """{ "layout": "grid", "extent": "1 ms" }""", "$.populations[0].positions.extent", "expected a length such as \"100 um\"")]
    [InlineData("""{ "rule": "distance", "p0": 0.5, "lambda": "100 um", "velocity": "1 m/s", "allow_autapses": false }""", """{ "layout": "explicit", "coordinates": [["1 um", "2 um"]] }""", "$.populations[0].positions.coordinates", "expected one coordinate list per neuron (10), got 1")]
    public void BadTopologyParametersNameFileAndPath(string connect, string positions, string path, string message)
    {
        var e = Fails(Spatial(connect, positions));
        Assert.Equal("test.json", e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void GraphRulesNeedOnePopulation()
    {
        string json = Spatial("""{ "rule": "scale_free", "m": 2 }""", delay: "\"1 ms\"").Replace("\"to\": \"a\"", "\"to\": \"b\"");
        var e = Fails(json);
        Assert.Equal("$.projections[0].connect.rule", e.JsonPath);
        Assert.Contains("scale_free builds a graph within one population", e.Problem);
    }

    [Fact]
    public void CoincidentNeuronsWithoutSynapticDelayFailAtBuildNamingTheProjection()
    {
        // Neuron 0 of a sits at the centre of the first cell of a 4-column grid (125 um, 125 um), where b puts its neuron 0.
        const string b = """{ "layout": "explicit", "coordinates": [["125 um", "125 um"], ["0 um", "0 um"], ["0 um", "0 um"], ["0 um", "0 um"]] }""";
        string json = Spatial("""{ "rule": "distance", "p0": 1, "lambda": "1 mm", "velocity": "1 m/s" }""", Grid, b)
            .Replace("\"to\": \"a\"", "\"to\": \"b\"");
        ModelSpec spec = ModelReader.Parse(json, "test.json");
        var e = Assert.Throws<ModelException>(() => Network.Build(spec));
        Assert.Equal("$.projections[0].delay", e.JsonPath);
        Assert.Contains("neuron 0 of \"a\" and neuron 0 of \"b\" are 0 um apart", e.Problem);
    }

    [Fact]
    public void ValidateExitsWith2OnABadRule()
    {
        string model = Write("bad.json", Spatial("""{ "rule": "small_world", "k": 5, "p": 0.1 }""", delay: "\"1 ms\""));
        CliRun run = Spikesim("validate", model);
        Assert.Equal(2, run.Code);
        Assert.Contains("bad.json", run.Err);
        Assert.Contains("$.projections[0].connect.k", run.Err);
    }
}
