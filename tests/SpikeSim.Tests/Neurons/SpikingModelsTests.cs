using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Units;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Neurons;

/// <summary>The registry of spiking models: what each model declares, and that the reader, the artificial mode and the units follow it.</summary>
public class SpikingModelsTests
{
    public static TheoryData<string> Pscs() => [.. SpikingModels.PscsOf(LifModel.Name)];

    [Fact]
    public void RegistryHasOneModelPerPscAndFindsThem()
    {
        Assert.Equal(["delta", "exp"], SpikingModels.PscsOf("lif").Take(2));
        Assert.Equal(SpikingModels.All.Count, SpikingModels.All.Select(m => (m.Model, m.Psc)).Distinct().Count());
        foreach (SpikingModel m in SpikingModels.All)
            Assert.Same(m, SpikingModels.Find(m.Model, m.Psc));
        Assert.Null(SpikingModels.Find("lif", "nope"));
        Assert.Throws<ArgumentException>(() => SpikingModels.Of(LifSpec.Default("delta") with { Psc = "nope" }));
    }

    [Theory]
    [MemberData(nameof(Pscs))]
    public void EveryModelDeclaresDistinctParametersAndVFirst(string psc)
    {
        SpikingModel m = SpikingModels.Find("lif", psc)!;
        Assert.Equal(m.Parameters.Count, m.Parameters.Select(p => p.Name).Distinct().Count());
        Assert.Equal("v", m.StateVariables[0].Name);
        Assert.Equal(Dimension.Voltage, m.StateVariables[0].Dimension);
        // Every model takes the shared membrane group, first.
        Assert.Equal(["tau_m", "c_m", "e_l", "v_reset", "v_th", "t_ref", "i_e"], m.Parameters.Take(7).Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Pscs))]
    public void DefaultsAreTheDeclaredDefaultsAndTheReadersOnEmptyNeuron(string psc)
    {
        SpikingModel m = SpikingModels.Find("lif", psc)!;
        LifSpec d = LifSpec.Default(psc);
        foreach (NeuronParameter p in m.Parameters) Assert.Equal(p.Default, d.Parameter(p.Name));
        Assert.Equal(new ConstantValue(-70), d.VInitMv);
        var read = ModelReader.Parse($$"""{ "duration": "1 ms", "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "psc": "{{psc}}" } } ] }""", "t.json");
        Assert.Equal(d, read.Populations[0].Neuron);
    }

    [Theory]
    [MemberData(nameof(Pscs))]
    public void ReaderRefusesOutOfRangeValuesOfEveryDeclaredParameter(string psc)
    {
        SpikingModel m = SpikingModels.Find("lif", psc)!;
        foreach (NeuronParameter p in m.Parameters.Where(p => p.Range != ParameterRange.Any))
        {
            string unit = UnitTable.InternalUnit(p.Dimension);
            string json = $$"""{ "duration": "1 ms", "populations": [ { "name": "a", "size": 1, "neuron": { "model": "lif", "psc": "{{psc}}", "{{p.Name}}": "-1 {{unit}}" } } ] }""";
            var e = Assert.Throws<ModelException>(() => ModelReader.Parse(json, "t.json"));
            Assert.Equal($"$.populations[0].neuron.{p.Name}", e.JsonPath);
            Assert.StartsWith($"{p.Name} must be", e.Problem);
        }
    }

    [Fact]
    public void ReaderReadsEveryDeclaredParameterIntoTheSpec()
    {
        // tau_syn_in = 7 ms lands in the typed field; the value comes back by name.
        var spec = ModelReader.Parse(Model(neuronB: "\"tau_syn_in\": \"7 ms\", \"i_e\": \"0.5 nA\""), "t.json");
        LifSpec b = spec.Populations[1].Neuron;
        Assert.Equal(7.0, b.TauSynInMs);
        Assert.Equal(7.0, b.Parameter("tau_syn_in"));
        Assert.Equal(500.0, b.Parameter("i_e"));
        Assert.Throws<ArgumentException>(() => b.Parameter("no_such_field"));
    }

    [Fact]
    public void WeightUnitsAndChargePerSpikeComeFromTheModel()
    {
        LifSpec delta = LifSpec.Default("delta"), exp = LifSpec.Default("exp") with { TauSynExMs = 3, TauSynInMs = 7 };
        Assert.Equal("mV", delta.Model.WeightUnit);
        Assert.Equal("pA", exp.Model.WeightUnit);
        Assert.Equal(250.0 * 0.5, delta.Model.ChargePerSpikeFc(delta, 0.5)); // C_m w
        Assert.Equal(40.0 * 3, exp.Model.ChargePerSpikeFc(exp, 40));        // w tau_syn_ex
        Assert.Equal(-40.0 * 7, exp.Model.ChargePerSpikeFc(exp, -40));      // w tau_syn_in
    }

    [Fact]
    public void RateCurveIsTheLifClosedForm()
    {
        // V_inf = -70 + (10/250)(500) = -50 mV > -55: f = 1000 / (2 + 10 ln((-50 + 70)/(-50 + 55)))
        LifSpec lif = LifSpec.Default("exp");
        Assert.Equal(1000.0 / (2 + 10 * Math.Log(20.0 / 5.0)), lif.Model.RateHz(lif, 500), 12);
        Assert.Equal(0.0, lif.Model.RateHz(lif, 100));
    }

    [Fact]
    public void ExtraParametersKeepValueEquality()
    {
        var a = ParameterSet.Of([new("x", 1.0), new("a", 2.0)]);
        var b = ParameterSet.Empty.With("a", 2.0).With("x", 1.0);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.With("x", 3.0));
        Assert.Equal(LifSpec.Default("delta") with { Extra = a }, LifSpec.Default("delta") with { Extra = b });
    }

    [Theory]
    [MemberData(nameof(Pscs))]
    public void PopulationStateStartsAtInitialVAndIsPerPopulation(string psc)
    {
        var spec = new ModelSpec("m", 1, 1,
            [new PopulationSpec("a", 2, LifSpec.Default(psc) with { VInitMv = new ConstantValue(-60) }),
             new PopulationSpec("b", 3, LifSpec.Default("delta"))], [], [], RecordSpec.None);
        var state = new NeuronState(Network.Build(spec));
        Assert.Equal(2, state.Populations.Length);
        Assert.Equal((0, 2), (state.Populations[0].Offset, state.Populations[0].Size));
        Assert.Equal((2, 3), (state.Populations[1].Offset, state.Populations[1].Size));
        Assert.Equal([-60.0, -60.0], state.Populations[0].State[LifState.V]);
        Assert.Equal([-70.0, -70.0, -70.0], state.Populations[1].State[LifState.V]);
        Assert.NotNull(state.Populations[1].DeltaBatch);
        Assert.Equal(psc == "delta", state.Populations[0].DeltaBatch is not null);
    }

    [Fact]
    public void StateVariablesAreSampledFromThePopulationArrays()
    {
        var spec = new ModelSpec("m", 1, 1,
            [new PopulationSpec("d", 1, LifSpec.Default("delta")), new PopulationSpec("e", 1, LifSpec.Default("exp") with { TauSynExMs = 2, TauSynInMs = 5 })],
            [], [], RecordSpec.None);
        var state = new NeuronState(Network.Build(spec));
        PopulationDynamics d = state.Populations[0], e = state.Populations[1];
        d.State[LifState.V][0] = -60;
        // Delta, no input: V(t) = E_L + (V0 - E_L) e^(-t/tau_m).
        Assert.Equal(-70 + 10 * Math.Exp(-3.0 / 10), d.Sample(0, 0, 0, 3), 12);
        Assert.Equal(-60.0, d.State[LifState.V][0]); // sampling leaves the state alone
        e.State[ExpLif.CurrentExArray][0] = 100;
        e.State[ExpLif.CurrentInArray][0] = -40;
        // Currents decay with their own time constants: I(t) = I0 e^(-t/tau_syn).
        Assert.Equal(100 * Math.Exp(-3.0 / 2), e.Sample(0, 0, 1, 3), 12);
        Assert.Equal(-40 * Math.Exp(-3.0 / 5), e.Sample(0, 0, 2, 3), 12);
        Assert.Equal(0.0, e.Sample(0, 0, 3, 3)); // w: no adaptation current without a or b
        Assert.Equal(["v", "i_syn_ex", "i_syn_in", "w"], SpikingModels.Find("lif", "exp")!.StateVariables.Select(v => v.Name));
    }
}
