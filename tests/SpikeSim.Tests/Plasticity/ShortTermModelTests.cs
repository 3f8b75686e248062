using System.Globalization;
using SpikeSim.Tests.Cli;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Plasticity;

/// <summary>The <c>"short_term"</c> block through the command line: bad input exits 2 naming the JSON path; the shipped model.</summary>
public sealed class ShortTermModelTests : CliTestBase
{
    private static string ModelWith(string shortTerm) => $$"""
        {
          "name": "bad", "duration": "10 ms",
          "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } }, { "name": "b", "size": 2, "neuron": { "model": "lif", "psc": "exp" } } ],
          "projections": [
            { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "100 pA", "delay": "1 ms",
              "short_term": {{shortTerm}} }
          ],
          "inputs": []
        }
        """;

    [Theory]
    [InlineData("""{ "U": 0 }""", "$.projections[0].short_term.U", "(0, 1]")]
    [InlineData("""{ "U": 1.2 }""", "$.projections[0].short_term.U", "(0, 1]")]
    [InlineData("""{ "U": -0.5 }""", "$.projections[0].short_term.U", "(0, 1]")]
    [InlineData("""{ "U": "0.5 ms" }""", "$.projections[0].short_term.U", "expected a number")]
    [InlineData("""{ "tau_rec": "-800 ms" }""", "$.projections[0].short_term.tau_rec", "positive")]
    [InlineData("""{ "tau_rec": "0 ms" }""", "$.projections[0].short_term.tau_rec", "positive")]
    [InlineData("""{ "tau_rec": "800 mV" }""", "$.projections[0].short_term.tau_rec", "time")]
    [InlineData("""{ "tau_rec": 800 }""", "$.projections[0].short_term.tau_rec", "\"800 ms\"")]
    [InlineData("""{ "tau_fac": "-1 ms" }""", "$.projections[0].short_term.tau_fac", ">= 0")]
    [InlineData("""{ "tau_fac": "1 pA" }""", "$.projections[0].short_term.tau_fac", "time")]
    [InlineData("""{ "tau_facil": "1 s" }""", "$.projections[0].short_term.tau_facil", "did you mean \"tau_fac\"?")]
    [InlineData("""0.5""", "$.projections[0].short_term", "short-term plasticity settings")]
    public void BadShortTermExits2NamingTheJsonPath(string shortTerm, string path, string expected)
    {
        string file = Write("stp.json", ModelWith(shortTerm));
        foreach (string command in new[] { "validate", "run" })
        {
            var run = command == "run" ? Spikesim("run", file, "--out", Path.Combine(Dir, "out")) : Spikesim("validate", file);
            Assert.Equal(2, run.Code);
            Assert.StartsWith("spikesim: error: ", run.Err);
            Assert.Contains($"{file}:6: {path}: ", run.Err);
            Assert.Contains(expected, run.Err);
            Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
        }
    }

    [Fact]
    public void AGoodShortTermBlockValidates()
    {
        var run = Spikesim("validate", Write("stp.json", ModelWith("""{ "U": 1, "tau_rec": "0.8 s", "tau_fac": "0 ms" }""")));
        Assert.Equal(0, run.Code);
    }

    [Fact]
    public void ShippedModelRecordsTheRecursionsPspsForAnyThreadCount()
    {
        // models/short-term.json: V of each target = E_L + Σ A_k/C_m · τ_m τ_s/(τ_m − τ_s) (e^(−s/τ_m) − e^(−s/τ_s)),
        // A_k = 1500 pA · u_k x_k from the recursion; and the run folder is byte-identical for 1 and 2 threads.
        string model = Path.Combine(ModelsDir, "short-term.json");
        string one = Path.Combine(Dir, "one"), two = Path.Combine(Dir, "two");
        Assert.Equal(0, Spikesim("run", model, "--out", one, "--threads", "1").Code);
        Assert.Equal(0, Spikesim("run", model, "--out", two, "--threads", "2").Code);
        foreach (string f in new[] { "spikes.csv", "v.csv", "rates.csv", "connections.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, f)), File.ReadAllBytes(Path.Combine(two, f)));

        string[] spikeRows = File.ReadAllLines(Path.Combine(one, "spikes.csv"))[1..];
        Assert.All(spikeRows, r => Assert.EndsWith(",train,0", r)); // the targets never fire
        double[] arrivals = [.. spikeRows.Select(r => double.Parse(r.Split(',')[0], CultureInfo.InvariantCulture) + 1.0)];
        Assert.Equal(34, arrivals.Length);
        var targets = new Dictionary<string, double[]>
        {
            ["depressed"] = Amplitudes(arrivals, 0.5, 800, 0),
            ["facilitated"] = Amplitudes(arrivals, 0.15, 100, 1000),
        };
        Assert.Equal(750, targets["depressed"][0], 1e-12);
        Assert.Equal(225, targets["facilitated"][0], 1e-12);
        Assert.Equal(86.43, targets["depressed"][9], 0.01);    // towards w U x* = 85.69 pA at 20 Hz (x* = 0.1143)
        Assert.Equal(513.1, targets["facilitated"][9], 0.1);
        int checkedRows = 0;
        foreach (string row in File.ReadAllLines(Path.Combine(one, "v.csv")).Skip(1))
        {
            string[] c = row.Split(',');
            double t = double.Parse(c[0], CultureInfo.InvariantCulture), v = double.Parse(c[3], CultureInfo.InvariantCulture);
            double[] a = targets[c[1]];
            double expected = -70;
            for (int k = 0; k < arrivals.Length; k++)
            {
                double s = t - arrivals[k];
                if (s > 0) expected += a[k] / 250 * 10 * 2 / (10 - 2) * (Math.Exp(-s / 10) - Math.Exp(-s / 2));
            }
            Assert.Equal(expected, v, 1e-9);
            checkedRows++;
        }
        Assert.Equal(2 * 20000, checkedRows);
    }

    private static double[] Amplitudes(double[] arrivals, double U, double tauRec, double tauFac)
    {
        var a = new double[arrivals.Length];
        double u = U, x = 1;
        a[0] = 1500 * U;
        for (int n = 1; n < arrivals.Length; n++)
        {
            double delta = arrivals[n] - arrivals[n - 1];
            x = 1 + (x - u * x - 1) * Math.Exp(-delta / tauRec);
            u = tauFac == 0 ? U : U + u * (1 - U) * Math.Exp(-delta / tauFac);
            a[n] = 1500 * u * x;
        }
        return a;
    }
}
