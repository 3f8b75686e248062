using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Recording;

/// <summary>
/// Streams a run's results into a run folder, slice by slice, in memory that does not grow with the run's length
/// (O(neurons) for the per-neuron ISI statistics plus fixed-size write buffers):
/// <list type="bullet">
/// <item><c>spikes.csv</c> (<c>t_ms,population,neuron</c>): every spike of the populations in
/// <see cref="RecordSpec.Spikes"/>, in engine order; <c>neuron</c> is the index within its population. Written
/// when at least one population is recorded.</item>
/// <item><c>v.csv</c> (<c>t_ms,population,neuron,v_mV</c>): the engine's membrane-potential samples. Written when
/// <see cref="RecordSpec.V"/> is not empty.</item>
/// <item><c>state.csv</c> (<c>t_ms,population,neuron,variable,value</c>): the engine's state samples, one row per
/// (time, neuron, variable), ordered by time, population, neuron and the recording's variable order; the value is in
/// the variable's internal unit (<see cref="RecordableVariable.Unit"/>). Written when <see cref="RecordSpec.State"/>
/// is not empty.</item>
/// <item><c>rates.csv</c> (<c>t_ms,population,rate_hz</c>): for each bin [t, t + bin) and each population (model
/// order), spikes in the bin / (size × bin in s), counting every population's spikes; the last bin, possibly
/// partial, is normalized by its actual length. Written when <see cref="RecordSpec.RateBinMs"/> is set.</item>
/// <item><c>weights.csv</c> and <c>synapses.csv</c>: the synapses' evolution (see <see cref="SynapseSnapshotWriter"/>),
/// when <see cref="RecordSpec.Weights"/> or <see cref="RecordSpec.SynapsesIntervalMs"/> is set.</item>
/// <item><c>summary.json</c>: written by <see cref="Complete"/> (model, seed, duration, threads, wall time, version,
/// network size, synaptic events, per-population spike counts, rates and mean ISI CV).</item>
/// </list>
/// Numbers are written in invariant culture, doubles in shortest round-trip form. Not thread-safe: the engine
/// calls <see cref="OnSlice"/> from one thread at a time.
/// </summary>
public sealed class RunFolderWriter : ISynapseObserver, IDisposable
{
    /// <summary>File name of the spike list.</summary>
    public const string SpikesFile = "spikes.csv";
    /// <summary>File name of the membrane-potential samples.</summary>
    public const string VoltageFile = "v.csv";
    /// <summary>File name of the state-variable samples.</summary>
    public const string StateFile = "state.csv";
    /// <summary>File name of the binned population rates.</summary>
    public const string RatesFile = "rates.csv";
    /// <summary>File name of the run summary.</summary>
    public const string SummaryFile = "summary.json";
    /// <summary>File name of <c>compare</c>'s per-neuron table (spiking rate beside artificial value).</summary>
    public const string CompareFile = "compare.csv";
    /// <summary>File name of <c>compare</c>'s correlation summary.</summary>
    public const string CompareSummaryFile = "compare.json";
    /// <summary>File name of the weight snapshots.</summary>
    public const string WeightsFile = SynapseSnapshotWriter.WeightsFile;
    /// <summary>File name of the synapse counts.</summary>
    public const string SynapsesFile = SynapseSnapshotWriter.SynapsesFile;

    private readonly ModelSpec _spec;
    private readonly NetworkShape _shape;
    private readonly PopulationRange[] _populations;
    private readonly int[] _populationOf;
    private readonly byte[][] _csvNames;
    private readonly bool[] _recordSpikes;
    private readonly long[] _spikeCounts;
    private readonly IsiStatistics _isi;
    private readonly Utf8CsvWriter? _spikes;
    private readonly Utf8CsvWriter? _v;
    private readonly Utf8CsvWriter? _state;
    private readonly byte[][][] _stateNames; // per state recording, per variable: the encoded name
    private readonly int _stateRowBytes;
    private readonly Utf8CsvWriter? _rates;
    private readonly SynapseSnapshotWriter? _synapses;
    private readonly int _spikeRowBytes;
    private readonly int _vRowBytes;
    private readonly int _rateRowBytes;
    private readonly double _binMs;
    private readonly long[] _binCounts;
    private long _bin;
    private readonly double _startMs;
    private readonly List<string> _files = [];
    private bool _completed;
    private bool _disposed;

