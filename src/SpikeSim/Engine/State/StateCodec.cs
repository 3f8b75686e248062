using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SpikeSim.Synapses;

namespace SpikeSim.Engine.State;

/// <summary>Writes the payload of a state file: little-endian numbers, length-prefixed arrays and strings.</summary>
internal sealed class StateWriter(Stream stream) : IDisposable
{
    private readonly BinaryWriter _w = new(stream, System.Text.Encoding.UTF8, leaveOpen: true);

    public void Write(int v) => _w.Write(v);
    public void Write(long v) => _w.Write(v);
    public void Write(ulong v) => _w.Write(v);
    public void Write(double v) => _w.Write(v);
    public void Write(bool v) => _w.Write(v);
    public void Write(byte v) => _w.Write(v);
    public void Write(string v) => _w.Write(v);
    public void WriteBytes(ReadOnlySpan<byte> v) { _w.Write(v.Length); _w.Write(v); }
    public void Write(ReadOnlySpan<double> v) { _w.Write(v.Length); _w.Write(MemoryMarshal.AsBytes(v)); }
    public void Write(ReadOnlySpan<int> v) { _w.Write(v.Length); _w.Write(MemoryMarshal.AsBytes(v)); }
    public void Write(ReadOnlySpan<short> v) { _w.Write(v.Length); _w.Write(MemoryMarshal.AsBytes(v)); }
    public void Write(ReadOnlySpan<bool> v) { _w.Write(v.Length); _w.Write(MemoryMarshal.AsBytes(v)); }
    public void Write(ReadOnlySpan<long> v) { _w.Write(v.Length); _w.Write(MemoryMarshal.AsBytes(v)); }

    /// <summary>A table's targets as global indices, as <see cref="Write(ReadOnlySpan{int})"/> writes an int array (however the table keeps them).</summary>
    public void WriteTargets(SynapseTable table)
    {
        _w.Write(table.Count);
        table.Targets.ForEachChunk(part => _w.Write(MemoryMarshal.AsBytes(part)));
    }

    public void Dispose() => _w.Dispose();
}

/// <summary>
/// Reads the payload of a verified state file. The checksum already holds, so a read past the end or an impossible
/// length means a file written by a different layout: a <see cref="StateFileException"/>.
/// </summary>
internal sealed class StateReader(byte[] payload, string source)
{
    private int _at;

    public string Source { get; } = source;

    public bool AtEnd => _at == payload.Length;

    private ReadOnlySpan<byte> Take(long bytes)
    {
        if (bytes < 0 || bytes > payload.Length - _at) throw Corrupt();
        var span = payload.AsSpan(_at, (int)bytes);
        _at += (int)bytes;
        return span;
    }

    public StateFileException Corrupt() => new($"{Source}: corrupted state file (its contents do not follow format version {StateFile.Version})");

    public int ReadInt32() => MemoryMarshal.Read<int>(Take(4));
    public long ReadInt64() => MemoryMarshal.Read<long>(Take(8));
    public ulong ReadUInt64() => MemoryMarshal.Read<ulong>(Take(8));
    public double ReadDouble() => MemoryMarshal.Read<double>(Take(8));
    public byte ReadByte() => Take(1)[0];
    public bool ReadBoolean() => ReadByte() != 0;

    public string ReadString()
    {
        // BinaryWriter's 7-bit encoded length, then UTF-8.
        int length = 0, shift = 0;
        byte b;
        do
        {
            if (shift > 28) throw Corrupt();
            b = ReadByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return System.Text.Encoding.UTF8.GetString(Take(length));
    }

    public byte[] ReadBytes() => Take(ReadInt32()).ToArray();

    private T[] ReadArray<T>(int? expected) where T : unmanaged
    {
        int count = ReadInt32();
        if (count < 0 || (expected is int e && count != e)) throw Corrupt();
        return MemoryMarshal.Cast<byte, T>(Take((long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())).ToArray();
    }

    public double[] ReadDoubles(int? expected = null) => ReadArray<double>(expected);
    public int[] ReadInts(int? expected = null) => ReadArray<int>(expected);
    public short[] ReadShorts(int? expected = null) => ReadArray<short>(expected);
    public long[] ReadLongs(int? expected = null) => ReadArray<long>(expected);

    public bool[] ReadBools(int? expected = null)
    {
        byte[] raw = ReadArray<byte>(expected);
        var result = new bool[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] > 1) throw Corrupt();
            result[i] = raw[i] == 1;
        }
        return result;
    }
}

/// <summary>SHA-256 fingerprints of arrays, to tell whether a loaded model kept what a state depends on.</summary>
internal sealed class Fingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public Fingerprint Add<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, values.Length);
        _hash.AppendData(length);
        _hash.AppendData(MemoryMarshal.AsBytes(values));
        return this;
    }

    /// <summary>A table's targets as global indices, as <see cref="Add{T}"/> adds an int array (however the table keeps them).</summary>
    public Fingerprint AddTargets(SynapseTable table)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, table.Count);
        _hash.AppendData(length);
        table.Targets.ForEachChunk(part => _hash.AppendData(MemoryMarshal.AsBytes(part)));
        return this;
    }

    public byte[] Finish() => _hash.GetHashAndReset();

    public void Dispose() => _hash.Dispose();
}
