using System.Text.Json.Nodes;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

public class ModelOverridesTests
{
    private static readonly string Projections = """
    [
      { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "10 pA", "delay": "1 ms" },
      { "name": "rec", "from": "a", "to": "a", "connect": { "rule": "random", "p": 0.1 }, "weight": "1 mV", "delay": "1 ms" }
    ]
    """;

    private static readonly string Inputs = """[ { "type": "poisson", "to": "a", "rate": "5 Hz", "weight": "1 mV" } ]""";

    private static ModelSpec Read(params string[] overrides) =>
        ModelReader.Parse(Model(Projections, Inputs, record: """{ "rates": { "bin": "5 ms" } }"""), "m.json", overrides);

    [Fact]
    public void SetsByPopulationName()
    {
        ModelSpec m = Read("populations.b.neuron.tau_m=15 ms");
        Assert.Equal(15.0, m.Populations[1].Neuron.TauMMs);
        Assert.Equal(10.0, m.Populations[0].Neuron.TauMMs);
    }

    [Fact]
    public void SetsTopLevelValues()
    {
        ModelSpec m = Read("duration=2 s", "seed=5", "name=\"renamed\"");
        Assert.Equal(2000.0, m.DurationMs);
        Assert.Equal(5UL, m.Seed);
        Assert.Equal("renamed", m.Name);
    }

    [Fact]
    public void SetsByIndexAndByDefaultOrExplicitProjectionName()
    {
        ModelSpec m = Read("inputs.0.rate=10 Hz", "projections.a-b.delay=2 ms", "projections.rec.connect.p=0.25", "projections.1.weight=3 mV");
        Assert.Equal(10.0, ((PoissonInput)m.Inputs[0]).RateHz[0]);
        Assert.Equal(new ConstantValue(2.0), m.Projections[0].Delay);
        Assert.Equal(0.25, m.Projections[1].Connect.P);
        Assert.Equal(new ConstantValue(3.0), m.Projections[1].Weight);
    }

    [Fact]
    public void SetsNestedRecordValues()
    {
        Assert.Equal(2.0, Read("record.rates.bin=2 ms").Record.RateBinMs);
    }

    [Fact]
    public void AddsAMissingLeafField()
    {
        ModelSpec m = Read("populations.a.neuron.e_l=-60 mV");
        Assert.Equal(-60.0, m.Populations[0].Neuron.ELMv);
        Assert.Equal(new ConstantValue(-60.0), m.Populations[0].Neuron.VInitMv);
    }

    [Fact]
    public void AddedUnknownFieldIsReportedAsSetWithSet()
    {
        var e = Assert.Throws<ModelException>(() => Read("populations.a.neuron.tau_mm=15 ms"));
        Assert.Equal("$.populations[0].neuron.tau_mm", e.JsonPath);
        Assert.Null(e.Line);
        Assert.Contains("did you mean \"tau_m\"?", e.Problem);
        Assert.EndsWith("(set with --set)", e.Problem);
    }

    [Fact]
    public void InvalidValueFromAnOverrideHasNoLine()
    {
        var e = Assert.Throws<ModelException>(() => Read("duration=10 mV"));
        Assert.Equal("$.duration", e.JsonPath);
        Assert.Null(e.Line);
        Assert.Equal("expected a time such as \"10 ms\", got \"10 mV\" (set with --set)", e.Problem);
        Assert.Equal("m.json: $.duration: expected a time such as \"10 ms\", got \"10 mV\" (set with --set)", e.Message);
    }

    [Fact]
    public void CrossFieldErrorsBlameTheOverriddenField()
    {
        var e = Assert.Throws<ModelException>(() => ModelReader.Parse(Model(neuronA: "\"v_reset\": \"-70 mV\""), "m.json", ["populations.a.neuron.v_th=-75 mV"]));
        Assert.Equal("$.populations[0].neuron.v_th", e.JsonPath);
        Assert.Equal("v_reset (-70 mV) must be below v_th (-75 mV) (set with --set)", e.Problem);
    }

    [Fact]
    public void ValueIsJsonWhenItParsesAsJson()
    {
        // 15 parses as a JSON number: a quantity needs a unit, so this is an error ...
        var e = Assert.Throws<ModelException>(() => Read("populations.a.neuron.tau_m=15"));
        Assert.Contains("got the number 15", e.Problem);
        // ... a quoted string is a string ...
        Assert.Equal(15.0, Read("populations.a.neuron.tau_m=\"15 ms\"").Populations[0].Neuron.TauMMs);
        // ... and objects, arrays and booleans are JSON too.
        ModelSpec m = Read(
            "populations.a.neuron.v_init={\"dist\": \"uniform\", \"low\": \"-70 mV\", \"high\": \"-60 mV\"}",
            "record.spikes=[\"b\"]",
            "record.connections=true");
        Assert.Equal(new DistributionValue(DistributionKind.Uniform, -70, -60), m.Populations[0].Neuron.VInitMv);
        Assert.Equal(["b"], m.Record.Spikes);
        Assert.True(m.Record.Connections);
    }

