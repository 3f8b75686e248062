using MathNet.Numerics.LinearAlgebra;
using SpikeSim.Artificial;
using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;

namespace SpikeSim.Tests.Artificial;

public class TrainingTests
{
    [Theory]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    public void BackpropagationMatchesCentralFiniteDifferences(string hidden)
    {
        // dL/dtheta ~ (L(theta + h) - L(theta - h)) / 2h, error O(h^2).
        NeuronType type = NeuronTypes.Create(NeuronTypes.Parse(hidden)!.Value, SpikeSim.Modeling.LifSpec.Default("delta"));
        Mlp mlp = Mlp.Create([2, 5, 4, 3], type, seed: 7);
        for (int l = 0; l < mlp.Biases.Length; l++) for (int i = 0; i < mlp.Biases[l].Count; i++) mlp.Biases[l][i] = 0.1 * (i + 1) - 0.2 * l;
        Dataset data = Datasets.Generate("blobs", 9, 3, 0.2);
        Matrix<double> x = Mlp.Batch(data);
        (Matrix<double>[] dw, Vector<double>[] db) = mlp.Gradients(x, data.Labels);
        const double h = 1e-6;
        double worst = 0;
        for (int l = 0; l < mlp.Weights.Length; l++)
        {
            for (int r = 0; r < mlp.Weights[l].RowCount; r++)
            {
                for (int c = 0; c < mlp.Weights[l].ColumnCount; c++)
                {
                    double keep = mlp.Weights[l][r, c];
                    mlp.Weights[l][r, c] = keep + h;
                    double up = mlp.Loss(x, data.Labels);
                    mlp.Weights[l][r, c] = keep - h;
                    double down = mlp.Loss(x, data.Labels);
                    mlp.Weights[l][r, c] = keep;
                    worst = Math.Max(worst, Math.Abs((up - down) / (2 * h) - dw[l][r, c]));
                }
                double b = mlp.Biases[l][r];
                mlp.Biases[l][r] = b + h;
                double bu = mlp.Loss(x, data.Labels);
                mlp.Biases[l][r] = b - h;
                double bd = mlp.Loss(x, data.Labels);
                mlp.Biases[l][r] = b;
                worst = Math.Max(worst, Math.Abs((bu - bd) / (2 * h) - db[l][r]));
            }
        }
        Assert.True(worst < 1e-7, $"largest gradient error {worst}");
    }

    [Fact]
    public void PerceptronRuleNeverExceedsThreeQuartersOnXor()
    {
        // No line separates XOR's classes, so at most 3 of its 4 points are on the right side (Minsky and Papert 1969).
        Dataset xor = Datasets.TruthTable("xor");
        for (ulong seed = 1; seed <= 5; seed++)
        {
            Assert.True(PerceptronRule.Train(xor, 200, 0.1, seed).BestAccuracy <= 0.75);
            Assert.True(DeltaRule.Train(xor, 200, 0.05, seed).BestAccuracy <= 0.75);
        }
    }

    [Fact]
    public void PerceptronRuleLearnsAndAndOr()
    {
        // Linearly separable: the perceptron convergence theorem guarantees a perfect separation.
        Assert.Equal(1.0, PerceptronRule.Train(Datasets.TruthTable("and"), 50, 0.1, 1).AccuracyPerEpoch[^1]);
        Assert.Equal(1.0, PerceptronRule.Train(Datasets.TruthTable("or"), 50, 0.1, 1).AccuracyPerEpoch[^1]);
    }

    [Fact]
    public void TwoLayerNetworkLearnsXorAndItsSpikingConversionComputesIt()
    {
        Dataset xor = Datasets.TruthTable("xor");
        Mlp mlp = Mlp.Create([2, 8, 2], new ReluNeuron(), seed: 1);
        double[] accuracy = mlp.Train(xor, 300, 0.1, 4, seed: 1);
        Assert.Equal(1.0, accuracy[^1]);

        var settings = new ConversionSettings();
        Mlp normalized = SpikingConversion.Normalize(mlp, SpikingConversion.LayerScales(mlp, xor, settings.Percentile));
        SpikingEvaluation spiking = SpikingConversion.Evaluate(normalized, xor, settings, [200], seed: 1);
        Assert.Equal(1.0, spiking.Accuracy[^1]);
        Assert.True(spiking.SynapticEvents > 0);
    }
}
