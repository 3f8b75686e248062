using SpikeSim.Cli;

namespace SpikeSim.Tests.Cli;

/// <summary>--set populations.X.neuron.gain / bias when --activation replaces a spiking model's lif neurons.</summary>
public sealed class ActivationGainBiasTests : CliTestBase
{
    // One lif population under a constant 100 pA: in the artificial mode its summed input is x = 100.
    private const string Model = """
        { "duration": "10 ms",
          "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } }, { "name": "b", "size": 1, "neuron": { "model": "lif" } } ],
          "inputs": [ { "type": "current", "to": "a", "steps": [ { "at": "0 ms", "amplitude": "100 pA" } ] },
                      { "type": "current", "to": "b", "steps": [ { "at": "0 ms", "amplitude": "100 pA" } ] } ] }
        """;

    [Fact]
    public void Gain_and_bias_shape_the_substitute_activation_per_population()
    {
        string model = Write("m.json", Model);
        string dir = Path.Combine(Dir, "r");
        var run = Spikesim("run", model, "--out", dir, "-q", "--activation", "relu",
                           "--set", "populations.a.neuron.gain=2", "--set", "populations.a.neuron.bias=-50", "--set", "populations.1.neuron.bias=-150");
        Assert.True(run.Code == 0, run.Err);
        var rows = File.ReadAllLines(Path.Combine(dir, "activations.csv")).Skip(1).ToArray();
        // relu(2 * 100 - 50) = 150 for a; relu(1 * 100 - 150) = 0 for b (named by index).
        Assert.Equal(["0,a,0,150", "0,a,1,150", "0,b,0,0"], rows);
    }

    [Fact]
    public void Gain_without_an_activation_or_with_lif_rate_is_refused()
    {
        string model = Write("m.json", Model);
        var spiking = Spikesim("run", model, "--out", Path.Combine(Dir, "s"), "-q", "--set", "populations.a.neuron.gain=2");
        Assert.Equal(ExitCodes.BadInput, spiking.Code);
        Assert.Contains("unknown field \"gain\"", spiking.Err);
        var lifRate = Spikesim("run", model, "--out", Path.Combine(Dir, "l"), "-q", "--activation", "lif_rate", "--set", "populations.a.neuron.gain=2");
        Assert.Equal(ExitCodes.BadInput, lifRate.Code);
        Assert.Contains("lif_rate has no gain or bias", lifRate.Err);
        var notNumber = Spikesim("run", model, "--out", Path.Combine(Dir, "n"), "-q", "--activation", "relu", "--set", "populations.a.neuron.gain=2 mV");
        Assert.Equal(ExitCodes.BadInput, notNumber.Code);
        Assert.Contains("gain is a plain number", notNumber.Err);
    }
    [Fact]
    public void A_typo_of_gain_or_bias_is_answered_with_did_you_mean()
    {
        // Before: the reader's "unknown field "gian"; known fields: model, psc, tau_m, ..." without gain and bias.
        string model = Write("m.json", Model);
        var run = Spikesim("run", model, "--out", Path.Combine(Dir, "r"), "-q", "--activation", "relu", "--set", "populations.0.neuron.gian=2");
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Equal("spikesim: error: --set populations.0.neuron.gian=2: unknown field \"gian\"; did you mean \"gain\"? With --activation relu, " +
                     "a lif population's substitute takes gain and bias (y = f(gain·x + bias)) besides the lif fields", run.Err.Trim());
        var compare = Spikesim("compare", model, "--out", Path.Combine(Dir, "c"), "-q", "--activation", "tanh", "--set", "populations.b.neuron.bais=1");
        Assert.Equal(ExitCodes.BadInput, compare.Code);
        Assert.Contains("unknown field \"bais\"; did you mean \"bias\"? With --activation tanh", compare.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "r")));
        // A real lif field close to gain (e_in, cond_exp's) still reaches the reader, which names the psc it needs.
        var lifField = Spikesim("run", model, "--out", Path.Combine(Dir, "e"), "-q", "--activation", "relu", "--set", "populations.a.neuron.e_in=0 mV");
        Assert.Equal(ExitCodes.BadInput, lifField.Code);
        Assert.Contains("e_in is only used with \"psc\": \"cond_exp\"", lifField.Err);
        // Without --activation, gain is no field at all: the reader's own message, no hint at the substitute.
        var spiking = Spikesim("run", model, "--out", Path.Combine(Dir, "s"), "-q", "--set", "populations.a.neuron.gian=2");
        Assert.Equal(ExitCodes.BadInput, spiking.Code);
        Assert.Contains("unknown field \"gian\"; known fields: model, psc", spiking.Err);
    }
}
