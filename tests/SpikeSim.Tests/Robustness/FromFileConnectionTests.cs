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
}