    [Fact]
    public void NullResetsToTheDefault()
    {
        ModelSpec m = Read("populations.a.neuron.tau_m=12 ms", "populations.a.neuron.tau_m=null");
        Assert.Equal(10.0, m.Populations[0].Neuron.TauMMs);
    }

    [Fact]
    public void ReplacesAnArrayElement()
    {
        ModelSpec m = Read("populations.b.neuron.tau_m=3 ms", "inputs.0={\"type\": \"poisson\", \"to\": \"b\", \"rate\": \"1 Hz\", \"weight\": \"2 pA\"}");
        Assert.Equal("b", m.Inputs[0].To);
        Assert.Equal(3.0, m.Populations[1].Neuron.TauMMs);
    }

    [Theory]
    [InlineData("populations.c.neuron.tau_m=1 ms", "no element named \"c\"")]
    [InlineData("populations.5.size=1", "has 2 elements, so there is no index 5")]
    [InlineData("projections.b-a.delay=1 ms", "$.projections has no element named \"b-a\"; use a name or a 0-based index (names: a-b, rec)")]
    [InlineData("record.v.0.interval=1 ms", "$.record has no field \"v\"; to add it, set the whole object")]
    [InlineData("populations.a.neuronn.tau_m=1 ms", "$.populations[0] has no field \"neuronn\"; did you mean \"neuron\"?")]
    [InlineData("record.nothing.bin=1 ms", "$.record has no field \"nothing\"")]
    [InlineData("duration.x=1", "$.duration is a string, not an object or array")]
    [InlineData("duration", "expected PATH=VALUE")]
    [InlineData("=5", "PATH before '=' is empty")]
    [InlineData("populations..size=5", "empty segment")]
    public void InvalidOverridesNameTheOverride(string assignment, string message)
    {
        var e = Assert.Throws<ModelException>(() => Read(assignment));
        Assert.Equal("m.json", e.File);
        Assert.Null(e.Line);
        Assert.StartsWith($"--set \"{assignment}\": ", e.Problem);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void ApplyReturnsTheCanonicalPath()
    {
        JsonObject root = ModelReader.ParseTree(Model(Projections, Inputs), "m.json");
        Assert.Equal("$.populations[1].neuron.tau_m", ModelOverrides.Apply(root, "populations.b.neuron.tau_m=15 ms", "m.json"));
        Assert.Equal("$.projections[0].delay", ModelOverrides.Apply(root, "$.projections.a-b.delay=2 ms", "m.json"));
        Assert.Equal("$.inputs[0]", ModelOverrides.Apply(root, "inputs.0={}", "m.json"));
        Assert.Equal("15 ms", root["populations"]![1]!["neuron"]!["tau_m"]!.GetValue<string>());
    }

    [Fact]
    public void ParseValue()
    {
        Assert.Equal("15 ms", ModelOverrides.ParseValue(" 15 ms ")!.GetValue<string>());
        Assert.Equal(15.0, ModelOverrides.ParseValue("15")!.GetValue<double>());
        Assert.Equal("15", ModelOverrides.ParseValue("\"15\"")!.GetValue<string>());
        Assert.True(ModelOverrides.ParseValue("true")!.GetValue<bool>());
        Assert.Null(ModelOverrides.ParseValue("null"));
        Assert.IsType<JsonArray>(ModelOverrides.ParseValue("[1, 2]"));
        Assert.Equal("[1, 2", ModelOverrides.ParseValue("[1, 2")!.GetValue<string>());
    }

    [Fact]
    public void OverridesOfALineNumberedFileKeepOtherLines()
    {
        string json = Model(Projections, Inputs);
        var e = Assert.Throws<ModelException>(() => ModelReader.Parse(json.Replace("\"5 Hz\"", "\"-5 Hz\""), "m.json", ["duration=2 s"]));
        Assert.Equal("$.inputs[0].rate", e.JsonPath);
        Assert.Equal(LineOf(json, "\"rate\""), e.Line);
        Assert.DoesNotContain("--set", e.Problem);
    }
}
