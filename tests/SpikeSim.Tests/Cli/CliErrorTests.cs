namespace SpikeSim.Tests.Cli;

/// <summary>Bad input exits 2 with one "spikesim: error: " line naming the file and the JSON path.</summary>
public sealed class CliErrorTests : CliTestBase
{
    private static string OneLineError(CliRun run)
    {
        Assert.StartsWith("spikesim: error: ", run.Err);
        Assert.DoesNotContain("   at ", run.Err);   // no stack trace
        return run.Err;
    }

    private static string Model(string populations, string projections = "[]", string inputs = "[]") => $$"""
        {
          "name": "bad", "duration": "10 ms",
          "populations": {{populations}},
          "projections": {{projections}},
          "inputs": {{inputs}}
        }
        """;

    private const string TwoPops =
        """[ { "name": "a", "size": 2, "neuron": { "model": "lif" } }, { "name": "b", "size": 2, "neuron": { "model": "lif" } } ]""";

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    public void InvalidJsonNamesTheFileAndLine(string command)
    {
        string path = Write("broken.json", "{\n  \"name\": \"x\",\n  \"duration\": \"10 ms\"\n  \"populations\": []\n}\n");
        var run = command == "run" ? Spikesim("run", path, "--out", Path.Combine(Dir, "out")) : Spikesim("validate", path);
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains(path + ":4: invalid JSON", err);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void MalformedStructureNamesTheJsonPath()
    {
        string path = Write("m.json", Model("""{ "a": 1 }"""));
        var run = Spikesim("validate", path);
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains(path, err);
        Assert.Contains("$.populations", err);
    }

    [Fact]
    public void UnknownUnitNamesTheFileAndJsonPath()
    {
        string path = Write("unit.json", Model("""[ { "name": "a", "size": 2, "neuron": { "model": "lif", "tau_m": "10 parsecs" } } ]"""));
        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "out"));
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains(path + ":3: $.populations[0].neuron.tau_m: ", err);
        Assert.Contains("parsecs", err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void NegativeDelayNamesTheJsonPath()
    {
        string path = Write("delay.json", Model(TwoPops,
            """[ { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "-1 ms" } ]"""));
        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "out"));
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains(path, err);
        Assert.Contains("$.projections[0].delay", err);
        Assert.Contains("positive", err);
    }

    [Fact]
    public void UnknownPopulationNamesTheJsonPath()
    {
        string path = Write("pop.json", Model(TwoPops,
            """[ { "from": "a", "to": "c", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "1 ms" } ]"""));
        var run = Spikesim("validate", path);
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains(path, err);
        Assert.Contains("$.projections[0].to", err);
        Assert.Contains("unknown population \"c\"", err);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    public void MissingModelFileExits2(string command)
    {
        string path = Path.Combine(Dir, "nope.json");
        var run = command == "run" ? Spikesim("run", path, "--out", Path.Combine(Dir, "out")) : Spikesim("validate", path);
        Assert.Equal(2, run.Code);
        Assert.Equal($"spikesim: error: {path}: model file not found" + Environment.NewLine, run.Err);
    }

    [Fact]
    public void UnknownOptionExits2AndNamesIt()
    {
        string path = Write("ok.json", RecurrentModel());
        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "out"), "--bogus");
        Assert.Equal(2, run.Code);
        Assert.StartsWith("spikesim: error: ", run.Err);
        Assert.Contains("--bogus", run.Err);
        Assert.Contains("spikesim run --help", run.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Theory]
    [InlineData("--threads", "-1")]
    [InlineData("--threads", "two")]
    [InlineData("--seed", "-5")]
    [InlineData("--seed", "abc")]
    [InlineData("--set", "noequals")]
    public void InvalidOptionValuesExit2(string option, string value)
    {
        string path = Write("ok.json", RecurrentModel());
        var run = Spikesim("run", path, "--out", Path.Combine(Dir, "out"), option, value);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("spikesim: error: ", run.Err);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void MissingOutOptionOrCommandExits2()
    {
        string path = Write("ok.json", RecurrentModel());
        Assert.Equal(2, Spikesim("run", path).Code);
        Assert.Equal(2, Spikesim().Code);
        Assert.Equal(2, Spikesim("frobnicate").Code);
    }

    [Fact]
    public void BadSetPathExits2WithTheAssignment()
    {
        string path = Write("ok.json", RecurrentModel());
        var run = Spikesim("validate", path, "--set", "populations.nope.size=3");
        Assert.Equal(2, run.Code);
        string err = OneLineError(run);
        Assert.Contains("populations.nope.size=3", err);
    }

    [Fact]
    public void OutThatIsAFileExits2()
    {
        string path = Write("ok.json", RecurrentModel());
        string file = Write("taken", "x");
        var run = Spikesim("run", path, "--out", file);
        Assert.Equal(2, run.Code);
        Assert.Contains("exists and is a file", run.Err);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void HelpAndVersionExit0()
    {
        var help = Spikesim("run", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("Example:", help.Out);
        Assert.Contains("--threads", help.Out);
        Assert.Contains("--set", help.Out);
        var validateHelp = Spikesim("validate", "-h");
        Assert.Equal(0, validateHelp.Code);
        Assert.Contains("Example:", validateHelp.Out);
        var rootHelp = Spikesim("--help");
        Assert.Equal(0, rootHelp.Code);
        Assert.Contains("run", rootHelp.Out);
        Assert.Contains("validate", rootHelp.Out);
        var version = Spikesim("--version");
        Assert.Equal(0, version.Code);
        Assert.NotEqual("", version.Out.Trim());
    }
}
