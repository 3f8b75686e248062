using System.Globalization;

namespace SpikeSim.Plotting.Data;

/// <summary>Some neurons of one population: a set of indices within it.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Indices">Neuron indices within the population, ascending, without repeats.</param>
public sealed record NeuronSet(string Population, IReadOnlyList<int> Indices)
{
    /// <summary>
    /// Parses <c>POP:0-9</c>, <c>POP:3</c> or <c>POP:0-4,10,12-13</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static NeuronSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new FormatException($"expected POPULATION:RANGES such as exc:0-9 or inh:0,5,10-12, got '{text}'");
        string population = text[..colon].Trim();
        var indices = new SortedSet<int>();
        foreach (string part in text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', 1);
            if (dash < 0)
            {
                if (!TryIndex(part, out int n)) throw Bad(text, part);
                indices.Add(n);
                continue;
            }
            if (!TryIndex(part[..dash], out int first) || !TryIndex(part[(dash + 1)..], out int last) || last < first) throw Bad(text, part);
            if (last - first > 1_000_000) throw new FormatException($"'{part}' in '{text}' spans more than a million neurons");
            for (int n = first; n <= last; n++) indices.Add(n);
        }
        if (indices.Count == 0) throw new FormatException($"'{text}' names no neuron");
        return new NeuronSet(population, [.. indices]);
    }

    /// <summary>The set as <see cref="Parse"/> reads it, runs of consecutive indices as ranges: <c>exc:0-4,10,12-13</c>.</summary>
    public string Text
    {
        get
        {
            var parts = new List<string>();
            for (int k = 0; k < Indices.Count;)
            {
                int first = Indices[k], last = first;
                while (++k < Indices.Count && Indices[k] == last + 1) last = Indices[k];
                parts.Add(last > first ? string.Create(CultureInfo.InvariantCulture, $"{first}-{last}") : first.ToString(CultureInfo.InvariantCulture));
            }
            return Population + ":" + string.Join(',', parts);
        }
    }

    private static bool TryIndex(string s, out int n) => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out n);

    private static FormatException Bad(string text, string part) =>
        new($"'{part}' in '{text}' is not a neuron index or a range FIRST-LAST of indices >= 0");
}

/// <summary>
/// Which part of a run a figure shows: a time window, some populations, some neurons (for the detail raster, the
/// membrane traces and the per-neuron rates). Everything is shown when a field is null.
/// </summary>
public sealed record PlotSelection
{
    /// <summary>Start of the time window, ms, or null for the run's start.</summary>
    public double? FromMs { get; init; }

    /// <summary>End of the time window, ms, or null for the run's end.</summary>
    public double? ToMs { get; init; }

    /// <summary>The populations shown, in this order, or null for all.</summary>
    public IReadOnlyList<string>? Populations { get; init; }

    /// <summary>The neurons of the detail raster, the membrane traces, the state variables and the per-neuron rates, or null.</summary>
    public IReadOnlyList<NeuronSet>? Neurons { get; init; }

