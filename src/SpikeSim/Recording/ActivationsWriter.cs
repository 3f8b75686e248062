using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Recording;

/// <summary>
/// Writes an artificial run into a run folder:
/// <list type="bullet">
/// <item><c>activations.csv</c> (<c>step,population,neuron,value</c>): every neuron's value after every step, for
/// the populations in <see cref="RecordSpec.Spikes"/> (every population when that list is empty); values are rates
/// in Hz for lif_rate and plain numbers for the activations. A feedforward graph has one step, 0.</item>
/// <item><c>summary.json</c>: model, mode, seed, duration, dt, steps, recurrent, wall time, version, neurons,
/// synapses, macs, and per population its neuron type, mean and max value.</item>
/// </list>
/// </summary>
public sealed class ActivationsWriter : IArtificialObserver, IDisposable
{
    /// <summary>File name of the values.</summary>
    public const string ActivationsFile = "activations.csv";

    private readonly ModelSpec _spec;
    private readonly Network _network;
    private readonly bool[] _record;
    private readonly StreamWriter _csv;
    private readonly string _directory;

    /// <summary>Creates <c>activations.csv</c> in <paramref name="directory"/> (created if needed).</summary>
    public ActivationsWriter(Network network, string directory)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _spec = network.Spec;
        _directory = directory;
        Directory.CreateDirectory(directory);
        _record = new bool[network.Populations.Count];
        bool all = _spec.Record.Spikes.Count == 0;
        for (int p = 0; p < _record.Length; p++) _record[p] = all || _spec.Record.Spikes.Contains(network.Populations[p].Name);
        _csv = new StreamWriter(Path.Combine(directory, ActivationsFile), false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _csv.WriteLine("step,population,neuron,value");
    }

    /// <inheritdoc/>
    public void OnStep(int step, ReadOnlySpan<double> values)
    {
        string stepText = step.ToString(CultureInfo.InvariantCulture);
        for (int p = 0; p < _record.Length; p++)
        {
            if (!_record[p]) continue;
            PopulationRange range = _network.Populations[p];
            for (int i = 0; i < range.Size; i++)
            {
                _csv.Write(stepText);
                _csv.Write(',');
                _csv.Write(range.Name);
                _csv.Write(',');
                _csv.Write(i.ToString(CultureInfo.InvariantCulture));
                _csv.Write(',');
                _csv.WriteLine(values[range.Offset + i].ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Flushes the CSV and writes <c>summary.json</c>.</summary>
    public void Complete(ArtificialResult result)
    {
        _csv.Flush();
        using var stream = File.Create(Path.Combine(_directory, RunFolderWriter.SummaryFile));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("model", _spec.Name);
        json.WriteString("mode", "artificial");
        json.WriteNumber("seed", _spec.Seed);
        json.WriteNumber("duration_ms", _spec.DurationMs);
        json.WriteNumber("dt_ms", result.StepMs);
        json.WriteBoolean("recurrent", result.Recurrent);
        json.WriteNumber("steps", result.Steps);
        json.WriteNumber("wall_s", result.WallS);
        json.WriteString("version", RunFolderWriter.Version);
        json.WriteNumber("neurons", _network.NeuronCount);
        json.WriteNumber("synapses", _network.SynapseCount);
        json.WriteNumber("macs", result.Macs);
        json.WriteStartArray("populations");
        for (int p = 0; p < _network.Populations.Count; p++)
        {
            PopulationRange range = _network.Populations[p];
            double sum = 0, max = double.NegativeInfinity;
            for (int i = 0; i < range.Size; i++)
            {
                double v = result.Values[range.Offset + i];
                sum += v;
                max = Math.Max(max, v);
            }
            json.WriteStartObject();
            json.WriteString("name", range.Name);
            json.WriteNumber("size", range.Size);
            json.WriteString("neuron", result.Types[p].Name);
            json.WriteString("unit", result.Types[p] is LifRate ? "Hz" : "1");
            WriteNumberOrNull(json, "mean_value", sum / range.Size);
            WriteNumberOrNull(json, "max_value", max);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();
}
