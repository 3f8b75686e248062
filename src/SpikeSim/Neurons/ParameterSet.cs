namespace SpikeSim.Neurons;

/// <summary>
/// Neuron parameters by model-file name (internal units) with value equality: the parameters of a model that have
/// no typed field of their own in <see cref="Modeling.LifSpec"/> (see <see cref="Modeling.LifSpec.Extra"/>).
/// Sorted by name, so two sets with the same entries are equal whatever order they were built in.
/// </summary>
public sealed class ParameterSet : IEquatable<ParameterSet>
{
    private readonly KeyValuePair<string, double>[] _entries;

    private ParameterSet(KeyValuePair<string, double>[] entries) => _entries = entries;

    /// <summary>No parameters.</summary>
    public static ParameterSet Empty { get; } = new([]);

    /// <summary>A set with these entries (a name given twice keeps its last value).</summary>
    public static ParameterSet Of(IEnumerable<KeyValuePair<string, double>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byName = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in entries) byName[name] = value;
        return byName.Count == 0 ? Empty : new([.. byName]);
    }

    /// <summary>The entries, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Length;

    /// <summary>This set with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public ParameterSet With(string name, double value) =>
        Of([.. _entries.Where(e => e.Key != name), new KeyValuePair<string, double>(name, value)]);

    /// <summary>The value of <paramref name="name"/>, if the set has it.</summary>
    public bool TryGet(string name, out double value)
    {
        foreach (var e in _entries)
            if (e.Key == name) { value = e.Value; return true; }
        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(ParameterSet? other)
    {
        if (other is null || other._entries.Length != _entries.Length) return false;
        for (int i = 0; i < _entries.Length; i++)
            if (_entries[i].Key != other._entries[i].Key || !_entries[i].Value.Equals(other._entries[i].Value)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in _entries) { hash.Add(e.Key); hash.Add(e.Value); }
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key} = {e.Value}")) + "}";
}