    /// <summary>
    /// Checks the selection against what a run has, before anything is drawn: every population named (in
    /// <see cref="Populations"/> or <see cref="Neurons"/>) exists, every neuron index is below its population's size,
    /// and the window overlaps the run.
    /// </summary>
    /// <param name="populations">The run's populations and their sizes (neurons), in model order.</param>
    /// <param name="runStartMs">When the run starts, ms, or null (with <paramref name="runEndMs"/>) not to check the window.</param>
    /// <param name="runEndMs">When the run ends, ms, or null.</param>
    /// <param name="source">What the populations belong to, for the message, e.g. <c>the run in runs/x</c>.</param>
    /// <exception cref="PlotSelectionException">The first field that asks for what the run does not have.</exception>
    public void Check(IReadOnlyList<(string Name, int Size)> populations, double? runStartMs, double? runEndMs, string source)
    {
        ArgumentNullException.ThrowIfNull(populations);
        string has = $"{source} has " + (populations.Count == 0 ? "no populations"
            : string.Join(", ", populations.Select(p => $"{p.Name} ({Figures.FigureStyle.Count(p.Size, "neuron")})")));
        int SizeOf(string name, PlotSelectionField field, string value)
        {
            foreach (var p in populations)
                if (p.Name == name) return p.Size;
            throw new PlotSelectionException(field, value, $"no population \"{name}\"; {has}");
        }
        foreach (string name in Populations ?? [])
            SizeOf(name, PlotSelectionField.Populations, string.Join(',', Populations!));
        foreach (NeuronSet set in Neurons ?? [])
        {
            int size = SizeOf(set.Population, PlotSelectionField.Neurons, set.Text);
            int beyond = set.Indices[^1];
            if (beyond >= size)
                throw new PlotSelectionException(PlotSelectionField.Neurons, set.Text,
                    $"population \"{set.Population}\" has {Figures.FigureStyle.Count(size, "neuron")}" +
                    (size > 0 ? string.Create(CultureInfo.InvariantCulture, $" (indices 0-{size - 1}), so there is no neuron {beyond}") : ""));
        }
        if (runStartMs is not double start || runEndMs is not double end) return;
        if (FromMs is double from && from >= end)
            throw new PlotSelectionException(PlotSelectionField.From, Units.Quantity.Format(from, Units.Dimension.Time),
                $"the run ends at {Units.Quantity.Format(end, Units.Dimension.Time)}");
        if (ToMs is double to && to <= start)
            throw new PlotSelectionException(PlotSelectionField.To, Units.Quantity.Format(to, Units.Dimension.Time),
                $"the run starts at {Units.Quantity.Format(start, Units.Dimension.Time)}");
    }

    /// <summary>Whether a time falls in the window [from, to].</summary>
    public bool InWindow(double tMs) => !(tMs < FromMs) && !(tMs > ToMs);

    /// <summary>Whether a population is shown.</summary>
    public bool Shows(string population) => Populations is null || Populations.Contains(population);

    /// <summary>Whether a neuron is among <see cref="Neurons"/> (true for every neuron when none are chosen).</summary>
    public bool ShowsNeuron(string population, int neuron)
    {
        if (Neurons is null) return Shows(population);
        foreach (var set in Neurons)
            if (set.Population == population && BinarySearch(set.Indices, neuron)) return true;
        return false;
    }

    /// <summary>The time window for a run over [<paramref name="runStartMs"/>, <paramref name="runEndMs"/>] ms: [from or its start, to or its end].</summary>
    public (double StartMs, double EndMs) Window(double runStartMs, double runEndMs) => (FromMs ?? runStartMs, ToMs ?? runEndMs);

    /// <summary>The spikes in the window, of the populations shown (in the selection's order when it names them).</summary>
    public SpikeTrains Apply(SpikeTrains spikes, bool neuronsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var kept = new List<PopulationSpikes>();
        foreach (var pop in Order(spikes.Populations, p => p.Name))
        {
            var t = new List<double>(pop.Count);
            var n = new List<int>(pop.Count);
            for (int i = 0; i < pop.Count; i++)
                if (InWindow(pop.TimesMs[i]) && (!neuronsOnly || ShowsNeuron(pop.Name, pop.Neurons[i])))
                {
                    t.Add(pop.TimesMs[i]);
                    n.Add(pop.Neurons[i]);
                }
            kept.Add(new PopulationSpikes(pop.Name, [.. t], [.. n]));
        }
        return new SpikeTrains(kept);
    }

    /// <summary>The membrane traces of the chosen neurons (all of the shown populations when none are chosen), cut to the window.</summary>
    public IReadOnlyList<VoltageTrace> Apply(IReadOnlyList<VoltageTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var kept = new List<VoltageTrace>();
        foreach (var trace in Order(traces, t => t.Population))
        {
            if (!ShowsNeuron(trace.Population, trace.Neuron)) continue;
            if (Cut(trace.TimesMs, trace.VMv) is (double[] t, double[] v)) kept.Add(trace with { TimesMs = t, VMv = v });
        }
        return kept;
    }

