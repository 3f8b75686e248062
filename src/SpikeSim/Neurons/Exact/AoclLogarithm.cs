using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// ln x for eight lanes, bit for bit what <see cref="Vector512.Log(Vector512{double})"/> returns on .NET 10 (its port
/// of AMD's AOCL <c>vrd2_log</c>), written out so that it is inlined where the Poisson inputs draw their exponential
/// intervals (eight at a time), and so that those draws do not depend on the runtime's version.
/// <para>The method: x = 2^n m with m in [2/3, 4/3) (taken from the bits, after subtracting those of 2/3), so that
/// ln x = n ln 2 + ln(1 + r), r = m - 1 in [-1/3, 1/3), with ln(1 + r) a polynomial of degree 20 (Estrin's scheme)
/// and ln 2 split into a head and a tail. The multiply-adds are
/// <see cref="Vector512.MultiplyAddEstimate(Vector512{double}, Vector512{double}, Vector512{double})"/>, as the
/// library's. Zero gives -∞, a negative x or NaN gives NaN, +∞ itself; a subnormal x is scaled by 2^52 first.</para>
/// </summary>
internal static class AoclLogarithm
{
    private const ulong SmallestNormal = 0x0010000000000000, Infinity = 0x7FF0000000000000;
    private const ulong MantissaMask = 0x000FFFFF_FFFFFFFF;
    private const ulong TwoThirds = 0x3FE55555_55555555;
    private const double Ln2Head = 0.693359375, Ln2Tail = -0.00021219444005469057;
    private const double C02 = -0.499999999999999560, C03 = +0.333333333333414750, C04 = -0.250000000000297430;
    private const double C05 = +0.199999999975985220, C06 = -0.166666666608919500, C07 = +0.142857145600277100;
    private const double C08 = -0.125000005127831270, C09 = +0.111110952357159440, C10 = -0.099999750495501240;
    private const double C11 = +0.090914349823462390, C12 = -0.083340600527551860, C13 = +0.076817603328311300;
    private const double C14 = -0.071296718946287310, C15 = +0.067963465211535730, C16 = -0.063995035098960040;
    private const double C17 = +0.049370587082412105, C18 = -0.045370170994891980, C19 = +0.088970636003577750;
    private const double C20 = -0.086906174116908760;

    /// <summary>ln x of eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Of(Vector512<double> x)
    {
        Vector512<ulong> special = Vector512.GreaterThanOrEqual(x.AsUInt64() - Vector512.Create(SmallestNormal),
                                                                Vector512.Create(Infinity - SmallestNormal));
        Vector512<double> specialResult = x;
        if (special != Vector512<ulong>.Zero) (x, specialResult, special) = Special(x);
        return Vector512.ConditionalSelect(special.AsDouble(), specialResult, OfNormal(x));
    }

    /// <summary>
    /// ln x of eight lanes that are all positive, finite and normal (no lane needs <see cref="Special"/>): the same bits
    /// as <see cref="Of"/>, without its test and call (a loop that calls nothing keeps its vectors in registers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> OfNormal(Vector512<double> x)
    {
        Vector512<ulong> bits = x.AsUInt64() - Vector512.Create(TwoThirds);
        Vector512<double> n = Vector512.ConvertToDouble(Vector512.ShiftRightArithmetic(bits.AsInt64(), 52));
        Vector512<double> r = ((bits & Vector512.Create(MantissaMask)) + Vector512.Create(TwoThirds)).AsDouble() - Vector512<double>.One;
        Vector512<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4, r16 = r8 * r8;
        Vector512<double> top = Fma(Vector512.Create(C20), r4, Pair(C19, C18, C17, C16, r, r2));
        Vector512<double> upper = Fma(r4, Pair(C15, C14, C13, C12, r, r2), Pair(C11, C10, C09, C08, r, r2));
        Vector512<double> lower = Fma(r4, Pair(C07, C06, C05, C04, r, r2), Fma(Fma(Vector512.Create(C03), r, Vector512.Create(C02)), r2, r));
        Vector512<double> poly = Fma(r16, top, Fma(r8, upper, lower));
        return Fma(n, Vector512.Create(Ln2Head), Fma(n, Vector512.Create(Ln2Tail), poly));
    }

    /// <summary>(a r + b) r² + (c r + d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pair(double a, double b, double c, double d, Vector512<double> r, Vector512<double> r2) =>
        Fma(Fma(Vector512.Create(a), r, Vector512.Create(b)), r2, Fma(Vector512.Create(c), r, Vector512.Create(d)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);

    /// <summary>
    /// Lanes that are zero, subnormal, negative, infinite or NaN: their results (zero: -∞; negative or NaN: NaN; +∞:
    /// +∞), the mask of those lanes, and x with subnormal lanes scaled by 2^52 (and their exponent taken back by 52).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Vector512<double> X, Vector512<double> Result, Vector512<ulong> Special) Special(Vector512<double> x)
    {
        Vector512<double> negative = Vector512.IsNegative(x), zero = Vector512.IsZero(x);
        Vector512<double> result = Vector512.ConditionalSelect(negative, Vector512.Create(double.NaN), x);
        result = Vector512.ConditionalSelect(zero, Vector512.Create(double.NegativeInfinity), result);
        Vector512<double> settled = zero | negative | Vector512.IsNaN(x) | Vector512.IsPositiveInfinity(x);
        Vector512<ulong> special = Vector512.GreaterThanOrEqual(x.AsUInt64() - Vector512.Create(SmallestNormal),
                                                                Vector512.Create(Infinity - SmallestNormal));
        Vector512<double> subnormal = Vector512.AndNot(special.AsDouble(), settled);
        Vector512<double> scaled = ((x * 4503599627370496.0).AsUInt64() - Vector512.Create(52UL << 52)).AsDouble();
        return (Vector512.ConditionalSelect(subnormal, scaled, x), result, settled.AsUInt64());
    }
}
