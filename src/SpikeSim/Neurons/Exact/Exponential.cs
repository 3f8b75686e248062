using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpikeSim.Neurons;

/// <summary>
/// e^x in double precision, bit for bit the result of GNU libc's <c>exp</c> (glibc 2.28 and later, as built for
/// processors with fused multiply-add: the function <see cref="Math.Exp"/> calls on x86-64 Linux), computed inline:
/// no call into the C library, no errno wrapper, and four or eight at a time in vectors. The exact models take their
/// propagators from it, so a spike time is what it was with <see cref="Math.Exp"/>, and also the same on any other
/// C library or processor (every step is an IEEE operation or a fused multiply-add, rounded once).
/// <para>The method (Szabolcs Nagy's, in ARM's optimized-routines, which glibc and musl ship): x = (k + f)/N · ln 2
/// with N = 128 and |r| ≤ ln2/256, so e^x = 2^(k/N) e^r; 2^(i/N) for i = k mod N is a table entry (its double and the
/// relative error of that double, <see cref="Table"/>), e^r - 1 a polynomial of degree 5, and the result one fused
/// multiply-add. Error below 0.52 ulp. Arguments of magnitude at least 512 take the branch <see cref="Special"/>,
/// which reproduces the library's handling of overflow, underflow into subnormals, infinities and NaN. The library
/// also sends magnitudes below 2^-54 there (0 among them), where it returns 1 + x, which rounds to 1; the fast path
/// gives exactly 1 for them too (k = 0, the scale 1, r = x, and 1 + x(1 + x/2 + ...) rounds to 1), so here they stay
/// on it: a vector of lanes with one argument of 0 (a lane that has reached its event) keeps the vector path.</para>
/// </summary>
internal static class Exponential
{
    // The library's constants (hexadecimal in its source), as decimal literals that round to the same doubles.
    private const double InvLn2N = 184.6649652337873;             // N / ln 2
    private const double NegLn2HiN = -0.005415212348111709;       // -ln 2 / N, its leading 42 bits (k ln2/N is exact)
    private const double NegLn2LoN = -1.2864023111638346E-14;     // the rest of -ln 2 / N
    private const double Shift = 6755399441055744.0;              // 1.5 · 2^52: adding it rounds to an integer
    private const double C2 = 0.49999999999996786, C3 = 0.16666666666665886, C4 = 0.0416666808410674, C5 = 0.008333335853059549;
    private const double TwoTo1009 = 5.486124068793689E+303, TwoToMinus1022 = 2.2250738585072014E-308;
    private const uint FastTop = 0x408;                       // exponent fields below 512's take the fast path

    /// <summary>e^x, bit for bit glibc's <c>exp</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Of(double x)
    {
        ulong ix = BitConverter.DoubleToUInt64Bits(x);
        if (((uint)(ix >> 52) & 0x7ff) >= FastTop) return Special(x);
        return FastPath(x);
    }

    /// <summary><see cref="Of(double)"/> for |x| &lt; 512 (any other x gives a wrong value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double FastPath(double x)
    {
        double tmp = Reduced(x, out _, out ulong scaleBits);
        double scale = BitConverter.UInt64BitsToDouble(scaleBits);
        return Math.FusedMultiplyAdd(scale, tmp, scale);
    }

    /// <summary>
    /// The method's common part: k (in the low bits of <paramref name="ki"/>), the bits of the scale 2^(k/N)
    /// (<paramref name="scaleBits"/>, its exponent field wrapped for |x| ≥ 512), and tmp with e^x = scale (1 + tmp).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduced(double x, out ulong ki, out ulong scaleBits)
    {
        double z = Math.FusedMultiplyAdd(x, InvLn2N, Shift);
        ki = BitConverter.DoubleToUInt64Bits(z);
        double kd = z - Shift;
        double r = Math.FusedMultiplyAdd(kd, NegLn2LoN, Math.FusedMultiplyAdd(kd, NegLn2HiN, x));
        int idx = 2 * (int)(ki & 127);
        ref ulong table = ref MemoryMarshal.GetReference(Table);
        double tail = BitConverter.UInt64BitsToDouble(Unsafe.Add(ref table, idx));
        scaleBits = Unsafe.Add(ref table, idx + 1) + (ki << 45);
        double r2 = r * r;
        double tmp = Math.FusedMultiplyAdd(r2, Math.FusedMultiplyAdd(r, C3, C2), r + tail);
        return Math.FusedMultiplyAdd(r2 * r2, Math.FusedMultiplyAdd(r, C5, C4), tmp);
    }

