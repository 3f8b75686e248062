using SpikeSim.Modeling;

namespace SpikeSim.Engine;

/// <summary>
/// One neuron's recording: a voltage probe (<see cref="Record"/> = -1, one <see cref="VoltageSample"/> per sampling
/// time) or a state probe (record index into <see cref="RecordSpec.State"/>, one <see cref="StateSample"/> per variable
/// of that record). Samples fall on the decimal grid k × <see cref="IntervalMs"/> (<see cref="NeuronState.SampleTime"/>)
/// within [<see cref="FromMs"/>, <see cref="ToMs"/>).
/// </summary>
/// <param name="Neuron">Global neuron index.</param>
/// <param name="IntervalMs">Sampling interval, ms.</param>
/// <param name="FromMs">First time that may be sampled, ms.</param>
/// <param name="ToMs">Samples are taken before this time, ms.</param>
/// <param name="Record">-1 for V (v.csv), otherwise the index of the state recording.</param>
internal readonly record struct Probe(int Neuron, double IntervalMs, double FromMs, double ToMs, int Record)
{
    /// <summary>The record index of a voltage probe.</summary>
    public const int Voltage = -1;

    /// <summary>The index k of the first sampling time k × interval at or after <see cref="FromMs"/>.</summary>
    public long FirstIndex() => NeuronState.FirstSampleAtOrAfter(FromMs, IntervalMs);

    /// <summary>The k-th sampling time, or +infinity when it is not before <see cref="ToMs"/>.</summary>
    public double TimeOf(long k)
    {
        double t = NeuronState.SampleTime(k, IntervalMs);
        return t < ToMs ? t : double.PositiveInfinity;
    }
}

/// <summary>A growable list of state samples.</summary>
internal sealed class StateSampleList
{
    public StateSample[] Items = new StateSample[64];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(in StateSample s)
    {
        if (Count == Items.Length) Array.Resize(ref Items, Count * 2);
        Items[Count++] = s;
    }

    /// <summary>Sorts by time, then neuron, then record, then variable: a total order, whatever the partitioning.</summary>
    public void Sort() =>
        Items.AsSpan(0, Count).Sort(static (a, b) =>
            a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs)
            : a.Neuron != b.Neuron ? a.Neuron.CompareTo(b.Neuron)
            : a.Record != b.Record ? a.Record.CompareTo(b.Record)
            : a.Variable.CompareTo(b.Variable));
}
