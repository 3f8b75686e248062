using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

public class ModelValidationTests
{
    [Fact]
    public void UnknownFieldSuggestsTheClosestKnownOne()
    {
        string json = Model(neuronA: "\"tau_mm\": \"10 ms\"");
        var e = Fails(json);
        Assert.Equal("test.json", e.File);
        Assert.Equal("$.populations[0].neuron.tau_mm", e.JsonPath);
        Assert.Equal(LineOf(json, "tau_mm"), e.Line);
        Assert.StartsWith("unknown field \"tau_mm\"; did you mean \"tau_m\"? Known fields: model, psc, tau_m, ", e.Problem);
        Assert.Contains("tau_m, c_m, e_l", e.Problem);
        Assert.StartsWith($"test.json:{e.Line}: $.populations[0].neuron.tau_mm: unknown field", e.Message);
    }

    [Fact]
    public void UnknownFieldWithoutCloseMatchListsTheKnownOnes()
    {
        var e = Fails(Model().Replace("\"duration\"", "\"zzzzzzzz\": 1, \"duration\""));
        Assert.Equal("$.zzzzzzzz", e.JsonPath);
        Assert.DoesNotContain("did you mean", e.Problem);
        Assert.Contains("known fields: name, description, seed, duration, populations, projections, inputs, record", e.Problem);
    }

    [Theory]
    [InlineData("""{ "spikes": true, "ratez": { "bin": "1 ms" } }""", "$.record.ratez", "did you mean \"rates\"?")]
    [InlineData("""{ "rates": { "bins": "1 ms" } }""", "$.record.rates.bins", "did you mean \"bin\"?")]
    [InlineData("""{ "v": [ { "population": "a", "intervall": "1 ms" } ] }""", "$.record.v[0].intervall", "did you mean \"interval\"?")]
    public void UnknownFieldsAreRejectedAtEveryLevel(string record, string path, string hint)
    {
        var e = Fails(Model(record: record));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(hint, e.Problem);
    }

    [Fact]
    public void UnknownFieldInAnInputNamesTheType()
    {
        var e = Fails(Model(inputs: """[ { "type": "poisson", "to": "a", "rate": "1 Hz", "weight": "1 mV", "times": [] } ]"""));
        Assert.Equal("$.inputs[0].times", e.JsonPath);
        Assert.Contains("unknown field \"times\" for an input of type poisson", e.Problem);
    }

    [Fact]
    public void UnknownPopulationListsTheKnownOnes()
    {
        string json = Model("""
        [
          { "from": "a", "to": "c", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "1 ms" }
        ]
        """);
        var e = Fails(json);
        Assert.Equal("$.projections[0].to", e.JsonPath);
        Assert.Equal(LineOf(json, "\"to\": \"c\""), e.Line);
        Assert.Equal("unknown population \"c\"; known populations: a, b", e.Problem);
    }

    [Fact]
    public void UnknownPopulationInRecordIsRejected()
    {
        var e = Fails(Model(record: """{ "spikes": ["a", "bb"] }"""));
        Assert.Equal("$.record.spikes[1]", e.JsonPath);
        Assert.Contains("unknown population \"bb\"; did you mean \"b\"? Known populations: a, b", e.Problem);
    }

    [Fact]
    public void NegativeDelayIsRejected()
    {
        string json = Model("""
        [
          { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV",
            "delay": "-1 ms" }
        ]
        """);
        var e = Fails(json);
        Assert.Equal("$.projections[0].delay", e.JsonPath);
        Assert.Equal(LineOf(json, "\"delay\": \"-1 ms\""), e.Line);
        Assert.Equal("delay must be positive, got \"-1 ms\"", e.Problem);
    }