    /// <summary>e^x of each lane, bit for bit glibc's <c>exp</c> (<see cref="Of(double)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Of(Vector256<double> x) => InFastRange(x) ? FastLanes(x) : OfEach(x);

    /// <summary>
    /// e^x of each of eight lanes: the four-lane fast path on each half, or <see cref="Of(double)"/> lane by lane
    /// out of line when a lane is outside its range (which keeps the inlined code of a model's lanes small).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Of(Vector512<double> x)
    {
        (Vector256<double> low, Vector256<double> high) = (x.GetLower(), x.GetUpper());
        return InFastRange(low) & InFastRange(high) ? Lanes.Join(FastLanes(low), FastLanes(high)) : OfEach(x);
    }

    /// <summary>
    /// Hot code (a model's event lanes, a Newton search) takes its exponentials on the fast path alone
    /// (<see cref="IExponentialPath"/>): no call in it, so that the compiler keeps its values in registers (with a call
    /// on any path, even one never taken, it keeps every value live across that call in memory). An argument out of
    /// the fast path's range gets a wrong value and sets <c>outOfRange</c>; the caller must then use nothing it
    /// computed and start again with <see cref="AnyRange"/>.
    /// </summary>
    public readonly struct FastOnly : IExponentialPath
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Of(double x, ref bool outOfRange)
        {
            outOfRange |= ((uint)(BitConverter.DoubleToUInt64Bits(x) >> 52) & 0x7ff) >= FastTop;
            return FastPath(x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Of(Vector512<double> x, ref bool outOfRange)
        {
            (Vector256<double> low, Vector256<double> high) = (x.GetLower(), x.GetUpper());
            outOfRange |= !(InFastRange(low) & InFastRange(high));
            return Lanes.Join(FastLanes(low), FastLanes(high));
        }
    }

    /// <summary>Exponentials in any range (<see cref="Exponential.Of(double)"/>, <see cref="Exponential.Of(Vector512{double})"/>): never out of range.</summary>
    public readonly struct AnyRange : IExponentialPath
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Of(double x, ref bool outOfRange) => Exponential.Of(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Of(Vector512<double> x, ref bool outOfRange) => Exponential.Of(x);
    }

    /// <summary>Whether every lane is in the range of the fast path (magnitude below 512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InFastRange(Vector256<double> x) =>
        Vector256.LessThanAll((x.AsUInt64() >>> 52) & Vector256.Create(0x7ffUL), Vector256.Create((ulong)FastTop));

    /// <summary><see cref="Of(double)"/> of each lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<double> OfEach(Vector256<double> x) => Vector256.Create(Of(x[0]), Of(x[1]), Of(x[2]), Of(x[3]));

    /// <summary><see cref="Of(double)"/> of each of eight lanes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> OfEach(Vector512<double> x) => Lanes.Join(OfEach(x.GetLower()), OfEach(x.GetUpper()));

    /// <summary>The fast path of <see cref="Of(Vector256{double})"/>, every lane in its range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> FastLanes(Vector256<double> x)
    {
        Vector256<double> z = Vector256.FusedMultiplyAdd(x, Vector256.Create(InvLn2N), Vector256.Create(Shift));
        Vector256<ulong> ki = z.AsUInt64();
        Vector256<double> kd = z - Vector256.Create(Shift);
        Vector256<double> r = Vector256.FusedMultiplyAdd(kd, Vector256.Create(NegLn2HiN), x);
        r = Vector256.FusedMultiplyAdd(kd, Vector256.Create(NegLn2LoN), r);
        Vector256<ulong> idx = (ki & Vector256.Create(127UL)) << 1;
        (Vector256<double> tail, Vector256<ulong> scaleBits) = TableLanes(idx);
        Vector256<double> scale = (scaleBits + (ki << 45)).AsDouble();
        Vector256<double> r2 = r * r;
        Vector256<double> tmp = Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(r, Vector256.Create(C3), Vector256.Create(C2)), r + tail);
        tmp = Vector256.FusedMultiplyAdd(r2 * r2, Vector256.FusedMultiplyAdd(r, Vector256.Create(C5), Vector256.Create(C4)), tmp);
        return Vector256.FusedMultiplyAdd(scale, tmp, scale);
    }

