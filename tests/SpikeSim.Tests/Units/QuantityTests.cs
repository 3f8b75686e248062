using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Tests.Units;

public class QuantityTests
{
    [Theory]
    // Time, internal ms.
    [InlineData("1.5 s", Dimension.Time, 1500.0)]
    [InlineData("20 ms", Dimension.Time, 20.0)]
    [InlineData("20ms", Dimension.Time, 20.0)]
    [InlineData("250 us", Dimension.Time, 0.25)]
    [InlineData("250 \u00b5s", Dimension.Time, 0.25)]
    [InlineData("250 \u03bcs", Dimension.Time, 0.25)]
    [InlineData("1.5e-3 s", Dimension.Time, 1.5)]
    [InlineData("  2 s  ", Dimension.Time, 2000.0)]
    [InlineData("+3 ms", Dimension.Time, 3.0)]
    [InlineData(".5 ms", Dimension.Time, 0.5)]
    [InlineData("5. ms", Dimension.Time, 5.0)]
    [InlineData("1E2 ms", Dimension.Time, 100.0)]
    // Voltage, internal mV.
    [InlineData("-70 mV", Dimension.Voltage, -70.0)]
    [InlineData("0.1 mV", Dimension.Voltage, 0.1)]
    [InlineData("-0.07 V", Dimension.Voltage, -70.0)]
    [InlineData("500 uV", Dimension.Voltage, 0.5)]
    [InlineData("500 \u00b5V", Dimension.Voltage, 0.5)]
    // Current, internal pA.
    [InlineData("1000 pA", Dimension.Current, 1000.0)]
    [InlineData("1 nA", Dimension.Current, 1000.0)]
    [InlineData("2 uA", Dimension.Current, 2e6)]
    [InlineData("3 mA", Dimension.Current, 3e9)]
    [InlineData("1 A", Dimension.Current, 1e12)]
    // Capacitance, internal pF.
    [InlineData("250 pF", Dimension.Capacitance, 250.0)]
    [InlineData("0.25 nF", Dimension.Capacitance, 250.0)]
    [InlineData("1 uF", Dimension.Capacitance, 1e6)]
    [InlineData("1 F", Dimension.Capacitance, 1e12)]
    // Conductance, internal nS.
    [InlineData("10 nS", Dimension.Conductance, 10.0)]
    [InlineData("500 pS", Dimension.Conductance, 0.5)]
    [InlineData("2 uS", Dimension.Conductance, 2000.0)]
    [InlineData("1 mS", Dimension.Conductance, 1e6)]
    [InlineData("1 S", Dimension.Conductance, 1e9)]
    // Resistance, internal GOhm.
    [InlineData("100 MOhm", Dimension.Resistance, 0.1)]
    [InlineData("2 GOhm", Dimension.Resistance, 2.0)]
    [InlineData("500 kOhm", Dimension.Resistance, 0.0005)]
    [InlineData("1e9 Ohm", Dimension.Resistance, 1.0)]
    [InlineData("100 M\u03a9", Dimension.Resistance, 0.1)]
    // Frequency, internal Hz.
    [InlineData("20 Hz", Dimension.Frequency, 20.0)]
    [InlineData("20 kHz", Dimension.Frequency, 20000.0)]
    [InlineData("1.5 MHz", Dimension.Frequency, 1.5e6)]
    // Length, internal um.
    [InlineData("100 um", Dimension.Length, 100.0)]
    [InlineData("100 \u00b5m", Dimension.Length, 100.0)]
    [InlineData("1.5 mm", Dimension.Length, 1500.0)]
    [InlineData("0.001 m", Dimension.Length, 1000.0)]
    // Velocity, internal m/s.
    [InlineData("1 m/s", Dimension.Velocity, 1.0)]
    [InlineData("2 mm/ms", Dimension.Velocity, 2.0)]
    [InlineData("500 um/ms", Dimension.Velocity, 0.5)]
    // Dimensionless.
    [InlineData("0.5", Dimension.Dimensionless, 0.5)]
    public void ParsesToInternalUnitExactly(string text, Dimension dimension, double expected)
    {
        Assert.Equal(expected, Quantity.Parse(text, dimension));
        Assert.True(Quantity.TryParse(text, dimension, out double v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void ConversionIsCorrectlyRoundedFromTheWrittenDecimal()
    {
        // 0.1 s is exactly 100 ms, although 0.1 * 1000 in doubles is also 100; 1.132123512 ms is the nearest double.
        Assert.Equal(100.0, Quantity.Parse("0.1 s", Dimension.Time));
        Assert.Equal(1.132123512, Quantity.Parse("1.132123512 ms", Dimension.Time));
        // 1.005 s: 1.005 * 1000 in doubles is 1004.9999999999999; the exponent shift gives exactly 1005.
        Assert.Equal(1005.0, Quantity.Parse("1.005 s", Dimension.Time));
        Assert.Equal(70.0, Quantity.Parse("0.07 V", Dimension.Voltage));
        Assert.Equal(0.3, Quantity.Parse("300 us", Dimension.Time));
        Assert.Equal(1.7, Quantity.Parse("1700 us", Dimension.Time));
    }

    [Fact]
    public void NumberParsingIgnoresTheCurrentCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal(1.5, Quantity.Parse("1.5 ms", Dimension.Time));
            Assert.Equal("1.5 ms", Quantity.Format(1.5, Dimension.Time));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void WrongDimensionIsRejected()
    {
        var e = Assert.Throws<ModelException>(() => Quantity.Parse("10 mV", Dimension.Time));
        Assert.Equal("expected a time such as \"10 ms\", got \"10 mV\"", e.Problem);
        Assert.Null(e.File);
        Assert.Null(e.JsonPath);
    }

    [Fact]
    public void UnknownUnitListsTheUnitsOfTheDimension()
    {
        var e = Assert.Throws<ModelException>(() => Quantity.Parse("10 mss", Dimension.Time));
        Assert.Equal("unknown unit \"mss\" in \"10 mss\"; time units are s, ms, us", e.Problem);
    }

    [Fact]
    public void UnknownUnitWithWrongCaseSuggestsTheRightOne()
    {
        Assert.False(Quantity.TryParse("10 mv", Dimension.Voltage, out _, out string? problem));
        Assert.Contains("did you mean \"mV\"?", problem);
        Assert.Contains("voltage units are V, mV, uV", problem);
    }

    [Fact]
    public void MissingUnitIsRejected()
    {
        Assert.False(Quantity.TryParse("10", Dimension.Time, out double v, out string? problem));
        Assert.Equal(0, v);
        Assert.Equal("expected a time such as \"10 ms\", got \"10\" (a number needs a unit)", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("abc")]
    [InlineData("- ms")]
    [InlineData(null)]
    public void NonNumbersAreRejected(string? text)
    {
        Assert.False(Quantity.TryParse(text, Dimension.Time, out _, out string? problem));
        Assert.StartsWith("expected a time such as \"10 ms\"", problem);
    }

    [Fact]
    public void DecimalCommaGetsAHint()
    {
        Assert.False(Quantity.TryParse("1,5 ms", Dimension.Time, out _, out string? problem));
        Assert.Contains("decimal point", problem);
    }

    [Fact]
    public void OutOfRangeIsRejected()
    {
        Assert.False(Quantity.TryParse("1e400 s", Dimension.Time, out _, out string? problem));
        Assert.Contains("out of range", problem);
    }

    [Fact]
    public void DimensionlessRejectsUnits()
    {
        Assert.False(Quantity.TryParse("5 ms", Dimension.Dimensionless, out _));
    }

    [Theory]
    [InlineData(1500.0, Dimension.Time, "1500 ms")]
    [InlineData(-70.0, Dimension.Voltage, "-70 mV")]
    [InlineData(0.1, Dimension.Voltage, "0.1 mV")]
    [InlineData(20000.0, Dimension.Frequency, "20000 Hz")]
    [InlineData(0.04, Dimension.Resistance, "0.04 GOhm")]
    [InlineData(2.5, Dimension.Velocity, "2.5 m/s")]
    [InlineData(0.5, Dimension.Dimensionless, "0.5")]
    public void FormatsInTheInternalUnit(double value, Dimension dimension, string expected)
    {
        Assert.Equal(expected, Quantity.Format(value, dimension));
        if (dimension != Dimension.Dimensionless)
            Assert.Equal(value, Quantity.Parse(expected, dimension));
    }

    [Fact]
    public void FormatRoundTrips()
    {
        double x = 1.0 / 3.0;
        Assert.Equal(x, Quantity.Parse(Quantity.Format(x, Dimension.Time), Dimension.Time));
    }

    [Fact]
    public void InternalUnitsAndUnitLists()
    {
        Assert.Equal("ms", Quantity.InternalUnit(Dimension.Time));
        Assert.Equal("GOhm", Quantity.InternalUnit(Dimension.Resistance));
        Assert.Equal(["Hz", "kHz", "MHz"], Quantity.UnitsOf(Dimension.Frequency));
        Assert.Equal("a current such as \"50 pA\"", Quantity.Describe(Dimension.Current));
    }
}
