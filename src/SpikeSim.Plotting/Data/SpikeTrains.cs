namespace SpikeSim.Plotting.Data;

/// <summary>The spikes of one population: parallel arrays of times (ms) and neuron indices within the population.</summary>
/// <param name="Name">Population name.</param>
/// <param name="TimesMs">Spike times, ms, in file order (non-decreasing for a run folder).</param>
/// <param name="Neurons">Neuron index (within the population) of each spike.</param>
public sealed record PopulationSpikes(string Name, double[] TimesMs, int[] Neurons)
{
    /// <summary>Number of spikes.</summary>
    public int Count => TimesMs.Length;
}

/// <summary>
/// The spikes of a run (<c>spikes.csv</c>: <c>t_ms,population,neuron</c>), split by population, in the order of the
/// run's populations when known (else of first appearance).
/// </summary>
public sealed class SpikeTrains
{
    /// <summary>The largest neuron index + 1 accepted when the population sizes are unknown (figures hold arrays as long as a population).</summary>
    public const int MaxNeuronsWithoutSizes = 1 << 24;

    /// <summary>Creates spike trains from per-population arrays.</summary>
    public SpikeTrains(IReadOnlyList<PopulationSpikes> populations)
    {
        ArgumentNullException.ThrowIfNull(populations);
        Populations = populations;
        long n = 0;
        foreach (var p in populations) n += p.Count;
        Count = n;
    }

    /// <summary>Populations, each with its spikes (possibly none).</summary>
    public IReadOnlyList<PopulationSpikes> Populations { get; }

    /// <summary>Total number of spikes.</summary>
    public long Count { get; }

    /// <summary>
    /// Reads <c>spikes.csv</c>. Populations listed in <paramref name="order"/> come first, in that order (with no
    /// spikes if none fired), then any others in order of first appearance.
    /// </summary>
    /// <param name="path">The spikes.csv file.</param>
    /// <param name="order">Population names in run order, or null.</param>
    /// <param name="sizes">Population sizes (from summary.json), or null: a neuron index must then be below
    /// <see cref="MaxNeuronsWithoutSizes"/>.</param>
    /// <exception cref="PlotDataException">A column is missing, a value does not parse, a time is not finite, or a
    /// neuron index is outside its population (the message names the file and line).</exception>
    public static SpikeTrains Read(string path, IReadOnlyList<string>? order = null, IReadOnlyDictionary<string, int>? sizes = null)
    {
        using var csv = CsvFile.Open(path);
        int ct = csv.RequireColumn("t_ms"), cp = csv.RequireColumn("population"), cn = csv.RequireColumn("neuron");
        var names = new List<string>(order ?? []);
        var times = new List<List<double>>();
        var neurons = new List<List<int>>();
        foreach (var _ in names) { times.Add([]); neurons.Add([]); }
        string? last = null;
        int lastIndex = -1;
        while (csv.Read())
        {
            string name = csv.Name(cp);
            if (!ReferenceEquals(name, last))
            {
                lastIndex = names.IndexOf(name);
                if (lastIndex < 0)
                {
                    names.Add(name);
                    times.Add([]);
                    neurons.Add([]);
                    lastIndex = names.Count - 1;
                }
                last = name;
            }
            double t = csv.Double(ct);
            if (!double.IsFinite(t)) throw csv.Bad(ct, "a finite time in ms");
            int neuron = csv.Int(cn);
            if (neuron < 0) throw csv.Bad(cn, "a neuron index >= 0");
            if (sizes is not null)
            {
                if (!sizes.TryGetValue(name, out int size))
                    throw csv.Bad(cp, $"a population of the run ({string.Join(", ", sizes.Keys)})");
                if (neuron >= size) throw csv.Bad(cn, $"a neuron index below {size}, the size of \"{name}\"");
            }
            else if (neuron >= MaxNeuronsWithoutSizes)
                throw csv.Bad(cn, $"a neuron index below {MaxNeuronsWithoutSizes} (there is no summary.json giving the population sizes)");
            times[lastIndex].Add(t);
            neurons[lastIndex].Add(neuron);
        }
        var list = new PopulationSpikes[names.Count];
        for (int i = 0; i < list.Length; i++) list[i] = new PopulationSpikes(names[i], [.. times[i]], [.. neurons[i]]);
        return new SpikeTrains(list);
    }
}
