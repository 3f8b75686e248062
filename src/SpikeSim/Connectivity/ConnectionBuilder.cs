using System.Numerics;
using SpikeSim.Modeling;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Connectivity;

/// <summary>
/// Draws the synapses of one projection from its connection rule and turns them into a <see cref="SynapseTable"/>.
/// </summary>
/// <remarks>
/// Each row of the rule (a target for fixed_indegree, a source for the other rules) draws from its own
/// <see cref="RandomStream"/> keyed by (seed, projection, row): connectivity, weights and delays are the same
/// whatever the number of threads that build them. Rows are built in parallel.
/// </remarks>
public static class ConnectionBuilder
{
    private const int RowBlock = 256;

    /// <summary>Builds the synapses of projection <paramref name="index"/> of the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="index">Index of the projection in <see cref="ModelSpec.Projections"/>.</param>
    /// <param name="offsets">Global index of each population's first neuron.</param>
    public static SynapseTable Build(ModelSpec model, int index, int[] offsets)
    {
        ProjectionSpec p = model.Projections[index];
        if (p.Weight is MatrixValue matrix) return MatrixConnections.Build(model, index, offsets, matrix);
        switch (p.Connect.Rule)
        {
            case ConnectRule.SmallWorld or ConnectRule.ScaleFree: return GraphRules.Build(model, index, offsets);
            case ConnectRule.Distance: return DistanceRule.Build(model, index, offsets);
            case ConnectRule.FromFile: return FileRule.Build(model, index, offsets);
        }
        int from = model.PopulationIndex(p.From), to = model.PopulationIndex(p.To);
        int nSource = model.Populations[from].Size, nTarget = model.Populations[to].Size;
        bool noAutapses = from == to && !p.Connect.AllowAutapses;
        var rows = new RowSet(model.Seed, index, p, model.SourcePath);

        // Rows by target (fixed_indegree) or by source (the others): local indices of the other side.
        bool byTarget = p.Connect.Rule == ConnectRule.FixedIndegree;
        switch (p.Connect.Rule)
        {
            case ConnectRule.OneToOne:
                rows.Fixed(nSource, noAutapses ? 0 : 1, (int row, ref RandomStream _, Span<int> dst, Scratch __) => dst[0] = row);
                break;
            case ConnectRule.AllToAll:
                rows.Fixed(nSource, noAutapses ? nTarget - 1 : nTarget, (int row, ref RandomStream _, Span<int> dst, Scratch __) =>
                {
                    int n = 0;
                    for (int t = 0; t < nTarget; t++)
                        if (!(noAutapses && t == row)) dst[n++] = t;
                });
                break;
            case ConnectRule.FixedIndegree:
                rows.Fixed(nTarget, p.Connect.K, (int row, ref RandomStream rng, Span<int> dst, Scratch s) =>
                    ChooseSources(ref rng, nSource, noAutapses ? row : -1, p.Connect.AllowMultapses, dst, s, sortResult: false));
                break;
            case ConnectRule.FixedOutdegree:
                rows.Fixed(nSource, p.Connect.K, (int row, ref RandomStream rng, Span<int> dst, Scratch s) =>
                    ChooseSources(ref rng, nTarget, noAutapses ? row : -1, p.Connect.AllowMultapses, dst, s, sortResult: true));
                break;
            case ConnectRule.Random:
                rows.Bernoulli(nSource, nTarget, p.Connect.P, noAutapses);
                break;
            default:
                throw new ArgumentException($"unknown connection rule {p.Connect.Rule}");
        }

        int targetOffset = offsets[to];
        if (!byTarget)
        {
            // Already rows by source with ascending targets (local indices).
            return new SynapseTable(p.Name, from, to, rows.RowStart, SynapseTargets.Local(rows.Other, targetOffset, nTarget),
                                    rows.Weight, rows.WeightConstant, rows.Delay, rows.DelayConstant);
        }
        return Transpose(p.Name, from, to, nSource, targetOffset, rows);
    }

