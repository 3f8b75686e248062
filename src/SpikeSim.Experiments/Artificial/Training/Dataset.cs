using System.Globalization;
using SpikeSim.Randomness;

namespace SpikeSim.Artificial.Training;

/// <summary>A labelled dataset: one feature row per sample and a class label 0..Classes-1.</summary>
/// <param name="Name">Where it came from (generator name or file).</param>
/// <param name="Features">One row of features per sample.</param>
/// <param name="Labels">The class of each sample.</param>
/// <param name="Classes">Number of classes.</param>
public sealed record Dataset(string Name, double[][] Features, int[] Labels, int Classes)
{
    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>Number of features per sample.</summary>
    public int Dimensions => Features.Length > 0 ? Features[0].Length : 0;

    /// <summary>The samples with indices [start, start + count).</summary>
    public Dataset Slice(int start, int count) => new(Name, Features[start..(start + count)], Labels[start..(start + count)], Classes);

    /// <summary>
    /// Min-max scaling fitted on this dataset: each feature mapped linearly so that its minimum here is 0 and its
    /// maximum 1 (a constant feature maps to 0). Apply it to other sets with <see cref="Scale(double[], double[])"/>.
    /// </summary>
    public (double[] Min, double[] Max) FitScaling()
    {
        int d = Dimensions;
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        foreach (double[] row in Features)
            for (int j = 0; j < d; j++) { min[j] = Math.Min(min[j], row[j]); max[j] = Math.Max(max[j], row[j]); }
        return (min, max);
    }

    /// <summary>This dataset with features mapped by (x - min) / (max - min), clipped to [0, 1].</summary>
    public Dataset Scale(double[] min, double[] max)
    {
        var rows = new double[Count][];
        for (int i = 0; i < Count; i++)
        {
            rows[i] = new double[Dimensions];
            for (int j = 0; j < Dimensions; j++)
                rows[i][j] = max[j] > min[j] ? Math.Clamp((Features[i][j] - min[j]) / (max[j] - min[j]), 0.0, 1.0) : 0.0;
        }
        return this with { Features = rows };
    }
}

/// <summary>
/// Datasets generated from a seed (the same seed always gives the same samples) or read from CSV.
/// <list type="bullet">
/// <item><c>xor</c>, <c>and</c>, <c>or</c>: the corners of the unit square labelled by the logic function; with
/// <c>n</c> = 4 and noise 0 the exact truth table, otherwise n samples cycling through the corners with Gaussian
/// noise of sd <c>noise</c>.</item>
/// <item><c>two_moons</c>: two interleaving half circles of radius 1 (as scikit-learn's make_moons), noise sd.</item>
/// <item><c>circles</c>: two concentric circles of radii 1 and 0.5 (make_circles with factor 0.5), noise sd.</item>
/// <item><c>blobs</c>: three Gaussian blobs of sd 0.5 + noise around centres on a circle of radius 2.</item>
/// </list>
/// </summary>
public static class Datasets
{
    /// <summary>The generator names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["xor", "and", "or", "two_moons", "circles", "blobs"];

    /// <summary>The four-row truth table of a logic function (xor, and, or).</summary>
    public static Dataset TruthTable(string name) => Generate(name, 4, 0, 0.0);

    /// <summary>Generates <paramref name="n"/> samples of the named dataset; throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public static Dataset Generate(string name, int n, ulong seed, double noise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var rng = new RandomStream(seed, StreamKind.Data, StableHash(name));
        var x = new double[n][];
        var y = new int[n];
        int classes = 2;
        for (int i = 0; i < n; i++)
        {
            switch (name)
            {
                case "xor" or "and" or "or":
                {
                    int a = i & 1, b = (i >> 1) & 1;
                    x[i] = [a + noise * rng.NextGaussian(), b + noise * rng.NextGaussian()];
                    y[i] = name switch { "xor" => a ^ b, "and" => a & b, _ => a | b };
                    break;
                }
                case "two_moons":
                {
                    int c = i % 2;
                    double t = Math.PI * rng.NextDouble();
                    x[i] = c == 0
                        ? [Math.Cos(t) + noise * rng.NextGaussian(), Math.Sin(t) + noise * rng.NextGaussian()]
                        : [1 - Math.Cos(t) + noise * rng.NextGaussian(), 0.5 - Math.Sin(t) + noise * rng.NextGaussian()];
                    y[i] = c;
                    break;
                }
                case "circles":
                {
                    int c = i % 2;
                    double t = 2 * Math.PI * rng.NextDouble(), r = c == 0 ? 1.0 : 0.5;
                    x[i] = [r * Math.Cos(t) + noise * rng.NextGaussian(), r * Math.Sin(t) + noise * rng.NextGaussian()];
                    y[i] = c;
                    break;
                }
                case "blobs":
                {
                    classes = 3;
                    int c = i % 3;
                    double angle = 2 * Math.PI * c / 3, sd = 0.5 + noise;
                    x[i] = [2 * Math.Cos(angle) + sd * rng.NextGaussian(), 2 * Math.Sin(angle) + sd * rng.NextGaussian()];
                    y[i] = c;
                    break;
                }
                default:
                    throw new ArgumentException($"unknown dataset \"{name}\" (known: {string.Join(", ", Names)})", nameof(name));
            }
        }
        return new Dataset(name, x, y, classes);
    }

    /// <summary>
    /// Reads a CSV with a header <c>x1,...,xn,label</c> (any feature names; the last column is the label, an integer
    /// from 0). Throws <see cref="FormatException"/> naming the file and line of a bad row.
    /// </summary>
    public static Dataset ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length < 2) throw new FormatException($"{path}: expected a header x1,...,xn,label and at least one row");
        int columns = lines[0].Split(',').Length;
        if (columns < 2) throw new FormatException($"{path}:1: expected at least one feature column and a label column");
        var x = new List<double[]>();
        var y = new List<int>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            string[] cells = lines[i].Split(',');
            if (cells.Length != columns) throw new FormatException($"{path}:{i + 1}: expected {columns} values, got {cells.Length}");
            var row = new double[columns - 1];
            for (int j = 0; j < row.Length; j++)
                if (!double.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]) || !double.IsFinite(row[j]))
                    throw new FormatException($"{path}:{i + 1}: column {j + 1}: expected a number, got \"{cells[j]}\"");
            if (!int.TryParse(cells[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0)
                throw new FormatException($"{path}:{i + 1}: label: expected a class number 0, 1, ..., got \"{cells[^1]}\"");
            x.Add(row);
            y.Add(label);
        }
        int classes = 0;
        foreach (int l in y) classes = Math.Max(classes, l + 1);
        return new Dataset(Path.GetFileName(path), x.ToArray(), y.ToArray(), Math.Max(classes, 2));
    }

    private static long StableHash(string s)
    {
        long h = 1469598103934665603;
        foreach (char c in s) h = (h ^ c) * 1099511628211;
        return h;
    }
}
