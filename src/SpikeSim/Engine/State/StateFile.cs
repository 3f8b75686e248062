using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SpikeSim.Engine.State;

/// <summary>
/// The framing of a saved simulation state (<c>--save-state</c>, <see cref="Simulator.SaveState(Stream)"/>): a
/// magic, a format version, the payload's length, the payload, and the SHA-256 of the payload. Reading checks all
/// four before a byte of the payload is trusted, so a truncated, corrupted or foreign file is refused with a
/// <see cref="StateFileException"/>. Writing a file goes through a temporary file in the same folder, flushed to the
/// disk and renamed over the target: a failed save never leaves a half file where the user's old state was.
/// The layout is documented in <c>docs/STATE-FORMAT.md</c>.
/// </summary>
internal static class StateFile
{
    /// <summary>The first 8 bytes of every state file.</summary>
    public static ReadOnlySpan<byte> Magic => "SPKSTATE"u8;

    /// <summary>The payload layout this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Magic, version (uint32), payload length (int64).</summary>
    private const int HeaderBytes = 8 + 4 + 8;

    /// <summary>The largest payload read, bytes (held in memory while its checksum is verified).</summary>
    public const long MaxPayloadBytes = int.MaxValue - 64;

    /// <summary>Writes the framed payload to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Write(SHA256.HashData(payload));
    }

    /// <summary>
    /// Writes a state file atomically: a temporary sibling, flushed to the disk, then renamed over
    /// <paramref name="path"/>. On failure the temporary file is removed and <paramref name="path"/> is untouched.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> payload)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new StateFileException($"cannot save the state to '{path}': the folder '{folder}' does not exist");
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(file, payload);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>
    /// Checks that a state can be saved to <paramref name="path"/>: it is not a folder, its folder exists (and is not a
    /// file), and a file can be made there (a temporary one, as <see cref="WriteAtomically"/> makes, created and removed).
    /// </summary>
    /// <exception cref="StateFileException">It cannot, saying why.</exception>
    public static void CheckWritable(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StateFileException($"cannot save the state to '{path}': not a valid file path ({e.Message})");
        }
        if (Directory.Exists(full)) throw new StateFileException($"cannot save the state to '{path}': it is a folder");
        string? folder = Path.GetDirectoryName(full);
        for (string? up = folder; up is not null && !Directory.Exists(up); up = Path.GetDirectoryName(up))
            if (File.Exists(up)) throw new StateFileException($"cannot save the state to '{path}': '{up}' is a file, not a folder");
        if (folder is null || !Directory.Exists(folder))
            throw new StateFileException($"cannot save the state to '{path}': the folder '{folder}' does not exist");
        if (Runs.WritableFolder.WhyNot(folder) is string why)
            throw new StateFileException($"cannot save the state to '{path}': no file can be made in '{folder}' ({why})");
    }

    /// <summary>Reads and verifies a state file; returns its payload.</summary>
    /// <param name="stream">The file's bytes from the start.</param>
    /// <param name="source">The file's name for messages.</param>
    public static byte[] Read(Stream stream, string source)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        int got = ReadFully(stream, header);
        if (got < 8 || !header[..8].SequenceEqual(Magic))
            throw new StateFileException($"{source}: not a SpikeSim state file (it does not start with \"SPKSTATE\")");
        if (got < HeaderBytes) throw Truncated(source);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
            throw new StateFileException($"{source}: state format version {version}; this SpikeSim reads version {Version} only (save the state again with this version)");
        long length = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        if (length < 0 || length > MaxPayloadBytes) throw new StateFileException($"{source}: corrupted state file (payload length {length})");
        // A damaged length must not make us allocate gigabytes before finding that the file is shorter.
        if (stream.CanSeek && length > stream.Length - stream.Position - 32) throw Truncated(source);
        var payload = new byte[length];
        if (ReadFully(stream, payload) < length) throw Truncated(source);
        Span<byte> hash = stackalloc byte[32];
        if (ReadFully(stream, hash) < hash.Length) throw Truncated(source);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(hash))
            throw new StateFileException($"{source}: corrupted state file (the SHA-256 checksum of its contents does not match)");
        Span<byte> extra = stackalloc byte[1];
        if (ReadFully(stream, extra) != 0) throw new StateFileException($"{source}: corrupted state file (bytes after the checksum)");
        return payload;
    }

    private static StateFileException Truncated(string source) => new($"{source}: truncated state file (it ends before its checksum)");

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
