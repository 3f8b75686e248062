using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SpikeSim.Modeling;

namespace SpikeSim.Units;

/// <summary>
/// Parses and formats physical quantities written as <c>"NUMBER UNIT"</c> (e.g. <c>"20 ms"</c>, <c>"-70 mV"</c>,
/// <c>"1.5e-3 s"</c>; the space is optional). Values are returned in the internal unit of their
/// <see cref="Dimension"/> (ms, mV, pA, pF, nS, GOhm, Hz, um, m/s). Numbers are culture-invariant; units are
/// case-sensitive (<c>MHz</c> is not <c>mHz</c>). Every accepted unit is a power of ten of the internal unit, and the
/// conversion shifts the decimal exponent of the written number before rounding to a double, so it is exact:
/// <c>"1.5 s"</c> is 1500 ms and <c>"1.132123512 ms"</c> is the double nearest to 1.132123512.
/// </summary>
public static class Quantity
{
    /// <summary>
    /// Parses <paramref name="text"/> as a quantity of dimension <paramref name="expected"/> and returns its value
    /// in the internal unit. A <see cref="Dimension.Dimensionless"/> quantity is a bare number.
    /// </summary>
    /// <exception cref="ModelException">The text is not a number followed by a unit of that dimension; the
    /// exception has no file or path, only the <see cref="ModelException.Problem"/>.</exception>
    public static double Parse(string text, Dimension expected)
    {
        if (TryParse(text, expected, out double value, out string? problem)) return value;
        throw new ModelException(null, null, null, problem);
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    /// <param name="text">The quantity, e.g. <c>"20 ms"</c>.</param>
    /// <param name="expected">Its dimension.</param>
    /// <param name="value">The value in the dimension's internal unit (0 when false is returned).</param>
    public static bool TryParse([NotNullWhen(true)] string? text, Dimension expected, out double value) =>
        TryParse(text, expected, out value, out _);

    /// <summary>Like <see cref="Parse"/> but returns false and a message instead of throwing.</summary>
    /// <param name="text">The quantity, e.g. <c>"20 ms"</c>.</param>
    /// <param name="expected">Its dimension.</param>
    /// <param name="value">The value in the dimension's internal unit (0 when false is returned).</param>
    /// <param name="problem">Why the text is not a valid quantity, e.g.
    /// <c>expected a time such as "10 ms", got "10 mV"</c>; null when true is returned.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, Dimension expected, out double value,
        [NotNullWhen(false)] out string? problem)
    {
        value = 0;
        if (text is null)
        {
            problem = $"expected {Describe(expected)}, got nothing";
            return false;
        }
        string s = text.Trim();
        if (!TrySplitNumber(s, out string mantissa, out long exponent, out string unitText))
        {
            problem = $"expected {Describe(expected)}, got \"{text}\"";
            return false;
        }

        int power;
        if (unitText.Length == 0)
        {
            if (expected != Dimension.Dimensionless)
            {
                problem = $"expected {Describe(expected)}, got \"{text}\" (a number needs a unit)";
                return false;
            }
            power = 0;
        }
        else
        {
            UnitInfo? unit = UnitTable.Find(unitText);
            if (unit is null)
            {
                problem = UnknownUnit(text, unitText, expected);
                return false;
            }
            if (unit.Dimension != expected)
            {
                problem = $"expected {Describe(expected)}, got \"{text}\"";
                return false;
            }
            power = unit.Power10;
        }

        string shifted = mantissa + "e" + (exponent + power).ToString(CultureInfo.InvariantCulture);
        if (!double.TryParse(shifted, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            value = 0;
            problem = $"\"{text}\" is out of range";
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>Formats a value given in the internal unit of <paramref name="dimension"/>, e.g. <c>1500 ms</c>
    /// (shortest round-trip number, invariant culture; a bare number for dimensionless values).</summary>
    public static string Format(double value, Dimension dimension)
    {
        string unit = UnitTable.InternalUnit(dimension);
        string number = FormatNumber(value);
        return unit.Length == 0 ? number : number + " " + unit;
    }

    /// <summary>The shortest invariant-culture text that parses back to exactly <paramref name="value"/>.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The internal unit of a dimension: ms, mV, pA, pF, nS, GOhm, Hz, um or m/s ("" for dimensionless).</summary>
    public static string InternalUnit(Dimension dimension) => UnitTable.InternalUnit(dimension);

    /// <summary>The unit symbols accepted for a dimension, e.g. s, ms, us for time (µ-spellings are accepted too).</summary>
    public static IReadOnlyList<string> UnitsOf(Dimension dimension) => UnitTable.SymbolsOf(dimension);

    /// <summary>The dimension with an example, as used in messages: <c>a time such as "10 ms"</c>.</summary>
    public static string Describe(Dimension dimension) => dimension == Dimension.Dimensionless
        ? "a number such as 0.5"
        : $"a {UnitTable.Noun(dimension)} such as \"{UnitTable.Example(dimension)}\"";

    private static string UnknownUnit(string text, string unitText, Dimension expected)
    {
        if (expected == Dimension.Dimensionless)
            return $"expected {Describe(expected)}, got \"{text}\"";
        string hint = "";
        if (unitText.StartsWith(',')) hint = " (use a decimal point, not a comma)";
        else
        {
            UnitInfo? caseless = UnitTable.All.FirstOrDefault(u =>
                u.Dimension == expected && string.Equals(u.Symbol, unitText, StringComparison.OrdinalIgnoreCase));
            if (caseless is not null) hint = $" (did you mean \"{caseless.Symbol}\"? units are case-sensitive)";
        }
        return $"unknown unit \"{unitText}\" in \"{text}\"{hint}; {UnitTable.Noun(expected)} units are " +
               string.Join(", ", UnitTable.SymbolsOf(expected));
    }

    /// <summary>
    /// Splits "[+-]digits[.digits][e[+-]digits] unit" into the mantissa text (normalized so that .NET parses it),
    /// the decimal exponent and the trimmed unit text.
    /// </summary>
    private static bool TrySplitNumber(string s, out string mantissa, out long exponent, out string unit)
    {
        mantissa = "";
        exponent = 0;
        unit = "";
        int i = 0;
        int n = s.Length;
        bool negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        int intStart = i;
        while (i < n && char.IsAsciiDigit(s[i])) i++;
        string intPart = s[intStart..i];
        string fracPart = "";
        if (i < n && s[i] == '.')
        {
            int fracStart = ++i;
            while (i < n && char.IsAsciiDigit(s[i])) i++;
            fracPart = s[fracStart..i];
        }
        if (intPart.Length + fracPart.Length == 0) return false;
        mantissa = (negative ? "-" : "") + (intPart.Length == 0 ? "0" : intPart) + "." + (fracPart.Length == 0 ? "0" : fracPart);

        if (i < n && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < n && (s[j] == '+' || s[j] == '-')) j++;
            int digitsStart = j;
            while (j < n && char.IsAsciiDigit(s[j])) j++;
            if (j > digitsStart)
            {
                string expText = s[(i + 1)..j];
                // Exponents beyond any double's range: clamp (the result is then 0 or out of range).
                if (!long.TryParse(expText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                    || exponent > 100_000 || exponent < -100_000)
                    exponent = expText.StartsWith('-') ? -100_000 : 100_000;
                i = j;
            }
        }
        unit = s[i..].Trim();
        return true;
    }
}
