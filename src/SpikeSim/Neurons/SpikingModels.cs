using SpikeSim.Modeling;

namespace SpikeSim.Neurons;

/// <summary>
/// The registry of spiking neuron models: one line per model. Everything that depends on the model (the reader, the
/// schema, the engine, the artificial mode, plots and metrics) looks it up here.
/// </summary>
public static class SpikingModels
{
    /// <summary>
    /// Parameter groups that every <c>lif</c> model takes, whatever its psc, one line per group (each group is
    /// declared once, in its own file).
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<NeuronParameter>> LifGroups { get; } =
    [
        LifMembrane.Parameters,
        LifAdaptation.Parameters,
    ];

    /// <summary>Every spiking model, one line each.</summary>
    public static IReadOnlyList<SpikingModel> All { get; } =
    [
        new LifDelta(),
        new LifExp(),
        new LifAlpha(),
        new LifCondExp(),
        new LifDeltaCrossing(),
    ];

    /// <summary>The model with these model-file names, or null.</summary>
    public static SpikingModel? Find(string model, string psc)
    {
        foreach (SpikingModel m in All)
            if (m.Model == model && m.Psc == psc) return m;
        return null;
    }

    /// <summary>The psc values the model <paramref name="model"/> takes, in registry order.</summary>
    public static IReadOnlyList<string> PscsOf(string model) => [.. All.Where(m => m.Model == model).Select(m => m.Psc)];

    /// <summary>The model of a LIF neuron (by its psc). Throws <see cref="ArgumentException"/> for an unknown psc.</summary>
    public static SpikingModel Of(LifSpec neuron)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return Find(LifModel.Name, neuron.Psc)
            ?? throw new ArgumentException($"unknown psc \"{neuron.Psc}\" (known: {string.Join(", ", PscsOf(LifModel.Name))})", nameof(neuron));
    }
}
