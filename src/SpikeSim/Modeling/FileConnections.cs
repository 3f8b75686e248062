using System.Globalization;

namespace SpikeSim.Modeling;

/// <summary>
/// The synapses of a projection listed in a CSV file (rule <c>from_file</c>): columns <c>source</c> and
/// <c>target</c> (indices within the source and target populations), and optionally <c>weight</c> (in the
/// projection's weight unit: mV onto delta neurons, pA onto exp neurons, a plain number onto artificial ones) and
/// <c>delay_ms</c>. A run folder's own <c>connections.csv</c> is accepted as it is: with a <c>projection</c> column,
/// only the rows naming this projection are read. Values are used exactly as written (double precision).
/// </summary>
/// <param name="Path">The file (absolute).</param>
/// <param name="Source">Source index of each synapse, in file order.</param>
/// <param name="Target">Target index of each synapse.</param>
/// <param name="Weight">Weight of each synapse (internal unit), or null when the file has no weight column.</param>
/// <param name="Delay">Delay of each synapse (ms), or null when the file has no delay_ms column.</param>
public sealed record FileConnections(string Path, int[] Source, int[] Target, double[]? Weight, double[]? Delay)
{
    /// <summary>
    /// The largest connection file read, in bytes (64 GiB: 2^31 - 1 synapses, the most one projection holds, take
    /// about 56 GB as rows of a run folder's connections.csv, some 26 bytes a row).
    /// </summary>
    public const long MaxFileBytes = 64L << 30;

    /// <summary>Number of synapses.</summary>
    public int Count => Source.Length;

    /// <summary>
    /// Reads the synapses of projection <paramref name="projection"/> from <paramref name="path"/>, with a size limit
    /// (<see cref="MaxFileBytes"/>, and <see cref="BoundedTextReader.MaxLineBytes"/> per line: a device or an endless
    /// file is refused). Every bad row (an index out of range, a negative or too small delay, a non-number, a missing
    /// field, bytes that are not UTF-8) is a <see cref="ModelException"/> naming the file, the line and
    /// <paramref name="jsonPath"/>.
    /// </summary>
    /// <param name="path">The CSV file (absolute).</param>
    /// <param name="jsonPath">The JSON path of the connect rule's <c>path</c> field, for messages.</param>
    /// <param name="projection">The projection's name (rows of other projections are skipped when the file has a projection column).</param>
    /// <param name="sourceSize">Neurons in the source population.</param>
    /// <param name="targetSize">Neurons in the target population.</param>
    /// <param name="minDelayMs">The smallest delay accepted, ms.</param>
    /// <param name="modelProjections">The names of all the model's projections. With a projection column and no row
    /// naming <paramref name="projection"/>, the projection has no synapses (as a run's own connections.csv lists a
    /// projection that made none) when every name the file holds is one of these; a name the model lacks means the
    /// file was written for other names, and is refused (a typo, or another model's file).</param>
    public static FileConnections Read(string path, string jsonPath, string projection, int sourceSize, int targetSize, double minDelayMs,
                                       IReadOnlySet<string> modelProjections)
    {
        BoundedTextReader reader;
        try
        {
            if (Directory.Exists(path)) throw new ModelException(path, jsonPath, null, "is a folder, expected a CSV file of connections");
            reader = new BoundedTextReader(path, MaxFileBytes,
                $"is larger than any connection file ({MaxFileBytes >> 30} GiB at most); is it a device such as /dev/zero, or not a CSV file?", jsonPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelException(path, jsonPath, null, e is FileNotFoundException or DirectoryNotFoundException
                ? "connection file not found (a relative path is relative to the model file)" : "cannot read the connection file: " + e.Message, e);
        }
        using (reader)
        {
            ModelException Bad(string problem) => new(path, jsonPath, reader.Line, problem);
            try
            {
                string? header = reader.ReadLine();
                if (header is null) throw new ModelException(path, jsonPath, 1, "the file is empty; expected a header such as source,target,weight,delay_ms");
                string[] columns = header.Split(',');
                for (int i = 0; i < columns.Length; i++) columns[i] = columns[i].Trim();
                int cs = Array.IndexOf(columns, "source"), ct = Array.IndexOf(columns, "target");
                int cw = Array.IndexOf(columns, "weight"), cd = Array.IndexOf(columns, "delay_ms"), cp = Array.IndexOf(columns, "projection");
                if (cs < 0 || ct < 0)
                    throw Bad($"the header must name the columns source and target (and optionally weight, delay_ms, projection), got \"{header}\"");
                var source = new List<int>();
                var target = new List<int>();
                List<double>? weight = cw >= 0 ? [] : null, delay = cd >= 0 ? [] : null;
                var foreign = new SortedSet<string>(StringComparer.Ordinal); // projection names the model does not have
                string? text;
                while ((text = reader.ReadLine()) is not null)
                {
                    if (text.Length == 0) continue;
                    string[] f = text.Split(',');
                    if (f.Length != columns.Length) throw Bad($"expected {columns.Length} fields ({string.Join(",", columns)}), got {f.Length}");
                    if (cp >= 0 && f[cp].Trim() is var name && name != projection)
                    {
                        if (!modelProjections.Contains(name) && foreign.Count < 100) foreign.Add(name);
                        continue;
                    }
                    source.Add(Index(f[cs], "source", sourceSize, Bad));
                    target.Add(Index(f[ct], "target", targetSize, Bad));
                    if (weight is not null)
                    {
                        double w = Number(f[cw], "weight", Bad);
                        weight.Add(w);
                    }
                    if (delay is not null)
                    {
                        double d = Number(f[cd], "delay_ms", Bad);
                        if (!(d >= minDelayMs)) throw Bad($"delay_ms must be at least {minDelayMs} ms, got {f[cd].Trim()}");
                        delay.Add(d);
                    }
                    if (source.Count == int.MaxValue) throw Bad($"more than {int.MaxValue} synapses in one projection");
                }
                if (source.Count == 0 && foreign.Count > 0)
                    throw new ModelException(path, jsonPath, null,
                        $"no row names projection \"{projection}\" in the projection column, which names {string.Join(", ", foreign.Take(5).Select(n => $"\"{n}\""))}{(foreign.Count > 5 ? ", ..." : "")} (not projections of this model){Suggestions.Then(projection, foreign, "the rows of a projection are those whose projection column holds its name")}");
                return new FileConnections(path, [.. source], [.. target], weight?.ToArray(), delay?.ToArray());
            }
            catch (IOException e)
            {
                throw new ModelException(path, jsonPath, null, "cannot read the connection file: " + e.Message, e);
            }
        }
    }

    private static int Index(string field, string column, int size, Func<string, ModelException> bad)
    {
        string t = field.Trim();
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            throw bad($"{column} must be a neuron index (a whole number from 0), got \"{t}\"");
        if (i >= size) throw bad($"{column} {i} is out of range: the population has {size} neurons (indices 0 to {size - 1})");
        return i;
    }

    private static double Number(string field, string column, Func<string, ModelException> bad)
    {
        string t = field.Trim();
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw bad($"{column} must be a finite number, got \"{t}\"");
        return v;
    }
}
