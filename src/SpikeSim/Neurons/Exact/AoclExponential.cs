using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// e^x for eight lanes, bit for bit what <see cref="Vector512.Exp(Vector512{double})"/> returns on .NET 10 (its port
/// of AMD's AOCL <c>vrd2_exp</c>) for arguments within ±708, written out so that it is inlined into the delta batch's loop (the library's
/// generic method is a call per vector, its constants reloaded each time) and so that the batch's decay factors, and
/// so brunel2000's spike times, do not depend on the runtime's version.
/// <para>The method: n = round(x / ln 2) (adding 1.5 · 2^52 rounds), r = x - n ln 2 with ln 2 split into a head and
/// a tail, e^r by a polynomial of degree 12 in r (|r| ≤ ln 2 / 2, Estrin's scheme), times 2^n built in the exponent
/// field. The multiply-adds are <see cref="Vector512.MultiplyAddEstimate(Vector512{double}, Vector512{double}, Vector512{double})"/>,
/// as the library's (fused where the processor has fused multiply-add). Beyond ±708, <see cref="Math.Exp"/>
/// (<see cref="MendBeyondRange"/>).</para>
/// </summary>
internal static class AoclExponential
{
    private const ulong FastMax = 0x40862000_00000000;  // bits of 708.0: beyond it, the fallback
    private const double Shift = 6755399441055744;     // 1.5 · 2^52
    private const double InvLn2 = 1.4426950408889634;
    private const double Ln2Head = 0.693359375, Ln2Tail = -0.00021219444005469057;
    private const double C3 = 0.5000000000000018, C4 = 0.1666666666666617, C5 = 0.04166666666649277;
    private const double C6 = 0.008333333333559272, C7 = 0.001388888895122404, C8 = 0.00019841269432677495;
    private const double C9 = 2.4801486521374483E-05, C10 = 2.7557622532543023E-06, C11 = 2.7632293298250954E-07;
    private const double C12 = 2.499430431958571E-08;

    /// <summary>
    /// e^x of eight lanes, stored at <paramref name="destination"/> (eight values); the rare lanes beyond ±708 are mended
    /// in place after the store. Stored, not returned: returned through a join with the fallback's result, the vector
    /// went through the stack (a store and a reload per vector in the delta batch's loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOf(Vector512<double> x, ref double destination)
    {
        WithinRange(x).StoreUnsafe(ref destination);
        if (Vector512.GreaterThanAny(Vector512.Abs(x).AsUInt64(), Vector512.Create(FastMax))) MendBeyondRange(x, ref destination);
    }

    /// <summary>The method's result where |x| ≤ 708 (beyond it, garbage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> WithinRange(Vector512<double> x)
    {
        Vector512<double> dn = Fma(x, Vector512.Create(InvLn2), Vector512.Create(Shift));
        Vector512<ulong> n = dn.AsUInt64();
        dn -= Vector512.Create(Shift);
        Vector512<double> r = Fma(dn, Vector512.Create(-Ln2Head), x);
        r = Fma(dn, Vector512.Create(-Ln2Tail), r);
        Vector512<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector512<double> high = Fma(Fma(Vector512.Create(C12), r, Vector512.Create(C11)), r2, Fma(Vector512.Create(C10), r, Vector512.Create(C9)));
        Vector512<double> middle = Fma(Fma(Vector512.Create(C8), r, Vector512.Create(C7)), r2, Fma(Vector512.Create(C6), r, Vector512.Create(C5)));
        Vector512<double> low = Fma(Fma(Vector512.Create(C4), r, Vector512.Create(C3)), r2, r + Vector512<double>.One);
        return Fma(high, r8, Fma(middle, r4, low)) * ((n + Vector512.Create(1023UL)) << 52).AsDouble();
    }

    /// <summary>
    /// Lanes beyond ±708 (where the result saturates or is subnormal) take <see cref="Math.Exp"/>, as the library's
    /// fallback does. The library switches whole groups of lanes to it (all eight, or the pair, depending on how the
    /// runtime compiled it), so that a lane's result there depends on its neighbours; here each lane is its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MendBeyondRange(Vector512<double> x, ref double destination)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            double xi = x.GetElement(i);
            if (BitConverter.DoubleToUInt64Bits(Math.Abs(xi)) > FastMax) Unsafe.Add(ref destination, i) = Math.Exp(xi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);
}
