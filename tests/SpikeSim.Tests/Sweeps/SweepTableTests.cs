using System.Globalization;
using SpikeSim.Cli;
using SpikeSim.Plotting.Data;
using SpikeSim.Sweeps;
using SpikeSim.Tests.Cli;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Sweeps;

/// <summary>results.csv and journal.csv read straight into a data frame; a sweep folder resumes from its own sweep.json.</summary>
public class SweepTableTests : CliTestBase
{
    private static string TwoNeurons => Path.Combine(ModelTestHelpers.ModelsDir, "two-neurons.json");

    private string Sweep(string name, params string[] extra) => Sweep(name, TwoNeurons, extra);

    private string Sweep(string name, string model, params string[] extra)
    {
        string dir = Path.Combine(Dir, name);
        var run = Spikesim(["sweep", model, "--param", "inputs.1.rate=[800 Hz,1.5 kHz]", "--param", "projections.0.delay=500 us..2000 us:3",
                            "--out", dir, "-q", "-t", "1", .. extra]);
        Assert.True(run.Code == 0, run.Err);
        return dir;
    }

    [Fact]
    public void Parameter_columns_are_numbers_in_the_internal_unit_named_with_it()
    {
        string dir = Sweep("s");
        string[] lines = File.ReadAllLines(Path.Combine(dir, SweepFolder.ResultsFile));
        Assert.StartsWith("inputs.1.rate_Hz,projections.0.delay_ms,repeat,seed,", lines[0]);
        // 800 Hz and 1.5 kHz -> 800 and 1500 (Hz); 500 us..2000 us:3 -> 0.5, 1.25, 2 (ms).
        Assert.Equal(["800,0.5", "800,1.25", "800,2", "1500,0.5", "1500,1.25", "1500,2"],
                     lines[1..].Select(l => string.Join(',', l.Split(',')[..2])));
        foreach (string line in lines[1..])
            foreach (string field in line.Split(','))
                Assert.True(field == "NaN" || double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{field}' in {line}");
    }

    [Fact]
    public void A_column_that_is_not_one_kind_of_quantity_keeps_its_text()
    {
        Assert.Equal("populations.a.neuron.psc", SweepValueColumn.Of("populations.a.neuron.psc", ["delta", "exp"]).Name);
        var mixed = SweepValueColumn.Of("x", ["1 ms", "2 mV"]);
        Assert.Null(mixed.Dimension);
        Assert.Equal("2 mV", mixed.Format("2 mV"));
        var plain = SweepValueColumn.Of("populations.a.size", ["10", "20"]);
        Assert.Equal(("populations.a.size", "20"), (plain.Name, plain.Format("20")));
        Assert.Equal("projections.x.velocity_m_per_s", SweepValueColumn.Of("projections.x.velocity", ["1 m/s", "2 mm/ms"]).Name);
    }

    [Fact]
    public void The_journal_has_no_column_twice()
    {
        string dir = Sweep("s");
        string[] header = File.ReadLines(Path.Combine(dir, SweepJournal.FileName)).First().Split(',');
        Assert.Equal(header.Length, header.Distinct().Count());
        Assert.Equal(["point", "inputs.1.rate_Hz", "projections.0.delay_ms", "repeat", "seed"], header[..5]);
    }

    [Fact]
    public void Plots_read_the_unit_from_the_column_name()
    {
        string dir = Sweep("s");
        var results = SweepResults.Read(Path.Combine(dir, SweepFolder.ResultsFile));
        Assert.Equal(("inputs.1.rate", "Hz"), (results.Parameters[0].Path, results.Parameters[0].Unit));
        Assert.Equal([800.0, 1500.0], results.Parameters[0].Levels);
        Assert.Equal(("projections.0.delay", "ms"), (results.Parameters[1].Path, results.Parameters[1].Unit));
        Assert.Equal([0.5, 1.25, 2.0], results.Parameters[1].Levels);
    }

    [Fact]
    public void Resume_continues_a_sweep_from_its_own_sweep_json()
    {
        string model = Write("model.json", File.ReadAllText(TwoNeurons));
        string whole = Sweep("whole", model);
        string cut = Sweep("cut", model);
        // sweep.json names the model relative to the sweep folder, as a sweep file's model is read.
        Assert.Contains("\"model\": \"../model.json\"", File.ReadAllText(Path.Combine(cut, SweepFolder.DefinitionFile)));
        Assert.Equal(Path.GetFullPath(model), SweepFile.Read(Path.Combine(cut, SweepFolder.DefinitionFile)).Spec.ModelPath);
        // As if stopped after 2 runs.
        string journal = Path.Combine(cut, SweepJournal.FileName);
        File.WriteAllLines(journal, File.ReadAllLines(journal)[..3]);
        File.WriteAllText(Path.Combine(cut, SweepFolder.ResultsFile), string.Join('\n', File.ReadAllLines(Path.Combine(cut, SweepFolder.ResultsFile))[..3]) + "\n");

        var resume = Spikesim("sweep", "--resume", cut, "-q", "-t", "1");
        Assert.True(resume.Code == 0, resume.Err);
        Assert.Contains("6 runs (4 simulated, 2 resumed)", resume.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, SweepFolder.ResultsFile)), File.ReadAllText(Path.Combine(cut, SweepFolder.ResultsFile)));
    }

    [Fact]
    public void Resume_refuses_a_second_definition_and_a_folder_without_sweep_json()
    {
        string dir = Sweep("s");
        var both = Spikesim("sweep", "--resume", dir, "--param", "seed=[1,2]");
        Assert.Equal(ExitCodes.BadInput, both.Code);
        Assert.Contains("leave out --param", both.Err);
        var withModel = Spikesim("sweep", TwoNeurons, "--resume", dir);
        Assert.Equal(ExitCodes.BadInput, withModel.Code);
        Assert.Contains("leave out the model or sweep file", withModel.Err);
        Directory.CreateDirectory(Path.Combine(Dir, "empty"));
        var empty = Spikesim("sweep", "--resume", Path.Combine(Dir, "empty"));
        Assert.Equal(ExitCodes.BadInput, empty.Code);
        Assert.Contains("no sweep.json", empty.Err);
    }
}
