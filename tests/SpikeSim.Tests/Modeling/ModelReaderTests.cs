using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

public class ModelReaderTests
{
    [Fact]
    public void ReadsTheExampleWithInternalUnits()
    {
        const string json = """
        {
          "name": "two-neurons", "seed": 7, "duration": "50 ms",
          "populations": [
            { "name": "a", "size": 1,
              "neuron": { "model": "lif", "psc": "delta", "tau_m": "10 ms", "c_m": "250 pF", "e_l": "0 mV",
                          "v_reset": "0 mV", "v_th": "15 mV", "t_ref": "2 ms", "i_e": "0 pA", "v_init": "0 mV" } },
            { "name": "b", "size": 1, "neuron": { "model": "lif", "psc": "exp", "tau_syn_ex": "2 ms", "tau_syn_in": "3 ms" } }
          ],
          "projections": [
            { "from": "a", "to": "b", "connect": { "rule": "one_to_one" }, "weight": "900 pA", "delay": "1.7 ms" }
          ],
          "inputs": [
            { "type": "spike_times", "to": "a", "neurons": [0], "times": ["3.2 ms", "1.132123512 ms"], "weight": "20 mV" },
            { "type": "poisson", "to": "b", "rate": "20 kHz", "weight": "50 pA" },
            { "type": "current", "to": "b", "steps": [ { "at": "10 ms", "amplitude": "300 pA" } ] }
          ],
          "record": { "spikes": ["a", "b"], "v": [ { "population": "a", "neurons": [0], "interval": "0.1 ms" } ], "rates": { "bin": "5 ms" } }
        }
        """;
        ModelSpec m = ModelReader.Parse(json, "x/two.json");
        Assert.Equal("two-neurons", m.Name);
        Assert.Equal(7UL, m.Seed);
        Assert.Equal(50.0, m.DurationMs);
        Assert.Equal("x/two.json", m.SourcePath);

        Assert.Equal(2, m.Populations.Count);
        var a = m.Populations[0];
        Assert.Equal(("a", 1), (a.Name, a.Size));
        Assert.Equal(new LifSpec("delta", 10, 250, 0, 0, 15, 2, 0, new ConstantValue(0), 2, 2), a.Neuron);
        var b = m.Populations[1].Neuron;
        Assert.Equal("exp", b.Psc);
        Assert.Equal(2.0, b.TauSynExMs);
        Assert.Equal(3.0, b.TauSynInMs);
        Assert.Equal(1, m.PopulationIndex("b"));

        var proj = Assert.Single(m.Projections);
        Assert.Equal("a-b", proj.Name);
        Assert.Equal(new ConnectSpec(ConnectRule.OneToOne), proj.Connect);
        Assert.Equal(new ConstantValue(900), proj.Weight);
        Assert.Equal(new ConstantValue(1.7), proj.Delay);

        Assert.Equal(3, m.Inputs.Count);
        var st = Assert.IsType<SpikeTimesInput>(m.Inputs[0]);
        Assert.Equal("a", st.To);
        Assert.Equal([0], st.Neurons!);
        var times = Assert.Single(st.TimesMs);
        Assert.Equal([1.132123512, 3.2], times); // sorted
        Assert.Equal([20.0], st.Weight.Values);
        var po = Assert.IsType<PoissonInput>(m.Inputs[1]);
        Assert.Null(po.Neurons);
        Assert.Equal(20000.0, po.RateHz[0]);
        Assert.Equal(50.0, po.Weight[0]);
        Assert.Equal(0.0, po.StartMs);
        Assert.Equal(double.PositiveInfinity, po.StopMs);
        var cu = Assert.IsType<CurrentInput>(m.Inputs[2]);
        var step = Assert.Single(cu.Steps);
        Assert.Equal(10.0, step.AtMs);
        Assert.Equal(300.0, step.AmplitudePa[0]);

        Assert.Equal(["a", "b"], m.Record.Spikes);
        var v = Assert.Single(m.Record.V);
        Assert.Equal("a", v.Population);
        Assert.Equal([0], v.Neurons!);
        Assert.Equal(0.1, v.IntervalMs);
        Assert.Equal(5.0, m.Record.RateBinMs);
        Assert.False(m.Record.Connections);
    }

