using SpikeSim.Analysis;

namespace SpikeSim.Sweeps;

/// <summary>
/// What a sweep runs: a model, fixed overrides, the swept parameters, how many random samples and repeats, the
/// sweep seed and the metrics. Points are the Cartesian product of the grid and list parameters (the first
/// parameter varies slowest), each crossed with <see cref="Samples"/> random samples when random parameters are
/// swept; point k's repeats r = 0..Repeats−1 are its runs.
/// </summary>
/// <param name="ModelPath">The model file.</param>
/// <param name="Sets">Fixed <c>--set</c> overrides applied before the swept values.</param>
/// <param name="Parameters">The swept parameters, in column order.</param>
/// <param name="Samples">Random samples per grid/list combination (≥ 1 when a parameter is random, else 0).</param>
/// <param name="Repeats">Runs per point, each with its own seed.</param>
/// <param name="Seed">The sweep seed, from which every run's seed is derived (see <see cref="SweepSeeds"/>).</param>
/// <param name="MetricNames">The metrics, see <see cref="RunMetrics.Names"/>.</param>
/// <param name="Metrics">Settings of the spike metrics.</param>
public sealed record SweepSpec(
    string ModelPath,
    IReadOnlyList<string> Sets,
    IReadOnlyList<SweepParameter> Parameters,
    int Samples,
    int Repeats,
    ulong Seed,
    IReadOnlyList<string> MetricNames,
    MetricSettings Metrics)
{
    /// <summary>The number of points (each run <see cref="Repeats"/> times).</summary>
    public long PointCount
    {
        get
        {
            long n = 1;
            foreach (var p in Parameters) n = checked(n * Combinations(p));
            return checked(n * Math.Max(1, Samples));
        }
    }

    /// <summary>True when some parameter is random.</summary>
    public bool HasRandom => Parameters.Any(p => p is RandomParameter);

    /// <summary>The point with index <paramref name="index"/>: each parameter's value text.</summary>
    public SweepPoint Point(long index)
    {
        if (index < 0 || index >= PointCount) throw new ArgumentOutOfRangeException(nameof(index), $"point {index} is not in 0..{PointCount - 1}");
        var values = new string[Parameters.Count];
        long rest = index / Math.Max(1, Samples);
        for (int j = Parameters.Count - 1; j >= 0; j--)
        {
            switch (Parameters[j])
            {
                case GridParameter g:
                    values[j] = g.Value((int)(rest % g.Count));
                    rest /= g.Count;
                    break;
                case ListParameter l:
                    values[j] = l.Values[(int)(rest % l.Values.Count)];
                    rest /= l.Values.Count;
                    break;
                case RandomParameter r:
                    values[j] = r.Value(SweepSeeds.Uniform(Seed, index, j));
                    break;
            }
        }
        return new SweepPoint(index, Parameters, values);
    }

    private static long Combinations(SweepParameter p) => p switch
    {
        GridParameter g => g.Count,
        ListParameter l => l.Values.Count,
        _ => 1,
    };
}

/// <summary>One point of a sweep: a value for every swept parameter.</summary>
/// <param name="Index">The point's index in the sweep.</param>
/// <param name="Parameters">The sweep's parameters.</param>
/// <param name="Values">Each parameter's value text, e.g. "15 ms".</param>
public sealed record SweepPoint(long Index, IReadOnlyList<SweepParameter> Parameters, IReadOnlyList<string> Values)
{
    /// <summary>The <c>--set</c> assignments that make this point, one per path.</summary>
    public IReadOnlyList<string> Assignments()
    {
        var list = new List<string>();
        for (int j = 0; j < Parameters.Count; j++)
            foreach (string path in Parameters[j].Paths)
                list.Add(path + "=" + Values[j]);
        return list;
    }

    /// <summary>The canonical text hashed into run seeds: <c>PATH=VALUE</c> per parameter, joined by newlines.</summary>
    public string CanonicalText
    {
        get
        {
            var lines = new string[Parameters.Count];
            for (int j = 0; j < lines.Length; j++) lines[j] = Parameters[j].Path + "=" + Values[j];
            return string.Join('\n', lines);
        }
    }

    /// <summary>The seed of repeat <paramref name="repeat"/> under sweep seed <paramref name="sweepSeed"/>.</summary>
    public ulong RunSeed(ulong sweepSeed, int repeat) => SweepSeeds.RunSeed(sweepSeed, CanonicalText, repeat);
}
