using MathNet.Numerics.LinearAlgebra;
using SpikeSim.Randomness;

namespace SpikeSim.Artificial.Training;

/// <summary>
/// A small multilayer network: hidden layers a_l = f(W_l a_(l-1) + b_l) with one activation f (ReLU by default),
/// and a softmax output layer p = softmax(W_L a_(L-1) + b_L) trained on the mean cross-entropy
/// -1/n Σ log p_label. W_l has one row per neuron of layer l and one column per neuron of layer l-1 (as a model
/// file's weight matrix). Linear algebra by MathNet.Numerics; samples are the rows of a batch matrix.
/// </summary>
public sealed class Mlp
{
    /// <summary>Creates a network with the given weights and biases (not copied).</summary>
    public Mlp(IReadOnlyList<Matrix<double>> weights, IReadOnlyList<Vector<double>> biases, NeuronType hidden)
    {
        if (weights.Count == 0 || weights.Count != biases.Count) throw new ArgumentException("one bias vector per weight matrix, at least one layer");
        for (int l = 0; l < weights.Count; l++)
        {
            if (biases[l].Count != weights[l].RowCount) throw new ArgumentException($"layer {l}: {weights[l].RowCount} rows but {biases[l].Count} biases");
            if (l > 0 && weights[l].ColumnCount != weights[l - 1].RowCount) throw new ArgumentException($"layer {l}: {weights[l].ColumnCount} columns, layer {l - 1} has {weights[l - 1].RowCount} neurons");
        }
        Weights = [.. weights];
        Biases = [.. biases];
        Hidden = hidden;
    }

    /// <summary>Weights per layer (rows: neurons of the layer, columns: neurons of the layer before).</summary>
    public Matrix<double>[] Weights { get; }

    /// <summary>Biases per layer.</summary>
    public Vector<double>[] Biases { get; }

    /// <summary>The activation of the hidden layers.</summary>
    public NeuronType Hidden { get; }

    /// <summary>Layer sizes, inputs first.</summary>
    public int[] Sizes => [Weights[0].ColumnCount, .. Weights.Select(w => w.RowCount)];

    /// <summary>Multiply-accumulates of one forward pass of one sample: Σ over layers of inputs × outputs.</summary>
    public long MacsPerSample => Weights.Sum(w => (long)w.RowCount * w.ColumnCount);

    /// <summary>
    /// A network with He-initialised weights (normal, sd sqrt(2 / fan-in)) and zero biases, from the seed.
    /// </summary>
    public static Mlp Create(int[] sizes, NeuronType hidden, ulong seed)
    {
        if (sizes.Length < 2) throw new ArgumentException("at least an input and an output layer", nameof(sizes));
        var rng = new RandomStream(seed, StreamKind.Training, 3);
        var w = new Matrix<double>[sizes.Length - 1];
        var b = new Vector<double>[sizes.Length - 1];
        for (int l = 0; l < w.Length; l++)
        {
            double sd = Math.Sqrt(2.0 / sizes[l]);
            w[l] = Matrix<double>.Build.Dense(sizes[l + 1], sizes[l]);
            for (int r = 0; r < sizes[l + 1]; r++)
                for (int c = 0; c < sizes[l]; c++) w[l][r, c] = sd * rng.NextGaussian();
            b[l] = Vector<double>.Build.Dense(sizes[l + 1]);
        }
        return new Mlp(w, b, hidden);
    }

    /// <summary>A deep copy.</summary>
    public Mlp Clone() => new(Weights.Select(w => w.Clone()).ToArray(), Biases.Select(b => b.Clone()).ToArray(), Hidden);

    /// <summary>The batch matrix of a dataset's features (one row per sample).</summary>
    public static Matrix<double> Batch(Dataset data) => Matrix<double>.Build.DenseOfRowArrays(data.Features);

    /// <summary>
    /// Forward pass of a batch (rows are samples): the pre-activations Z_l and activations A_l of every layer
    /// (A_0 = X; the last A is the softmax output).
    /// </summary>
    public (Matrix<double>[] Z, Matrix<double>[] A) Forward(Matrix<double> x)
    {
        int layers = Weights.Length;
        var z = new Matrix<double>[layers];
        var a = new Matrix<double>[layers + 1];
        a[0] = x;
        for (int l = 0; l < layers; l++)
        {
            z[l] = a[l].TransposeAndMultiply(Weights[l]);
            Vector<double> bias = Biases[l];
            z[l].MapIndexedInplace((_, c, v) => v + bias[c]);
            a[l + 1] = l < layers - 1 ? z[l].Map(Hidden.Activate) : Softmax(z[l]);
        }
        return (z, a);
    }

