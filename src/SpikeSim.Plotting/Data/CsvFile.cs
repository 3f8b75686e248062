using System.Globalization;
using System.Text;

namespace SpikeSim.Plotting.Data;

/// <summary>
/// Reads a CSV file with a header line, one row at a time, without allocating per field: fields are spans into the
/// current line (quoted fields, as <c>Utf8CsvWriter</c> writes names with commas or quotes, are unescaped into a
/// buffer). Columns are found by header name, so extra columns are ignored and column order does not matter.
/// Numbers are parsed in invariant culture.
/// </summary>
internal sealed class CsvFile : IDisposable
{
    private readonly StreamReader _reader;
    private readonly List<(int Start, int Length)> _fields = [];
    private readonly StringBuilder _unquoted = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly string[] _header;
    private string _line = "";

    private CsvFile(string path, StreamReader reader, string[] header)
    {
        Path = path;
        _reader = reader;
        _header = header;
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>1-based line number of the current row (the header is line 1).</summary>
    public long LineNumber { get; private set; } = 1;

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="PlotDataException">The file is empty.</exception>
    public static CsvFile Open(string path)
    {
        var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try
        {
            string? headerLine = reader.ReadLine();
            if (headerLine is null) throw new PlotDataException($"{path}: the file is empty, expected a header line");
            var file = new CsvFile(path, reader, []);
            file._line = headerLine;
            file.Split();
            var header = new string[file._fields.Count];
            for (int i = 0; i < header.Length; i++) header[i] = file.Field(i).Trim().ToString();
            return new CsvFile(path, reader, header);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Index of the column named <paramref name="name"/>, or -1.</summary>
    public int Column(string name) => Array.IndexOf(_header, name);

    /// <summary>Index of the column named <paramref name="name"/>.</summary>
    /// <exception cref="PlotDataException">There is no such column.</exception>
    public int RequireColumn(string name)
    {
        int i = Column(name);
        if (i < 0)
            throw new PlotDataException($"{Path}: no column '{name}' (the header has: {string.Join(",", Header)})");
        return i;
    }

    /// <summary>Moves to the next non-empty row; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            string? line = _reader.ReadLine();
            if (line is null) return false;
            LineNumber++;
            if (line.Length == 0) continue;
            _line = line;
            _unquoted.Clear();
            Split();
            return true;
        }
    }

    /// <summary>Number of fields in the current row.</summary>
    public int FieldCount => _fields.Count;

    /// <summary>The raw text of field <paramref name="i"/> of the current row.</summary>
    public ReadOnlySpan<char> Field(int i)
    {
        if (i >= _fields.Count)
            throw new PlotDataException($"{Path}:{LineNumber}: expected {Header.Count} fields, got {_fields.Count}");
        var (start, length) = _fields[i];
        return start >= 0 ? _line.AsSpan(start, length) : _unquoted.ToString(-start - 1, length).AsSpan();
    }

    /// <summary>Field <paramref name="i"/> as a double.</summary>
    public double Double(int i)
    {
        var text = Field(i);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        throw Bad(i, "a number");
    }

    /// <summary>Field <paramref name="i"/> as an int.</summary>
    public int Int(int i)
    {
        var text = Field(i);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) return v;
        // Tolerate integers written as doubles ("3.0").
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue)
            return (int)d;
        throw Bad(i, "a whole number");
    }

    /// <summary>Field <paramref name="i"/> as a string; repeated values (population names) share one instance.</summary>
    public string Name(int i)
    {
        var text = Field(i);
        if (_nameLookup.TryGetValue(text, out string? name)) return name;
        name = text.ToString();
        _names[name] = name;
        return name;
    }

    /// <summary>An error naming this file, the current line and the column.</summary>
    public PlotDataException Bad(int column, string expected) =>
        new($"{Path}:{LineNumber}: column '{Header[column]}': expected {expected}, got \"{Field(column)}\"");

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private void Split()
    {
        _fields.Clear();
        string line = _line;
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                // Quoted field: copy into the unquoted buffer, "" is one quote. Stored with a negative start.
                int begin = _unquoted.Length;
                i++;
                while (i < line.Length)
                {
                    char c = line[i++];
                    if (c == '"')
                    {
                        if (i < line.Length && line[i] == '"') { _unquoted.Append('"'); i++; }
                        else break;
                    }
                    else _unquoted.Append(c);
                }
                _fields.Add((-begin - 1, _unquoted.Length - begin));
                int comma = line.IndexOf(',', i);
                if (comma < 0) return;
                i = comma + 1;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    _fields.Add((i, line.Length - i));
                    return;
                }
                _fields.Add((i, comma - i));
                i = comma + 1;
            }
        }
    }
}
