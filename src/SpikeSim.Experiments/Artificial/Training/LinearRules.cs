using SpikeSim.Randomness;

namespace SpikeSim.Artificial.Training;

/// <summary>One artificial neuron with weights and a bias: u = w·x + b.</summary>
/// <param name="Weights">One weight per feature.</param>
/// <param name="Bias">The bias b.</param>
public sealed record LinearUnit(double[] Weights, double Bias)
{
    /// <summary>The net input u = w·x + b.</summary>
    public double Net(ReadOnlySpan<double> x)
    {
        double u = Bias;
        for (int j = 0; j < Weights.Length; j++) u += Weights[j] * x[j];
        return u;
    }
}

/// <summary>A trained single unit and its training accuracy after every epoch.</summary>
/// <param name="Unit">The unit after the last epoch.</param>
/// <param name="AccuracyPerEpoch">Fraction of the training set classified correctly after each epoch.</param>
public sealed record LinearTraining(LinearUnit Unit, double[] AccuracyPerEpoch)
{
    /// <summary>The best accuracy reached after any epoch.</summary>
    public double BestAccuracy => AccuracyPerEpoch.Length == 0 ? 0 : AccuracyPerEpoch.Max();
}

/// <summary>
/// Rosenblatt's perceptron rule for one step neuron (binary labels 0/1): y = step(w·x + b), and after each sample
/// w += eta (t - y) x, b += eta (t - y). It converges when the classes are linearly separable (Novikoff 1962) and
/// cycles for ever when they are not, as for XOR (Minsky and Papert 1969).
/// </summary>
public static class PerceptronRule
{
    /// <summary>Trains for <paramref name="epochs"/> passes in a seeded random order; weights start at 0.</summary>
    public static LinearTraining Train(Dataset data, int epochs, double learningRate, ulong seed)
    {
        CheckBinary(data);
        var w = new double[data.Dimensions];
        double b = 0;
        var accuracy = new double[epochs];
        var order = Order(data.Count);
        var rng = new RandomStream(seed, StreamKind.Training, 1);
        for (int e = 0; e < epochs; e++)
        {
            Shuffle(order, ref rng);
            foreach (int i in order)
            {
                double[] x = data.Features[i];
                double y = new LinearUnit(w, b).Net(x) > 0 ? 1 : 0;
                double error = data.Labels[i] - y;
                if (error == 0) continue;
                for (int j = 0; j < w.Length; j++) w[j] += learningRate * error * x[j];
                b += learningRate * error;
            }
            var unit = new LinearUnit((double[])w.Clone(), b);
            accuracy[e] = Accuracy(data, x => unit.Net(x) > 0 ? 1 : 0);
        }
        return new LinearTraining(new LinearUnit(w, b), accuracy);
    }

    internal static void CheckBinary(Dataset data)
    {
        if (data.Classes != 2) throw new ArgumentException($"a single unit separates two classes; {data.Name} has {data.Classes}", nameof(data));
    }

    internal static int[] Order(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    internal static void Shuffle(int[] order, ref RandomStream rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    internal static double Accuracy(Dataset data, Func<double[], int> predict)
    {
        int correct = 0;
        for (int i = 0; i < data.Count; i++) if (predict(data.Features[i]) == data.Labels[i]) correct++;
        return (double)correct / data.Count;
    }
}

/// <summary>
/// The delta rule (Widrow and Hoff 1960, least mean squares) for one linear unit: o = w·x + b, and after each sample
/// w += eta (t - o) x, b += eta (t - o); the unit classifies as 1 when o &gt; 0.5. It minimises the squared error,
/// so on XOR it settles at w = 0, b = 0.5 and cannot separate the classes either.
/// </summary>
public static class DeltaRule
{
    /// <summary>Trains for <paramref name="epochs"/> passes in a seeded random order; weights start at 0.</summary>
    public static LinearTraining Train(Dataset data, int epochs, double learningRate, ulong seed)
    {
        PerceptronRule.CheckBinary(data);
        var w = new double[data.Dimensions];
        double b = 0;
        var accuracy = new double[epochs];
        var order = PerceptronRule.Order(data.Count);
        var rng = new RandomStream(seed, StreamKind.Training, 2);
        for (int e = 0; e < epochs; e++)
        {
            PerceptronRule.Shuffle(order, ref rng);
            foreach (int i in order)
            {
                double[] x = data.Features[i];
                double error = data.Labels[i] - new LinearUnit(w, b).Net(x);
                for (int j = 0; j < w.Length; j++) w[j] += learningRate * error * x[j];
                b += learningRate * error;
            }
            var unit = new LinearUnit((double[])w.Clone(), b);
            accuracy[e] = PerceptronRule.Accuracy(data, x => unit.Net(x) > 0.5 ? 1 : 0);
        }
        return new LinearTraining(new LinearUnit(w, b), accuracy);
    }
}
