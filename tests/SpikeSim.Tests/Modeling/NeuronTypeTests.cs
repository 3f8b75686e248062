using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

/// <summary>Shared neuron parameters: "neuron_types" at the top level, a population's "neuron": "NAME" or { "type": "NAME", ... }.</summary>
public class NeuronTypeTests
{
    private static string Model(string exc, string inh, string extraTypes = "") => $$"""
        {
          "duration": "100 ms",
          "neuron_types": {
            "pyramidal": { "model": "lif", "psc": "exp", "tau_m": "20 ms", "v_th": "-50 mV", "e_l": "-70 mV", "v_reset": "-60 mV", "tau_syn_ex": "3 ms" }{{extraTypes}}
          },
          "populations": [
            { "name": "exc", "size": 4, "neuron": {{exc}} },
            { "name": "inh", "size": 2, "neuron": {{inh}} }
          ]
        }
        """;

    [Fact]
    public void A_population_takes_its_types_fields_and_overrides_some()
    {
        var spec = ModelReader.Parse(Model("\"pyramidal\"", """{ "type": "pyramidal", "tau_m": "15 ms", "v_th": "-52 mV" }"""), "m.json");
        var exc = spec.Populations[0].Neuron;
        var inh = spec.Populations[1].Neuron;
        Assert.Equal(("exp", 20.0, -50.0, -70.0, -60.0, 3.0), (exc.Psc, exc.TauMMs, exc.VThMv, exc.ELMv, exc.VResetMv, exc.TauSynExMs));
        Assert.Equal(("exp", 15.0, -52.0, -70.0, -60.0, 3.0), (inh.Psc, inh.TauMMs, inh.VThMv, inh.ELMv, inh.VResetMv, inh.TauSynExMs));
    }

    [Fact]
    public void A_type_may_start_from_another()
    {
        var spec = ModelReader.Parse(Model("\"fast\"", "\"pyramidal\"", """, "fast": { "type": "pyramidal", "tau_m": "10 ms" }"""), "m.json");
        Assert.Equal((10.0, -50.0), (spec.Populations[0].Neuron.TauMMs, spec.Populations[0].Neuron.VThMv));
        Assert.Equal(20.0, spec.Populations[1].Neuron.TauMMs);
    }

    [Fact]
    public void Set_changes_a_type_for_every_population_that_uses_it()
    {
        var spec = ModelReader.Parse(Model("\"pyramidal\"", """{ "type": "pyramidal", "tau_m": "15 ms" }"""), "m.json",
                                     ["neuron_types.pyramidal.v_th=-45 mV", "neuron_types.pyramidal.tau_m=12 ms"]);
        Assert.Equal((12.0, -45.0), (spec.Populations[0].Neuron.TauMMs, spec.Populations[0].Neuron.VThMv));
        Assert.Equal((15.0, -45.0), (spec.Populations[1].Neuron.TauMMs, spec.Populations[1].Neuron.VThMv)); // its own tau_m wins
    }

    [Fact]
    public void An_unknown_type_names_the_path_and_suggests_the_closest()
    {
        string json = Model("\"pyramidal\"", "\"pyramidl\"");
        var e = Fails(json, source: "m.json");
        Assert.Equal("$.populations[1].neuron", e.JsonPath);
        Assert.Equal(LineOf(json, "\"pyramidl\""), e.Line);
        Assert.Contains("unknown neuron type \"pyramidl\"; did you mean \"pyramidal\"? Known types: pyramidal", e.Message);
        var inType = Fails(Model("\"pyramidal\"", """{ "type": "basket" }"""), source: "m.json");
        Assert.Equal("$.populations[1].neuron.type", inType.JsonPath);
    }

    [Fact]
    public void A_name_without_any_types_says_what_a_neuron_is()
    {
        string json = """{ "duration": "10 ms", "populations": [ { "name": "a", "size": 1, "neuron": "lif" } ] }""";
        var e = Fails(json);
        Assert.Equal("$.populations[0].neuron", e.JsonPath);
        Assert.Contains("defines no \"neuron_types\"", e.Message);
    }

    [Fact]
    public void A_bad_field_inherited_from_a_type_is_reported_in_the_type()
    {
        string json = Model("\"pyramidal\"", "\"pyramidal\"").Replace("\"tau_m\": \"20 ms\"", "\"tau_m\": \"20 mV\"");
        var e = Fails(json, source: "m.json");
        Assert.Equal("$.neuron_types.pyramidal.tau_m", e.JsonPath);
        Assert.Equal(LineOf(json, "\"tau_m\": \"20 mV\""), e.Line);
        Assert.Contains("used by $.populations[0]", e.Message);
        // A field the population sets itself is reported where it is.
        var own = Fails(Model("\"pyramidal\"", """{ "type": "pyramidal", "tau_m": "15 mV" }"""), source: "m.json");
        Assert.Equal("$.populations[1].neuron.tau_m", own.JsonPath);
    }

    [Fact]
    public void Cycles_and_malformed_types_are_errors()
    {
        var cycle = Fails(Model("\"a\"", "\"pyramidal\"", """, "a": { "type": "b" }, "b": { "type": "a" }"""));
        Assert.Contains("cycle: a -> b -> a", cycle.Message);
        var notObject = Fails("""{ "duration": "10 ms", "neuron_types": { "x": 3 }, "populations": [ { "name": "a", "size": 1, "neuron": "x" } ] }""");
        Assert.Equal("$.neuron_types.x", notObject.JsonPath);
    }
}
