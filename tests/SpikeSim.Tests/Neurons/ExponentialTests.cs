using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpikeSim.Neurons;
using Xunit;

namespace SpikeSim.Tests.Neurons;

/// <summary>
/// <see cref="Exponential"/>: its table against 2^(i/128) computed here in exact integer arithmetic, its results
/// against the C library's <c>exp</c> bit for bit (on glibc with fused multiply-add, where <see cref="Math.Exp"/> is that
/// function), and its accuracy against a double-double reference everywhere.
/// </summary>
public class ExponentialTests
{
    /// <summary>Whether <see cref="Math.Exp"/> is glibc's exp as built for FMA processors (the function reproduced).</summary>
    private static bool PlatformIsGlibcFma =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && System.Runtime.Intrinsics.X86.Fma.IsSupported
        && Math.Exp(0.5) == 1.6487212707001282; // and not another C library

    [Fact]
    public void TableHoldsTwoToTheIOver128AndItsRoundingError()
    {
        const int bits = 160; // 2^(i/128) to 2^-160
        ReadOnlySpan<ulong> table = Exponential.Table;
        for (int i = 0; i < 128; i++)
        {
            BigInteger root = IntegerRoot(BigInteger.One << (i + 128 * bits), 128); // floor(2^(i/128) 2^160)
            // d_i: 2^(i/128) rounded to 53 bits (it lies in [1, 2)).
            BigInteger mantissa = root >> (bits - 52);
            BigInteger rest = root - (mantissa << (bits - 52));
            if (rest * 2 >= BigInteger.One << (bits - 52)) mantissa += 1;
            double d = Math.ScaleB((double)(long)mantissa, -52);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(d) - ((ulong)i << 45), table[2 * i + 1]);
            // t_i = (2^(i/128) - d_i) / d_i, rounded: a quotient of integers with 60 significant bits, rounded to 53.
            BigInteger difference = root - (mantissa << (bits - 52)), denominator = mantissa << (bits - 52);
            double t = difference.IsZero ? 0 : RoundedQuotient(difference, denominator);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(t), table[2 * i]);
        }
    }

    [Fact]
    public void MatchesTheCLibraryBitForBit()
    {
        if (!PlatformIsGlibcFma) return; // another C library: the accuracy test below still holds
        var random = new Random(7);
        var values = new List<double>
        {
            0.0, -0.0, 1e-300, -1e-300, 5.551115123125783e-17, -5.551115123125783e-17, 5.551115123125782e-17, 511.9, -511.9, 512, -512, 709.78, 709.79,
            -708.39, -708.4, -744.4, -745.13, -745.14, -1023.9, 1023.9, 1024, -1024, 1e10, -1e10, double.PositiveInfinity,
            double.NegativeInfinity, double.NaN, double.Epsilon, double.MaxValue, double.MinValue,
        };
        for (int i = 0; i < 2_000_000; i++)
        {
            values.Add(-50 * random.NextDouble());                              // the propagators' range, e^(-u/tau)
            values.Add((random.NextDouble() - 0.5) * 2100);                     // every branch, subnormal results included
            values.Add(Math.ScaleB(random.NextDouble() - 0.5, -random.Next(60))); // small arguments, down to 2^-61
            values.Add((random.Next(-2000, 2000) + 1e-9 * (random.NextDouble() - 0.5)) * Math.Log(2) / 128); // near table points
        }
        foreach (double x in values)
        {
            double expected = Math.Exp(x);
            if (BitConverter.DoubleToUInt64Bits(Exponential.Of(x)) != BitConverter.DoubleToUInt64Bits(expected))
                Assert.Fail($"e^{x:R}: {Exponential.Of(x):R}, the C library {expected:R}");
        }
        for (int i = 0; i + 4 <= values.Count; i += 4)
        {
            Vector256<double> lanes = Exponential.Of(Vector256.Create(values[i], values[i + 1], values[i + 2], values[i + 3]));
            for (int k = 0; k < 4; k++)
                if (BitConverter.DoubleToUInt64Bits(lanes[k]) != BitConverter.DoubleToUInt64Bits(Math.Exp(values[i + k])))
                    Assert.Fail($"lane {k}: e^{values[i + k]:R}: {lanes[k]:R}, the C library {Math.Exp(values[i + k]):R}");
        }
        // Eight lanes, in groups that start at every fourth value: each half in and out of the fast path's range.
        for (int i = 0; i + 8 <= values.Count; i += 4)
        {
            Vector512<double> lanes = Exponential.Of(Vector512.Create(values.GetRange(i, 8).ToArray()));
            for (int k = 0; k < 8; k++)
                if (BitConverter.DoubleToUInt64Bits(lanes[k]) != BitConverter.DoubleToUInt64Bits(Math.Exp(values[i + k])))
                    Assert.Fail($"lane {k} of eight: e^{values[i + k]:R}: {lanes[k]:R}, the C library {Math.Exp(values[i + k]):R}");
        }
    }

    [Fact]
    public void IsWithinHalfAnUlpAndALittleOfTheTrueValue()
    {
        var random = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            double x = (random.NextDouble() - 0.5) * 1400;
            Assert.True(Accurate(x), $"e^{x:R} = {Exponential.Of(x):R}");
        }
        Assert.Equal(1.0, Exponential.Of(0));
        Assert.Equal(0.0, Exponential.Of(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, Exponential.Of(800));
        Assert.Equal(0.0, Exponential.Of(-800));
        Assert.True(double.IsNaN(Exponential.Of(double.NaN)));
    }

    /// <summary>
    /// Whether e^x is within 0.52 of the spacing of doubles at the result (subnormal spacing below the normal range;
    /// 0 and +∞ beyond the range): e^x = 2^k e^r with r = x - k ln 2 and e^r summed by its Taylor series, both in
    /// double-double arithmetic (106 bits).
    /// </summary>
    private static bool Accurate(double x)
    {
        double y = Exponential.Of(x);
        if (x > 709.79) return double.IsPositiveInfinity(y);
        if (x < -745.14) return y == 0;
        const double ln2Hi = 0.6931471805599453, ln2Lo = 2.3190468138462996e-17; // ln 2 to 2^-110
        double k = Math.Round(x / ln2Hi);
        // r = x - k ln2Hi - k ln2Lo, in double-double: k ln2Hi exactly as a sum of two doubles, x - (its high part) is
        // exact (Sterbenz) when k != 0.
        double p = k * ln2Hi, pLo = Math.FusedMultiplyAdd(k, ln2Hi, -p);
        (double rHi, double rLo) = Add((x - p, 0), (-pLo, 0));
        double q = k * ln2Lo;
        (rHi, rLo) = Add((rHi, rLo), (-q, -Math.FusedMultiplyAdd(k, ln2Lo, -q)));
        (double Hi, double Lo) sum = (1, 0), term = (1, 0);
        for (int n = 1; n < 30; n++)
        {
            term = Multiply(term, (rHi, rLo));
            term = (term.Hi / n, (Math.FusedMultiplyAdd(-term.Hi / n, n, term.Hi) + term.Lo) / n);
            sum = Add(sum, term);
        }
        // y / 2^k is exact; the error in units of the spacing at y.
        double error = Math.Abs(Math.ScaleB(y, -(int)k) - sum.Hi - sum.Lo);
        double spacing = Math.Max(Math.BitIncrement(y) - y, double.Epsilon);
        return error <= 0.52 * Math.ScaleB(spacing, -(int)k);
    }

    private static (double Hi, double Lo) Add((double Hi, double Lo) a, (double Hi, double Lo) b)
    {
        double s = a.Hi + b.Hi, v = s - a.Hi, e = (a.Hi - (s - v)) + (b.Hi - v) + a.Lo + b.Lo;
        double hi = s + e;
        return (hi, e - (hi - s));
    }

    private static (double Hi, double Lo) Multiply((double Hi, double Lo) a, (double Hi, double Lo) b)
    {
        double p = a.Hi * b.Hi, e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p) + a.Hi * b.Lo + a.Lo * b.Hi;
        double hi = p + e;
        return (hi, e - (hi - p));
    }

    /// <summary>floor(value^(1/n)), Newton's method on integers from above.</summary>
    private static BigInteger IntegerRoot(BigInteger value, int n)
    {
        BigInteger x = BigInteger.One << (int)((value.GetBitLength() + n - 1) / n + 1);
        while (true)
        {
            BigInteger next = ((n - 1) * x + value / BigInteger.Pow(x, n - 1)) / n;
            if (next >= x) return x;
            x = next;
        }
    }

    /// <summary>a / b rounded to the nearest double (b &gt; 0; ties do not occur for these quotients).</summary>
    private static double RoundedQuotient(BigInteger a, BigInteger b)
    {
        int sign = a.Sign;
        a = BigInteger.Abs(a);
        int shift = 0; // scale a so that the quotient has 53 bits before the point
        while ((a << shift) / b < (BigInteger.One << 52)) shift++;
        BigInteger q = BigInteger.DivRem(a << shift, b, out BigInteger r);
        if (r * 2 >= b) q += 1;
        return sign * Math.ScaleB((double)(long)q, -shift);
    }
}
