using System.Globalization;
using SpikeSim.Units;

namespace SpikeSim.Sweeps;

/// <summary>
/// How a swept parameter appears in results.csv: a quantity becomes a plain number in its internal unit, in a column
/// named with that unit (<c>populations.exc.neuron.tau_m_ms</c>, <c>inputs.0.rate_Hz</c>, <c>...weight_pA</c>), so
/// that one column never mixes units (a list <c>[800 Hz,1.5 kHz]</c> gives 800 and 1500) and pandas reads it as
/// numbers. A bare number keeps the path as its name; a parameter whose values are not all quantities of one kind
/// (e.g. <c>psc=[delta,exp]</c>) keeps its values as written.
/// </summary>
/// <param name="Path">The parameter's path (paths joined by '+' for a shared value).</param>
/// <param name="Dimension">The values' dimension, or null when they are written as they are.</param>
public sealed record SweepValueColumn(string Path, Dimension? Dimension)
{
    /// <summary>The column name: the path, with <c>_UNIT</c> for a quantity.</summary>
    public string Name => Dimension is Dimension d && d != Units.Dimension.Dimensionless ? Path + "_" + UnitSuffix(d) : Path;

    /// <summary>The column of a parameter that takes <paramref name="values"/> (as the sweep writes them into the model).</summary>
    public static SweepValueColumn Of(string path, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Dimension? dimension = null;
        foreach (string v in values)
        {
            Dimension? kind = KindOf(v);
            if (kind is null || (dimension is not null && kind != dimension)) return new SweepValueColumn(path, null);
            dimension = kind;
        }
        return new SweepValueColumn(path, dimension);
    }

    /// <summary>The value as results.csv writes it: a number in the internal unit (shortest round-trip text), or the text itself.</summary>
    public string Format(string value)
    {
        if (Dimension is not Dimension d) return value;
        return Quantity.TryParse(value, d, out double number) ? Quantity.FormatNumber(number) : value;
    }

    /// <summary>The unit suffix of a column name for a dimension: its internal unit, <c>m_per_s</c> for m/s.</summary>
    public static string UnitSuffix(Dimension dimension) => Quantity.InternalUnit(dimension).Replace("/", "_per_", StringComparison.Ordinal);

    /// <summary>
    /// Splits a results.csv column name into path and internal unit (<c>inputs.0.rate_Hz</c> → <c>inputs.0.rate</c>, <c>Hz</c>);
    /// false for a name without a unit suffix.
    /// </summary>
    public static bool TrySplitUnit(string name, out string path, out string unit)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (Dimension d in Enum.GetValues<Dimension>())
        {
            if (d == Units.Dimension.Dimensionless) continue;
            string suffix = "_" + UnitSuffix(d);
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                path = name[..^suffix.Length];
                unit = Quantity.InternalUnit(d);
                return true;
            }
        }
        path = name;
        unit = "";
        return false;
    }

    private static Dimension? KindOf(string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return Units.Dimension.Dimensionless;
        foreach (Dimension d in Enum.GetValues<Dimension>())
            if (d != Units.Dimension.Dimensionless && Quantity.TryParse(value, d, out _)) return d;
        return null;
    }
}
