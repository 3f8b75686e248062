using System.Globalization;
using System.Text;

namespace SpikeSim.Recording;

/// <summary>
/// A CSV file written through one reusable byte buffer: numbers are formatted straight into it as UTF-8
/// (invariant culture, shortest round-trip for doubles), so writing a row allocates nothing.
/// Callers reserve room for a whole row with <see cref="BeginRow"/> before writing its fields.
/// </summary>
internal sealed class Utf8CsvWriter : IDisposable
{
    /// <summary>Most bytes one formatted number can take ("-1.7976931348623157E+308" is 24).</summary>
    public const int MaxNumberBytes = 32;

    private readonly FileStream _stream;
    private readonly byte[] _buffer;
    private int _pos;
    private bool _closed;

    /// <summary>Creates (or truncates) the file and writes the header line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="header">Header line without the newline.</param>
    /// <param name="maxRowBytes">Most bytes a single row can take, newline included.</param>
    public Utf8CsvWriter(string path, string header, int maxRowBytes)
    {
        _buffer = new byte[Math.Max(1 << 16, 2 * Math.Max(maxRowBytes, Encoding.UTF8.GetMaxByteCount(header.Length + 1)))];
        // The stream's own buffer is off: every write goes out of _buffer in large blocks.
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _pos = Encoding.UTF8.GetBytes(header, _buffer);
        _buffer[_pos++] = (byte)'\n';
    }

    /// <summary>Makes room for a row of at most <paramref name="maxBytes"/> bytes.</summary>
    public void BeginRow(int maxBytes)
    {
        if (_buffer.Length - _pos < maxBytes) FlushBuffer();
    }

    /// <summary>Appends a double (shortest round-trip, invariant).</summary>
    public void Write(double value)
    {
        if (!value.TryFormat(_buffer.AsSpan(_pos), out int written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("CSV row longer than reserved.");
        _pos += written;
    }

    /// <summary>Appends an integer.</summary>
    public void Write(long value)
    {
        if (!value.TryFormat(_buffer.AsSpan(_pos), out int written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("CSV row longer than reserved.");
        _pos += written;
    }

    /// <summary>Appends raw, already-escaped UTF-8 bytes.</summary>
    public void Write(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_buffer.AsSpan(_pos));
        _pos += utf8.Length;
    }

    /// <summary>Appends a field separator.</summary>
    public void Comma() => _buffer[_pos++] = (byte)',';

    /// <summary>Ends the row.</summary>
    public void EndRow() => _buffer[_pos++] = (byte)'\n';

    /// <summary>Writes everything buffered and flushes the file to the operating system.</summary>
    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Flushes and closes the file (reporting write errors).</summary>
    public void Close()
    {
        if (_closed) return;
        try { Flush(); }
        finally
        {
            _closed = true;
            _stream.Dispose();
        }
    }

    /// <summary>Closes the file, ignoring nothing: a failed final write throws.</summary>
    public void Dispose() => Close();

    private void FlushBuffer()
    {
        if (_pos == 0) return;
        _stream.Write(_buffer, 0, _pos);
        _pos = 0;
    }

    /// <summary>A field as CSV bytes: quoted (RFC 4180) when it contains a comma, quote or line break.</summary>
    public static byte[] EncodeField(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            text = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return Encoding.UTF8.GetBytes(text);
    }
}
