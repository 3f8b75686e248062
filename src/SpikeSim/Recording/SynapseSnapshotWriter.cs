using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Recording;

/// <summary>
/// Writes the synapses' evolution, at the intervals the model's <see cref="RecordSpec"/> names:
/// <list type="bullet">
/// <item><c>weights.csv</c> (<c>t_ms,projection,source,target,weight</c>): every synapse of the recorded projections
/// (by default every plastic or structural one, or every projection when none is) at t = 0, interval, 2·interval, ...;
/// <c>source</c> and <c>target</c> are indices within their populations, <c>weight</c> is in mV (delta targets) or pA
/// (exp targets).</item>
/// <item><c>synapses.csv</c> (<c>t_ms,projection,count</c>): the number of synapses of every projection at the same
/// kind of times.</item>
/// </list>
/// A snapshot at t shows the synapses after every event before t and after a structural update due at t.
/// </summary>
internal sealed class SynapseSnapshotWriter
{
    /// <summary>File name of the weight snapshots.</summary>
    public const string WeightsFile = "weights.csv";
    /// <summary>File name of the synapse counts.</summary>
    public const string SynapsesFile = "synapses.csv";

    private readonly Utf8CsvWriter? _weights, _synapses;
    private readonly double _weightsInterval, _synapsesInterval;
    private readonly bool[] _recordWeights;
    private readonly byte[][] _names;
    private readonly int[] _targetOffset;
    private readonly int _rowBytes;
    private long _weightsDone, _synapsesDone;

    /// <param name="spec">The model.</param>
    /// <param name="shape">The network's populations.</param>
    /// <param name="directory">The run folder.</param>
    /// <param name="files">The list of files written, to which this adds its own.</param>
    /// <param name="startMs">Where the run starts, ms: snapshots are taken from the first grid time at or after it.</param>
    public SynapseSnapshotWriter(ModelSpec spec, NetworkShape shape, string directory, List<string> files, double startMs = 0)
    {
        RecordSpec record = spec.Record;
        var projections = spec.Projections;
        _names = new byte[projections.Count][];
        _targetOffset = new int[projections.Count];
        _recordWeights = new bool[projections.Count];
        int maxName = 0;
        bool anyPlastic = false;
        for (int j = 0; j < projections.Count; j++)
        {
            _names[j] = Utf8CsvWriter.EncodeField(projections[j].Name);
            maxName = Math.Max(maxName, _names[j].Length);
            _targetOffset[j] = shape.Populations[spec.PopulationIndex(projections[j].To)].Offset;
            anyPlastic |= projections[j].Plasticity is not null || projections[j].Structural is not null;
        }
        for (int j = 0; j < projections.Count; j++)
        {
            ProjectionSpec p = projections[j];
            _recordWeights[j] = record.Weights?.Projections is { } names
                ? names.Contains(p.Name)
                : !anyPlastic || p.Plasticity is not null || p.Structural is not null;
        }
        _rowBytes = maxName + 5 * Utf8CsvWriter.MaxNumberBytes;
        var intervals = new List<double>();
        if (record.Weights is { } weights)
        {
            _weightsInterval = weights.IntervalMs;
            _weightsDone = NeuronState.FirstSampleAtOrAfter(startMs, _weightsInterval);
            intervals.Add(_weightsInterval);
            _weights = new Utf8CsvWriter(Path.Combine(directory, WeightsFile), "t_ms,projection,source,target,weight", _rowBytes);
            files.Add(WeightsFile);
        }
        if (record.SynapsesIntervalMs is double synapses)
        {
            _synapsesInterval = synapses;
            _synapsesDone = NeuronState.FirstSampleAtOrAfter(startMs, _synapsesInterval);
            if (!intervals.Contains(synapses)) intervals.Add(synapses);
            _synapses = new Utf8CsvWriter(Path.Combine(directory, SynapsesFile), "t_ms,projection,count", _rowBytes);
            files.Add(SynapsesFile);
        }
        IntervalsMs = intervals;
    }

    /// <summary>The snapshot intervals, ms (empty when nothing is recorded).</summary>
    public IReadOnlyList<double> IntervalsMs { get; }

    /// <summary>Writes what is due at t (ms).</summary>
    public void OnSnapshot(double t, IReadOnlyList<SynapseTable> tables)
    {
        if (_weights is not null && NeuronState.SampleTime(_weightsDone, _weightsInterval) == t)
        {
            _weightsDone++;
            for (int j = 0; j < tables.Count; j++)
                if (_recordWeights[j]) WriteWeights(t, j, tables[j]);
        }
        if (_synapses is not null && NeuronState.SampleTime(_synapsesDone, _synapsesInterval) == t)
        {
            _synapsesDone++;
            for (int j = 0; j < tables.Count; j++)
            {
                _synapses.BeginRow(_rowBytes);
                _synapses.Write(t);
                _synapses.Comma();
                _synapses.Write(_names[j]);
                _synapses.Comma();
                _synapses.Write(tables[j].Count);
                _synapses.EndRow();
            }
        }
    }

    private void WriteWeights(double t, int j, SynapseTable table)
    {
        var w = _weights!;
        int sources = table.RowStart.Length - 1;
        for (int s = 0; s < sources; s++)
        {
            (int start, int end) = table.RowOf(s);
            for (int k = start; k < end; k++)
            {
                w.BeginRow(_rowBytes);
                w.Write(t);
                w.Comma();
                w.Write(_names[j]);
                w.Comma();
                w.Write(s);
                w.Comma();
                w.Write(table.TargetOf(k) - _targetOffset[j]);
                w.Comma();
                w.Write(table.WeightOf(k));
                w.EndRow();
            }
        }
    }

    /// <summary>Flushes and closes the files.</summary>
    public void Close()
    {
        _weights?.Close();
        _synapses?.Close();
    }

    /// <summary>Closes the files, ignoring errors (the run failed; the files are partial anyway).</summary>
    public void CloseQuietly()
    {
        foreach (var w in new[] { _weights, _synapses })
        {
            try { w?.Close(); }
            catch (IOException) { /* already failed */ }
        }
    }
}