    /// <summary>
    /// Rows by target into CSR by source (a stable counting sort: targets stay ascending per source), the targets
    /// written in two bytes each where they fit (<see cref="SynapseTargets"/>).
    /// </summary>
    private static SynapseTable Transpose(string name, int from, int to, int nSource, int targetOffset, RowSet rows)
    {
        int count = rows.Other.Length;
        var rowStart = new int[nSource + 1];
        foreach (int s in rows.Other) rowStart[s + 1]++;
        for (int s = 0; s < nSource; s++) rowStart[s + 1] += rowStart[s];
        float[]? weight = rows.Weight is null ? null : new float[count];
        float[]? delay = rows.Delay is null ? null : new float[count];
        SynapseTargets targets = rows.RowStart.Length - 1 <= SynapseTargets.OffsetSpan
            ? SynapseTargets.FromOffsets(Transposed<ushort>(rows, rowStart, 0, weight, delay), targetOffset)
            : Transposed<int>(rows, rowStart, targetOffset, weight, delay);
        return new SynapseTable(name, from, to, rowStart, targets, weight, rows.WeightConstant, delay, rows.DelayConstant);
    }

    /// <summary>The targets (row index + <paramref name="add"/>) of <see cref="Transpose"/>, and the weights and delays with them.</summary>
    private static T[] Transposed<T>(RowSet rows, int[] rowStart, int add, float[]? weight, float[]? delay) where T : unmanaged, IBinaryInteger<T>
    {
        int[] sources = rows.Other;
        var next = (int[])rowStart.Clone();
        var target = new T[sources.Length];
        int nRows = rows.RowStart.Length - 1;
        for (int t = 0; t < nRows; t++)
        {
            T value = T.CreateTruncating(t + add);
            for (int k = rows.RowStart[t]; k < rows.RowStart[t + 1]; k++)
            {
                int dst = next[sources[k]]++;
                target[dst] = value;
                if (weight is not null) weight[dst] = rows.Weight![k];
                if (delay is not null) delay[dst] = rows.Delay![k];
            }
        }
        return target;
    }

