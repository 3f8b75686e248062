using SpikeSim.Modeling;

namespace SpikeSim.Engine;

/// <summary>What the event-driven spiking engine can run: only <c>lif</c> populations and spike-producing or current inputs.</summary>
public static class SpikingSupport
{
    /// <summary>
    /// Throws <see cref="ModelException"/> naming the first artificial population or values input of the model,
    /// with a pointer to the artificial mode that runs it.
    /// </summary>
    public static void Check(ModelSpec spec)
    {
        for (int i = 0; i < spec.Populations.Count; i++)
            if (spec.Populations[i].Activation is ActivationSpec a)
                throw new ModelException(spec.SourcePath, $"$.populations[{i}].neuron.model", null,
                    $"population \"{spec.Populations[i].Name}\" has artificial neurons ({Artificial.NeuronTypes.Name(a.Model)}), which the spiking engine cannot run: " +
                    "run the model with --mode artificial, or make its neurons \"lif\"");
        for (int i = 0; i < spec.Inputs.Count; i++)
            if (spec.Inputs[i] is ValuesInput)
                throw new ModelException(spec.SourcePath, $"$.inputs[{i}].type", null,
                    "a \"values\" input gives real values, which only the artificial mode takes: run the model with --mode artificial");
    }
}
