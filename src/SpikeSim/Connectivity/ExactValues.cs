namespace SpikeSim.Connectivity;

/// <summary>
/// Keeps per-synapse values that the user wrote (a weight matrix, a connection file) exactly: as float when every
/// value is a float already (4 bytes, e.g. the weights of a <c>connections.csv</c> written from drawn values), else
/// as double (8 bytes). Drawn values are rounded to float by the rules themselves; written ones never are.
/// </summary>
internal static class ExactValues
{
    /// <summary>The values as floats when each converts to float and back unchanged, else as doubles.</summary>
    public static (float[]? Single, double[]? Double) Pack(double[] values)
    {
        foreach (double v in values)
            if ((double)(float)v != v && !double.IsNaN(v)) return (null, values);
        var single = new float[values.Length];
        for (int i = 0; i < values.Length; i++) single[i] = (float)values[i];
        return (single, null);
    }
}
