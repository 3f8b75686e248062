using SpikeSim.Plotting.Data;

namespace SpikeSim.Tests.Plotting;

public sealed class ReaderTests : PlotTestFolder
{
    [Fact]
    public void SpikesAreSplitByPopulationInTheGivenOrderWithQuotedNames()
    {
        string path = Write("spikes.csv", """
            t_ms,population,neuron
            0.5,"in,h",3
            1.25,exc,0
            2,exc,7
            """);
        var spikes = SpikeTrains.Read(path, ["exc", "in,h", "silent"]);
        Assert.Equal(3, spikes.Count);
        Assert.Equal(["exc", "in,h", "silent"], spikes.Populations.Select(p => p.Name));
        Assert.Equal([1.25, 2.0], spikes.Populations[0].TimesMs);
        Assert.Equal([0, 7], spikes.Populations[0].Neurons);
        Assert.Equal([3], spikes.Populations[1].Neurons);
        Assert.Equal(0, spikes.Populations[2].Count);
    }

    [Fact]
    public void AMissingColumnNamesTheFileAndTheColumn()
    {
        string path = Write("spikes.csv", "t_ms,pop,neuron\n1,exc,0\n");
        var e = Assert.Throws<PlotDataException>(() => SpikeTrains.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("no column 'population'", e.Message);
    }

    [Fact]
    public void ABadValueNamesTheLineAndTheColumn()
    {
        string path = Write("v.csv", "t_ms,population,neuron,v_mV\n0,exc,0,-70\n0.1,exc,0,abc\n");
        var e = Assert.Throws<PlotDataException>(() => TraceTables.ReadVoltages(path));
        Assert.Equal($"{path}:3: column 'v_mV': expected a number, got \"abc\"", e.Message);
    }

    [Fact]
    public void RatesKnowTheirBinWidth()
    {
        string path = Write("rates.csv", "t_ms,population,rate_hz\n0,a,10\n0,b,20\n5,a,30\n5,b,40\n");
        var rates = TraceTables.ReadRates(path);
        Assert.Equal(["a", "b"], rates.Select(r => r.Population));
        Assert.Equal(5.0, rates[0].BinMs);
        Assert.Equal([20.0, 40.0], rates[1].RateHz);
    }

    [Fact]
    public void WeightsFormOneSnapshotPerTime()
    {
        string path = Write("weights.csv", """
            t_ms,projection,source,target,weight
            0,ee,0,1,0.5
            0,ee,1,0,1.5
            0,ie,0,0,-2
            100,ee,0,1,0.75
            100,ee,1,0,1.75
            """);
        var weights = PlasticityTables.ReadWeights(path);
        Assert.Equal(["ee", "ie"], weights.Select(w => w.Projection));
        Assert.Equal([0.0, 100.0], weights[0].TimesMs);
        Assert.Equal([0.75, 1.75], weights[0].Weights[1]);
        Assert.Equal([-2.0], weights[1].Weights[0]);
    }

    [Fact]
    public void ActivationsBecomeAGridWithGapsAsNaN()
    {
        string path = Write("activations.csv", "step,population,neuron,value\n0,h,0,0.1\n0,h,2,0.3\n1,h,1,0.5\n");
        var grid = Assert.Single(ArtificialTables.ReadActivations(path));
        Assert.Equal([0, 1], grid.Steps);
        Assert.Equal(3, grid.NeuronCount);
        Assert.Equal(0.3, grid.Values[0, 2]);
        Assert.Equal(0.5, grid.Values[1, 1]);
        Assert.True(double.IsNaN(grid.Values[0, 1]));
    }

    [Fact]
    public void CompareIgnoresExtraColumnsInAnyOrder()
    {
        string path = Write("compare.csv", "neuron,population,extra,value,rate_hz\n0,exc,x,0.25,12.5\n1,exc,y,0.5,25\n");
        var p = Assert.Single(ArtificialTables.ReadCompare(path));
        Assert.Equal([0, 1], p.Neurons);
        Assert.Equal([0.25, 0.5], p.Values);
        Assert.Equal([12.5, 25.0], p.RateHz);
    }

    [Fact]
    public void SweepParametersWithUnitsAreConvertedToTheInternalUnit()
    {
        string path = Write("results.csv", """
            populations.exc.neuron.tau_m,inputs.0.rate,mode,repeat,seed,rate_hz.exc,cv_isi.exc
            10 ms,2 kHz,a,0,11,5.5,0.9
            1 s,500 Hz,b,0,12,6.5,
            10 ms,500 Hz,a,1,13,7.5,null
            """);
        var r = SweepResults.Read(path);
        Assert.Equal(3, r.RowCount);
        var tau = r.Parameters[0];
        Assert.True(tau.IsNumeric);
        Assert.Equal("ms", tau.Unit);
        Assert.Equal([10.0, 1000.0, 10.0], tau.Values);
        Assert.Equal([10.0, 1000.0], tau.Levels);
        Assert.Equal("populations.exc.neuron.tau_m (ms)", tau.AxisTitle);
        Assert.Equal("Hz", r.Parameters[1].Unit);
        Assert.Equal([2000.0, 500.0, 500.0], r.Parameters[1].Values);
        Assert.False(r.Parameters[2].IsNumeric);
        Assert.Equal(["a", "b"], r.Parameters[2].LevelLabels);
        Assert.Equal(["rate_hz.exc", "cv_isi.exc"], r.MetricColumns);
        Assert.Equal(0.9, r.Metric("cv_isi.exc")[0]);
        Assert.True(double.IsNaN(r.Metric("cv_isi.exc")[1]) && double.IsNaN(r.Metric("cv_isi.exc")[2]));
        Assert.Equal(("rate_hz", "exc"), SweepResults.SplitMetric("rate_hz.exc"));
    }

    [Fact]
    public void ASweepWithoutRepeatOrSeedIsRejected()
    {
        string path = Write("results.csv", "x,rate_hz.exc\n1,2\n");
        var e = Assert.Throws<PlotDataException>(() => SweepResults.Read(path));
        Assert.Contains("'repeat' or 'seed'", e.Message);
    }

    [Fact]
    public void SummaryGivesSizesAndDuration()
    {
        string path = WriteSummary(".", 250, ("exc", 80), ("inh", 20));
        var s = RunSummary.Read(path);
        Assert.Equal(250.0, s.DurationMs);
        Assert.Equal([("exc", 80), ("inh", 20)], s.Populations.Select(p => (p.Name, p.Size)));
        Assert.Equal(1, s.IndexOf("inh"));
    }
}
