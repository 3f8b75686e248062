using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Randomness;

/// <summary>
/// A small, fast, reproducible random number generator (xoshiro256**, Blackman and Vigna 2018) whose seed is
/// derived from a master seed and a stream key. Every consumer of randomness (one connection row, one neuron's
/// Poisson input, one population's initial potentials) owns its own stream, so results do not depend on the
/// order in which threads run: the key, not the schedule, decides the numbers.
/// </summary>
/// <remarks>A mutable struct: keep it in a field or an array and pass it by <c>ref</c>.</remarks>
public struct RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The stream for (seed, kind, a, b): e.g. (model seed, <see cref="StreamKind.Poisson"/>, input, neuron).</summary>
    public RandomStream(ulong seed, StreamKind kind, long a = 0, long b = 0)
    {
        ulong x = seed;
        x = Mix(x ^ Mix((ulong)kind + 0x9E3779B97F4A7C15UL));
        x = Mix(x ^ Mix((ulong)a + 0xD1B54A32D192ED03UL));
        x = Mix(x ^ Mix((ulong)b + 0x8CB92BA72F3D8DD7UL));
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>The generator's four words of state (to save a simulation's state).</summary>
    internal readonly (ulong S0, ulong S1, ulong S2, ulong S3) GetState() => (_s0, _s1, _s2, _s3);

    /// <summary>A stream continuing from saved state (see <see cref="GetState"/>).</summary>
    internal static RandomStream FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var r = default(RandomStream);
        r._s0 = s0; r._s1 = s1; r._s2 = s2; r._s3 = s3;
        return r;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>
    /// Eight <see cref="NextOpenDouble"/> draws in order, in one vector: the same values, with the conversion done
    /// eight at a time (exact: the integers are below 2^53 + 1 and the scale is a power of two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // (returned from a call, the vector went through memory: a slow reload)
    public Vector512<double> NextOpenDoubleVector()
    {
        RandomStream local = this; // a copy the JIT keeps in registers for the eight steps
        Vector512<ulong> bits = Vector512.Create(local.NextUInt64(), local.NextUInt64(), local.NextUInt64(), local.NextUInt64(),
                                                 local.NextUInt64(), local.NextUInt64(), local.NextUInt64(), local.NextUInt64());
        this = local;
        return Vector512.ConvertToDouble((bits >>> 11) + Vector512<ulong>.One) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n)
    {
        ulong m = (ulong)(uint)NextUInt64() * (ulong)(uint)n;
        uint low = (uint)m;
        if (low < (uint)n)
        {
            uint threshold = (uint)-n % (uint)n;
            while (low < threshold)
            {
                m = (ulong)(uint)NextUInt64() * (ulong)(uint)n;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>Standard normal (Marsaglia's polar method; the second value of each pair is discarded to keep streams simple).</summary>
    public double NextGaussian()
    {
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
    }

    /// <summary>
    /// Geometric number of failures before the first success with success probability p (0 &lt; p ≤ 1):
    /// used to skip over non-connected pairs in Bernoulli connectivity in O(number of synapses).
    /// </summary>
    public long NextGeometricSkip(double logOneMinusP)
    {
        if (logOneMinusP == double.NegativeInfinity) return 0; // p == 1
        double k = Math.Floor(Math.Log(NextOpenDouble()) / logOneMinusP);
        return k > long.MaxValue / 2 ? long.MaxValue / 2 : (long)k;
    }
}

/// <summary>What a <see cref="RandomStream"/> is used for: part of its key, so that different uses never share numbers.</summary>
public enum StreamKind : ulong
{
    /// <summary>Connections (and their weights and delays) of one row of one projection.</summary>
    Connectivity = 1,
    /// <summary>Initial membrane potentials of one population.</summary>
    InitialState = 2,
    /// <summary>One Poisson input to one neuron.</summary>
    Poisson = 3,
    /// <summary>Random positions of one population's neurons.</summary>
    Placement = 4,
    /// <summary>Random choices an experiment makes around a model (e.g. which neurons to lesion).</summary>
    Experiment = 5,
    /// <summary>One structural-plasticity update (growth) of one projection.</summary>
    Structural = 10,
    /// <summary>Training in the artificial mode: initial weights, shuffles, lesions (keyed by purpose).</summary>
    Training = 40,
    /// <summary>Generated datasets and experiment stimuli (keyed by purpose).</summary>
    Data = 41,
}