    /// <summary>
    /// Creates the directory if needed and the CSV files the model's <see cref="ModelSpec.Record"/> asks for
    /// (existing files of the same names are overwritten).
    /// </summary>
    /// <param name="spec">The model (name, seed, what to record).</param>
    /// <param name="shape">The built network's populations and synapse counts (<see cref="NetworkShape.Of"/>).</param>
    /// <param name="directory">The folder to write into.</param>
    /// <param name="startMs">
    /// Where the run starts, ms: 0, or the time of a loaded state (<see cref="Simulator.LoadState(Network, Stream, SimulationOptions, string?)"/>).
    /// Rate bins stay on the grid k × bin; the first one then starts at <paramref name="startMs"/> and is normalized by its actual length.
    /// </param>
    public RunFolderWriter(ModelSpec spec, NetworkShape shape, string directory, double startMs = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(directory);
        _spec = spec;
        _shape = shape;
        Directory = directory;

        _populations = [.. shape.Populations];
        int neurons = shape.NeuronCount;
        _populationOf = new int[neurons];
        _csvNames = new byte[_populations.Length][];
        int maxName = 0;
        for (int p = 0; p < _populations.Length; p++)
        {
            var range = _populations[p];
            _populationOf.AsSpan(range.Offset, range.Size).Fill(p);
            _csvNames[p] = Utf8CsvWriter.EncodeField(range.Name);
            maxName = Math.Max(maxName, _csvNames[p].Length);
        }
        _spikeCounts = new long[_populations.Length];
        _binCounts = new long[_populations.Length];
        _isi = new IsiStatistics(neurons);

        var record = spec.Record;
        _recordSpikes = new bool[_populations.Length];
        foreach (string name in record.Spikes)
        {
            int p = Array.FindIndex(_populations, r => r.Name == name);
            if (p < 0) throw new ArgumentException($"Recorded population '{name}' is not in the network.", nameof(spec));
            _recordSpikes[p] = true;
        }
        if (record.RateBinMs is double bin && !(bin > 0 && double.IsFinite(bin)))
            throw new ArgumentException($"Rate bin must be a positive time, got {bin} ms.", nameof(spec));
        _binMs = record.RateBinMs ?? 0;
        if (!(startMs >= 0 && double.IsFinite(startMs))) throw new ArgumentOutOfRangeException(nameof(startMs), "the start must be a finite time >= 0 ms");
        _startMs = startMs;
        if (_binMs > 0)
        {
            _bin = (long)Math.Floor(startMs / _binMs);
            while (_bin > 0 && BinStart(_bin) > startMs) _bin--;
            while (BinEnd(_bin) <= startMs) _bin++;
        }

        _spikeRowBytes = 3 * Utf8CsvWriter.MaxNumberBytes + maxName;
        _vRowBytes = 4 * Utf8CsvWriter.MaxNumberBytes + maxName;
        _rateRowBytes = 3 * Utf8CsvWriter.MaxNumberBytes + maxName;
        _stateNames = new byte[record.State.Count][][];
        int maxVariable = 0;
        for (int r = 0; r < _stateNames.Length; r++)
        {
            _stateNames[r] = [.. record.State[r].Variables.Select(Utf8CsvWriter.EncodeField)];
            foreach (byte[] name in _stateNames[r]) maxVariable = Math.Max(maxVariable, name.Length);
        }
        _stateRowBytes = 4 * Utf8CsvWriter.MaxNumberBytes + maxName + maxVariable;

        System.IO.Directory.CreateDirectory(directory);
        try
        {
            if (Array.IndexOf(_recordSpikes, true) >= 0)
                _spikes = Open(SpikesFile, "t_ms,population,neuron", _spikeRowBytes);
            if (record.V.Count > 0)
                _v = Open(VoltageFile, "t_ms,population,neuron,v_mV", _vRowBytes);
            if (record.State.Count > 0)
                _state = Open(StateFile, "t_ms,population,neuron,variable,value", _stateRowBytes);
            if (record.RateBinMs is not null)
                _rates = Open(RatesFile, "t_ms,population,rate_hz", _rateRowBytes);
            if (record.Weights is not null || record.SynapsesIntervalMs is not null)
                _synapses = new SynapseSnapshotWriter(spec, shape, directory, _files, startMs);
        }
        catch
        {
            CloseQuietly();
            throw;
        }
    }

