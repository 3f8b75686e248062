using SpikeSim.Artificial;
using SpikeSim.Artificial.Conversion;
using SpikeSim.Artificial.Training;

namespace SpikeSim.Experiments;

/// <summary>
/// The shared task of experiments 3-5: two moons (noise sd 0.1), features min-max scaled to [0, 1] on the training
/// set (rate coding needs non-negative inputs), a 2-16-2 ReLU network trained by backpropagation, and its spiking
/// conversion (<see cref="SpikingConversion"/>).
/// </summary>
internal sealed record ClassificationTask(Dataset Train, Dataset Test, Mlp Mlp, double[] Lambdas, Mlp Normalized, ConversionSettings Settings)
{
    public static ClassificationTask TwoMoons(ulong seed, bool quick, int hidden = 16)
    {
        Dataset train = Datasets.Generate("two_moons", 200, seed, 0.1);
        Dataset test = Datasets.Generate("two_moons", quick ? 60 : 200, seed + 1_000_000, 0.1);
        (double[] min, double[] max) = train.FitScaling();
        train = train.Scale(min, max);
        test = test.Scale(min, max);
        Mlp mlp = Mlp.Create([2, hidden, 2], new ReluNeuron(), seed);
        mlp.Train(train, 300, 0.1, 20, seed);
        var settings = new ConversionSettings();
        double[] lambdas = SpikingConversion.LayerScales(mlp, train, settings.Percentile);
        return new ClassificationTask(train, test, mlp, lambdas, SpikingConversion.Normalize(mlp, lambdas), settings);
    }
}
