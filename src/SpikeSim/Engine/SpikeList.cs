namespace SpikeSim.Engine;

/// <summary>A growable list of spikes (time in ms, global neuron index).</summary>
internal sealed class SpikeList
{
    public double[] Times = new double[64];
    public int[] Neurons = new int[64];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(double t, int neuron)
    {
        if (Count == Times.Length)
        {
            Array.Resize(ref Times, Count * 2);
            Array.Resize(ref Neurons, Count * 2);
        }
        Times[Count] = t;
        Neurons[Count] = neuron;
        Count++;
    }

    private (double Time, int Neuron)[] _scratch = new (double, int)[64];

    /// <summary>Up to this many spikes (a small network's slice holds a few) are sorted in place by insertion.</summary>
    private const int InsertionSortMax = 32;

    /// <summary>Sorts by time, then neuron: a total order, so ties do not depend on how neurons were partitioned.</summary>
    public void SortByTimeThenNeuron()
    {
        if (Count < 2) return;
        if (Count <= InsertionSortMax)
        {
            InsertionSort();
            return;
        }
        if (_scratch.Length < Count) _scratch = new (double, int)[Times.Length];
        Span<(double Time, int Neuron)> items = _scratch.AsSpan(0, Count);
        for (int i = 0; i < Count; i++) items[i] = (Times[i], Neurons[i]);
        items.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Neuron.CompareTo(b.Neuron));
        for (int i = 0; i < Count; i++) (Times[i], Neurons[i]) = items[i];
    }

    /// <summary>The sort of a few spikes, with no copy and no comparison delegate.</summary>
    private void InsertionSort()
    {
        double[] times = Times;
        int[] neurons = Neurons;
        for (int i = 1; i < Count; i++)
        {
            double t = times[i];
            int n = neurons[i], j = i - 1;
            for (; j >= 0 && (times[j] > t || (times[j] == t && neurons[j] > n)); j--)
            {
                times[j + 1] = times[j];
                neurons[j + 1] = neurons[j];
            }
            times[j + 1] = t;
            neurons[j + 1] = n;
        }
    }
}

/// <summary>A growable list of voltage samples.</summary>
internal sealed class SampleList
{
    public VoltageSample[] Items = new VoltageSample[64];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(VoltageSample s)
    {
        if (Count == Items.Length) Array.Resize(ref Items, Count * 2);
        Items[Count++] = s;
    }

    /// <summary>Sorts by time, then neuron.</summary>
    public void SortByTimeThenNeuron() =>
        Items.AsSpan(0, Count).Sort(static (a, b) => a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs) : a.Neuron.CompareTo(b.Neuron));
}
