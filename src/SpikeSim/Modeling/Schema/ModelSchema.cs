using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Neurons;
using SpikeSim.Units;

namespace SpikeSim.Modeling;

/// <summary>
/// The JSON schema of model files (<c>models/spikesim.schema.json</c>, for editor completion; the reader does its
/// own validation). The neuron part (<c>$defs.lif</c>: models, psc values, every parameter with its unit, range and
/// default, which psc takes which field), the weight's units and any unit a model needs come from the registry
/// (<see cref="SpikingModels"/>); the rest from the template <c>Modeling/Schema/spikesim.schema.template.json</c>.
/// <c>spikesim schema</c> writes it, and a test checks that the committed file equals it.
/// </summary>
public static class ModelSchema
{
    private const string TemplateResource = "SpikeSim.Modeling.Schema.spikesim.schema.template.json";

    /// <summary>The schema as written to the file: two-space indentation, "\n" line ends, a final newline.</summary>
    public static string Generate()
    {
        IReadOnlyList<SpikingModel> lif = [.. SpikingModels.All.Where(m => m.Model == LifModel.Name)];
        string template = ReadTemplate().Replace("{psc-weight-units}", WeightUnits(lif), StringComparison.Ordinal)
                                        .Replace("{state-variables}", StateVariables(SpikingModels.All), StringComparison.Ordinal);
        JsonObject root = JsonNode.Parse(template)!.AsObject();
        JsonObject defs = root["$defs"]!.AsObject();
        AddMissingUnits(defs, lif);
        defs["weight"] = Weight(lif);
        defs["lif"] = Lif(lif, defs["lif"]!["properties"]!.AsObject());
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return root.ToJsonString(options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static string ReadTemplate()
    {
        using Stream stream = typeof(ModelSchema).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"missing resource {TemplateResource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>"mV for psc delta targets, pA for psc exp targets".</summary>
    private static string WeightUnits(IReadOnlyList<SpikingModel> models) =>
        string.Join(", ", models.Select(m => $"{m.WeightUnit} for psc {m.Psc} targets"));

    /// <summary>"lif psc delta: v (mV); lif psc exp: v (mV), i_syn_ex (pA), i_syn_in (pA)".</summary>
    private static string StateVariables(IReadOnlyList<SpikingModel> models) =>
        string.Join("; ", models.Select(m => $"{m.Model} psc {m.Psc}: " +
            string.Join(", ", m.StateVariables.Select(v => $"{v.Name} ({Unit(v.Dimension)})"))));

    private static string Unit(Dimension dimension) => UnitTable.InternalUnit(dimension) is { Length: > 0 } u ? u : "1";

    private static string DefName(Dimension dimension) => UnitTable.Noun(dimension);

    /// <summary>The weight: a quantity of the target's psc unit, or a plain number onto artificial populations.</summary>
    private static JsonObject Weight(IReadOnlyList<SpikingModel> models)
    {
        var anyOf = new JsonArray();
        foreach (Dimension dim in models.Select(m => m.WeightDimension).Distinct())
            anyOf.Add((JsonNode)new JsonObject { ["$ref"] = $"#/$defs/{DefName(dim)}" });
        anyOf.Add((JsonNode)new JsonObject { ["type"] = "number", ["description"] = "A plain weight, onto artificial (activation) populations." });
        string perPsc = string.Join(", ", models.Select(m =>
            $"{Article(m.WeightDimension)} (e.g. \"{WeightExample(m.WeightDimension)}\") when the target population has psc {m.Psc}"));
        return new JsonObject
        {
            ["description"] = $"Synaptic weight: {perPsc}. Positive excites, negative inhibits.",
            ["anyOf"] = anyOf,
        };
    }

    private static string Article(Dimension dimension) => dimension switch
    {
        Dimension.Voltage => "a voltage jump",
        Dimension.Current => "a current amplitude",
        Dimension.Conductance => "a conductance",
        _ => "a " + UnitTable.Noun(dimension),
    };

    private static string WeightExample(Dimension dimension) => dimension switch
    {
        Dimension.Voltage => "0.1 mV",
        _ => UnitTable.Example(dimension),
    };

    /// <summary>A unit definition (as the template's) for every dimension a model uses that the template lacks.</summary>
    private static void AddMissingUnits(JsonObject defs, IReadOnlyList<SpikingModel> models)
    {
        var dims = models.SelectMany(m => m.Parameters.Select(p => p.Dimension).Append(m.WeightDimension)).Distinct();
        foreach (Dimension dim in dims)
        {
            string name = DefName(dim);
            if (dim == Dimension.Dimensionless || defs.ContainsKey(name)) continue;
            string symbols = string.Join("|", UnitTable.All.Where(u => u.Dimension == dim).Select(u => u.Symbol));
            string example = UnitTable.Example(dim);
            defs[name] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = $"^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*({symbols})\\s*$",
                ["description"] = $"A {UnitTable.Noun(dim)}: a number and a unit in a string, e.g. \"{example}\". " +
                                  $"Units: {string.Join(", ", UnitTable.SymbolsOf(dim))}. Stored in {UnitTable.InternalUnit(dim)}.",
                ["examples"] = new JsonArray(example),
            };
        }
    }

    /// <summary>The neuron: model, psc, the parameters of every lif model, v_init, the activation fields, and which psc takes which field.</summary>
    private static JsonObject Lif(IReadOnlyList<SpikingModel> models, JsonObject activationFields)
    {
        string[] pscs = [.. models.Select(m => m.Psc)];
        var properties = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["enum"] = new JsonArray([.. ModelInterpreter.NeuronModelNames.Select(n => (JsonNode)n)]),
                ["description"] = "Neuron model: lif (spiking), lif_rate (the LIF's rate curve), or an activation: step, sigmoid, tanh, relu, linear (artificial mode).",
            },
            ["psc"] = new JsonObject
            {
                ["enum"] = new JsonArray([.. pscs.Select(p => (JsonNode)p)]),
                ["default"] = pscs[0],
                ["description"] = $"Synapse type: {JoinOr(models.Select(m => m.Summary))}. Default {pscs[0]}.",
            },
        };
        // Shared groups first, then v_init, then each model's own parameters in registry order (as the reader lists them).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (NeuronParameter p in SpikingModels.LifGroups.SelectMany(g => g))
            if (seen.Add(p.Name)) properties[p.Name] = Parameter(p, models);
        properties["v_init"] = new JsonObject
        {
            ["$ref"] = "#/$defs/voltageValue",
            ["description"] = "Initial membrane potential: a voltage or a distribution drawn per neuron. Default: e_l.",
        };
        foreach (SpikingModel m in models)
            foreach (NeuronParameter p in m.Parameters)
                if (seen.Add(p.Name)) properties[p.Name] = Parameter(p, models);
        foreach (var (name, node) in activationFields.ToList())
        {
            activationFields.Remove(name);
            properties[name] = node;
        }

        var lif = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("model"),
            ["description"] = $"A leaky integrate-and-fire neuron; psc picks its synapses ({string.Join(", ", pscs)}). Omitted parameters take NEST's defaults " +
                              $"(iaf_psc_delta, iaf_psc_exp, ...). With model step, sigmoid, tanh, relu or linear the population is artificial: " +
                              "output y = f(gain * x + bias) of the summed input x (LIF fields written beside it are kept but unused); with lif_rate it " +
                              "outputs the LIF's steady-state rate (Hz) for its mean input current.",
            ["properties"] = properties,
        };
        // A field that only some psc models take is refused with the others (one condition per set of models).
        var conditions = new List<JsonObject>();
        foreach (var group in seen.Select(name => (Name: name, Pscs: Declaring(models, name)))
                                  .Where(f => f.Pscs.Length < models.Count)
                                  .GroupBy(f => string.Join(",", f.Pscs)))
        {
            string[] takers = group.First().Pscs;
            var forbidden = new JsonObject();
            foreach (var f in group) forbidden[f.Name] = false;
            JsonNode psc = takers.Length == 1 ? new JsonObject { ["const"] = takers[0] }
                                             : new JsonObject { ["enum"] = new JsonArray([.. takers.Select(t => (JsonNode)t)]) };
            conditions.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["required"] = new JsonArray("psc"), ["properties"] = new JsonObject { ["psc"] = psc } },
                ["else"] = new JsonObject { ["properties"] = forbidden },
            });
        }
        if (conditions.Count == 1)
        {
            lif["if"] = conditions[0]["if"]!.DeepClone();
            lif["else"] = conditions[0]["else"]!.DeepClone();
        }
        else if (conditions.Count > 1)
        {
            lif["allOf"] = new JsonArray([.. conditions]);
        }
        return lif;
    }

    private static string[] Declaring(IReadOnlyList<SpikingModel> models, string name) =>
        [.. models.Where(m => m.Parameters.Any(p => p.Name == name)).Select(m => m.Psc)];

    private static JsonObject Parameter(NeuronParameter p, IReadOnlyList<SpikingModel> models)
    {
        var notes = new List<string>();
        if (p.Range == ParameterRange.Positive) notes.Add("> 0");
        if (p.Range == ParameterRange.NonNegative) notes.Add(">= 0");
        string[] takers = Declaring(models, p.Name);
        if (takers.Length < models.Count) notes.Add($"psc {JoinOr(takers)} only");
        string note = notes.Count == 0 ? "" : $" ({string.Join("; ", notes)})";
        return new JsonObject
        {
            ["$ref"] = $"#/$defs/{DefName(p.Dimension)}",
            ["description"] = $"{p.Description}{note}. Default {Quantity.Format(p.Default, p.Dimension)}.",
        };
    }

    private static string JoinOr(IEnumerable<string> items)
    {
        string[] a = [.. items];
        return a.Length <= 1 ? string.Concat(a) : string.Join(", ", a[..^1]) + " or " + a[^1];
    }
}