    [Fact]
    public void DefaultsAreNestsAndVInitFollowsEL()
    {
        ModelSpec m = ModelReader.Parse(Model(neuronA: "\"e_l\": \"-65 mV\""), "dir/my-model.json");
        Assert.Equal("my-model", m.Name);
        Assert.Equal(1UL, m.Seed);
        var a = m.Populations[0].Neuron;
        Assert.Equal("delta", a.Psc);
        Assert.Equal(10.0, a.TauMMs);
        Assert.Equal(250.0, a.CmPf);
        Assert.Equal(-65.0, a.ELMv);
        Assert.Equal(-70.0, a.VResetMv);
        Assert.Equal(-55.0, a.VThMv);
        Assert.Equal(2.0, a.TRefMs);
        Assert.Equal(0.0, a.IEPa);
        Assert.Equal(new ConstantValue(-65.0), a.VInitMv);
        Assert.Equal(2.0, a.TauSynExMs);
        Assert.Equal(2.0, a.TauSynInMs);
        Assert.Equal(LifSpec.Default("exp"), m.Populations[1].Neuron);
    }

    [Fact]
    public void AbsentRecordRecordsAllSpikes()
    {
        ModelSpec m = ModelReader.Parse(Model(), null);
        Assert.Equal("model", m.Name);
        Assert.Equal(["a", "b"], m.Record.Spikes);
        Assert.Empty(m.Record.V);
        Assert.Null(m.Record.RateBinMs);
        Assert.False(m.Record.Connections);
    }

    [Theory]
    [InlineData("{}", new string[0])]
    [InlineData("{ \"spikes\": false }", new string[0])]
    [InlineData("{ \"spikes\": true }", new[] { "a", "b" })]
    [InlineData("{ \"spikes\": [\"b\"] }", new[] { "b" })]
    public void RecordSpikes(string record, string[] expected)
    {
        ModelSpec m = ModelReader.Parse(Model(record: record), null);
        Assert.Equal(expected, m.Record.Spikes);
    }

    [Fact]
    public void RecordConnectionsAndVOfAllNeurons()
    {
        ModelSpec m = ModelReader.Parse(Model(record: """{ "connections": true, "v": [ { "population": "b", "interval": "1 ms" } ] }"""), null);
        Assert.True(m.Record.Connections);
        Assert.Null(m.Record.V[0].Neurons);
        Assert.Equal(1.0, m.Record.V[0].IntervalMs);
    }

    [Fact]
    public void CommentsTrailingCommasSchemaAndDescriptionAreAccepted()
    {
        const string json = """
        // a model
        {
          "$schema": "./spikesim.schema.json",
          "description": ["line one", "line two"],
          /* block
             comment */
          "duration": "1 s", // one second
          "populations": [ { "name": "p", "size": 2, "neuron": { "model": "lif", }, }, ],
        }
        """;
        ModelSpec m = ModelReader.Parse(json, null);
        Assert.Equal(1000.0, m.DurationMs);
        Assert.Equal(2, m.Populations[0].Size);
        Assert.Empty(m.Projections);
        Assert.Empty(m.Inputs);
    }

    [Fact]
    public void NullMeansDefault()
    {
        ModelSpec m = ModelReader.Parse(Model(neuronA: "\"tau_m\": null"), null);
        Assert.Equal(10.0, m.Populations[0].Neuron.TauMMs);
    }

    [Fact]
    public void Distributions()
    {
        string projections = """
        [
          { "from": "a", "to": "a", "connect": { "rule": "random", "p": 0.5 },
            "weight": { "dist": "normal", "mean": "0.1 mV", "sd": "0.02 mV", "min": "0 mV" },
            "delay": { "dist": "uniform", "low": "1 ms", "high": "2 ms" } },
          { "from": "a", "to": "b", "connect": { "rule": "all_to_all" },
            "weight": { "dist": "lognormal", "mean": "-50 pA", "sd": "10 pA", "max": "0 pA" },
            "delay": { "dist": "normal", "mean": "1.5 ms", "sd": "0.5 ms", "min": "0.1 ms", "max": "3 ms" } },
          { "name": "ln", "from": "b", "to": "a", "connect": { "rule": "all_to_all" },
            "weight": "1 mV", "delay": { "dist": "lognormal", "mean": "1 ms", "sd": "0.5 ms" } }
        ]
        """;
        ModelSpec m = ModelReader.Parse(Model(projections, neuronA: """ "v_init": { "dist": "uniform", "low": "-70 mV", "high": "-60 mV" } """), null);
        Assert.Equal(new DistributionValue(DistributionKind.Uniform, -70, -60), m.Populations[0].Neuron.VInitMv);
        Assert.False(m.Populations[0].Neuron.VInitMv.IsConstant);
        Assert.Equal(new DistributionValue(DistributionKind.Normal, 0.1, 0.02, 0, double.PositiveInfinity), m.Projections[0].Weight);
        Assert.Equal(new DistributionValue(DistributionKind.Uniform, 1, 2), m.Projections[0].Delay);
        Assert.Equal(new ConnectSpec(ConnectRule.Random, P: 0.5), m.Projections[0].Connect);
        Assert.Equal(new DistributionValue(DistributionKind.LogNormal, -50, 10, double.NegativeInfinity, 0), m.Projections[1].Weight);
        Assert.Equal(new DistributionValue(DistributionKind.Normal, 1.5, 0.5, 0.1, 3), m.Projections[1].Delay);
        Assert.Equal("ln", m.Projections[2].Name);
        Assert.Equal(new DistributionValue(DistributionKind.LogNormal, 1, 0.5), m.Projections[2].Delay);
    }

