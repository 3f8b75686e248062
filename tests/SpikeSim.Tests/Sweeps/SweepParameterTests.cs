using SpikeSim.Analysis;
using SpikeSim.Modeling;
using SpikeSim.Sweeps;

namespace SpikeSim.Tests.Sweeps;

/// <summary>The --param forms (grid, list, random) and their errors.</summary>
public class SweepParameterTests
{
    private static SweepSpec Spec(params SweepParameter[] parameters) =>
        new("m.json", [], parameters, parameters.Any(p => p is RandomParameter) ? 4 : 0, 1, 7, RunMetrics.Names, new MetricSettings());

    [Fact]
    public void Grid_gives_count_evenly_spaced_values_inclusive_with_units()
    {
        var p = Assert.IsType<GridParameter>(SweepParameter.Parse("populations.exc.neuron.tau_m=10 ms..30 ms:5"));
        Assert.Equal("populations.exc.neuron.tau_m", p.Path);
        Assert.Equal(["10 ms", "15 ms", "20 ms", "25 ms", "30 ms"], Enumerable.Range(0, 5).Select(p.Value));
        Assert.Equal("10 ms..30 ms:5", p.ValuesText);
    }

    [Fact]
    public void Grid_steps_print_as_decimals_and_end_takes_start_unit()
    {
        // 0.1 + 0.4 * 2/4 in decimal is 0.3, not the double 0.30000000000000004.
        var p = (GridParameter)SweepParameter.Parse("x=0.1 mV..0.5 mV:5");
        Assert.Equal("0.3 mV", p.Value(2));
        var q = (GridParameter)SweepParameter.Parse("x = 10 ms..0.03 s:3");
        Assert.Equal(["10 ms", "20 ms", "30 ms"], Enumerable.Range(0, 3).Select(q.Value));
        var n = (GridParameter)SweepParameter.Parse("populations.exc.size=100..200:3");
        Assert.Equal(["100", "150", "200"], Enumerable.Range(0, 3).Select(n.Value));
        var neg = (GridParameter)SweepParameter.Parse("a+b=-0.3 mV..-0.7 mV:5");
        Assert.Equal(["a", "b"], neg.Paths);
        Assert.Equal(["-0.3 mV", "-0.4 mV", "-0.5 mV", "-0.6 mV", "-0.7 mV"], Enumerable.Range(0, 5).Select(neg.Value));
    }

    [Fact]
    public void List_keeps_each_value_text()
    {
        var p = Assert.IsType<ListParameter>(SweepParameter.Parse("inputs.0.rate=[10 Hz,20 Hz, 40 Hz]"));
        Assert.Equal(["10 Hz", "20 Hz", "40 Hz"], p.Values);
        var j = (ListParameter)SweepParameter.Parse("""record.spikes=[["a"],["a","b"]]""");
        Assert.Equal(["""["a"]""", """["a","b"]"""], j.Values);
    }

    [Fact]
    public void Random_draws_are_in_range_seeded_and_per_point()
    {
        var p = Assert.IsType<RandomParameter>(SweepParameter.Parse("x=uniform(10 ms, 30 ms)"));
        Assert.Equal("uniform(10 ms,30 ms)", p.ValuesText);
        var spec = Spec(p);
        var values = Enumerable.Range(0, 4).Select(k => spec.Point(k).Values[0]).ToArray();
        Assert.Equal(values, Enumerable.Range(0, 4).Select(k => spec.Point(k).Values[0]));
        Assert.Equal(4, values.Distinct().Count());
        foreach (string v in values)
        {
            double ms = double.Parse(v[..^3], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(ms, 10, 30);
            Assert.EndsWith(" ms", v);
        }
        var log = (RandomParameter)SweepParameter.Parse("y=loguniform(1 Hz,1 kHz)");
        Assert.Equal("1 Hz", log.Value(0));
        // u = 0.5 is the geometric mean, sqrt(1 x 1000) Hz.
        Assert.Equal(Math.Sqrt(1000), double.Parse(log.Value(0.5)[..^3], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void Points_cross_grid_and_list_with_the_first_parameter_slowest()
    {
        var spec = Spec(SweepParameter.Parse("a=1 ms..2 ms:2"), SweepParameter.Parse("b=[x,y,z]"));
        Assert.Equal(6, spec.PointCount);
        Assert.Equal(["1 ms", "z"], spec.Point(2).Values);
        Assert.Equal(["2 ms", "x"], spec.Point(3).Values);
        Assert.Equal(["a=2 ms", "b=x"], spec.Point(3).Assignments());
    }

    [Theory]
    [InlineData("x=10 ms..30 ms", "COUNT is missing")]
    [InlineData("x=10 ms..30 ms:0", "whole number of values")]
    [InlineData("x=10 ms..10 ms:5", "empty: START equals END")]
    [InlineData("x=10 ms..30 mV:3", "not in units of the same kind")]
    [InlineData("x=10 qs..30 qs:3", "unknown unit \"qs\"")]
    [InlineData("x=[]", "the list is empty")]
    [InlineData("x=[1,,2]", "empty value")]
    [InlineData("x=uniform(30 ms, 10 ms)", "LOW must be below HIGH")]
    [InlineData("x=loguniform(0 Hz, 10 Hz)", "above zero")]
    [InlineData("x=15 ms", "use --set")]
    [InlineData("=1..2:2", "PATH before '=' is empty")]
    [InlineData("x", "expected PATH=VALUES")]
    public void Malformed_values_are_named_errors(string text, string expected)
    {
        var e = Assert.Throws<ModelException>(() => SweepParameter.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains("--param", e.Message);
    }

    [Fact]
    public void Run_seeds_follow_the_documented_formula_and_depend_on_values_not_position()
    {
        // Independent implementation of the formula in SweepSeeds' documentation.
        static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        ulong fnv = 0xCBF29CE484222325UL;
        foreach (byte b in "a=20 Hz"u8) { fnv ^= b; fnv *= 0x100000001B3UL; }
        ulong expected = Mix(Mix(7 ^ Mix(fnv + 0x9E3779B97F4A7C15UL)) ^ Mix(2 + 0xD1B54A32D192ED03UL));

        var wide = Spec(SweepParameter.Parse("a=[10 Hz,20 Hz]"));
        var narrow = Spec(SweepParameter.Parse("a=[20 Hz]"));
        Assert.Equal(expected, wide.Point(1).RunSeed(7, 2));
        Assert.Equal(expected, narrow.Point(0).RunSeed(7, 2));
        Assert.NotEqual(wide.Point(1).RunSeed(7, 1), wide.Point(1).RunSeed(7, 2));
        Assert.NotEqual(wide.Point(0).RunSeed(7, 2), wide.Point(1).RunSeed(7, 2));
        Assert.NotEqual(wide.Point(1).RunSeed(8, 2), wide.Point(1).RunSeed(7, 2));
    }
}
