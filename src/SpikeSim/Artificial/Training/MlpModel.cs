using SpikeSim.Modeling;

namespace SpikeSim.Artificial.Training;

/// <summary>
/// A trained <see cref="Mlp"/> written as a model for the artificial engine: for each sample k, populations
/// <c>sK_in</c> (linear, the features as a values input), <c>sK_h1</c>, ... (the hidden activation, biases as a
/// values input) and <c>sK_out</c> (linear: the logits), joined by the weight matrices. Running it with
/// <see cref="ArtificialSimulator"/> gives the network's logits and counts its multiply-accumulates.
/// </summary>
public static class MlpModel
{
    /// <summary>The model of <paramref name="mlp"/> applied to every sample of <paramref name="data"/>.</summary>
    public static ModelSpec Build(Mlp mlp, Dataset data)
    {
        NeuronModel hidden = NeuronTypes.Parse(mlp.Hidden.Name) ?? throw new ArgumentException($"no model-file neuron type {mlp.Hidden.Name}");
        LifSpec unused = LifSpec.Default("delta");
        var delay = new ConstantValue(1.0);
        var populations = new List<PopulationSpec>();
        var projections = new List<ProjectionSpec>();
        var inputs = new List<InputSpec>();
        int layers = mlp.Weights.Length;
        for (int k = 0; k < data.Count; k++)
        {
            string previous = $"s{k}_in";
            populations.Add(new PopulationSpec(previous, data.Dimensions, unused, new ActivationSpec(NeuronModel.Linear)));
            inputs.Add(new ValuesInput(previous, null, new PerNeuron(data.Features[k])));
            for (int l = 0; l < layers; l++)
            {
                string name = l == layers - 1 ? $"s{k}_out" : $"s{k}_h{l + 1}";
                populations.Add(new PopulationSpec(name, mlp.Weights[l].RowCount, unused, new ActivationSpec(l == layers - 1 ? NeuronModel.Linear : hidden)));
                inputs.Add(new ValuesInput(name, null, new PerNeuron(mlp.Biases[l].ToArray())));
                projections.Add(new ProjectionSpec($"{previous}-{name}", previous, name, new ConnectSpec(ConnectRule.AllToAll),
                                                   new MatrixValue(mlp.Weights[l].ToRowArrays()), delay));
                previous = name;
            }
        }
        return new ModelSpec("mlp", 1, 1.0, populations, projections, inputs, RecordSpec.None);
    }
}