    /// <summary>The output layer's net inputs (logits), one row per sample.</summary>
    public Matrix<double> Logits(Matrix<double> x) => Forward(x).Z[^1];

    /// <summary>The predicted class of each sample (the largest logit).</summary>
    public int[] Predict(Matrix<double> x)
    {
        Matrix<double> logits = Logits(x);
        var result = new int[logits.RowCount];
        for (int i = 0; i < result.Length; i++) result[i] = logits.Row(i).MaximumIndex();
        return result;
    }

    /// <summary>Fraction of the dataset classified correctly.</summary>
    public double Accuracy(Dataset data)
    {
        int[] predicted = Predict(Batch(data));
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++) if (predicted[i] == data.Labels[i]) correct++;
        return (double)correct / data.Count;
    }

    /// <summary>Mean cross-entropy of the batch.</summary>
    public double Loss(Matrix<double> x, int[] labels)
    {
        Matrix<double> p = Forward(x).A[^1];
        double loss = 0;
        for (int i = 0; i < labels.Length; i++) loss -= Math.Log(Math.Max(p[i, labels[i]], 1e-300));
        return loss / labels.Length;
    }

    /// <summary>Backpropagation: the gradients of the mean cross-entropy with respect to every weight and bias.</summary>
    public (Matrix<double>[] DW, Vector<double>[] DB) Gradients(Matrix<double> x, int[] labels)
    {
        (Matrix<double>[] z, Matrix<double>[] a) = Forward(x);
        int layers = Weights.Length, n = labels.Length;
        var dw = new Matrix<double>[layers];
        var db = new Vector<double>[layers];
        // dL/dZ_L = (P - Y) / n for softmax with cross-entropy.
        Matrix<double> dz = a[layers].Clone();
        for (int i = 0; i < n; i++) dz[i, labels[i]] -= 1.0;
        dz = dz.Divide(n);
        for (int l = layers - 1; l >= 0; l--)
        {
            dw[l] = dz.TransposeThisAndMultiply(a[l]);
            db[l] = dz.ColumnSums();
            if (l == 0) break;
            Matrix<double> da = dz.Multiply(Weights[l]);
            dz = da.PointwiseMultiply(z[l - 1].Map(Hidden.Derivative));
        }
        return (dw, db);
    }

    /// <summary>
    /// Mini-batch gradient descent with momentum (v = mu v - eta g; theta += v) for <paramref name="epochs"/> passes
    /// in a seeded random order. Returns the training accuracy after each epoch.
    /// </summary>
    public double[] Train(Dataset data, int epochs, double learningRate, int batchSize, ulong seed, double momentum = 0.9)
    {
        var rng = new RandomStream(seed, StreamKind.Training, 4);
        int[] order = PerceptronRule.Order(data.Count);
        var vw = Weights.Select(w => Matrix<double>.Build.Dense(w.RowCount, w.ColumnCount)).ToArray();
        var vb = Biases.Select(b => Vector<double>.Build.Dense(b.Count)).ToArray();
        var accuracy = new double[epochs];
        batchSize = Math.Clamp(batchSize, 1, data.Count);
        for (int e = 0; e < epochs; e++)
        {
            PerceptronRule.Shuffle(order, ref rng);
            for (int start = 0; start < data.Count; start += batchSize)
            {
                int count = Math.Min(batchSize, data.Count - start);
                var rows = new double[count][];
                var labels = new int[count];
                for (int i = 0; i < count; i++) { rows[i] = data.Features[order[start + i]]; labels[i] = data.Labels[order[start + i]]; }
                (Matrix<double>[] dw, Vector<double>[] db) = Gradients(Matrix<double>.Build.DenseOfRowArrays(rows), labels);
                for (int l = 0; l < Weights.Length; l++)
                {
                    vw[l] = vw[l].Multiply(momentum) - dw[l].Multiply(learningRate);
                    vb[l] = vb[l].Multiply(momentum) - db[l].Multiply(learningRate);
                    Weights[l].Add(vw[l], Weights[l]);
                    Biases[l].Add(vb[l], Biases[l]);
                }
            }
            accuracy[e] = Accuracy(data);
        }
        return accuracy;
    }

    private static Matrix<double> Softmax(Matrix<double> z)
    {
        Matrix<double> p = z.Clone();
        for (int i = 0; i < p.RowCount; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < p.ColumnCount; c++) max = Math.Max(max, p[i, c]);
            double sum = 0;
            for (int c = 0; c < p.ColumnCount; c++) { p[i, c] = Math.Exp(p[i, c] - max); sum += p[i, c]; }
            for (int c = 0; c < p.ColumnCount; c++) p[i, c] /= sum;
        }
        return p;
    }
}
