using System.Globalization;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Cli;

/// <summary><c>record.state</c> and the v window through the command line: state.csv, and bad recordings exit 2.</summary>
public sealed class CliStateRecordTests : CliTestBase
{
    /// <summary>A source population a (delta) driving b (exp) through a short-term plastic projection "ab".</summary>
    private static string StpModel(string record) => Model(
        projections: """[ { "name": "ab", "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "300 pA", "delay": "1 ms", "short_term": { "U": 0.4, "tau_rec": "100 ms" } } ]""",
        inputs: """[ { "type": "poisson", "to": "a", "rate": "3 kHz", "weight": "2 mV" }, { "type": "poisson", "to": "b", "rate": "2 kHz", "weight": "40 pA" } ]""",
        record: record);

    private const string GoodRecord = """
        { "spikes": true,
          "v": [ { "population": "b", "neurons": [1], "interval": "0.5 ms", "from": "20 ms", "to": "30 ms" } ],
          "state": [ { "population": "b", "neurons": [1, 0], "variables": ["i_syn_ex", "v", "stp_x:ab", "stp_u:ab"], "interval": "0.1 ms", "from": "10 ms", "to": "60 ms" },
                     { "population": "a", "interval": "1 ms" } ] }
        """;

    [Fact]
    public void StateCsvHasOneRowPerTimeNeuronAndVariableInOrderAndIsTheSameForAnyThreadCount()
    {
        string model = Write("stp.json", StpModel(GoodRecord));
        string one = Path.Combine(Dir, "one"), two = Path.Combine(Dir, "two");
        var run = Spikesim("run", model, "--out", one, "--threads", "1", "-q");
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(0, Spikesim("run", model, "--out", two, "--threads", "2", "-q").Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "state.csv")), File.ReadAllBytes(Path.Combine(two, "state.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "v.csv")), File.ReadAllBytes(Path.Combine(two, "v.csv")));

        string[] lines = File.ReadAllLines(Path.Combine(one, "state.csv"));
        Assert.Equal("t_ms,population,neuron,variable,value", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        // b: 500 times (10 <= t < 60 by 0.1 ms) x 2 neurons x 4 variables; a: 100 times x 3 neurons x v, w (the default).
        Assert.Equal(500 * 2 * 4 + 100 * 3 * 2, rows.Length);
        string[] first = [.. rows.Take(4).Select(r => string.Join(',', r[..4]))];
        Assert.Equal(["0,a,0,v", "0,a,0,w", "0,a,1,v", "0,a,1,w"], first);
        var at10 = rows.Where(r => r[0] == "10").Select(r => $"{r[1]}{r[2]}:{r[3]}").ToArray();
        Assert.Equal(["a0:v", "a0:w", "a1:v", "a1:w", "a2:v", "a2:w", "b0:i_syn_ex", "b0:v", "b0:stp_x:ab", "b0:stp_u:ab", "b1:i_syn_ex", "b1:v", "b1:stp_x:ab", "b1:stp_u:ab"], at10);
        double[] times = [.. rows.Where(r => r[1] == "b").Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).Distinct()];
        Assert.Equal(10, times[0]);
        Assert.Equal(59.9, times[^1]);
        // The depressing synapses of b have been used: x below 1, u = U (tau_fac = 0).
        Assert.Contains(rows, r => r[3] == "stp_x:ab" && double.Parse(r[4], CultureInfo.InvariantCulture) < 0.9);
        Assert.All(rows.Where(r => r[3] == "stp_u:ab"), r => Assert.Equal(0.4, double.Parse(r[4], CultureInfo.InvariantCulture), 1e-15)); // a mean of three 0.4

        // v.csv keeps its columns; its window holds 20, 20.5, ..., 29.5 ms.
        string[] v = File.ReadAllLines(Path.Combine(one, "v.csv"));
        Assert.Equal("t_ms,population,neuron,v_mV", v[0]);
        Assert.Equal(20, v.Length - 1);
        Assert.StartsWith("20,b,1,", v[1]);
        Assert.StartsWith("29.5,b,1,", v[^1]);
        // state.csv's v is v.csv's V at the same times.
        foreach (string line in v.Skip(1))
        {
            string[] f = line.Split(',');
            Assert.Contains(rows, r => r[0] == f[0] && r[1] == "b" && r[2] == "1" && r[3] == "v" && r[4] == f[3]);
        }
    }

    [Fact]
    public void TheShippedShortTermModelRecordsTheUAndXOfTheNextSpike()
    {
        // models/short-term.json: 20 Hz spikes from 100 ms reach the targets 1 ms later. Depressing (U 0.5, tau_rec
        // 800 ms, tau_fac 0): x_1 = 1, x_n = 1 + (x_(n-1) (1 - U) - 1) e^(-50/800), u_n = U; at the 10th arrival
        // (551 ms) the spike transmits 1500 pA u x = 86.4 pA (the README's figure).
        string folder = Path.Combine(Dir, "stm");
        var run = Spikesim("run", Path.Combine(ModelsDir, "short-term.json"), "--out", folder, "-q");
        Assert.True(run.Code == 0, run.Err);
        var rows = File.ReadLines(Path.Combine(folder, "state.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(r => (r[0], r[1], r[3]), r => double.Parse(r[4], CultureInfo.InvariantCulture));
        double x = 1;
        for (int n = 2; n <= 10; n++) x = 1 + (x * (1 - 0.5) - 1) * Math.Exp(-50.0 / 800);
        Assert.Equal(x, rows[("551", "depressed", "stp_x:depressing")], 1e-14);
        Assert.Equal(0.5, rows[("551", "depressed", "stp_u:depressing")]);
        Assert.Equal(86.4, 1500 * 0.5 * x, 0.05);
        // Before the first spike: u = U, x = 1; the facilitating synapse's 10th spike transmits about 513 pA.
        Assert.Equal((0.15, 1.0), (rows[("0", "facilitated", "stp_u:facilitating")], rows[("0", "facilitated", "stp_x:facilitating")]));
        Assert.Equal(513, 1500 * rows[("551", "facilitated", "stp_u:facilitating")] * rows[("551", "facilitated", "stp_x:facilitating")], 0.5);
        // Half a millisecond later the current holds that amplitude, decayed: I = A e^(-0.5/2).
        double amplitude = 1500 * 0.5 * x;
        Assert.Equal(amplitude * Math.Exp(-0.25), rows[("551.5", "depressed", "i_syn_ex")] - rows[("551", "depressed", "i_syn_ex")] * Math.Exp(-0.25), 1e-9);
    }

    /// <summary>A cond_exp population "exc" (adapting, e_ex 5 mV, e_in -80 mV) under excitatory and inhibitory Poisson input.</summary>
    private static string CondExpModel(string variables) => $$"""
        {
          "duration": "250 ms",
          "populations": [
            { "name": "exc", "size": 3, "neuron": { "model": "lif", "psc": "cond_exp", "tau_m": "20 ms", "c_m": "200 pF", "e_l": "-60 mV", "v_th": "-50 mV",
              "v_reset": "-60 mV", "tau_syn_ex": "5 ms", "tau_syn_in": "10 ms", "e_ex": "5 mV", "e_in": "-80 mV", "a": "2 nS", "b": "20 pA" } }
          ],
          "projections": [],
          "inputs": [ { "type": "poisson", "to": "exc", "rate": "2 kHz", "weight": "3 nS" }, { "type": "poisson", "to": "exc", "rate": "1 kHz", "weight": "-4 nS" } ],
          "record": {"state": [{"population": "exc", "neurons": [0, 1], "variables": {{variables}}, "interval": "0.1 ms", "from": "100 ms", "to": "200 ms"}]}
        }
        """;

    [Fact]
    public void TheIssuesExampleRecordsTheSynapticCurrentsOfAConductanceNeuron()
    {
        // The issue's own recording, on a cond_exp population: i_syn_ex is declared there too (pA).
        string example = Write("coba-example.json", CondExpModel("""["v", "i_syn_ex", "g_in", "w"]"""));
        string one = Path.Combine(Dir, "example");
        var run = Spikesim("run", example, "--out", one, "-q");
        Assert.True(run.Code == 0, run.Err);
        string[] rows = File.ReadAllLines(Path.Combine(one, "state.csv"));
        Assert.Equal(1000 * 2 * 4 + 1, rows.Length); // 100 <= t < 200 by 0.1 ms, neurons 0 and 1, 4 variables
        Assert.Equal(["100,exc,0,v", "100,exc,0,i_syn_ex", "100,exc,0,g_in", "100,exc,0,w"], rows[1..5].Select(r => string.Join(',', r.Split(',')[..4])));

        // Every variable: i_syn_ex = g_ex (e_ex - v) and i_syn_in = g_in (e_in - v) from the same row's time, and the
        // example's rows are the same numbers.
        string all = Write("coba-all.json", CondExpModel("""["v", "i_syn_ex", "g_in", "w", "g_ex", "i_syn_in"]"""));
        string two = Path.Combine(Dir, "all");
        run = Spikesim("run", all, "--out", two, "-q");
        Assert.True(run.Code == 0, run.Err);
        var values = File.ReadLines(Path.Combine(two, "state.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(r => (r[0], r[2], r[3]), r => double.Parse(r[4], CultureInfo.InvariantCulture));
        foreach (string row in rows.Skip(1))
        {
            string[] f = row.Split(',');
            Assert.Equal(double.Parse(f[4], CultureInfo.InvariantCulture), values[(f[0], f[2], f[3])]);
        }
        int checkedRows = 0, refractoryOrActive = 0;
        foreach (var key in values.Keys.Where(k => k.Item3 == "v"))
        {
            double v = values[key], gEx = values[(key.Item1, key.Item2, "g_ex")], gIn = values[(key.Item1, key.Item2, "g_in")];
            double iEx = values[(key.Item1, key.Item2, "i_syn_ex")], iIn = values[(key.Item1, key.Item2, "i_syn_in")];
            Assert.True(Math.Abs(iEx - gEx * (5 - v)) <= 1e-12 * Math.Abs(iEx), $"i_syn_ex {iEx} pA vs g_ex (e_ex - v) {gEx * (5 - v)} at {key}");
            Assert.True(Math.Abs(iIn - gIn * (-80 - v)) <= 1e-12 * Math.Abs(iIn), $"i_syn_in {iIn} pA vs g_in (e_in - v) {gIn * (-80 - v)} at {key}");
            Assert.True(iEx > 0 && iIn < 0, $"{iEx}, {iIn} at {key}"); // E_in < V < E_ex throughout
            if (v == -60) refractoryOrActive++; // clamped at V_reset: the currents then use V_reset
            checkedRows++;
        }
        Assert.Equal(2000, checkedRows);
        Assert.True(refractoryOrActive > 0, "no sample fell in a refractory period");
    }

    [Theory]
    [InlineData("""["v", "i_syn_exc"]""", "$.record.state[0].variables[1]", "unknown variable \"i_syn_exc\"; did you mean \"i_syn_ex\"?")]
    [InlineData("""["g_ex"]""", "$.record.state[0].variables[0]", "unknown variable \"g_ex\"")]
    [InlineData("""["stp_u:ba"]""", "$.record.state[0].variables[0]", "did you mean \"stp_u:ab\"?")]
    [InlineData("""["v", "v"]""", "$.record.state[0].variables[1]", "variable \"v\" is listed twice")]
    [InlineData("""[]""", "$.record.state[0].variables", "expected at least one variable name")]
    [InlineData("""[3]""", "$.record.state[0].variables[0]", "a state variable name")]
    public void AnUnknownVariableExits2ListingTheModelsVariables(string variables, string path, string expected)
    {
        string text = StpModel($$"""{ "state": [ { "population": "b", "variables": {{variables}}, "interval": "1 ms" } ] }""");
        string file = Write("bad.json", text);
        foreach (string command in new[] { "validate", "run" })
        {
            var run = command == "run" ? Spikesim("run", file, "--out", Path.Combine(Dir, "out")) : Spikesim("validate", file);
            Assert.Equal(2, run.Code);
            Assert.StartsWith("spikesim: error: ", run.Err);
            Assert.Contains($"{file}:{LineOf(text, "\"state\"")}: {path}: ", run.Err);
            Assert.Contains(expected, run.Err);
            if (!expected.Contains("twice", StringComparison.Ordinal) && !expected.Contains("variable name", StringComparison.Ordinal))
                Assert.Contains("population \"b\" (lif, psc exp) records: v (mV), i_syn_ex (pA), i_syn_in (pA), w (pA), stp_u:ab, stp_x:ab", run.Err,
                                StringComparison.OrdinalIgnoreCase); // capitalised after a "did you mean"
            Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
        }
    }

    [Fact]
    public void ShortTermVariablesBelongToTheTargetPopulation()
    {
        // a receives no short-term projection: it records v and w only.
        var e = Fails(StpModel("""{ "state": [ { "population": "a", "variables": ["stp_x:ab"], "interval": "1 ms" } ] }"""));
        Assert.Equal("$.record.state[0].variables[0]", e.JsonPath);
        Assert.Contains("population \"a\" (lif, psc delta) records: v (mV), w (pA)", e.Message);
    }

    [Theory]
    [InlineData("state", """ "from": "50 ms", "to": "50 ms" """, "$.record.state[0].to", "to (50 ms) must be after from (50 ms)")]
    [InlineData("state", """ "from": "-1 ms" """, "$.record.state[0].from", "from must be >= 0")]
    [InlineData("state", """ "from": "1 mV" """, "$.record.state[0].from", "time")]
    [InlineData("v", """ "to": "0 ms" """, "$.record.v[0].to", "must be after from (0 ms)")]
    [InlineData("v", """ "until": "5 ms" """, "$.record.v[0].until", "unknown field")]
    public void BadWindowsNameTheirField(string kind, string window, string path, string expected)
    {
        string variables = kind == "state" ? """ "variables": ["v"], """ : "";
        var e = Fails(StpModel($$"""{ "{{kind}}": [ { "population": "b", {{variables}} "interval": "1 ms", {{window}} } ] }"""));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheReaderKeepsWindowsAndDefaultsToTheModelsVariables()
    {
        var spec = ModelReader.Parse(StpModel(GoodRecord), "m.json");
        var v = Assert.Single(spec.Record.V);
        Assert.Equal((20.0, 30.0), (v.FromMs, v.ToMs));
        Assert.Equal(2, spec.Record.State.Count);
        Assert.Equal(["i_syn_ex", "v", "stp_x:ab", "stp_u:ab"], spec.Record.State[0].Variables);
        Assert.Equal([1, 0], spec.Record.State[0].Neurons!);
        Assert.Equal((0.1, 10.0, 60.0), (spec.Record.State[0].IntervalMs, spec.Record.State[0].FromMs, spec.Record.State[0].ToMs));
        Assert.Equal(["v", "w"], spec.Record.State[1].Variables);
        Assert.Equal((0.0, double.PositiveInfinity), (spec.Record.State[1].FromMs, spec.Record.State[1].ToMs));
        // Without a window a v recording reads as before.
        var plain = ModelReader.Parse(StpModel("""{ "v": [ { "population": "b", "interval": "1 ms" } ] }"""), "m.json");
        Assert.Equal(new VoltageRecordSpec("b", null, 1.0), Assert.Single(plain.Record.V));
        Assert.Empty(plain.Record.State);
    }
}