    /// <summary>
    /// Chooses dst.Length indices in [0, n) except <paramref name="exclude"/>: distinct unless multapses are allowed.
    /// </summary>
    private static void ChooseSources(ref RandomStream rng, int n, int exclude, bool multapses, Span<int> dst, Scratch s, bool sortResult)
    {
        int k = dst.Length;
        if (k == 0) return;
        if (multapses)
        {
            for (int i = 0; i < k; i++)
            {
                int c;
                do c = rng.NextInt(n); while (c == exclude);
                dst[i] = c;
            }
        }
        else if (k * 4 <= n)
        {
            // Sparse choice: rejection against a stamp array (no clearing between rows).
            int stamp = s.NextStamp(n);
            int[] marks = s.Marks;
            for (int i = 0; i < k; i++)
            {
                int c;
                do c = rng.NextInt(n); while (c == exclude || marks[c] == stamp);
                marks[c] = stamp;
                dst[i] = c;
            }
        }
        else
        {
            // Dense choice: partial Fisher-Yates over the candidates.
            int[] pool = s.Pool(n);
            int m = 0;
            for (int i = 0; i < n; i++) if (i != exclude) pool[m++] = i;
            for (int i = 0; i < k; i++)
            {
                int j = i + rng.NextInt(m - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                dst[i] = pool[i];
            }
        }
        if (sortResult) dst.Sort();
    }

    private delegate void FillRow(int row, ref RandomStream rng, Span<int> dst, Scratch scratch);

    /// <summary>Per-thread scratch space for drawing rows.</summary>
    private sealed class Scratch
    {
        private int[] _pool = [];
        private int _stamp;
        public int[] Marks { get; private set; } = [];

        public int NextStamp(int n)
        {
            if (Marks.Length < n) { Marks = new int[n]; _stamp = 0; }
            return ++_stamp;
        }

        public int[] Pool(int n)
        {
            if (_pool.Length < n) _pool = new int[n];
            return _pool;
        }
    }

    /// <summary>The rows of a projection being drawn: offsets, the other side's local index, weights, delays.</summary>
    /// <summary>A projection beyond the 2^31 - 1 synapses that one table can index.</summary>
    internal static ModelException TooMany(string? sourcePath, int projection, ProjectionSpec spec, string what) =>
        new(sourcePath, $"$.projections[{projection}].connect", null, System.FormattableString.Invariant(
            $"projection \"{spec.Name}\" {what}; a projection may have at most {int.MaxValue:N0} synapses (split it into several projections or lower the connection probability or degree)"));

    private sealed class RowSet(ulong seed, int projection, ProjectionSpec spec, string? sourcePath)
    {
        public int[] RowStart = [0];
        public int[] Other = [];
        public float[]? Weight;
        public float[]? Delay;
        public double WeightConstant = spec.Weight is ConstantValue w ? w.Value : 0;
        public double DelayConstant = spec.Delay is ConstantValue d ? d.Value : 0;

        private RandomStream Stream(int row) => new(seed, StreamKind.Connectivity, projection, row);

        /// <summary>Rows of equal length: filled in parallel straight into place.</summary>
        public void Fixed(int nRows, int perRow, FillRow fill)
        {
            long total = (long)nRows * perRow;
            if (total > int.MaxValue) throw TooMany(sourcePath, projection, spec, $"would have {total:N0} synapses");
            RowStart = new int[nRows + 1];
            for (int r = 0; r <= nRows; r++) RowStart[r] = r * perRow;
            Other = new int[total];
            AllocateValues((int)total);
            int blocks = (nRows + RowBlock - 1) / RowBlock;
            Parallel.For(0, blocks, () => new Scratch(), (b, _, scratch) =>
            {
                int end = Math.Min(nRows, (b + 1) * RowBlock);
                for (int row = b * RowBlock; row < end; row++)
                {
                    RandomStream rng = Stream(row);
                    int start = row * perRow;
                    fill(row, ref rng, Other.AsSpan(start, perRow), scratch);
                    DrawValues(ref rng, start, start + perRow);
                }
                return scratch;
            }, _ => { });
        }

        /// <summary>Each pair with probability p: geometric skips over the targets of each source row.</summary>
        public void Bernoulli(int nSource, int nTarget, double p, bool noAutapses)
        {
            var rowTargets = new int[nSource][];
            var rowValues = new (float[]? W, float[]? D)[nSource];
            double logQ = p >= 1.0 ? double.NegativeInfinity : Math.Log(1.0 - p);
            int blocks = (nSource + RowBlock - 1) / RowBlock;
            Parallel.For(0, blocks, () => new List<int>(), (b, _, list) =>
            {
                int end = Math.Min(nSource, (b + 1) * RowBlock);
                for (int row = b * RowBlock; row < end; row++)
                {
                    list.Clear();
                    RandomStream rng = Stream(row);
                    if (p > 0)
                    {
                        for (long t = rng.NextGeometricSkip(logQ); t < nTarget; t += 1 + rng.NextGeometricSkip(logQ))
                            if (!(noAutapses && t == row)) list.Add((int)t);
                    }
                    rowTargets[row] = list.ToArray();
                    float[]? w = spec.Weight.IsConstant ? null : new float[list.Count];
                    float[]? d = spec.Delay.IsConstant ? null : new float[list.Count];
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (w is not null) w[i] = (float)ValueSampler.Draw(spec.Weight, ref rng);
                        if (d is not null) d[i] = (float)ValueSampler.Draw(spec.Delay, ref rng);
                    }
                    rowValues[row] = (w, d);
                }
                return list;
            }, _ => { });
            RowStart = new int[nSource + 1];
            long total = 0;
            for (int r = 0; r < nSource; r++)
            {
                total += rowTargets[r].Length;
                if (total > int.MaxValue) throw TooMany(sourcePath, projection, spec, "has more synapses than that");
                RowStart[r + 1] = (int)total;
            }
            Other = new int[total];
            AllocateValues((int)total);
            for (int r = 0; r < nSource; r++)
            {
                rowTargets[r].CopyTo(Other, RowStart[r]);
                rowValues[r].W?.CopyTo(Weight!, RowStart[r]);
                rowValues[r].D?.CopyTo(Delay!, RowStart[r]);
            }
        }

        private void AllocateValues(int total)
        {
            Weight = spec.Weight.IsConstant ? null : new float[total];
            Delay = spec.Delay.IsConstant ? null : new float[total];
        }

        /// <summary>Weights then delays of synapses [start, end), drawn in row order from the row's stream.</summary>
        private void DrawValues(ref RandomStream rng, int start, int end)
        {
            if (Weight is null && Delay is null) return;
            for (int k = start; k < end; k++)
            {
                if (Weight is not null) Weight[k] = (float)ValueSampler.Draw(spec.Weight, ref rng);
                if (Delay is not null) Delay[k] = (float)ValueSampler.Draw(spec.Delay, ref rng);
            }
        }
    }
}