    [Theory]
    [InlineData("\"0 ms\"", "delay must be positive")]
    [InlineData("""{ "dist": "uniform", "low": "0 ms", "high": "2 ms" }""", "needs \"low\" > 0")]
    [InlineData("""{ "dist": "normal", "mean": "2 ms", "sd": "1 ms" }""", "needs \"min\" > 0")]
    [InlineData("""{ "dist": "normal", "mean": "2 ms", "sd": "1 ms", "min": "0 ms" }""", "needs \"min\" > 0")]
    [InlineData("""{ "dist": "lognormal", "mean": "-2 ms", "sd": "1 ms" }""", "positive mean")]
    public void DelaysThatCanBeNonPositiveAreRejected(string delay, string message)
    {
        var e = Fails(Model($$"""[ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": {{delay}} } ]"""));
        Assert.Equal("$.projections[0].delay", e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void WeightUnitMustMatchTheTargetPsc()
    {
        var e = Fails(Model("""[ { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "20 mV", "delay": "1 ms" } ]"""));
        Assert.Equal("$.projections[0].weight", e.JsonPath);
        Assert.Equal("weight of a projection onto \"b\" (psc exp) must be a current such as \"50 pA\", got \"20 mV\"", e.Problem);

        e = Fails(Model("""[ { "from": "b", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "20 pA", "delay": "1 ms" } ]"""));
        Assert.Equal("weight of a projection onto \"a\" (psc delta) must be a voltage such as \"-70 mV\", got \"20 pA\"", e.Problem);

        e = Fails(Model("""[ { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": { "dist": "normal", "mean": "1 mV", "sd": "1 pA" }, "delay": "1 ms" } ]"""));
        Assert.Equal("$.projections[0].weight.mean", e.JsonPath);
        Assert.Contains("must be a current", e.Problem);

        e = Fails(Model(inputs: """[ { "type": "poisson", "to": "b", "rate": "1 Hz", "weight": "1 mV" } ]"""));
        Assert.Equal("$.inputs[0].weight", e.JsonPath);
        Assert.Equal("weight of an input to \"b\" (psc exp) must be a current such as \"50 pA\", got \"1 mV\"", e.Problem);
    }

    [Fact]
    public void WrongDimensionAndMissingUnitOnParameters()
    {
        string json = Model(neuronA: "\"tau_m\": \"10 mV\"");
        var e = Fails(json);
        Assert.Equal("$.populations[0].neuron.tau_m", e.JsonPath);
        Assert.Equal(LineOf(json, "\"tau_m\""), e.Line);
        Assert.Equal("expected a time such as \"10 ms\", got \"10 mV\"", e.Problem);

        e = Fails(Model(neuronA: "\"tau_m\": 10"));
        Assert.Contains("expected a time such as \"10 ms\", got the number 10", e.Problem);
        Assert.Contains("\"10 ms\"", e.Problem);

        e = Fails(Model(neuronA: "\"c_m\": \"250 pf\""));
        Assert.Contains("unknown unit \"pf\" in \"250 pf\"", e.Problem);
        Assert.Contains("capacitance units are F, uF, nF, pF", e.Problem);
    }

    [Theory]
    [InlineData(""" "tau_m": "0 ms" """, "tau_m", "tau_m must be positive")]
    [InlineData(""" "c_m": "-1 pF" """, "c_m", "c_m must be positive")]
    [InlineData(""" "t_ref": "-1 ms" """, "t_ref", "t_ref must be >= 0")]
    [InlineData(""" "v_reset": "-50 mV" """, "v_reset", "v_reset (-50 mV) must be below v_th (-55 mV)")]
    [InlineData(""" "v_th": "-80 mV" """, "v_th", "v_reset (-70 mV) must be below v_th (-80 mV)")]
    [InlineData(""" "tau_syn_ex": "2 ms" """, "tau_syn_ex", "only used with \"psc\": \"exp\"")]
    [InlineData(""" "psc": "gamma" """, "psc", "unknown psc \"gamma\"")]
    [InlineData(""" "model": "lif2" """, "model", "unknown neuron model \"lif2\"; did you mean \"lif\"? Known: lif")]
    public void NeuronParameterRules(string field, string name, string message)
    {
        string json = Model().Replace("{ \"model\": \"lif\" }", "{ " + (field.Contains("model") ? field : "\"model\": \"lif\", " + field) + " }");
        var e = Fails(json);
        Assert.Equal("$.populations[0].neuron." + name, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void UnknownNeuronModel()
    {
        var e = Fails(Model().Replace("{ \"model\": \"lif\" }", "{ \"model\": \"x\" }"));
        Assert.Equal("unknown neuron model \"x\"; known: lif, lif_rate, step, sigmoid, tanh, relu, linear", e.Problem);
    }

    [Fact]
    public void VInitAboveThresholdIsAllowed()
    {
        ModelSpec m = ModelReader.Parse(Model(neuronA: "\"v_init\": \"0 mV\""), null);
        Assert.Equal(new ConstantValue(0), m.Populations[0].Neuron.VInitMv);
    }

    [Theory]
    [InlineData("""{ "dist": "uniform", "low": "1 mV", "high": "1 mV" }""", "$.populations[0].neuron.v_init.high", "must be above low")]
    [InlineData("""{ "dist": "normal", "mean": "1 mV", "sd": "-1 mV" }""", "$.populations[0].neuron.v_init.sd", "sd must be >= 0")]
    [InlineData("""{ "dist": "lognormal", "mean": "0 mV", "sd": "1 mV" }""", "$.populations[0].neuron.v_init.mean", "must not be 0")]
    [InlineData("""{ "dist": "normal", "mean": "1 mV", "sd": "1 mV", "min": "2 mV", "max": "1 mV" }""", "$.populations[0].neuron.v_init.max", "must be above min")]
    [InlineData("""{ "dist": "gauss", "mean": "1 mV", "sd": "1 mV" }""", "$.populations[0].neuron.v_init.dist", "unknown distribution \"gauss\"")]
    [InlineData("""{ "dist": "uniform", "mean": "1 mV", "sd": "1 mV" }""", "$.populations[0].neuron.v_init.mean", "unknown field \"mean\"")]
    [InlineData("""{ "dist": "normal", "mean": "1 mV" }""", "$.populations[0].neuron.v_init", "missing required field \"sd\"")]
    [InlineData("""{ "dist": "uniform", "low": "1 mV", "high": "2 mV", "max": "0 mV" }""", "$.populations[0].neuron.v_init", "exclude every value")]
    public void DistributionRules(string dist, string path, string message)
    {
        var e = Fails(Model(neuronA: "\"v_init\": " + dist));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Theory]
    [InlineData("""{ "rule": "one_to_one" }""", "$.projections[0].connect.rule", "one_to_one needs populations of equal size, but \"a\" has 3 neurons and \"b\" has 2")]
    [InlineData("""{ "rule": "random" }""", "$.projections[0].connect", "missing required field \"p\"")]
    [InlineData("""{ "rule": "random", "p": 1.5 }""", "$.projections[0].connect.p", "p must be in [0, 1], got 1.5")]
    [InlineData("""{ "rule": "random", "p": "0.1" }""", "$.projections[0].connect.p", "expected a number")]
    [InlineData("""{ "rule": "all_to_all", "p": 0.1 }""", "$.projections[0].connect.p", "p is only used with rule random")]
    [InlineData("""{ "rule": "fixed_indegree", "k": 4 }""", "$.projections[0].connect.k", "k = 4 exceeds the 3 possible sources in \"a\" (allow_multapses is false)")]
    [InlineData("""{ "rule": "fixed_outdegree", "k": 3 }""", "$.projections[0].connect.k", "k = 3 exceeds the 2 possible targets in \"b\"")]
    [InlineData("""{ "rule": "fixed_indegree", "k": 1.5 }""", "$.projections[0].connect.k", "expected an integer, got 1.5")]
    [InlineData("""{ "rule": "fixed_indegree", "k": -1 }""", "$.projections[0].connect.k", "expected an integer >= 0, got -1")]
    [InlineData("""{ "rule": "fixed_indegre", "k": 1 }""", "$.projections[0].connect.rule", "did you mean \"fixed_indegree\"?")]
    [InlineData("""{ "rule": "all_to_all", "allow_autapses": "yes" }""", "$.projections[0].connect.allow_autapses", "expected true or false, got \"yes\"")]
    public void ConnectRulesAreChecked(string connect, string path, string message)
    {
        var e = Fails(Model($$"""[ { "from": "a", "to": "b", "connect": {{connect}}, "weight": "1 pA", "delay": "1 ms" } ]"""));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void FixedIndegreeWithoutAutapsesCountsOneSourceLess()
    {
        string P(int k) => Model($$"""[ { "from": "a", "to": "a", "connect": { "rule": "fixed_indegree", "k": {{k}}, "allow_autapses": false }, "weight": "1 mV", "delay": "1 ms" } ]""");
        Assert.Equal(2, ModelReader.Parse(P(2), null).Projections[0].Connect.K);
        var e = Fails(P(3));
        Assert.Contains("k = 3 exceeds the 2 possible sources in \"a\" (allow_autapses is false, allow_multapses is false)", e.Problem);
    }

    [Fact]
    public void ProjectionNamesMustBeUnique()
    {
        var e = Fails(Model("""
        [
          { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "1 ms" },
          { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "2 mV", "delay": "1 ms" }
        ]
        """));
        Assert.Equal("$.projections[1]", e.JsonPath);
        Assert.Contains("projection name \"a-a\" is already used by $.projections[0]", e.Problem);
    }

    [Theory]
    [InlineData("\"a.b\"", "must not contain '.' or '='")]
    [InlineData("\"a=b\"", "must not contain '.' or '='")]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("5", "expected a string, got the number 5")]
    public void PopulationNames(string name, string message)
    {
        var e = Fails(Model().Replace("{ \"name\": \"a\",", "{ \"name\": " + name + ","));
        Assert.Equal("$.populations[0].name", e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void PopulationNamesMustBeUnique()
    {
        var e = Fails(Model().Replace("{ \"name\": \"a\",", "{ \"name\": \"b\","));
        Assert.Equal("$.populations[1].name", e.JsonPath);
        Assert.Equal("population name \"b\" is already used by $.populations[0]", e.Problem);
    }

    [Theory]
    [InlineData("0", "expected an integer >= 1, got 0")]
    [InlineData("2.5", "expected an integer, got 2.5")]
    [InlineData("\"3\"", "expected an integer, got \"3\"")]
    [InlineData("1e12", "1e12 is out of range (1 to 2147483647)")]
    public void PopulationSizes(string size, string message)
    {
        var e = Fails(Model().Replace("\"size\": 3", "\"size\": " + size));
        Assert.Equal("$.populations[0].size", e.JsonPath);
        Assert.Equal(message, e.Problem);
    }

    [Theory]
    [InlineData(""" "seed": -1, """, "$.seed", "expected an integer >= 0, got -1")]
    [InlineData(""" "seed": 18446744073709551616, """, "$.seed", "out of range")]
    [InlineData(""" "name": 3, """, "$.name", "expected a string")]
    [InlineData(""" "description": 3, """, "$.description", "expected a string (or an array of strings)")]
    public void TopLevelRules(string extra, string path, string message)
    {
        var e = Fails(Model().Replace("\"duration\"", extra + " \"duration\""));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void DurationIsRequiredAndPositive()
    {
        var e = Fails("""{ "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif" } } ] }""");
        Assert.Equal("$", e.JsonPath);
        Assert.Equal(1, e.Line);
        Assert.Equal("missing required field \"duration\"", e.Problem);

        e = Fails(Model().Replace("\"100 ms\"", "\"0 s\""));
        Assert.Equal("$.duration", e.JsonPath);
        Assert.Equal("duration must be positive, got \"0 s\"", e.Problem);
    }

    [Fact]
    public void PopulationsAreRequired()
    {
        var e = Fails("""{ "duration": "1 s", "populations": [] }""");
        Assert.Equal("$.populations", e.JsonPath);
        Assert.Contains("at least one population", e.Problem);

        e = Fails("""{ "duration": "1 s", "populations": {} }""");
        Assert.Equal("expected an array [ ... ], got an object", e.Problem);
    }

    [Fact]
    public void RootMustBeAnObject()
    {
        var e = Fails("[1, 2]");
        Assert.Equal("$", e.JsonPath);
        Assert.Contains("must be a JSON object", e.Problem);
    }

    [Theory]
    [InlineData("""{ "type": "spike_times", "to": "a", "neurons": [0, 1], "times": [["1 ms"]], "weight": "1 mV" }""", "$.inputs[0].times", "times has 1 lists but the input targets 2 neurons")]
    [InlineData("""{ "type": "spike_times", "to": "a", "times": ["1 ms"], "weight": ["1 mV", "2 mV"] }""", "$.inputs[0].weight", "weight has 2 values but the input targets 3 neurons")]
    [InlineData("""{ "type": "poisson", "to": "b", "neurons": [1], "rate": ["1 Hz", "2 Hz"], "weight": "1 pA" }""", "$.inputs[0].rate", "rate has 2 values but the input targets 1 neurons")]
    [InlineData("""{ "type": "current", "to": "b", "steps": [ { "at": "1 ms", "amplitude": ["1 pA"] } ] }""", "$.inputs[0].steps[0].amplitude", "amplitude has 1 values but the input targets 2 neurons")]
    public void PerNeuronArrayLengthMustMatch(string input, string path, string message)
    {
        var e = Fails(Model(inputs: "[" + input + "]"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Theory]
    [InlineData("""{ "type": "spike_times", "to": "a", "times": ["1 ms", "-1 ms"], "weight": "1 mV" }""", "$.inputs[0].times[1]", "spike times must be >= 0, got \"-1 ms\"")]
    [InlineData("""{ "type": "spike_times", "to": "a", "times": ["1 ms", ["2 ms"]], "weight": "1 mV" }""", "$.inputs[0].times[1]", "got an array")]
    [InlineData("""{ "type": "spike_times", "to": "a", "times": "1 ms", "weight": "1 mV" }""", "$.inputs[0].times", "expected an array of times")]
    [InlineData("""{ "type": "spike_times", "to": "a", "neurons": [0, 3], "times": [], "weight": "1 mV" }""", "$.inputs[0].neurons[1]", "neuron 3 is out of range: population \"a\" has 3 neurons (0 to 2)")]
    [InlineData("""{ "type": "spike_times", "to": "a", "neurons": [1, 1], "times": [], "weight": "1 mV" }""", "$.inputs[0].neurons[1]", "neuron 1 is listed twice")]
    [InlineData("""{ "type": "spike_times", "to": "a", "neurons": [], "times": [], "weight": "1 mV" }""", "$.inputs[0].neurons", "empty")]
    [InlineData("""{ "type": "poisson", "to": "a", "rate": "-1 Hz", "weight": "1 mV" }""", "$.inputs[0].rate", "rate must be >= 0")]
    [InlineData("""{ "type": "poisson", "to": "a", "rate": "1 Hz", "weight": "1 mV", "start": "5 ms", "stop": "4 ms" }""", "$.inputs[0].stop", "must not be before start")]
    [InlineData("""{ "type": "poisson", "to": "a", "rate": "1 Hz" }""", "$.inputs[0]", "missing required field \"weight\"")]
    [InlineData("""{ "type": "current", "to": "b", "steps": [ { "at": "2 ms", "amplitude": "1 pA" }, { "at": "2 ms", "amplitude": "2 pA" } ] }""", "$.inputs[0].steps[1].at", "step times must increase strictly")]
    [InlineData("""{ "type": "current", "to": "b", "steps": [] }""", "$.inputs[0].steps", "at least one step")]
    [InlineData("""{ "type": "current", "to": "b", "steps": [ { "at": "2 ms", "amplitude": "1 mV" } ] }""", "$.inputs[0].steps[0].amplitude", "expected a current")]
    [InlineData("""{ "type": "poison", "to": "a" }""", "$.inputs[0].type", "unknown input type \"poison\"; did you mean \"poisson\"? Known: spike_times, poisson, current")]
    [InlineData("""{ "to": "a" }""", "$.inputs[0]", "missing required field \"type\"")]
    public void InputRules(string input, string path, string message)
    {
        var e = Fails(Model(inputs: "[" + input + "]"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Theory]
    [InlineData("""{ "v": [ { "population": "a", "interval": "0 ms" } ] }""", "$.record.v[0].interval", "interval must be positive")]
    [InlineData("""{ "v": [ { "population": "a" } ] }""", "$.record.v[0]", "missing required field \"interval\"")]
    [InlineData("""{ "rates": { "bin": "-1 ms" } }""", "$.record.rates.bin", "bin must be positive")]
    [InlineData("""{ "spikes": "all" }""", "$.record.spikes", "or true (all) or false (none)")]
    [InlineData("""{ "spikes": ["a", "a"] }""", "$.record.spikes[1]", "listed twice")]
    [InlineData("""{ "connections": 1 }""", "$.record.connections", "expected true or false")]
    public void RecordRules(string record, string path, string message)
    {
        var e = Fails(Model(record: record));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Problem);
    }

    [Fact]
    public void MalformedJsonReportsTheLine()
    {
        const string json = "{\n  \"duration\": \"1 s\",\n  \"populations\": [\n    { \"name\": \"a\" \"size\": 1 }\n  ]\n}";
        var e = Fails(json);
        Assert.Equal(4, e.Line);
        Assert.Null(e.JsonPath);
        Assert.StartsWith("invalid JSON: ", e.Problem);
        Assert.DoesNotContain("LineNumber", e.Problem);
        Assert.StartsWith("test.json:4: invalid JSON", e.Message);
    }

    [Fact]
    public void EmptyTextIsInvalidJson()
    {
        var e = Fails("   ");
        Assert.StartsWith("invalid JSON", e.Problem);
    }

    [Fact]
    public void DuplicateFieldsAreRejected()
    {
        const string json = "{\n  \"duration\": \"1 s\",\n  \"duration\": \"2 s\",\n  \"populations\": []\n}";
        var e = Fails(json);
        Assert.Equal("$.duration", e.JsonPath);
        Assert.Equal(3, e.Line);
        Assert.Equal("duplicate field \"duration\"", e.Problem);
    }

    [Fact]
    public void SemanticErrorsReportTheLineOfTheValue()
    {
        const string json = """
        {
          "duration": "1 s",
          "populations": [
            { "name": "a", "size": 1, "neuron": { "model": "lif" } },
            {
              "name": "b",
              "size": 1,
              "neuron": {
                "model": "lif",
                "t_ref": "-2 ms"
              }
            }
          ]
        }
        """;
        var e = Fails(json);
        Assert.Equal("$.populations[1].neuron.t_ref", e.JsonPath);
        Assert.Equal(10, e.Line);
        Assert.Equal(LineOf(json, "t_ref"), e.Line);
    }

    [Fact]
    public void ArrayElementsHaveLines()
    {
        const string json = """
        {
          "duration": "1 s",
          "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif" } } ],
          "inputs": [ { "type": "spike_times", "to": "a", "weight": "1 mV", "times": [
            "1 ms",
            "2 ms",
            "-3 ms"
          ] } ]
        }
        """;
        var e = Fails(json);
        Assert.Equal("$.inputs[0].times[2]", e.JsonPath);
        Assert.Equal(7, e.Line);
    }

    [Fact]
    public void MissingFileIsReported()
    {
        string path = Path.Combine(Path.GetTempPath(), "spikesim-no-such-dir", "nope.json");
        var e = Assert.Throws<ModelException>(() => ModelReader.ReadFile(path));
        Assert.Equal(path, e.File);
        Assert.Null(e.JsonPath);
        Assert.Null(e.Line);
        Assert.Equal("file not found", e.Problem);
        Assert.Equal(path + ": file not found", e.Message);

        string missing = Path.Combine(Path.GetTempPath(), $"spikesim-{Guid.NewGuid():N}.json");
        Assert.Equal("file not found", Assert.Throws<ModelException>(() => ModelReader.ReadFile(missing)).Problem);
    }

    [Fact]
    public void ADirectoryIsNotAModel()
    {
        var e = Assert.Throws<ModelException>(() => ModelReader.ReadFile(Path.GetTempPath()));
        Assert.Contains("directory", e.Problem);
    }

    [Fact]
    public void ErrorsFromAFileNameTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"spikesim-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "{\n  \"duration\": \"10 mV\",\n  \"populations\": []\n}");
            var e = Assert.Throws<ModelException>(() => ModelReader.ReadFile(path));
            Assert.Equal(path, e.File);
            Assert.Equal(2, e.Line);
            Assert.Equal($"{path}:2: $.duration: expected a time such as \"10 ms\", got \"10 mV\"", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
