using SpikeSim.Modeling;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Connectivity;

/// <summary>
/// Rule from_file: the synapses listed in a connection file (<see cref="FileConnections"/>), put in CSR by source with
/// targets ascending, rows of equal targets in file order. So a run folder's <c>connections.csv</c> (written in
/// that order) rebuilds the same table, value for value, and the same seed gives the same spikes. Weights and
/// delays from the file are used exactly (<see cref="ExactValues"/>; one value for all is kept once); without a
/// column, the projection's weight or delay applies: a constant, or a distribution drawn per synapse from the
/// stream (seed, connectivity, projection, source row) in row order.
/// </summary>
internal static class FileRule
{
    public static SynapseTable Build(ModelSpec model, int index, int[] offsets)
    {
        ProjectionSpec p = model.Projections[index];
        FileConnections file = p.Connect.File ?? throw new ArgumentException($"projection {p.Name} has no connection file");
        int from = model.PopulationIndex(p.From), to = model.PopulationIndex(p.To);
        int nSource = model.Populations[from].Size;
        int count = file.Count;

        // Stable order by (source, target): counting sort by source, then a stable sort of each row by target.
        var rowStart = new int[nSource + 1];
        foreach (int s in file.Source) rowStart[s + 1]++;
        for (int s = 0; s < nSource; s++) rowStart[s + 1] += rowStart[s];
        var order = new int[count];
        var next = (int[])rowStart.Clone();
        for (int k = 0; k < count; k++) order[next[file.Source[k]]++] = k;
        for (int s = 0; s < nSource; s++)
        {
            int a = rowStart[s], n = rowStart[s + 1] - a;
            if (n < 2) continue;
            // Array.Sort is not stable: sort (target, file position) pairs, which are distinct.
            var span = order.AsSpan(a, n);
            var pairs = new (int Target, int Position)[n];
            for (int i = 0; i < n; i++) pairs[i] = (file.Target[span[i]], span[i]);
            Array.Sort(pairs);
            for (int i = 0; i < n; i++) span[i] = pairs[i].Position;
        }

        var target = new int[count];
        for (int i = 0; i < count; i++) target[i] = offsets[to] + file.Target[order[i]];
        (float[]? weight, double weightConstant, double[]? weight64) = Values(file.Weight, p.Weight, order, rowStart, model.Seed, index);
        (float[]? delay, double delayConstant, double[]? delay64) = Values(file.Delay, p.Delay, order, rowStart, model.Seed, index, draws: file.Weight is null && !p.Weight.IsConstant);
        return new SynapseTable(p.Name, from, to, rowStart, target, weight, weightConstant, delay, delayConstant, weight64, delay64);
    }

    /// <summary>A column's values in table order (exact; one constant when all are equal), or the projection's own value.</summary>
    private static (float[]? Single, double Constant, double[]? Double) Values(double[]? column, ValueSpec spec, int[] order, int[] rowStart,
                                                                              ulong seed, int index, bool draws = false)
    {
        if (column is not null)
        {
            if (column.Length == 0) return (null, 0, null);
            double first = column[0];
            bool same = true;
            foreach (double v in column) if (BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(first)) { same = false; break; }
            if (same) return (null, first, null);
            var sorted = new double[order.Length];
            for (int i = 0; i < order.Length; i++) sorted[i] = column[order[i]];
            (float[]? single, double[]? exact) = ExactValues.Pack(sorted);
            return (single, 0, exact);
        }
        if (spec is ConstantValue c) return (null, c.Value, null);
        // A distribution: one float draw per synapse, each source row from its own stream (weights first when both are drawn).
        var drawn = new float[order.Length];
        for (int s = 0; s + 1 < rowStart.Length; s++)
        {
            var rng = new RandomStream(seed, StreamKind.Connectivity, index, s);
            if (draws) for (int k = rowStart[s]; k < rowStart[s + 1]; k++) ValueSampler.Draw(spec, ref rng);
            for (int k = rowStart[s]; k < rowStart[s + 1]; k++) drawn[k] = (float)ValueSampler.Draw(spec, ref rng);
        }
        return (drawn, 0, null);
    }
}
