using System.Text.Json.Nodes;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Cli;

namespace SpikeSim.Tests.Robustness;

/// <summary>Rule from_file: a projection built from a CSV of connections, the run folder's own connections.csv included.</summary>
public sealed class FromFileConnectionTests : CliTestBase
{
    /// <summary>The recurrent model with every projection read from <paramref name="csv"/> instead of drawn.</summary>
    private static string FromFile(string model, string csv)
    {
        var root = JsonNode.Parse(model)!.AsObject();
        foreach (JsonNode? p in root["projections"]!.AsArray())
        {
            var o = p!.AsObject();
            o["connect"] = new JsonObject { ["rule"] = "from_file", ["path"] = csv };
            o.Remove("weight");
            o.Remove("delay");
        }
        return root.ToJsonString();
    }

    [Fact]
    public void ANetworkRebuiltFromAnEarlierRunsConnectionsGivesByteIdenticalSpikes()
    {
        // Drawn weights (normal) and delays (uniform) are floats written as shortest round-trip doubles, read back exactly.
        string drawn = RecurrentModel().Replace("\"rates\": { \"bin\": \"10 ms\" }", "\"rates\": { \"bin\": \"10 ms\" }, \"connections\": true");
        string first = Path.Combine(Dir, "first");
        Assert.Equal(0, Spikesim("run", Write("drawn.json", drawn), "--out", first, "-q").Code);
        Directory.CreateDirectory(Path.Combine(Dir, "models"));
        string rebuilt = Write(Path.Combine("models", "rebuilt.json"), FromFile(drawn, "../first/connections.csv"));
        string second = Path.Combine(Dir, "second");
        var r = Spikesim("run", rebuilt, "--out", second, "-q");
        Assert.True(r.Code == 0, r.Err);
        foreach (string file in new[] { "spikes.csv", "v.csv", "connections.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        Assert.True(File.ReadAllLines(Path.Combine(first, "spikes.csv")).Length > 100);
    }

    [Fact]
    public void AProjectionThatMadeNoSynapseIsRebuiltEmptyFromTheRunsConnections()
    {
        // exc-inh with p = 0 has no row in connections.csv; every name the file holds is a projection of the model.
        string drawn = RecurrentModel().Replace("\"rates\": { \"bin\": \"10 ms\" }", "\"rates\": { \"bin\": \"10 ms\" }, \"connections\": true")
                                       .Replace("\"rule\": \"random\", \"p\": 0.1", "\"rule\": \"random\", \"p\": 0");
        Assert.Contains("\"p\": 0 }", drawn);
        string first = Path.Combine(Dir, "first");
        Assert.Equal(0, Spikesim("run", Write("drawn.json", drawn), "--out", first, "-q").Code);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(first, "connections.csv")), l => l.StartsWith("exc-inh,", StringComparison.Ordinal));
        string rebuilt = Write("rebuilt.json", FromFile(drawn, "first/connections.csv"));
        string second = Path.Combine(Dir, "second");
        var r = Spikesim("run", rebuilt, "--out", second, "-q");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "spikes.csv")), File.ReadAllBytes(Path.Combine(second, "spikes.csv")));
        Assert.True(File.ReadAllLines(Path.Combine(first, "spikes.csv")).Length > 100);
    }

    [Fact]
    public void AFileOfOtherProjectionNamesIsExitTwoWithTheNearestName()
    {
        Write("ab.csv", "projection,source,target\na-bb,0,0\nx-y,1,1\n");
        string model = Write("m.json", Modeling.ModelTestHelpers.Model("""[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": "ab.csv" }, "weight": "1 pA", "delay": "1 ms" } ]"""));
        var r = Spikesim("validate", model);
        Assert.Equal(2, r.Code);
        Assert.Contains("$.projections[0].connect.path: no row names projection \"a-b\" in the projection column, which names \"a-bb\", \"x-y\" (not projections of this model); did you mean \"a-bb\"?", r.Err);
    }

    [Fact]
    public void AFileWithoutValueColumnsTakesTheProjectionsWeightAndDelayAndWrittenWeightsExactly()
    {
        string csv = Write("ab.csv", "source,target,weight\n2,1,0.1\n0,0,-0.3\n2,0,0.7\n0,1,0.1\n");
        string json = Modeling.ModelTestHelpers.Model("""[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": "ab.csv" }, "delay": "1.5 ms" } ]""");
        ModelSpec spec = ModelReader.Parse(json, Path.Combine(Dir, "m.json"));
        var table = Network.Build(spec).Projections[0];
        // Rows by source, targets ascending; b's neurons are global 3 and 4.
        Assert.Equal([(0, 3, -0.3), (0, 4, 0.1), (2, 3, 0.7), (2, 4, 0.1)],
            Enumerable.Range(0, 3).SelectMany(s => Enumerable.Range(table.RowOf(s).Start, table.RowOf(s).End - table.RowOf(s).Start)
                .Select(k => (s, table.TargetOf(k), table.WeightOf(k)))));
        Assert.Equal(1.5, table.DelayOf(2));
        Assert.Equal(csv, spec.Projections[0].Connect.File!.Path);
    }

    [Theory]
    [InlineData("source,target\n0,0\n3,1\n", 3, "source 3 is out of range: the population has 3 neurons (indices 0 to 2)")]
    [InlineData("source,target,delay_ms\n0,0,1\n1,1,-2\n", 3, "delay_ms must be at least 0.0001 ms, got -2")]
    [InlineData("source,target,weight\n0,0,abc\n", 2, "weight must be a finite number, got \"abc\"")]
    [InlineData("source,target\n0\n", 2, "expected 2 fields (source,target), got 1")]
    [InlineData("src,target\n0,0\n", 1, "the header must name the columns source and target")]
    public void BadRowsAreExitTwoNamingFileAndLine(string csv, int line, string message)
    {
        string file = Write("ab.csv", csv);
        string model = Write("m.json", Modeling.ModelTestHelpers.Model("""[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": "ab.csv" }, "weight": "1 pA", "delay": "1 ms" } ]"""));
        var r = Spikesim("validate", model);
        Assert.Equal(2, r.Code);
        Assert.Contains($"{file}:{line}: $.projections[0].connect.path: {message}", r.Err);
    }

    [Fact]
    public void AFileColumnWinsOverTheProjectionsWeightAndDelayGivenAsWell()
    {
        // The issue: optional weight and delay_ms columns, "else the projection's weight and delay".
        Write("ab.csv", "source,target,weight,delay_ms\n0,0,250,2.5\n2,1,-40,0.7\n");
        string model = Write("m.json", Modeling.ModelTestHelpers.Model(
            """[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": "ab.csv" }, "weight": "1 pA", "delay": "1 ms" } ]""",
            record: """{ "spikes": true, "connections": true }"""));
        string run = Path.Combine(Dir, "run");
        var r = Spikesim("run", model, "--out", run, "-q");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(["a-b,0,0,250,2.5", "a-b,2,1,-40,0.7"], File.ReadAllLines(Path.Combine(run, "connections.csv")).Skip(1));
    }

    [Theory]
    [InlineData("\"weight\": \"1 mV\", \"delay\": \"1 ms\"", "$.projections[0].weight", "pA")]
    [InlineData("\"weight\": \"1 pA\", \"delay\": \"1 mV\"", "$.projections[0].delay", "time")]
    public void AFieldTheFileReplacesIsStillCheckedForItsUnit(string fields, string path, string expected)
    {
        Write("ab.csv", "source,target,weight,delay_ms\n0,0,1,1\n");
        var r = Spikesim("validate", Write("m.json", Modeling.ModelTestHelpers.Model(
            $$"""[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": "ab.csv" }, {{fields}} } ]""")));
        Assert.Equal(2, r.Code);
        Assert.Contains(path + ":", r.Err);
        Assert.Contains(expected, r.Err);
    }

    private CliRun ValidateFromFile(string csvPath) =>
        Spikesim("validate", Write("m.json", Modeling.ModelTestHelpers.Model(
            $$"""[ { "from": "a", "to": "b", "connect": { "rule": "from_file", "path": {{System.Text.Json.JsonSerializer.Serialize(csvPath)}} }, "weight": "1 pA", "delay": "1 ms" } ]""")));

    [Fact]
    public void InvalidUtf8DeepInTheFileIsExitTwoAtItsOwnLine()
    {
        // 20,001 good rows (120 kB, past any read-ahead buffer), then 0xFF 0xFE on line 20,003.
        var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes("source,target\n" + string.Concat(Enumerable.Repeat("1,1\n", 20_001))));
        int offset = bytes.Count + 2;
        bytes.AddRange([(byte)'0', (byte)',', 0xFF, 0xFE, (byte)'\n', (byte)'0', (byte)',', (byte)'0', (byte)'\n']);
        string csv = Path.Combine(Dir, "ab.csv");
        File.WriteAllBytes(csv, [.. bytes]);
        var r = ValidateFromFile("ab.csv");
        Assert.Equal(2, r.Code);
        Assert.Contains($"{csv}:20003: $.projections[0].connect.path: the file is not valid UTF-8 (bytes 0xFFFE at byte {offset}); save it as UTF-8 text", r.Err);
    }

    [Fact]
    public void ADeviceAsConnectionFileIsExitTwoAfterALimitedRead()
    {
        if (!File.Exists("/dev/zero")) return;
        var r = ValidateFromFile("/dev/zero");
        Assert.Equal(2, r.Code);
        Assert.Contains("/dev/zero:1: $.projections[0].connect.path: line 1 is longer than 1 MiB without a line break; is it a device such as /dev/zero", r.Err);
    }

    [Fact]
    public void AConnectionFileLargerThanTheLimitIsExitTwoWithoutReadingIt()
    {
        string csv = Path.Combine(Dir, "giant.csv");
        using (var f = new FileStream(csv, FileMode.CreateNew)) f.SetLength(FileConnections.MaxFileBytes + 1);   // sparse
        var r = ValidateFromFile("giant.csv");
        Assert.Equal(2, r.Code);
        Assert.Contains($"{csv}: $.projections[0].connect.path: is larger than any connection file (64 GiB at most)", r.Err);
    }

    [Fact]
    public void LinesAcrossTheReadBuffersBoundariesAreReadWhole()
    {
        // Rows of varying length (CRLF, a byte order mark, no final line break) over several 64 kB buffers.
        var text = new System.Text.StringBuilder("\uFEFFsource,target,weight\r\n");
        for (int i = 0; i < 40_000; i++) text.Append($"{i % 3},{i % 2},{i}.{new string('5', i % 17)}\r\n");
        text.Append("2,1,-7");
        string csv = Path.Combine(Dir, "ab.csv");
        File.WriteAllText(csv, text.ToString());
        FileConnections file = FileConnections.Read(csv, "$.p", "a-b", 3, 2, 1e-4, new HashSet<string> { "a-b" });
        Assert.Equal(40_001, file.Count);
        for (int i = 0; i < 40_000; i++)
        {
            Assert.Equal((i % 3, i % 2), (file.Source[i], file.Target[i]));
            Assert.Equal(double.Parse($"{i}.{new string('5', i % 17)}0", System.Globalization.CultureInfo.InvariantCulture), file.Weight![i]);
        }
        Assert.Equal((2, 1, -7.0), (file.Source[^1], file.Target[^1], file.Weight![^1]));
    }
}
