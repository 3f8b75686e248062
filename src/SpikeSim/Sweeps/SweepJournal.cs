using System.Globalization;
using System.Text;
using SpikeSim.Modeling;

namespace SpikeSim.Sweeps;

/// <summary>
/// The record of a sweep folder's finished runs, <c>journal.csv</c>: a header line, then one line per finished run
/// in the order runs finished, <c>point,ROW</c> (the header is <c>point,</c> and results.csv's header) where ROW is the
/// run's results.csv line, whose <c>repeat</c> column gives the repeat (so no column appears twice). Each line is
/// appended whole and flushed to disk before the run counts as done, so a crash loses at most runs still in flight.
/// A last line without its newline (torn by a kill during the write) is ignored and cut off on reopening.
/// </summary>
public sealed class SweepJournal : IDisposable
{
    /// <summary>The journal's file name in a sweep folder.</summary>
    public const string FileName = "journal.csv";

    private readonly FileStream _stream;

    private SweepJournal(FileStream stream, Dictionary<(long, int), string> rows)
    {
        _stream = stream;
        Rows = rows;
    }

    /// <summary>The finished runs: (point, repeat) → results.csv line.</summary>
    public IReadOnlyDictionary<(long Point, int Repeat), string> Rows { get; }

    /// <summary>The journal's header line for a results.csv header.</summary>
    public static string HeaderLine(IReadOnlyList<string> header) => "point," + Csv.Line(header);

    /// <summary>The journal's header line for a results.csv header line.</summary>
    public static string HeaderLine(string resultsHeaderLine) => "point," + resultsHeaderLine;

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="folder"/> for appending, reading the runs already there.
    /// </summary>
    /// <exception cref="ModelException">The journal belongs to a sweep with other columns, or a line other than the last is damaged.</exception>
    public static SweepJournal Open(string folder, IReadOnlyList<string> header)
    {
        string path = Path.Combine(folder, FileName);
        string headerLine = HeaderLine(header);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var rows = Read(stream, path, headerLine, out long validLength);
            if (validLength == 0)
            {
                stream.SetLength(0);
                byte[] bytes = Encoding.UTF8.GetBytes(headerLine + "\n");
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            else
            {
                stream.SetLength(validLength);
                stream.Seek(0, SeekOrigin.End);
            }
            return new SweepJournal(stream, rows);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the finished runs of the journal at <paramref name="path"/> without opening it for writing.</summary>
    public static Dictionary<(long, int), string> ReadFile(string path, string headerLine)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Read(stream, path, headerLine, out _);
    }

    /// <summary>Appends a finished run and flushes it to disk.</summary>
    public void Append(SweepRow row)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{row.Point},{row.ToCsv()}\n");
        _stream.Write(Encoding.UTF8.GetBytes(line));
        _stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private static Dictionary<(long, int), string> Read(Stream stream, string path, string headerLine, out long validLength)
    {
        stream.Seek(0, SeekOrigin.Begin);
        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var rows = new Dictionary<(long, int), string>();
        validLength = 0;
        int start = 0, lineNumber = 0;
        int repeatField = Array.IndexOf(headerLine.Split(','), "repeat");
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break; // torn last line: ignored, cut off on open
            string line = Encoding.UTF8.GetString(bytes, start, end - start);
            lineNumber++;
            if (lineNumber == 1)
            {
                if (line != headerLine)
                    throw new ModelException(path, null, 1, "this journal belongs to a sweep with other columns; use another --out");
            }
            else
            {
                if (!TryParse(line, repeatField, out long point, out int repeat, out string row) || FieldCount(line) != FieldCount(headerLine))
                {
                    // A damaged last line (e.g. zeros left by a crash) is dropped like a torn one; its run is redone.
                    if (Array.IndexOf(bytes, (byte)'\n', end + 1) < 0) break;
                    throw new ModelException(path, null, lineNumber, "damaged line; remove it (its run is then redone) or use another --out");
                }
                rows.TryAdd((point, repeat), row);
            }
            start = end + 1;
            validLength = start;
        }
        return rows;
    }

    /// <summary>The number of CSV fields of a line (commas outside double quotes, plus one).</summary>
    private static int FieldCount(string line)
    {
        int count = 1;
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) count++;
        }
        return count;
    }

    /// <summary>Splits <c>point,ROW</c>; the repeat is field <paramref name="repeatField"/> of the line (commas in quotes do not count).</summary>
    private static bool TryParse(string line, int repeatField, out long point, out int repeat, out string row)
    {
        point = 0;
        repeat = 0;
        row = "";
        int a = line.IndexOf(',');
        if (a <= 0 || repeatField < 1) return false;
        row = line[(a + 1)..];
        int field = 0, fieldStart = 0;
        bool quoted = false;
        string? repeatText = null;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] == '"') quoted = !quoted;
            else if (i == line.Length || (line[i] == ',' && !quoted))
            {
                if (field == repeatField) { repeatText = line[fieldStart..i]; break; }
                field++;
                fieldStart = i + 1;
            }
        }
        return repeatText is not null &&
               long.TryParse(line.AsSpan(0, a), NumberStyles.None, CultureInfo.InvariantCulture, out point) &&
               int.TryParse(repeatText, NumberStyles.None, CultureInfo.InvariantCulture, out repeat);
    }
}