    /// <summary>
    /// The table's entries idx and idx + 1 of each lane: t_i as a double, and the bits of d_i less i · 2^45. With AVX,
    /// each lane's two entries are one 16-byte load and the four pairs are transposed into the two vectors, in place of
    /// two gathers (slower on the benchmark's processor: tests/SpikeSim.Benchmarks/README.md), the same entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<double> Tail, Vector256<ulong> ScaleBits) TableLanes(Vector256<ulong> idx)
    {
        ulong* table = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Table)); // data in the assembly image: never moves
        if (Avx.IsSupported)
        {
            Vector256<double> even = Vector256.Create(Vector128.Load((double*)(table + idx.GetElement(0))), Vector128.Load((double*)(table + idx.GetElement(2))));
            Vector256<double> odd = Vector256.Create(Vector128.Load((double*)(table + idx.GetElement(1))), Vector128.Load((double*)(table + idx.GetElement(3))));
            return (Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd).AsUInt64());
        }
        return (Vector256.Create(table[idx[0]], table[idx[1]], table[idx[2]], table[idx[3]]).AsDouble(),
                Vector256.Create(table[idx[0] + 1], table[idx[1] + 1], table[idx[2] + 1], table[idx[3] + 1]));
    }

    /// <summary>
    /// |x| ≥ 1024, infinities and NaN (+∞, NaN, or the library's underflow to 0 and overflow to +∞), and
    /// 512 ≤ |x| &lt; 1024, where the scale 2^k leaves the range of normal doubles: it is applied in two steps,
    /// rounding once into the subnormal range as the library does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Special(double x)
    {
        ulong ix = BitConverter.DoubleToUInt64Bits(x);
        uint abstop = (uint)(ix >> 52) & 0x7ff;
        if (abstop >= 0x409) // |x| ≥ 1024
        {
            if (ix == BitConverter.DoubleToUInt64Bits(double.NegativeInfinity)) return 0.0;
            if (abstop == 0x7ff) return 1.0 + x;
            return (long)ix < 0 ? 0.0 : double.PositiveInfinity;
        }
        double tmp = Reduced(x, out ulong ki, out ulong sbits);
        if ((ki & 0x80000000) == 0)
        {
            // k > 0: the scale's exponent overflowed by at most 460; scale by 2^1009 after the sum.
            double up = BitConverter.UInt64BitsToDouble(sbits - (1009UL << 52));
            return TwoTo1009 * Math.FusedMultiplyAdd(up, tmp, up);
        }
        // k < 0: round to the subnormal precision once, before scaling down by 2^-1022.
        double scale = BitConverter.UInt64BitsToDouble(sbits + (1022UL << 52));
        double scaledTmp = scale * tmp;
        double y = scale + scaledTmp;
        if (y < 1.0)
        {
            double lo = scale - y + scaledTmp;
            double hi = 1.0 + y;
            lo = 1.0 - hi + y + lo;
            y = hi + lo - 1.0;
            if (y == 0.0) y = 0.0; // no -0
        }
        return TwoToMinus1022 * y;
    }

    /// <summary>
    /// For i = 0 .. 127: the bits of t_i = (2^(i/128) - d_i) / d_i rounded to a double, where d_i is 2^(i/128) rounded
    /// to a double; then the bits of d_i less i · 2^45 (the scale's exponent k/N is added back in the high bits).
    /// </summary>
    internal static ReadOnlySpan<ulong> Table =>
    [
        0x0, 0x3ff0000000000000, 0x3c9b3b4f1a88bf6e, 0x3feff63da9fb3335, 0xbc7160139cd8dc5d, 0x3fefec9a3e778061,
        0xbc905e7a108766d1, 0x3fefe315e86e7f85, 0x3c8cd2523567f613, 0x3fefd9b0d3158574, 0xbc8bce8023f98efa, 0x3fefd06b29ddf6de,
        0x3c60f74e61e6c861, 0x3fefc74518759bc8, 0x3c90a3e45b33d399, 0x3fefbe3ecac6f383, 0x3c979aa65d837b6d, 0x3fefb5586cf9890f,
        0x3c8eb51a92fdeffc, 0x3fefac922b7247f7, 0x3c3ebe3d702f9cd1, 0x3fefa3ec32d3d1a2, 0xbc6a033489906e0b, 0x3fef9b66affed31b,
        0xbc9556522a2fbd0e, 0x3fef9301d0125b51, 0xbc5080ef8c4eea55, 0x3fef8abdc06c31cc, 0xbc91c923b9d5f416, 0x3fef829aaea92de0,
        0x3c80d3e3e95c55af, 0x3fef7a98c8a58e51, 0xbc801b15eaa59348, 0x3fef72b83c7d517b, 0xbc8f1ff055de323d, 0x3fef6af9388c8dea,
        0x3c8b898c3f1353bf, 0x3fef635beb6fcb75, 0xbc96d99c7611eb26, 0x3fef5be084045cd4, 0x3c9aecf73e3a2f60, 0x3fef54873168b9aa,
        0xbc8fe782cb86389d, 0x3fef4d5022fcd91d, 0x3c8a6f4144a6c38d, 0x3fef463b88628cd6, 0x3c807a05b0e4047d, 0x3fef3f49917ddc96,
        0x3c968efde3a8a894, 0x3fef387a6e756238, 0x3c875e18f274487d, 0x3fef31ce4fb2a63f, 0x3c80472b981fe7f2, 0x3fef2b4565e27cdd,
        0xbc96b87b3f71085e, 0x3fef24dfe1f56381, 0x3c82f7e16d09ab31, 0x3fef1e9df51fdee1, 0xbc3d219b1a6fbffa, 0x3fef187fd0dad990,
        0x3c8b3782720c0ab4, 0x3fef1285a6e4030b, 0x3c6e149289cecb8f, 0x3fef0cafa93e2f56, 0x3c834d754db0abb6, 0x3fef06fe0a31b715,
        0x3c864201e2ac744c, 0x3fef0170fc4cd831, 0x3c8fdd395dd3f84a, 0x3feefc08b26416ff, 0xbc86a3803b8e5b04, 0x3feef6c55f929ff1,
        0xbc924aedcc4b5068, 0x3feef1a7373aa9cb, 0xbc9907f81b512d8e, 0x3feeecae6d05d866, 0xbc71d1e83e9436d2, 0x3feee7db34e59ff7,
        0xbc991919b3ce1b15, 0x3feee32dc313a8e5, 0x3c859f48a72a4c6d, 0x3feedea64c123422, 0xbc9312607a28698a, 0x3feeda4504ac801c,
        0xbc58a78f4817895b, 0x3feed60a21f72e2a, 0xbc7c2c9b67499a1b, 0x3feed1f5d950a897, 0x3c4363ed60c2ac11, 0x3feece086061892d,
        0x3c9666093b0664ef, 0x3feeca41ed1d0057, 0x3c6ecce1daa10379, 0x3feec6a2b5c13cd0, 0x3c93ff8e3f0f1230, 0x3feec32af0d7d3de,
        0x3c7690cebb7aafb0, 0x3feebfdad5362a27, 0x3c931dbdeb54e077, 0x3feebcb299fddd0d, 0xbc8f94340071a38e, 0x3feeb9b2769d2ca7,
        0xbc87deccdc93a349, 0x3feeb6daa2cf6642, 0xbc78dec6bd0f385f, 0x3feeb42b569d4f82, 0xbc861246ec7b5cf6, 0x3feeb1a4ca5d920f,
        0x3c93350518fdd78e, 0x3feeaf4736b527da, 0x3c7b98b72f8a9b05, 0x3feead12d497c7fd, 0x3c9063e1e21c5409, 0x3feeab07dd485429,
        0x3c34c7855019c6ea, 0x3feea9268a5946b7, 0x3c9432e62b64c035, 0x3feea76f15ad2148, 0xbc8ce44a6199769f, 0x3feea5e1b976dc09,
        0xbc8c33c53bef4da8, 0x3feea47eb03a5585, 0xbc845378892be9ae, 0x3feea34634ccc320, 0xbc93cedd78565858, 0x3feea23882552225,
        0x3c5710aa807e1964, 0x3feea155d44ca973, 0xbc93b3efbf5e2228, 0x3feea09e667f3bcd, 0xbc6a12ad8734b982, 0x3feea012750bdabf,
        0xbc6367efb86da9ee, 0x3fee9fb23c651a2f, 0xbc80dc3d54e08851, 0x3fee9f7df9519484, 0xbc781f647e5a3ecf, 0x3fee9f75e8ec5f74,
        0xbc86ee4ac08b7db0, 0x3fee9f9a48a58174, 0xbc8619321e55e68a, 0x3fee9feb564267c9, 0x3c909ccb5e09d4d3, 0x3feea0694fde5d3f,
        0xbc7b32dcb94da51d, 0x3feea11473eb0187, 0x3c94ecfd5467c06b, 0x3feea1ed0130c132, 0x3c65ebe1abd66c55, 0x3feea2f336cf4e62,
        0xbc88a1c52fb3cf42, 0x3feea427543e1a12, 0xbc9369b6f13b3734, 0x3feea589994cce13, 0xbc805e843a19ff1e, 0x3feea71a4623c7ad,
        0xbc94d450d872576e, 0x3feea8d99b4492ed, 0x3c90ad675b0e8a00, 0x3feeaac7d98a6699, 0x3c8db72fc1f0eab4, 0x3feeace5422aa0db,
        0xbc65b6609cc5e7ff, 0x3feeaf3216b5448c, 0x3c7bf68359f35f44, 0x3feeb1ae99157736, 0xbc93091fa71e3d83, 0x3feeb45b0b91ffc6,
        0xbc5da9b88b6c1e29, 0x3feeb737b0cdc5e5, 0xbc6c23f97c90b959, 0x3feeba44cbc8520f, 0xbc92434322f4f9aa, 0x3feebd829fde4e50,
        0xbc85ca6cd7668e4b, 0x3feec0f170ca07ba, 0x3c71affc2b91ce27, 0x3feec49182a3f090, 0x3c6dd235e10a73bb, 0x3feec86319e32323,
        0xbc87c50422622263, 0x3feecc667b5de565, 0x3c8b1c86e3e231d5, 0x3feed09bec4a2d33, 0xbc91bbd1d3bcbb15, 0x3feed503b23e255d,
        0x3c90cc319cee31d2, 0x3feed99e1330b358, 0x3c8469846e735ab3, 0x3feede6b5579fdbf, 0xbc82dfcd978e9db4, 0x3feee36bbfd3f37a,
        0x3c8c1a7792cb3387, 0x3feee89f995ad3ad, 0xbc907b8f4ad1d9fa, 0x3feeee07298db666, 0xbc55c3d956dcaeba, 0x3feef3a2b84f15fb,
        0xbc90a40e3da6f640, 0x3feef9728de5593a, 0xbc68d6f438ad9334, 0x3feeff76f2fb5e47, 0xbc91eee26b588a35, 0x3fef05b030a1064a,
        0x3c74ffd70a5fddcd, 0x3fef0c1e904bc1d2, 0xbc91bdfbfa9298ac, 0x3fef12c25bd71e09, 0x3c736eae30af0cb3, 0x3fef199bdd85529c,
        0x3c8ee3325c9ffd94, 0x3fef20ab5fffd07a, 0x3c84e08fd10959ac, 0x3fef27f12e57d14b, 0x3c63cdaf384e1a67, 0x3fef2f6d9406e7b5,
        0x3c676b2c6c921968, 0x3fef3720dcef9069, 0xbc808a1883ccb5d2, 0x3fef3f0b555dc3fa, 0xbc8fad5d3ffffa6f, 0x3fef472d4a07897c,
        0xbc900dae3875a949, 0x3fef4f87080d89f2, 0x3c74a385a63d07a7, 0x3fef5818dcfba487, 0xbc82919e2040220f, 0x3fef60e316c98398,
        0x3c8e5a50d5c192ac, 0x3fef69e603db3285, 0x3c843a59ac016b4b, 0x3fef7321f301b460, 0xbc82d52107b43e1f, 0x3fef7c97337b9b5f,
        0xbc892ab93b470dc9, 0x3fef864614f5a129, 0x3c74b604603a88d3, 0x3fef902ee78b3ff6, 0x3c83c5ec519d7271, 0x3fef9a51fbc74c83,
        0xbc8ff7128fd391f0, 0x3fefa4afa2a490da, 0xbc8dae98e223747d, 0x3fefaf482d8e67f1, 0x3c8ec3bc41aa2008, 0x3fefba1bee615a27,
        0x3c842b94c3a9eb32, 0x3fefc52b376bba97, 0x3c8a64a931d185ee, 0x3fefd0765b6e4540, 0xbc8e37bae43be3ed, 0x3fefdbfdad9cbe14,
        0x3c77893b4d91cd9d, 0x3fefe7c1819e90d8, 0x3c5305c14160cc89, 0x3feff3c22b8f71f1,
    ];
}

/// <summary>
/// How hot code takes e^x, bit for bit <see cref="Exponential.Of(double)"/> (of each lane): <see cref="Exponential.FastOnly"/>
/// in the common call, <see cref="Exponential.AnyRange"/> when that call found an argument out of its range. The code is
/// written once, generic over it.
/// </summary>
internal interface IExponentialPath
{
    /// <summary>e^x; sets <paramref name="outOfRange"/> (never clears it) where the value is not to be used.</summary>
    static abstract double Of(double x, ref bool outOfRange);

    /// <summary>e^x of each lane; sets <paramref name="outOfRange"/> (never clears it) where the values are not to be used.</summary>
    static abstract Vector512<double> Of(Vector512<double> x, ref bool outOfRange);
}
