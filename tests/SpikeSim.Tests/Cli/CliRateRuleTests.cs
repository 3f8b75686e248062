using System.Globalization;

namespace SpikeSim.Tests.Cli;

/// <summary>An artificial run whose projection learns with a rate rule writes the learned weights.</summary>
public sealed class CliRateRuleTests : CliTestBase
{
    [Fact]
    public void ArtificialRunWritesLearnedConnectionsAndWeightSnapshots()
    {
        string model = Write("hebb.json", """
            { "name": "hebb", "duration": "10 ms", "dt": "1 ms",
              "populations": [ { "name": "x", "size": 2, "neuron": { "model": "linear" } },
                               { "name": "y", "size": 1, "neuron": { "model": "linear" } } ],
              "projections": [ { "from": "x", "to": "y", "weight": [[0.5, 0.25]],
                                 "plasticity": { "rule": "hebb", "eta": 0.01, "w_max": 2 } } ],
              "inputs": [ { "type": "values", "to": "x", "values": [1, 2] } ],
              "record": { "connections": true, "weights": { "interval": "5 ms" } } }
            """);
        string outDir = Path.Combine(Dir, "run");
        var run = Spikesim("run", model, "--out", outDir);
        Assert.Equal(0, run.Code);
        Assert.Contains("feedforward, 10 presentations", run.Out);

        // Ten presentations of x = (1, 2): y = w·x, then w += 0.01 y x.
        double[] x = [1, 2], w = [0.5, 0.25];
        var expected = new List<string>();
        for (int k = 1; k <= 10; k++)
        {
            double y = 0 + w[0] * x[0] + w[1] * x[1];
            for (int j = 0; j < 2; j++) w[j] += 0.01 * y * x[j];
        }
        string[] connections = File.ReadAllLines(Path.Combine(outDir, "connections.csv"));
        Assert.Equal("projection,source,target,weight,delay_ms", connections[0]);
        Assert.Equal(3, connections.Length);
        for (int s = 0; s < 2; s++)
        {
            string[] f = connections[1 + s].Split(',');
            Assert.Equal(("x-y", s.ToString(CultureInfo.InvariantCulture), "0"), (f[0], f[1], f[2]));
            Assert.Equal(w[s], double.Parse(f[3], CultureInfo.InvariantCulture));
        }

        string[] weights = File.ReadAllLines(Path.Combine(outDir, "weights.csv"));
        Assert.Equal("t_ms,projection,source,target,weight", weights[0]);
        Assert.Equal(["0", "0", "5", "5", "10", "10"], weights.Skip(1).Select(l => l.Split(',')[0]).ToArray());
        Assert.Equal("0,x-y,0,0,0.5", weights[1]);
        Assert.Equal(w[1], double.Parse(weights[6].Split(',')[4], CultureInfo.InvariantCulture));

        // The spiking engine refuses the rate rule and points at the artificial mode.
        var spiking = Spikesim("run", model, "--out", Path.Combine(Dir, "spiking"), "--mode", "spiking");
        Assert.Equal(2, spiking.Code);
        Assert.Contains("--mode artificial", spiking.Err);
    }

    [Fact]
    public void AWeightMatrixOutsideTheRulesBoundsIsRejected()
    {
        string model = Write("bad.json", """
            { "duration": "10 ms",
              "populations": [ { "name": "x", "size": 2, "neuron": { "model": "linear" } },
                               { "name": "y", "size": 1, "neuron": { "model": "linear" } } ],
              "projections": [ { "from": "x", "to": "y", "weight": [[0.5, 0.25]],
                                 "plasticity": { "rule": "oja", "eta": 0.01, "w_max": 0.4 } } ],
              "inputs": [ { "type": "values", "to": "x", "values": [1, 2] } ] }
            """);
        var run = Spikesim("run", model, "--out", Path.Combine(Dir, "bad"));
        Assert.Equal(2, run.Code);
        Assert.Contains("$.projections[0].weight: the weight matrix has entries from 0.25 to 0.5, outside the plasticity bounds", run.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "bad")));
    }
}
