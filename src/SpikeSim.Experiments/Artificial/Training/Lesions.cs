using SpikeSim.Randomness;

namespace SpikeSim.Artificial.Training;

/// <summary>What a lesion removes.</summary>
public enum LesionKind
{
    /// <summary>Synapses: weight entries set to 0, chosen at random among all layers' weights.</summary>
    Synapses,
    /// <summary>Hidden neurons: their incoming weights, bias and outgoing weights set to 0 (inputs and outputs are spared).</summary>
    Neurons,
}

/// <summary>Random lesions of a <see cref="Mlp"/>: the same (kind, fraction, seed) always removes the same elements.</summary>
public static class Lesions
{
    /// <summary>
    /// A copy of <paramref name="mlp"/> with round(fraction × N) of its N synapses or hidden neurons removed, chosen
    /// uniformly without replacement from the stream (seed, training, kind).
    /// </summary>
    public static Mlp Apply(Mlp mlp, LesionKind kind, double fraction, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        Mlp copy = mlp.Clone();
        var rng = new RandomStream(seed, StreamKind.Training, 100 + (int)kind);
        if (kind == LesionKind.Synapses)
        {
            var sites = new List<(int Layer, int Row, int Column)>();
            for (int l = 0; l < copy.Weights.Length; l++)
                for (int r = 0; r < copy.Weights[l].RowCount; r++)
                    for (int c = 0; c < copy.Weights[l].ColumnCount; c++) sites.Add((l, r, c));
            foreach (var (l, r, c) in Choose(sites, fraction, ref rng)) copy.Weights[l][r, c] = 0;
        }
        else
        {
            var sites = new List<(int Layer, int Neuron)>();
            for (int l = 0; l < copy.Weights.Length - 1; l++)
                for (int n = 0; n < copy.Weights[l].RowCount; n++) sites.Add((l, n));
            foreach (var (l, n) in Choose(sites, fraction, ref rng))
            {
                copy.Weights[l].ClearRow(n);
                copy.Biases[l][n] = 0;
                copy.Weights[l + 1].ClearColumn(n);
            }
        }
        return copy;
    }

    private static List<T> Choose<T>(List<T> sites, double fraction, ref RandomStream rng)
    {
        int k = (int)Math.Round(fraction * sites.Count);
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(sites.Count - i);
            (sites[i], sites[j]) = (sites[j], sites[i]);
        }
        return sites.GetRange(0, k);
    }
}
