using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Randomness;

/// <summary>
/// Eight <see cref="RandomStream"/>s stepped together, one in each lane of four vectors of state: lane by lane the
/// same xoshiro256** arithmetic, so lane L gives exactly the numbers its stream gives on its own. Eight independent
/// chains of the generator in one, for draws that many streams need at once (the Poisson inputs of a slice,
/// <see cref="Engine.PoissonLanes"/>).
/// </summary>
internal struct RandomLanes
{
    private Vector512<ulong> _s0, _s1, _s2, _s3;

    /// <summary>Streams[0..count) in lanes 0..count-1 (the other lanes hold zero state and are never stored).</summary>
    public static RandomLanes Load(ReadOnlySpan<RandomStream> streams, int count)
    {
        Span<ulong> s0 = stackalloc ulong[8], s1 = stackalloc ulong[8], s2 = stackalloc ulong[8], s3 = stackalloc ulong[8];
        s0.Clear(); s1.Clear(); s2.Clear(); s3.Clear(); // (the library skips the zeroing of locals: SkipLocalsInit.cs)
        for (int lane = 0; lane < count; lane++) (s0[lane], s1[lane], s2[lane], s3[lane]) = streams[lane].GetState();
        return new RandomLanes
        {
            _s0 = Vector512.Create<ulong>(s0), _s1 = Vector512.Create<ulong>(s1),
            _s2 = Vector512.Create<ulong>(s2), _s3 = Vector512.Create<ulong>(s3),
        };
    }

    /// <summary>Writes lanes 0..count-1 back to their streams.</summary>
    public readonly void Store(Span<RandomStream> streams, int count)
    {
        for (int lane = 0; lane < count; lane++)
            streams[lane] = RandomStream.FromState(_s0.GetElement(lane), _s1.GetElement(lane), _s2.GetElement(lane), _s3.GetElement(lane));
    }

    /// <summary>Each lane's <see cref="RandomStream.NextOpenDouble"/> (uniform on (0, 1]), every lane moving on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> NextOpenDouble()
    {
        Vector512<ulong> s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        Vector512<ulong> result = RotateLeft(s1 * 5, 7) * 9;
        Vector512<ulong> t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, RotateLeft(s3, 45));
        return Vector512.ConvertToDouble((result >>> 11) + Vector512<ulong>.One) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// <see cref="NextOpenDouble()"/> where <paramref name="step"/> is set (all bits of a lane); the other lanes keep
    /// their state (their value is not a draw).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> NextOpenDouble(Vector512<ulong> step)
    {
        RandomLanes before = this;
        Vector512<double> u = NextOpenDouble();
        this = Select(step, this, before);
        return u;
    }

    /// <summary>Lane by lane, <paramref name="a"/>'s state where <paramref name="mask"/> is set, else <paramref name="b"/>'s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RandomLanes Select(Vector512<ulong> mask, RandomLanes a, RandomLanes b) => new()
    {
        _s0 = Vector512.ConditionalSelect(mask, a._s0, b._s0), _s1 = Vector512.ConditionalSelect(mask, a._s1, b._s1),
        _s2 = Vector512.ConditionalSelect(mask, a._s2, b._s2), _s3 = Vector512.ConditionalSelect(mask, a._s3, b._s3),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> RotateLeft(Vector512<ulong> x, int bits) => (x << bits) | (x >>> (64 - bits));
}
