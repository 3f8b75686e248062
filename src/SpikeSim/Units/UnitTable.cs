namespace SpikeSim.Units;

/// <summary>A unit symbol: its dimension and its size as a power of ten of the dimension's internal unit.</summary>
/// <param name="Symbol">The symbol as written, e.g. <c>kHz</c>.</param>
/// <param name="Dimension">What it measures.</param>
/// <param name="Power10">value_internal = value_written × 10^Power10 (e.g. s → ms: 3).</param>
/// <param name="Listed">Whether error messages list it (aliases such as µs are accepted but not listed).</param>
internal sealed record UnitInfo(string Symbol, Dimension Dimension, int Power10, bool Listed = true);

/// <summary>
/// Every unit SpikeSim accepts. All of them are powers of ten of the internal units, so a conversion is a shift of
/// the decimal exponent and is exact (correctly rounded from the written decimal number).
/// </summary>
internal static class UnitTable
{
    /// <summary>All known units, listed ones first within each dimension.</summary>
    public static readonly IReadOnlyList<UnitInfo> All =
    [
        // Time, internal ms.
        new("s", Dimension.Time, 3),
        new("ms", Dimension.Time, 0),
        new("us", Dimension.Time, -3),
        new("\u00b5s", Dimension.Time, -3, false),
        new("\u03bcs", Dimension.Time, -3, false),
        // Voltage, internal mV.
        new("V", Dimension.Voltage, 3),
        new("mV", Dimension.Voltage, 0),
        new("uV", Dimension.Voltage, -3),
        new("\u00b5V", Dimension.Voltage, -3, false),
        new("\u03bcV", Dimension.Voltage, -3, false),
        // Current, internal pA.
        new("A", Dimension.Current, 12),
        new("mA", Dimension.Current, 9),
        new("uA", Dimension.Current, 6),
        new("nA", Dimension.Current, 3),
        new("pA", Dimension.Current, 0),
        new("\u00b5A", Dimension.Current, 6, false),
        new("\u03bcA", Dimension.Current, 6, false),
        // Capacitance, internal pF.
        new("F", Dimension.Capacitance, 12),
        new("uF", Dimension.Capacitance, 6),
        new("nF", Dimension.Capacitance, 3),
        new("pF", Dimension.Capacitance, 0),
        new("\u00b5F", Dimension.Capacitance, 6, false),
        new("\u03bcF", Dimension.Capacitance, 6, false),
        // Conductance, internal nS.
        new("S", Dimension.Conductance, 9),
        new("mS", Dimension.Conductance, 6),
        new("uS", Dimension.Conductance, 3),
        new("nS", Dimension.Conductance, 0),
        new("pS", Dimension.Conductance, -3),
        new("\u00b5S", Dimension.Conductance, 3, false),
        new("\u03bcS", Dimension.Conductance, 3, false),
        // Resistance, internal GOhm.
        new("Ohm", Dimension.Resistance, -9),
        new("kOhm", Dimension.Resistance, -6),
        new("MOhm", Dimension.Resistance, -3),
        new("GOhm", Dimension.Resistance, 0),
        new("\u03a9", Dimension.Resistance, -9, false),
        new("k\u03a9", Dimension.Resistance, -6, false),
        new("M\u03a9", Dimension.Resistance, -3, false),
        new("G\u03a9", Dimension.Resistance, 0, false),
        // Frequency, internal Hz.
        new("Hz", Dimension.Frequency, 0),
        new("kHz", Dimension.Frequency, 3),
        new("MHz", Dimension.Frequency, 6),
        // Length, internal um.
        new("m", Dimension.Length, 6),
        new("mm", Dimension.Length, 3),
        new("um", Dimension.Length, 0),
        new("\u00b5m", Dimension.Length, 0, false),
        new("\u03bcm", Dimension.Length, 0, false),
        // Velocity, internal m/s.
        new("m/s", Dimension.Velocity, 0),
        new("mm/ms", Dimension.Velocity, 0),
        new("um/ms", Dimension.Velocity, -3),
        new("\u00b5m/ms", Dimension.Velocity, -3, false),
        new("\u03bcm/ms", Dimension.Velocity, -3, false),
    ];

    private static readonly Dictionary<string, UnitInfo> BySymbol = All.ToDictionary(u => u.Symbol, StringComparer.Ordinal);

    /// <summary>The unit with this exact (case-sensitive) symbol, or null.</summary>
    public static UnitInfo? Find(string symbol) => BySymbol.GetValueOrDefault(symbol);

    /// <summary>The listed symbols of a dimension, e.g. "s, ms, us".</summary>
    public static IReadOnlyList<string> SymbolsOf(Dimension dimension) =>
        [.. All.Where(u => u.Dimension == dimension && u.Listed).Select(u => u.Symbol)];

    /// <summary>The internal unit symbol of a dimension ("" for dimensionless).</summary>
    public static string InternalUnit(Dimension dimension) => dimension switch
    {
        Dimension.Dimensionless => "",
        Dimension.Time => "ms",
        Dimension.Voltage => "mV",
        Dimension.Current => "pA",
        Dimension.Capacitance => "pF",
        Dimension.Conductance => "nS",
        Dimension.Resistance => "GOhm",
        Dimension.Frequency => "Hz",
        Dimension.Length => "um",
        Dimension.Velocity => "m/s",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    /// <summary>The dimension's name as a noun, e.g. "time".</summary>
    public static string Noun(Dimension dimension) => dimension switch
    {
        Dimension.Dimensionless => "number",
        Dimension.Time => "time",
        Dimension.Voltage => "voltage",
        Dimension.Current => "current",
        Dimension.Capacitance => "capacitance",
        Dimension.Conductance => "conductance",
        Dimension.Resistance => "resistance",
        Dimension.Frequency => "frequency",
        Dimension.Length => "length",
        Dimension.Velocity => "velocity",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    /// <summary>A typical quantity of the dimension, used in messages, e.g. <c>10 ms</c>.</summary>
    public static string Example(Dimension dimension) => dimension switch
    {
        Dimension.Dimensionless => "0.5",
        Dimension.Time => "10 ms",
        Dimension.Voltage => "-70 mV",
        Dimension.Current => "50 pA",
        Dimension.Capacitance => "250 pF",
        Dimension.Conductance => "10 nS",
        Dimension.Resistance => "100 MOhm",
        Dimension.Frequency => "20 Hz",
        Dimension.Length => "100 um",
        Dimension.Velocity => "1 m/s",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}