    /// <summary>The folder written into.</summary>
    public string Directory { get; }

    /// <summary>Names (within <see cref="Directory"/>) of the files written so far.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Spikes seen so far in each population (model order), all populations counted.</summary>
    public IReadOnlyList<long> SpikeCounts => _spikeCounts;

    /// <summary>SpikeSim's version as written in summary.json (the library's informational version).</summary>
    public static string Version { get; } =
        typeof(RunFolderWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunFolderWriter).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <inheritdoc/>
    public IReadOnlyList<double> SnapshotIntervalsMs => _synapses?.IntervalsMs ?? [];

    /// <inheritdoc/>
    public void OnSnapshot(double timeMs, IReadOnlyList<Synapses.SynapseTable> projections)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synapses?.OnSnapshot(timeMs, projections);
    }

    /// <inheritdoc/>
    public void OnSlice(in SliceOutput slice)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The run folder is already complete.");
        ReadOnlySpan<double> times = slice.SpikeTimesMs;
        ReadOnlySpan<int> neurons = slice.SpikeNeurons;
        if (times.Length != neurons.Length)
            throw new ArgumentException("Spike times and neurons differ in length.", nameof(slice));

        bool rates = _rates is not null;
        for (int i = 0; i < times.Length; i++)
        {
            double t = times[i];
            int g = neurons[i];
            int p = _populationOf[g];
            _spikeCounts[p]++;
            _isi.Add(g, t);
            if (rates)
            {
                while (t >= BinEnd(_bin)) EmitBin(_binMs);
                _binCounts[p]++;
            }
            if (_spikes is not null && _recordSpikes[p])
            {
                var w = _spikes;
                w.BeginRow(_spikeRowBytes);
                w.Write(t);
                w.Comma();
                w.Write(_csvNames[p]);
                w.Comma();
                w.Write(g - _populations[p].Offset);
                w.EndRow();
            }
        }

        ReadOnlySpan<VoltageSample> samples = slice.Samples;
        if (_v is not null)
        {
            var w = _v;
            foreach (ref readonly var s in samples)
            {
                int p = _populationOf[s.Neuron];
                w.BeginRow(_vRowBytes);
                w.Write(s.TimeMs);
                w.Comma();
                w.Write(_csvNames[p]);
                w.Comma();
                w.Write(s.Neuron - _populations[p].Offset);
                w.Comma();
                w.Write(s.VMv);
                w.EndRow();
            }
        }

        if (_state is not null)
        {
            var w = _state;
            foreach (ref readonly var s in slice.StateSamples)
            {
                int p = _populationOf[s.Neuron];
                w.BeginRow(_stateRowBytes);
                w.Write(s.TimeMs);
                w.Comma();
                w.Write(_csvNames[p]);
                w.Comma();
                w.Write(s.Neuron - _populations[p].Offset);
                w.Comma();
                w.Write(_stateNames[s.Record][s.Variable]);
                w.Comma();
                w.Write(s.Value);
                w.EndRow();
            }
        }

        if (rates)
            while (slice.EndMs >= BinEnd(_bin)) EmitBin(_binMs);
    }

    /// <summary>
    /// Ends the run: writes the last (possibly partial) rate bin up to <see cref="SimulationResult.SimulatedMs"/>,
    /// flushes and closes the CSV files (reporting any write error) and writes summary.json.
    /// </summary>
    /// <param name="result">The simulator's result (duration, wall time, threads, event counts).</param>
    public void Complete(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The run folder is already complete.");
        _completed = true;

        double endMs = _startMs + result.SimulatedMs;
        if (_rates is not null)
        {
            // Bin edges are k × bin; a bin whose end is within rounding of the end of the run counts as full.
            double tolerance = 1e-9 * _binMs;
            while (BinEnd(_bin) <= endMs + tolerance) EmitBin(_binMs);
            double start = BinStart(_bin);
            if (start < endMs - tolerance) EmitBin(endMs - start);
        }
        _spikes?.Close();
        _v?.Close();
        _state?.Close();
        _rates?.Close();
        _synapses?.Close();
        WriteSummary(result);
    }

    /// <summary>Closes the files. Without <see cref="Complete"/> they stay partial and no summary is written.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CloseQuietly();
    }

    private Utf8CsvWriter Open(string name, string header, int maxRowBytes)
    {
        var writer = new Utf8CsvWriter(Path.Combine(Directory, name), header, maxRowBytes);
        _files.Add(name);
        return writer;
    }

    private void CloseQuietly()
    {
        foreach (var w in new[] { _spikes, _v, _state, _rates })
        {
            try { w?.Close(); }
            catch (IOException) { /* the run already failed or was abandoned; the files are partial anyway */ }
        }
        _synapses?.CloseQuietly();
    }

    private double BinStart(long k) => k * _binMs;

    private double BinEnd(long k) => (k + 1) * _binMs;

    private void EmitBin(double lengthMs)
    {
        var w = _rates!;
        double t = BinStart(_bin);
        if (t < _startMs)
        {
            // The first bin of a continued run: counted from its start only.
            lengthMs -= _startMs - t;
            t = _startMs;
        }
        double lengthS = lengthMs / 1000.0;
        for (int p = 0; p < _populations.Length; p++)
        {
            w.BeginRow(_rateRowBytes);
            w.Write(t);
            w.Comma();
            w.Write(_csvNames[p]);
            w.Comma();
            w.Write(_binCounts[p] / (_populations[p].Size * lengthS));
            w.EndRow();
        }
        Array.Clear(_binCounts);
        _bin++;
    }

    private void WriteSummary(SimulationResult result)
    {
        string path = Path.Combine(Directory, SummaryFile);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            double durationS = result.SimulatedMs / 1000.0;
            json.WriteStartObject();
            json.WriteString("model", _spec.Name);
            json.WriteNumber("seed", _spec.Seed);
            if (_startMs != 0) json.WriteNumber("start_ms", _startMs);
            json.WriteNumber("duration_ms", result.SimulatedMs);
            json.WriteNumber("threads", result.Threads);
            json.WriteNumber("wall_s", result.WallS);
            json.WriteString("version", Version);
            json.WriteNumber("neurons", _shape.NeuronCount);
            json.WriteNumber("synapses", _shape.SynapseCount);
            WriteNumberOrNull(json, "bytes_per_synapse", _shape.SynapseCount > 0 ? (double)_shape.SynapseBytes / _shape.SynapseCount : double.NaN);
            json.WriteStartObject("events");
            json.WriteNumber("recurrent", result.RecurrentEvents);
            json.WriteNumber("input", result.InputEvents);
            json.WriteNumber("total", result.RecurrentEvents + result.InputEvents);
            json.WriteEndObject();
            json.WriteStartArray("populations");
            for (int p = 0; p < _populations.Length; p++)
            {
                var range = _populations[p];
                json.WriteStartObject();
                json.WriteString("name", range.Name);
                json.WriteNumber("size", range.Size);
                json.WriteNumber("spikes", _spikeCounts[p]);
                WriteNumberOrNull(json, "rate_hz", durationS > 0 ? _spikeCounts[p] / (range.Size * durationS) : double.NaN);
                WriteNumberOrNull(json, "cv_isi", _isi.MeanCvIsi(range.Offset, range.Size) ?? double.NaN);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        }
        _files.Add(SummaryFile);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
