using SpikeSim.Modeling;

namespace SpikeSim.Artificial;

/// <summary>Names and instances of the artificial neuron types.</summary>
public static class NeuronTypes
{
    /// <summary>The activation names <c>--activation</c> and model files accept (lif_rate included).</summary>
    public static IReadOnlyList<string> Names { get; } = ["lif_rate", "step", "sigmoid", "tanh", "relu", "linear"];

    /// <summary>The model-file name of a neuron model.</summary>
    public static string Name(NeuronModel model) => model switch
    {
        NeuronModel.Lif => "lif",
        NeuronModel.LifRate => "lif_rate",
        NeuronModel.Step => "step",
        NeuronModel.Sigmoid => "sigmoid",
        NeuronModel.Tanh => "tanh",
        NeuronModel.Relu => "relu",
        NeuronModel.Linear => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>The model named <paramref name="name"/>, or null when there is none.</summary>
    public static NeuronModel? Parse(string name)
    {
        foreach (NeuronModel m in Enum.GetValues<NeuronModel>())
            if (Name(m) == name) return m;
        return null;
    }

    /// <summary>The neuron type of an artificial population (lif_rate uses the population's LIF parameters).</summary>
    public static NeuronType Create(NeuronModel model, LifSpec lif) => model switch
    {
        NeuronModel.LifRate => new LifRate(lif),
        NeuronModel.Step => new StepNeuron(),
        NeuronModel.Sigmoid => new SigmoidNeuron(),
        NeuronModel.Tanh => new TanhNeuron(),
        NeuronModel.Relu => new ReluNeuron(),
        NeuronModel.Linear => new LinearNeuron(),
        _ => throw new ArgumentException($"{Name(model)} is a spiking model, not an artificial one", nameof(model)),
    };
}
