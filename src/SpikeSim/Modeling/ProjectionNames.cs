using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpikeSim.Modeling;

/// <summary>
/// The name of every projection of a model: the <c>"name"</c> the user wrote, or else a default FROM-TO made
/// unique in file order (<c>a-c</c>, <c>a-c-2</c>, <c>a-c-3</c>) and never equal to a name written anywhere in the
/// file. So two unnamed pathways between the same populations (an excitatory and an inhibitory one, or two delays)
/// are allowed; only two equal names that the user wrote clash. <see cref="ModelInterpreter"/> and
/// <see cref="ModelOverrides"/> (<c>--set projections.a-c-2.weight=...</c>) use the same names.
/// </summary>
internal static class ProjectionNames
{
    /// <summary>
    /// The effective name of each element of <paramref name="projections"/> (null for an element that is not an
    /// object with a string name, or string from and to), and whether the user wrote it.
    /// </summary>
    public static (string? Name, bool Written)[] Of(JsonArray projections)
    {
        var result = new (string? Name, bool Written)[projections.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < projections.Count; i++)
        {
            if (projections[i] is JsonObject obj && obj.TryGetPropertyValue("name", out JsonNode? n))
            {
                string? written = n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                result[i] = (written, true);
                if (written is not null) taken.Add(written);
            }
        }
        for (int i = 0; i < projections.Count; i++)
        {
            if (result[i].Written || DefaultBase(projections[i]) is not string stem) continue;
            string name = stem;
            for (int k = 2; taken.Contains(name); k++) name = stem + "-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            taken.Add(name);
            result[i] = (name, false);
        }
        return result;
    }

    /// <summary>FROM-TO for an object with string "from" and "to", else null.</summary>
    private static string? DefaultBase(JsonNode? element) =>
        element is JsonObject obj &&
        obj["from"] is JsonValue from && from.GetValueKind() == JsonValueKind.String &&
        obj["to"] is JsonValue to && to.GetValueKind() == JsonValueKind.String
            ? from.GetValue<string>() + "-" + to.GetValue<string>()
            : null;
}
