using System.Globalization;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Recording;

/// <summary>"record": {"v": [{..., "from": Q, "to": Q}]}: v.csv holds the samples in [from, to), at multiples of the interval.</summary>
public sealed class VoltageWindowTests : CliTestBase
{
    [Fact]
    public void V_csv_holds_exactly_the_samples_in_the_window()
    {
        // One neuron under 0 input: V stays at E_L = -70 mV; samples every 0.5 ms in [2 ms, 4 ms) are 2, 2.5, 3, 3.5.
        string model = Write("m.json", """
            { "duration": "10 ms",
              "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } } ],
              "record": { "v": [ { "population": "a", "neurons": [1], "interval": "0.5 ms", "from": "2 ms", "to": "4 ms" },
                                 { "population": "a", "neurons": [0], "interval": "5 ms" } ] } }
            """);
        var run = Spikesim("run", model, "--out", Path.Combine(Dir, "r"), "-q");
        Assert.True(run.Code == 0, run.Err);
        var rows = File.ReadAllLines(Path.Combine(Dir, "r", "v.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal([2, 2.5, 3, 3.5], rows.Where(r => r[2] == "1").Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal([0, 5], rows.Where(r => r[2] == "0").Select(r => double.Parse(r[0], CultureInfo.InvariantCulture))); // no window: every sample of the run (t < 10 ms)
        Assert.All(rows, r => Assert.Equal("-70", r[3]));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_an_error_at_its_path()
    {
        var e = Fails(Model(record: """{ "v": [ { "population": "a", "interval": "1 ms", "from": "5 ms", "to": "2 ms" } ] }"""));
        Assert.Equal("$.record.v[0].to", e.JsonPath);
        Assert.Contains("to (2 ms) must be after from (5 ms)", e.Message);
    }
}
