using System.Text;
using System.Text.Unicode;

namespace SpikeSim.Modeling;

/// <summary>
/// A text file read with a size limit, whole (<see cref="ReadAll"/>: a model file) or line by line
/// (<see cref="ReadLine"/>: a <c>from_file</c> CSV). A file longer than the limit, a device such as /dev/zero or an
/// endless pipe is refused with a <see cref="ModelException"/> instead of filling memory or hanging. Line by line,
/// each line is checked as UTF-8 on its own, so a bad byte is reported at the line that holds it.
/// </summary>
internal sealed class BoundedTextReader : IDisposable
{
    /// <summary>The longest line <see cref="ReadLine"/> accepts, in bytes (1 MiB: a CSV row is a few dozen).</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly string? _jsonPath;
    private readonly long _maxBytes;
    private readonly string _tooLarge;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private long _read, _lineOffset;
    private bool _endOfFile;

    /// <summary>Opens <paramref name="path"/> for reading at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes read before the file is refused.</param>
    /// <param name="tooLarge">The problem reported when the file is longer, e.g. "is larger than any model (...)".</param>
    /// <param name="jsonPath">The JSON path that names the file in the model, for messages (null for the model itself).</param>
    /// <exception cref="ModelException">The file's length is known and above the limit.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public BoundedTextReader(string path, long maxBytes, string tooLarge, string? jsonPath = null)
    {
        _path = path;
        _jsonPath = jsonPath;
        _maxBytes = maxBytes;
        _tooLarge = tooLarge;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (_stream.CanSeek && _stream.Length > maxBytes)
        {
            _stream.Dispose();
            throw Error(null, tooLarge);
        }
    }

    /// <summary>The 1-based line of the line <see cref="ReadLine"/> returned last (0 before the first).</summary>
    public int Line { get; private set; }

    /// <summary>Reads the whole file at <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="ModelException">The file is longer (or endless, like a device).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadAll(string path, long maxBytes, string tooLarge)
    {
        using var reader = new BoundedTextReader(path, maxBytes, tooLarge);
        if (reader._stream.CanSeek) reader._buffer = new byte[(int)Math.Min(maxBytes, reader._stream.Length) + 1];
        int maxBuffer = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        while (reader.Fill(maxBuffer)) { }
        return reader._buffer.AsSpan(0, reader._end).ToArray();
    }

    /// <summary>
    /// The next line without its line break (<c>\n</c> or <c>\r\n</c>; a UTF-8 byte order mark before the first is
    /// dropped), or null at the end of the file.
    /// </summary>
    /// <exception cref="ModelException">The line is not valid UTF-8, longer than <see cref="MaxLineBytes"/>, or the file passes the limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public string? ReadLine()
    {
        int scanned = 0; // bytes after _start known to hold no line break (Fill may move _start)
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0) return Take(_start + scanned + newline, 1);
            scanned = _end - _start;
            if (_end - _start > MaxLineBytes)
                throw Error(Line + 1, $"line {Line + 1} is longer than {MaxLineBytes >> 20} MiB without a line break; is it a device such as /dev/zero, or not a text file?");
            if (!Fill(MaxLineBytes + 1)) return _end > _start ? Take(_end, 0) : null;
        }
    }

    /// <summary>Reads more of the file into the buffer (keeping the unread part, growing it up to <paramref name="maxBuffer"/>); false at the end.</summary>
    private bool Fill(int maxBuffer)
    {
        if (_endOfFile) return false;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length < maxBuffer)
                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxBuffer));
        }
        int n = _stream.Read(_buffer, _end, Math.Min(_buffer.Length - _end, 1 << 20));
        if (n == 0)
        {
            _endOfFile = true;
            return false;
        }
        _end += n;
        _read += n;
        if (_read > _maxBytes) throw Error(null, _tooLarge);
        return true;
    }

    /// <summary>Returns the bytes from the buffer's start to <paramref name="stop"/> as the next line, and skips <paramref name="skip"/> more.</summary>
    private string Take(int stop, int skip)
    {
        Line++;
        ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, stop - _start);
        long offset = _lineOffset;
        _lineOffset += stop - _start + skip;
        _start = stop + skip;
        if (Line == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
            offset += 3;
        }
        if (bytes.Length > 0 && bytes[^1] == '\r') bytes = bytes[..^1];
        if (!Utf8.IsValid(bytes))
        {
            int bad = ModelText.FirstInvalidUtf8(bytes);
            throw Error(Line, ModelText.NotUtf8(bytes[bad..], offset + bad));
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private ModelException Error(int? line, string problem) => new(_path, _jsonPath, line, problem);

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
