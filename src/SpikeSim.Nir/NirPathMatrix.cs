namespace SpikeSim.Nir;

/// <summary>
/// The linear map composed along a path of Linear, Affine, Scale and Delay nodes: rows are the signal's elements at
/// the current node, columns the source's elements. The identity a path starts with is kept implicit, so that a
/// Linear of p x q costs p q (not p q²) to apply to it.
/// </summary>
internal sealed class NirPathMatrix
{
    private readonly double[][]? _rows; // null: the identity of size Rows
    private readonly int _size;

    private NirPathMatrix(double[][]? rows, int size)
    {
        _rows = rows;
        _size = size;
    }

    /// <summary>The identity map of a signal of <paramref name="n"/> elements.</summary>
    public static NirPathMatrix Identity(int n) => new(null, n);

    /// <summary>A one-column map: a constant vector (an Affine bias) carried along the path.</summary>
    public static NirPathMatrix Column(double[] values) => new(values.Select(v => new[] { v }).ToArray(), values.Length);

    /// <summary>Number of rows (elements of the signal at this point of the path).</summary>
    public int Rows => _rows?.Length ?? _size;

    /// <summary>This map followed by the matrix <paramref name="w"/> (outputs x inputs): W · M.</summary>
    public NirPathMatrix Then(NirArray w)
    {
        int p = w.Shape[0], q = w.Shape[1];
        var result = new double[p][];
        for (int i = 0; i < p; i++)
        {
            if (_rows is null)
            {
                result[i] = new double[q];
                Array.Copy(w.Data, i * q, result[i], 0, q);
                continue;
            }
            int n = _rows.Length == 0 ? 0 : _rows[0].Length;
            result[i] = new double[n];
            for (int k = 0; k < q; k++)
            {
                double a = w.At(i, k);
                if (a == 0) continue;
                double[] row = _rows[k];
                for (int j = 0; j < n; j++) result[i][j] += a * row[j];
            }
        }
        return new NirPathMatrix(result, p);
    }

    /// <summary>This map followed by the elementwise scale <paramref name="s"/>.</summary>
    public NirPathMatrix Scaled(double[] s)
    {
        double[][] dense = Dense();
        return new NirPathMatrix(dense.Select((r, i) => r.Select(x => x * s[i]).ToArray()).ToArray(), Rows);
    }

    /// <summary>The rows for which <paramref name="keep"/> holds; the others zero.</summary>
    public NirPathMatrix KeepRows(Func<int, bool> keep)
    {
        double[][] dense = Dense();
        return new NirPathMatrix(dense.Select((r, i) => keep(i) ? r : new double[r.Length]).ToArray(), Rows);
    }

    /// <summary>The map as dense rows (a copy for the identity).</summary>
    public double[][] Dense()
    {
        if (_rows is not null) return _rows;
        var rows = new double[_size][];
        for (int i = 0; i < _size; i++) { rows[i] = new double[_size]; rows[i][i] = 1; }
        return rows;
    }
}
