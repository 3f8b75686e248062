using System.Text;
using SpikeSim.Connectivity;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary>Bad input that used to end as an internal error (exit 1) is exit 2, naming the file, the path and what is expected.</summary>
public sealed class BadInputExitCodeTests : CliTestBase
{
    private const string Small = """
        { "name": "small", "duration": "5 ms",
          "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } } ],
          "projections": [ { "from": "a", "to": "a", "connect": { "rule": "all_to_all" }, "weight": "1 mV", "delay": "1 ms" } ] }
        """;

    private CliRun Validate(byte[] bytes, params string[] more)
    {
        string path = Path.Combine(Dir, "m.json");
        File.WriteAllBytes(path, bytes);
        return Spikesim(["validate", path, .. more]);
    }

    [Fact]
    public void InvalidUtf8IsAModelErrorAtItsLine()
    {
        string[] halves = Small.Split("all\"", 2);   // "small" -> "sm\n" 0xFF 0xFE "all"
        byte[] bytes = [.. Encoding.UTF8.GetBytes(halves[0] + "\n"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("all\"" + halves[1])];
        var r = Validate(bytes);
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json:2: the file is not valid UTF-8 (bytes 0xFFFE", r.Err);
    }

    [Fact]
    public void ALoneSurrogateInTheFileIsAModelErrorAtItsPath()
    {
        var r = Validate(Encoding.UTF8.GetBytes(Small.Replace("\"name\": \"a\"", "\"name\": \"a\\ud800\"")));
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json:2: $.populations[0].name: the string holds a lone UTF-16 surrogate", r.Err);
    }

    [Fact]
    public void ALoneSurrogateThroughSetIsAModelErrorNamingTheAssignment()
    {
        var r = Validate(Encoding.UTF8.GetBytes(Small), "--set", "name=\"x\\udc00\"");
        Assert.Equal(2, r.Code);
        Assert.Contains("$.name: --set \"name=\"x\\udc00\"\": the string holds a lone UTF-16 surrogate", r.Err);
    }

    [Fact]
    public void AModelFileLargerThanAnyModelIsRefusedAfterALimitedRead()
    {
        if (!File.Exists("/dev/zero")) return;
        var r = Spikesim("validate", "/dev/zero");
        Assert.Equal(2, r.Code);
        Assert.Contains("/dev/zero: is larger than any model (256 MiB at most)", r.Err);
    }

    [Theory]
    [InlineData("""{ "dist": "normal", "mean": "1 mV", "sd": "0.1 mV", "min": "2 mV" }""", "fraction 7.62E-24 of this normal")]
    [InlineData("""{ "dist": "lognormal", "mean": "1 mV", "sd": "0.1 mV", "max": "0.5 mV" }""", "of this lognormal")]
    [InlineData("""{ "dist": "uniform", "low": "0 mV", "high": "1 mV", "min": "0.9999 mV" }""", "fraction 0.0001 of this uniform")]
    public void ATruncatedDistributionThatCannotDrawInsideItsBoundsIsAModelError(string weight, string message)
    {
        var r = Validate(Encoding.UTF8.GetBytes(Small.Replace("\"1 mV\"", weight)));
        Assert.Equal(2, r.Code);
        Assert.Contains("m.json:3: $.projections[0].weight: only a", r.Err);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void DistributionMassInsideTheBoundsMatchesTheNormalTable()
    {
        // P(-1 <= Z <= 1) = erf(1/sqrt 2) = 0.682689492137086; P(Z >= 3) = 0.00134989803163009.
        Assert.Equal(0.682689492137086, DistributionMass.Inside(new DistributionValue(DistributionKind.Normal, 5, 2, 3, 7)), 1e-13);
        Assert.Equal(0.00134989803163009, DistributionMass.Inside(new DistributionValue(DistributionKind.Normal, 0, 1, 3, double.PositiveInfinity)), 1e-15);
        Assert.Equal(0.25, DistributionMass.Inside(new DistributionValue(DistributionKind.Uniform, 0, 4, 3, 10)), 1e-15);
    }

    [Fact]
    public void AProjectionPastTwoToThe31SynapsesIsAModelErrorNamingIt()
    {
        var r = Validate(Encoding.UTF8.GetBytes(Small.Replace("\"size\": 2", "\"size\": 50000")));
        Assert.Equal(2, r.Code);
        Assert.Contains("$.projections[0].connect: projection \"a-a\" would have 2,500,000,000 synapses; a projection may have at most 2,147,483,647", r.Err);
    }

    [Fact]
    public void OutBelowAFileOrWithANameTooLongIsAUsageError()
    {
        string model = Write("m.json", Small);
        File.WriteAllText(Path.Combine(Dir, "file"), "x");
        var below = Spikesim("run", model, "--out", Path.Combine(Dir, "file", "run"), "-q");
        Assert.Equal(2, below.Code);
        Assert.Contains("is a file, so no folder can be made below it", below.Err);
        var longName = Spikesim("run", model, "--out", Path.Combine(Dir, new string('r', 300)), "-q");
        Assert.Equal(2, longName.Code);
        Assert.Contains("is 300 bytes long; a folder name may have at most", longName.Err);
    }

    [Theory]
    [InlineData("/proc", "its file system accepts no new files")]
    [InlineData("/sys", "")]
    public void OutWhereNothingCanBeWrittenIsAUsageErrorSayingSoBeforeTheRun(string place, string reason)
    {
        if (!Directory.Exists(place)) return;
        string model = Write("m.json", Small);
        foreach (string command in new[] { "run", "compare" })
        {
            var r = Spikesim(command, model, "--out", Path.Combine(place, "x", "run"));
            Assert.Equal(2, r.Code);
            Assert.Contains($"--out {place}/x/run: the folder cannot be created or written: nothing can be made in {place} ({reason}", r.Err);
            Assert.DoesNotContain("the run would write", r.Err);
        }
    }

    [Fact]
    public void OutInsideAReadOnlyFolderIsAUsageError()
    {
        // Permissions do not bind root; where they bind, a folder without write permission is refused like /proc.
        if (OperatingSystem.IsWindows()) return;
        string readOnly = Path.Combine(Dir, "ro");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            bool bound = true;
            try { Directory.CreateDirectory(Path.Combine(readOnly, "probe")); Directory.Delete(Path.Combine(readOnly, "probe")); bound = false; }
            catch (UnauthorizedAccessException) { }
            if (!bound) return;
            var r = Spikesim("run", Write("m.json", Small), "--out", Path.Combine(readOnly, "run"), "-q");
            Assert.Equal(2, r.Code);
            Assert.Contains($"nothing can be made in {readOnly} (permission denied)", r.Err);
        }
        finally
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