    [Fact]
    public void ConnectRulesAndOptions()
    {
        string projections = """
        [
          { "from": "a", "to": "a", "connect": { "rule": "fixed_indegree", "k": 2, "allow_autapses": false }, "weight": "1 mV", "delay": "1 ms" },
          { "from": "a", "to": "b", "connect": { "rule": "fixed_outdegree", "k": 5, "allow_multapses": true }, "weight": "1 pA", "delay": "1 ms" }
        ]
        """;
        ModelSpec m = ModelReader.Parse(Model(projections), null);
        Assert.Equal(new ConnectSpec(ConnectRule.FixedIndegree, K: 2, AllowAutapses: false), m.Projections[0].Connect);
        Assert.Equal(new ConnectSpec(ConnectRule.FixedOutdegree, K: 5, AllowMultapses: true), m.Projections[1].Connect);
    }

    [Fact]
    public void PerNeuronInputValues()
    {
        string inputs = """
        [
          { "type": "spike_times", "to": "a", "neurons": [2, 0], "times": [["5 ms", "1 ms"], []], "weight": ["1 mV", "2 mV"] },
          { "type": "poisson", "to": "b", "rate": ["10 Hz", "1 kHz"], "weight": "5 pA", "start": "10 ms", "stop": "20 ms" },
          { "type": "current", "to": "b", "neurons": [1], "steps": [ { "at": "0 ms", "amplitude": ["1 nA"] }, { "at": "5 ms", "amplitude": "0 pA" } ] }
        ]
        """;
        ModelSpec m = ModelReader.Parse(Model(inputs: inputs), null);
        var st = (SpikeTimesInput)m.Inputs[0];
        Assert.Equal([2, 0], st.Neurons!);
        Assert.Equal(2, st.TimesMs.Length);
        Assert.Equal([1.0, 5.0], st.TimesMs[0]);
        Assert.Empty(st.TimesMs[1]);
        Assert.Equal(2.0, st.Weight[1]);
        var po = (PoissonInput)m.Inputs[1];
        Assert.Equal([10.0, 1000.0], po.RateHz.Values);
        Assert.Equal((10.0, 20.0), (po.StartMs, po.StopMs));
        var cu = (CurrentInput)m.Inputs[2];
        Assert.Equal(1000.0, cu.Steps[0].AmplitudePa[0]);
        Assert.Equal(5.0, cu.Steps[1].AtMs);
    }

    [Fact]
    public void IntegersWrittenWithExponentsAreAccepted()
    {
        ModelSpec m = ModelReader.Parse(Model().Replace("\"size\": 3", "\"size\": 3e0").Replace("\"duration\"", "\"seed\": 18446744073709551615, \"duration\""), null);
        Assert.Equal(3, m.Populations[0].Size);
        Assert.Equal(ulong.MaxValue, m.Seed);
    }

    [Fact]
    public void ReadFileReadsAFileWithABom()
    {
        string path = Path.Combine(Path.GetTempPath(), $"spikesim-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, Model(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            ModelSpec m = ModelReader.ReadFile(path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), m.Name);
            Assert.Equal(path, m.SourcePath);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseTreeAndInterpretGiveTheSameModel()
    {
        var tree = ModelReader.ParseTree(Model(), "t.json");
        ModelOverrides.Apply(tree, "duration=2 s", "t.json");
        ModelSpec m = ModelReader.Interpret(tree, "t.json");
        Assert.Equal(2000.0, m.DurationMs);
        Assert.Equal("t", m.Name);
    }
}
