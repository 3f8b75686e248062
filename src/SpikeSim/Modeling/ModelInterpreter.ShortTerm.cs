using System.Text.Json.Nodes;
using SpikeSim.Units;
using static SpikeSim.Modeling.JsonFieldReader;

namespace SpikeSim.Modeling;

// Short-term plasticity: the "short_term" block of a projection (Tsodyks-Markram, NEST tsodyks2_synapse's parameters).
internal sealed partial class ModelInterpreter
{
    private static readonly string[] ShortTermFields = ["U", "tau_rec", "tau_fac"];

    private ShortTermSpec? ReadShortTerm(JsonObject projection, string projectionPath)
    {
        if (Get(projection, "short_term") is not JsonNode node) return null;
        string path = Path(projectionPath, "short_term");
        JsonObject obj = _json.AsObject(node, path, "short-term plasticity settings {\"U\": 0.5, \"tau_rec\": \"800 ms\", \"tau_fac\": \"0 ms\"}");
        _json.CheckFields(obj, path, ShortTermFields);
        double u = 0.5;
        if (Get(obj, "U") is JsonNode un)
        {
            u = _json.ReadNumber(un, Path(path, "U"));
            if (!(u > 0 && u <= 1))
                throw _json.Error(Path(path, "U"), $"U is the fraction of the resources a rested synapse releases and must be in (0, 1], got {Show(obj, "U")}");
        }
        double tauRec = _json.Positive(obj, path, "tau_rec", Dimension.Time) ?? 800.0;
        double tauFac = _json.OptionalQuantity(obj, path, "tau_fac", Dimension.Time) ?? 0.0;
        if (tauFac < 0)
            throw _json.Error(Path(path, "tau_fac"), $"tau_fac must be >= 0 (0 switches facilitation off), got {Show(obj, "tau_fac")}");
        return new ShortTermSpec(u, tauRec, tauFac);
    }
}
