using System.Text;

namespace SpikeSim.Sweeps;

/// <summary>
/// Seeds of a sweep's runs and draws of its random parameters, all pure functions of the sweep seed, so any run can
/// be repeated alone.
/// <para>
/// A run's seed (the model's master <c>seed</c>, which the sweep replaces) is
/// <c>mix(mix(S ⊕ mix(fnv1a64(P) + c1)) ⊕ mix(repeat + c2))</c>, where S is the sweep seed, P the point's canonical
/// text (<c>PATH=VALUE</c> of every swept parameter in order, joined by newlines, values as in results.csv), fnv1a64
/// the 64-bit FNV-1a hash of its UTF-8 bytes and mix the SplitMix64 finaliser. It depends on the parameter values,
/// not on the point's place in the sweep: a point keeps its seed, and its numbers, when the sweep is extended or
/// sharded. A random parameter j of point k draws u = (mix(mix(S ⊕ mix(k + c3)) ⊕ mix(j + c4)) &gt;&gt; 11)·2⁻⁵³.
/// </para>
/// </summary>
public static class SweepSeeds
{
    /// <summary>The model seed of repeat <paramref name="repeat"/> of the point with canonical text <paramref name="pointText"/>.</summary>
    public static ulong RunSeed(ulong sweepSeed, string pointText, int repeat)
    {
        ulong x = Mix(sweepSeed ^ Mix(Fnv1a(pointText) + 0x9E3779B97F4A7C15UL));
        return Mix(x ^ Mix((ulong)repeat + 0xD1B54A32D192ED03UL));
    }

    /// <summary>The uniform draw in [0, 1) of random parameter <paramref name="parameter"/> at point <paramref name="point"/>.</summary>
    public static double Uniform(ulong sweepSeed, long point, int parameter)
    {
        ulong x = Mix(sweepSeed ^ Mix((ulong)point + 0x8CB92BA72F3D8DD7UL));
        x = Mix(x ^ Mix((ulong)parameter + 0xF1357AEA2E62A9C5UL));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The 64-bit FNV-1a hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
