using System.Globalization;
using SpikeSim.Modeling;

namespace SpikeSim.Cli.Commands;

/// <summary>
/// <c>--set populations.POP.neuron.gain=G</c> and <c>...bias=B</c> when <c>--activation NAME</c> replaces a spiking
/// model's <c>lif</c> neurons: the substitute activation computes y = f(G · x + B) for that population. A <c>lif</c>
/// neuron has no such fields, so these overrides are taken out before the model is read
/// (<see cref="RunRequest.AllOverrides"/>) and handed to the artificial simulator instead.
/// </summary>
public static class ActivationSettings
{
    /// <summary>Whether an override sets a population's neuron gain or bias (<c>populations.X.neuron.gain=...</c>).</summary>
    public static bool IsGainOrBias(string assignment) => Parse(assignment) is not null;

    /// <summary>
    /// The gain and bias the request's overrides give the substitute activation, by population name, or null when it
    /// gives none. Only populations that the substitute replaces (lif in the model) may be named.
    /// </summary>
    /// <exception cref="CliUsageException">A value that is not a number, an unknown population, a population that is
    /// already artificial, or lif_rate as the substitute (it has no gain or bias).</exception>
    public static IReadOnlyDictionary<string, (double Gain, double Bias)>? GainBias(RunRequest request, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spec);
        if (request.Activation is null) return null;
        Dictionary<string, (double Gain, double Bias)>? result = null;
        foreach (string assignment in request.Overrides)
        {
            if (Parse(assignment) is not var (population, field, text)) continue;
            if (request.Activation == "lif_rate")
                throw new CliUsageException($"--set {assignment}: lif_rate has no gain or bias (it is the LIF's own rate curve); choose another --activation");
            int index = spec.PopulationIndex(population);
            if (index < 0 && int.TryParse(population, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < spec.Populations.Count) index = i;
            if (index < 0)
                throw new CliUsageException($"--set {assignment}: no population \"{population}\" (the model has {string.Join(", ", spec.Populations.Select(p => p.Name))})");
            var pop = spec.Populations[index];
            if (pop.Activation is not null)
                throw new CliUsageException($"--set {assignment}: population \"{pop.Name}\" is already artificial in the model; --activation replaces only lif neurons");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new CliUsageException($"--set {assignment}: {field} is a plain number, e.g. {field}=2");
            result ??= [];
            var current = result.TryGetValue(pop.Name, out var gb) ? gb : (1.0, 0.0);
            result[pop.Name] = field == "gain" ? (value, current.Item2) : (current.Item1, value);
        }
        return result;
    }

    /// <summary>
    /// Refuses an override of a lif neuron field that is no lif field but a typo of gain or bias, e.g.
    /// <c>populations.0.neuron.gian=2</c> with <c>--activation relu</c>: "did you mean "gain"?" (the model reader, which
    /// knows nothing of the substitute, would list the lif fields only).
    /// </summary>
    /// <exception cref="CliUsageException">Such a typo.</exception>
    public static void CheckTypos(IEnumerable<string> overrides, string activation)
    {
        foreach (string assignment in overrides)
        {
            int eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || assignment[..eq].Trim().Split('.') is not ["populations", _, "neuron", var field]) continue;
            if (field is "gain" or "bias" || ModelReader.LifNeuronFields.Contains(field)) continue;
            if (Suggestions.Closest(field, [.. ModelReader.LifNeuronFields, "gain", "bias"]) is "gain" or "bias")
                throw new CliUsageException(
                    $"--set {assignment}: unknown field \"{field}\"{Suggestions.Then(field, ["gain", "bias"], $"with --activation {activation}, a lif population's substitute takes gain and bias (y = f(gain·x + bias)) besides the lif fields")}");
        }
    }

    private static (string Population, string Field, string Value)? Parse(string assignment)
    {
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) return null;
        string[] path = assignment[..eq].Trim().Split('.');
        return path is ["populations", var pop, "neuron", "gain" or "bias"] ? (pop, path[3], assignment[(eq + 1)..].Trim()) : null;
    }
}
