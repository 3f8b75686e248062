using System.Text.Json.Nodes;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Modeling;

/// <summary>models/spikesim.schema.json is generated (<c>spikesim schema</c>); its neuron part follows the registry.</summary>
public class ModelSchemaTests : CliTestBase
{
    [Fact]
    public void CommittedSchemaEqualsTheGeneratedOne()
    {
        string committed = File.ReadAllText(Path.Combine(ModelsDir, "spikesim.schema.json"));
        Assert.True(committed == ModelSchema.Generate(), "models/spikesim.schema.json is stale: run 'spikesim schema' in the repository root");
    }

    [Fact]
    public void NeuronPartListsEveryRegisteredPscAndParameter()
    {
        JsonNode lif = JsonNode.Parse(ModelSchema.Generate())!["$defs"]!["lif"]!;
        var pscs = lif["properties"]!["psc"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(SpikingModels.PscsOf("lif"), pscs);
        foreach (SpikingModel m in SpikingModels.All)
            foreach (NeuronParameter p in m.Parameters)
                Assert.Contains($"Default {SpikeSim.Units.Quantity.Format(p.Default, p.Dimension)}.",
                                lif["properties"]![p.Name]!["description"]!.GetValue<string>());
        // tau_syn_ex is refused unless psc is one of the models that declare it (one if/else, or one of allOf's).
        JsonNode[] conditions = lif["allOf"] is JsonArray all ? [.. all.Select(c => c!)] : [lif];
        JsonNode condition = conditions.Single(c => c["else"]!["properties"]!["tau_syn_ex"] is not null);
        Assert.False(condition["else"]!["properties"]!["tau_syn_ex"]!.GetValue<bool>());
        JsonNode psc = condition["if"]!["properties"]!["psc"]!;
        string[] takers = psc["const"] is JsonNode one ? [one.GetValue<string>()] : [.. psc["enum"]!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.Equal(SpikingModels.All.Where(m => m.Parameters.Any(p => p.Name == "tau_syn_ex")).Select(m => m.Psc), takers);
    }

    [Fact]
    public void SchemaCommandWritesTheGeneratedSchema()
    {
        string path = Path.Combine(Dir, "s.json");
        var run = Spikesim("schema", "--out", path);
        Assert.Equal(0, run.Code);
        Assert.Equal(ModelSchema.Generate(), File.ReadAllText(path));
        run = Spikesim("schema", "--out", "-");
        Assert.Equal(ModelSchema.Generate(), run.Out);
        run = Spikesim("schema", "--out", Path.Combine(Dir, "missing", "s.json"));
        Assert.Equal(2, run.Code);
    }
}
