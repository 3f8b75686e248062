using SpikeSim.Artificial;
using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;

namespace SpikeSim.Tests.Artificial;

public class DatasetTests
{
    [Fact]
    public void TruthTablesAreTheLogicFunctions()
    {
        Dataset xor = Datasets.TruthTable("xor");
        Assert.Equal([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], xor.Features);
        Assert.Equal([0, 1, 1, 0], xor.Labels);
        Assert.Equal([0, 0, 0, 1], Datasets.TruthTable("and").Labels);
        Assert.Equal([0, 1, 1, 1], Datasets.TruthTable("or").Labels);
    }

    [Fact]
    public void GeneratorsAreSeededAndHaveTheirGeometry()
    {
        Dataset a = Datasets.Generate("two_moons", 50, 3, 0.1), b = Datasets.Generate("two_moons", 50, 3, 0.1);
        Assert.Equal(a.Features, b.Features);
        Assert.NotEqual(a.Features, Datasets.Generate("two_moons", 50, 4, 0.1).Features);
        // Noise-free circles lie exactly on radii 1 (class 0) and 0.5 (class 1).
        Dataset c = Datasets.Generate("circles", 20, 1, 0.0);
        for (int i = 0; i < c.Count; i++)
            Assert.Equal(c.Labels[i] == 0 ? 1.0 : 0.5, Math.Sqrt(c.Features[i][0] * c.Features[i][0] + c.Features[i][1] * c.Features[i][1]), 12);
        Assert.Equal(3, Datasets.Generate("blobs", 9, 1, 0).Classes);
        Assert.Throws<ArgumentException>(() => Datasets.Generate("spirals", 10, 1, 0));
    }

    [Fact]
    public void CsvIsReadAndBadRowsNameTheirLine()
    {
        string path = Path.Combine(Path.GetTempPath(), "spikesim-ds-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            File.WriteAllText(path, "x1,x2,label\n0.5,-1,1\n2,3e-1,0\n");
            Dataset d = Datasets.ReadCsv(path);
            Assert.Equal([[0.5, -1.0], [2.0, 0.3]], d.Features);
            Assert.Equal([1, 0], d.Labels);
            File.WriteAllText(path, "x1,x2,label\n0.5,-1,1\n2,abc,0\n");
            Assert.Contains(":3: column 2", Assert.Throws<FormatException>(() => Datasets.ReadCsv(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MinMaxScalingMapsTheTrainingRangeToTheUnitInterval()
    {
        Dataset d = new("t", [[-2.0, 5.0], [2.0, 5.0], [0.0, 5.0]], [0, 1, 0], 2);
        (double[] min, double[] max) = d.FitScaling();
        Dataset s = d.Scale(min, max);
        Assert.Equal([[0.0, 0.0], [1.0, 0.0], [0.5, 0.0]], s.Features); // a constant feature maps to 0
    }

    [Fact]
    public void NormalisationPutsEachLayersPercentileAtOne()
    {
        // After W_l * lambda_(l-1) / lambda_l, the chosen percentile of every layer's ReLU output is 1.
        Dataset data = Datasets.Generate("two_moons", 100, 1, 0.1);
        (double[] min, double[] max) = data.FitScaling();
        data = data.Scale(min, max);
        Mlp mlp = Mlp.Create([2, 12, 2], new ReluNeuron(), 5);
        mlp.Train(data, 50, 0.1, 10, 5);
        Mlp normalized = SpikingConversion.Normalize(mlp, SpikingConversion.LayerScales(mlp, data, 100));
        double[] again = SpikingConversion.LayerScales(normalized, data, 100);
        Assert.All(again, l => Assert.Equal(1.0, l, 12));
        Assert.Equal(mlp.Predict(Mlp.Batch(data)), normalized.Predict(Mlp.Batch(data))); // scaling keeps the argmax
    }

    [Fact]
    public void LesionsRemoveTheRequestedFractionReproducibly()
    {
        Mlp mlp = Mlp.Create([2, 10, 2], new ReluNeuron(), 1);
        Mlp half = Lesions.Apply(mlp, LesionKind.Synapses, 0.5, 9);
        int zeros = half.Weights.Sum(w => w.Enumerate().Count(v => v == 0));
        Assert.Equal(20, zeros); // round(0.5 * 40)
        Assert.Equal(half.Weights[0], Lesions.Apply(mlp, LesionKind.Synapses, 0.5, 9).Weights[0]);
        Mlp neurons = Lesions.Apply(mlp, LesionKind.Neurons, 0.3, 9);
        int dead = Enumerable.Range(0, 10).Count(n => neurons.Weights[0].Row(n).All(v => v == 0) && neurons.Weights[1].Column(n).All(v => v == 0));
        Assert.Equal(3, dead);
    }
}

public class MlpModelTests
{
    [Fact]
    public void ArtificialEngineComputesTheNetworksLogits()
    {
        // The same network as a model file would write it: logits equal MathNet's up to the float storage of weights.
        Dataset data = Datasets.Generate("blobs", 12, 2, 0.1);
        Mlp mlp = Mlp.Create([2, 6, 5, 3], new TanhNeuron(), 4);
        for (int i = 0; i < 6; i++) mlp.Biases[0][i] = 0.1 * i - 0.2;
        var network = SpikeSim.Engine.Network.Build(MlpModel.Build(mlp, data));
        ArtificialResult run = new ArtificialSimulator(network).Run();
        Assert.Equal(12L * (2 * 6 + 6 * 5 + 5 * 3), run.Macs);
        MathNet.Numerics.LinearAlgebra.Matrix<double> logits = mlp.Logits(Mlp.Batch(data));
        for (int k = 0; k < data.Count; k++)
        {
            var output = network.Populations[network.Spec.PopulationIndex($"s{k}_out")];
            for (int j = 0; j < 3; j++) Assert.Equal(logits[k, j], run.Values[output.Offset + j], 5);
        }
    }
}