    /// <summary>The samples of a trace (times, ms, and values) that fall in the window, or null when none do.</summary>
    private (double[] TimesMs, double[] Values)? Cut(double[] timesMs, double[] values)
    {
        var t = new List<double>();
        var v = new List<double>();
        for (int k = 0; k < timesMs.Length; k++)
            if (InWindow(timesMs[k])) { t.Add(timesMs[k]); v.Add(values[k]); }
        return t.Count > 0 ? ([.. t], [.. v]) : null;
    }

    /// <summary>The state-variable traces (state.csv) of the chosen neurons (all of the shown populations when none are chosen), cut to the window.</summary>
    public IReadOnlyList<StateTrace> Apply(IReadOnlyList<StateTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var kept = new List<StateTrace>();
        foreach (var trace in Order(traces, t => t.Population))
        {
            if (!ShowsNeuron(trace.Population, trace.Neuron)) continue;
            if (Cut(trace.TimesMs, trace.Values) is (double[] t, double[] values)) kept.Add(trace with { TimesMs = t, Values = values });
        }
        return kept;
    }

    /// <summary>The binned rates of the shown populations, bins that overlap the window.</summary>
    public IReadOnlyList<BinnedRate> Apply(IReadOnlyList<BinnedRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var kept = new List<BinnedRate>();
        foreach (var r in Order(rates, r => r.Population))
        {
            var starts = new List<double>();
            var values = new List<double>();
            double width = double.IsFinite(r.BinMs) ? r.BinMs : 0;
            for (int k = 0; k < r.BinStartMs.Length; k++)
                if (!(r.BinStartMs[k] + width <= FromMs) && !(r.BinStartMs[k] >= ToMs)) { starts.Add(r.BinStartMs[k]); values.Add(r.RateHz[k]); }
            kept.Add(r with { BinStartMs = [.. starts], RateHz = [.. values] });
        }
        return kept;
    }

    /// <summary>The items of the shown populations: in the selection's order when it names them, else as given.</summary>
    private IEnumerable<T> Order<T>(IReadOnlyList<T> items, Func<T, string> population)
    {
        if (Populations is null)
        {
            foreach (var item in items) yield return item;
            yield break;
        }
        foreach (string name in Populations)
            foreach (var item in items)
                if (population(item) == name) yield return item;
    }

    private static bool BinarySearch(IReadOnlyList<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] == value) return true;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }
}

/// <summary>The field of a <see cref="PlotSelection"/> that a <see cref="PlotSelectionException"/> is about.</summary>
public enum PlotSelectionField
{
    /// <summary><see cref="PlotSelection.FromMs"/>.</summary>
    From,
    /// <summary><see cref="PlotSelection.ToMs"/>.</summary>
    To,
    /// <summary><see cref="PlotSelection.Populations"/>.</summary>
    Populations,
    /// <summary><see cref="PlotSelection.Neurons"/>.</summary>
    Neurons,
}

/// <summary>
/// A <see cref="PlotSelection"/> asks for what the run does not have (<see cref="PlotSelection.Check"/>): a population
/// it lacks, a neuron beyond a population's size, a window outside the run.
/// </summary>
/// <param name="field">The field at fault.</param>
/// <param name="value">Its value as text, e.g. <c>exc:0-30</c> or <c>300 ms</c>.</param>
/// <param name="problem">What is wrong and what exists, e.g. <c>no population "x"; the run in r has exc (3 neurons)</c>.</param>
public sealed class PlotSelectionException(PlotSelectionField field, string value, string problem)
    : Exception($"selection {field.ToString().ToLowerInvariant()} {value}: {problem}")
{
    /// <summary>The field at fault.</summary>
    public PlotSelectionField Field { get; } = field;

    /// <summary>Its value as text.</summary>
    public string Value { get; } = value;

    /// <summary>What is wrong and what exists.</summary>
    public string Problem { get; } = problem;
}
