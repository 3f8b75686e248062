using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpikeSim.Synapses;

/// <summary>
/// The target neuron of each synapse of a <see cref="SynapseTable"/>, in synapse order: two bytes a synapse when the
/// targets lie within 65,536 neurons of each other (<see cref="Offsets"/> from <see cref="Base"/>; every projection onto
/// a population of at most 65,536 neurons), else four (<see cref="Indices"/>). Delivery reads a spike's targets from
/// memory, one row after another: half the bytes, half the lines.
/// </summary>
internal readonly struct SynapseTargets
{
    /// <summary>How many neurons two-byte offsets reach.</summary>
    public const int OffsetSpan = ushort.MaxValue + 1;

    /// <summary>Each target as its offset from <see cref="Base"/> (global index Base + offset), or null when <see cref="Indices"/> holds them.</summary>
    public readonly ushort[]? Offsets;

    /// <summary>Each target's global index, when <see cref="Offsets"/> cannot hold them; else null.</summary>
    public readonly int[]? Indices;

    /// <summary>The global index the <see cref="Offsets"/> count from (0 with <see cref="Indices"/>).</summary>
    public readonly int Base;

    private SynapseTargets(ushort[]? offsets, int[]? indices, int @base) => (Offsets, Indices, Base) = (offsets, indices, @base);

    /// <summary>Targets given as global indices: kept in two bytes each when they lie within <see cref="OffsetSpan"/> neurons of each other (the array is kept as it is otherwise).</summary>
    public static SynapseTargets Of(int[] global)
    {
        int min = int.MaxValue, max = int.MinValue;
        foreach (int t in global) { min = Math.Min(min, t); max = Math.Max(max, t); }
        if (global.Length > 0 && (long)max - min >= OffsetSpan) return new(null, global, 0);
        int first = global.Length > 0 ? min : 0;
        var offsets = new ushort[global.Length];
        for (int k = 0; k < global.Length; k++) offsets[k] = (ushort)(global[k] - first);
        return new(offsets, null, first);
    }

    /// <summary>Targets given as offsets from global index <paramref name="base"/>.</summary>
    public static SynapseTargets FromOffsets(ushort[] offsets, int @base) => new(offsets, null, @base);

    /// <summary>Targets given as indices within a population of <paramref name="size"/> neurons starting at global index <paramref name="offset"/>; a wide one's array becomes the global indices, in place.</summary>
    public static SynapseTargets Local(int[] local, int offset, int size)
    {
        if (size <= OffsetSpan)
        {
            var offsets = new ushort[local.Length];
            for (int k = 0; k < local.Length; k++) offsets[k] = (ushort)local[k];
            return new(offsets, null, offset);
        }
        for (int k = 0; k < local.Length; k++) local[k] += offset;
        return new(null, local, 0);
    }

    /// <summary>Targets given as global indices (<see cref="Of"/>).</summary>
    public static implicit operator SynapseTargets(int[] global) => Of(global);

    /// <summary>Number of synapses.</summary>
    public int Count => Offsets?.Length ?? Indices!.Length;

    /// <summary>Bytes held.</summary>
    public long Bytes => 2L * (Offsets?.Length ?? 0) + 4L * (Indices?.Length ?? 0);

    /// <summary>The global index of synapse k's target.</summary>
    public int this[int k]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Offsets is { } offsets ? Base + offsets[k] : Indices![k];
    }

    /// <summary>Where synapse k's target is kept in memory (for a prefetch: the arrays do not move while it is used).</summary>
    public unsafe byte* AddressOf(int k) => Offsets is { } offsets
        ? (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(offsets)) + sizeof(ushort) * k
        : (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Indices!)) + sizeof(int) * k;

    /// <summary>Hands every target's global index, in synapse order, to <paramref name="action"/>, a chunk at a time.</summary>
    public void ForEachChunk(ChunkAction action)
    {
        Span<int> chunk = stackalloc int[1024];
        int count = Count;
        for (int start = 0; start < count; start += chunk.Length)
        {
            Span<int> part = chunk[..Math.Min(chunk.Length, count - start)];
            if (Indices is not null) Indices.AsSpan(start, part.Length).CopyTo(part);
            else for (int k = 0; k < part.Length; k++) part[k] = Base + Offsets![start + k];
            action(part);
        }
    }

    /// <summary>Receives a chunk of targets' global indices (<see cref="ForEachChunk"/>).</summary>
    public delegate void ChunkAction(ReadOnlySpan<int> targets);
}
