namespace SpikeSim.Plotting.Data;

/// <summary>
/// Rows of a long-format CSV gathered by the value of a name column (a population, a projection), in order of first
/// appearance: <see cref="For"/> gives the group of a name, creating it the first time.
/// </summary>
/// <typeparam name="T">What a group collects.</typeparam>
internal sealed class NamedGroups<T>(Func<T> create)
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>The names, in order of first appearance.</summary>
    public List<string> Names { get; } = [];

    /// <summary>The groups, parallel to <see cref="Names"/>.</summary>
    public List<T> Items { get; } = [];

    /// <summary>The group of <paramref name="name"/>.</summary>
    public T For(string name)
    {
        if (!_index.TryGetValue(name, out int k))
        {
            k = Names.Count;
            _index[name] = k;
            Names.Add(name);
            Items.Add(create());
        }
        return Items[k];
    }
}
