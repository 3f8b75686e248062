using System.Globalization;
using System.Text.RegularExpressions;
using SpikeSim.Units;

namespace SpikeSim.Sweeps;

/// <summary>
/// A number and its unit symbol as written in a sweep value (<c>"10 ms"</c>, <c>"-0.5 mV"</c>, <c>"3"</c>), kept in
/// decimal so that grid steps print as written (0.1 mV..0.5 mV:5 gives 0.3 mV, not 0.30000000000000004 mV).
/// Only the unit's existence is checked here; whether it suits the field is checked by the model reader.
/// </summary>
internal readonly partial record struct QuantityText(decimal Value, string Unit)
{
    public static QuantityText Parse(string text, string option, string source)
    {
        var m = Form().Match(text.Trim());
        if (!m.Success)
            throw SweepParameter.Fail(option, source, $"expected a number with its unit such as \"10 ms\", got \"{text.Trim()}\"");
        if (!decimal.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
            throw SweepParameter.Fail(option, source, $"\"{text.Trim()}\" is out of range");
        string unit = m.Groups[2].Value;
        if (unit.Length > 0 && UnitTable.Find(unit) is null)
            throw SweepParameter.Fail(option, source, $"unknown unit \"{unit}\" in \"{text.Trim()}\"");
        return new QuantityText(value, unit);
    }

    /// <summary>This quantity in <paramref name="like"/>'s unit (same dimension, exact power-of-ten shift).</summary>
    public QuantityText ConvertTo(QuantityText like, string option, string source)
    {
        if (Unit == like.Unit) return this;
        var mine = Unit.Length > 0 ? UnitTable.Find(Unit) : null;
        var theirs = like.Unit.Length > 0 ? UnitTable.Find(like.Unit) : null;
        if (mine is null || theirs is null || mine.Dimension != theirs.Dimension)
            throw SweepParameter.Fail(option, source,
                $"\"{Format(Value, Unit)}\" and \"{Format(like.Value, like.Unit)}\" are not in units of the same kind");
        int shift = mine.Power10 - theirs.Power10;
        decimal v = Value;
        for (int i = 0; i < Math.Abs(shift); i++) v = shift > 0 ? v * 10 : v / 10;
        return new QuantityText(v, like.Unit);
    }

    /// <summary>"NUMBER UNIT" with the shortest round-trip double text of the value ("NUMBER" without a unit).</summary>
    public static string Format(decimal value, string unit)
    {
        string number = Quantity.FormatNumber((double)value);
        return unit.Length == 0 ? number : number + " " + unit;
    }

    [GeneratedRegex(@"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
