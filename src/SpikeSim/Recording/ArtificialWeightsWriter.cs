using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Recording;

/// <summary>
/// The synapse outputs of an artificial run, in the spiking run's formats:
/// <list type="bullet">
/// <item><c>weights.csv</c> (<c>t_ms,projection,source,target,weight</c>) when the model records weights
/// (<c>"record": {"weights": {"interval": ...}}</c>): the recorded projections' weights at t = 0 and then at the end of
/// the first step at or after each multiple of the interval, with t_ms = step × dt (the step's own time). The recorded
/// projections are those the record block names, else every learning one, else every projection (as in
/// the spiking run).</item>
/// <item><c>connections.csv</c> at the end of the run (<see cref="WriteConnections"/>), with the learned weights.</item>
/// </list>
/// Weights are plain numbers onto activation neurons and mV or pA onto lif_rate neurons.
/// </summary>
public sealed class ArtificialWeightsWriter : IArtificialWeightsObserver, IDisposable
{
    private readonly Network _network;
    private readonly Utf8CsvWriter? _csv;
    private readonly bool[] _record;
    private readonly byte[][] _names;
    private readonly double _intervalMs;
    private readonly int _rowBytes;
    private long _done;

    /// <summary>Prepares the writer; creates <c>weights.csv</c> in <paramref name="directory"/> when the model records weights.</summary>
    public ArtificialWeightsWriter(Network network, string directory)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        ModelSpec spec = network.Spec;
        int count = spec.Projections.Count;
        _record = new bool[count];
        _names = new byte[count][];
        bool anyLearning = false;
        int maxName = 0;
        for (int j = 0; j < count; j++)
        {
            anyLearning |= spec.Projections[j].Plasticity is RateRuleSpec;
            _names[j] = Utf8CsvWriter.EncodeField(spec.Projections[j].Name);
            maxName = Math.Max(maxName, _names[j].Length);
        }
        for (int j = 0; j < count; j++)
            _record[j] = spec.Record.Weights?.Projections is { } names ? names.Contains(spec.Projections[j].Name)
                : !anyLearning || spec.Projections[j].Plasticity is RateRuleSpec;
        _rowBytes = maxName + 5 * Utf8CsvWriter.MaxNumberBytes;
        if (spec.Record.Weights is { } weights)
        {
            _intervalMs = weights.IntervalMs;
            _csv = new Utf8CsvWriter(Path.Combine(directory, RunFolderWriter.WeightsFile), "t_ms,projection,source,target,weight", _rowBytes);
        }
    }

    /// <summary>True when the model records weights (<c>weights.csv</c> is being written).</summary>
    public bool Records => _csv is not null;

    /// <inheritdoc/>
    public void OnWeights(int step, double tMs, ArtificialSimulator simulator)
    {
        if (_csv is null || tMs < NeuronState.SampleTime(_done, _intervalMs)) return;
        while (NeuronState.SampleTime(_done, _intervalMs) <= tMs) _done++;
        for (int j = 0; j < _record.Length; j++)
        {
            if (!_record[j]) continue;
            SynapseTable table = _network.Projections[j];
            int sources = _network.Populations[table.FromPopulation].Size, toOffset = _network.Populations[table.ToPopulation].Offset;
            for (int s = 0; s < sources; s++)
            {
                (int start, int end) = table.RowOf(s);
                for (int k = start; k < end; k++)
                {
                    _csv.BeginRow(_rowBytes);
                    _csv.Write(tMs);
                    _csv.Comma();
                    _csv.Write(_names[j]);
                    _csv.Comma();
                    _csv.Write(s);
                    _csv.Comma();
                    _csv.Write(table.TargetOf(k) - toOffset);
                    _csv.Comma();
                    _csv.Write(simulator.WeightOf(j, k));
                    _csv.EndRow();
                }
            }
        }
    }

    /// <summary>Writes <c>connections.csv</c> with the simulator's current (learned) weights into <paramref name="directory"/>.</summary>
    /// <returns>The number of synapses written.</returns>
    public static long WriteConnections(ArtificialSimulator simulator, Network network, string directory)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(network);
        return ConnectionsWriter.Write(network.Projections, network.Populations, directory, simulator.WeightOf);
    }

    /// <summary>Flushes and closes <c>weights.csv</c>.</summary>
    public void Close() => _csv?.Close();

    /// <inheritdoc/>
    public void Dispose() => _csv?.Dispose();
}
