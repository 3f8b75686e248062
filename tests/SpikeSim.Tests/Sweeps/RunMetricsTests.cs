using SpikeSim.Analysis;
using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Tests.Sweeps;

/// <summary>The run metrics on hand-made spike trains, against values worked out by hand.</summary>
public class RunMetricsTests
{
    // Population a: neurons 0 and 1; population b: neuron 2. 100 ms.
    //   a0: 5, 15, 25, 35 ms    a1: 5, 10, 30 ms    b0: 60 ms
    private static readonly (double T, int N)[] Spikes = [(5, 0), (5, 1), (10, 1), (15, 0), (25, 0), (30, 1), (35, 0), (60, 2)];

    private static Network TinyNetwork() => Network.Build(ModelReader.Parse("""
        { "duration": "100 ms",
          "populations": [ { "name": "a", "size": 2, "neuron": { "model": "lif" } },
                           { "name": "b", "size": 1, "neuron": { "model": "lif" } } ] }
        """, "tiny.json"));

    private static double[] Measure(IRunMetric metric, MetricSettings settings, long recurrent = 0, long input = 0)
    {
        var network = TinyNetwork();
        var probe = metric.Start(network, 100);
        // Two slices, spikes ordered by (time, neuron) as the engine gives them.
        Deliver(probe, 0, 50);
        Deliver(probe, 50, 100);
        var values = new double[metric.Columns(network.Spec).Count];
        probe.Complete(new SimulationResult(100, 0.1, [7, 1], recurrent, input, 1), values);
        return values;
    }

    private static void Deliver(IRunProbe probe, double start, double end)
    {
        var times = Spikes.Where(s => s.T >= start && s.T < end).Select(s => s.T).ToArray();
        var neurons = Spikes.Where(s => s.T >= start && s.T < end).Select(s => s.N).ToArray();
        probe.OnSlice(new SliceOutput { StartMs = start, EndMs = end, SpikeTimesMs = times, SpikeNeurons = neurons, Samples = [] });
    }

    [Fact]
    public void Columns_are_named_metric_dot_population()
    {
        var spec = TinyNetwork().Spec;
        Assert.Equal(["rate_hz.a", "rate_hz.b"], new RateMetric(new MetricSettings()).Columns(spec));
        Assert.Equal(["events.recurrent", "events.input"], new EventsMetric().Columns(spec));
        Assert.Equal(RunMetrics.Names, RunMetrics.Names.Select(n => RunMetrics.TryCreate(n, new MetricSettings())!.Name));
        Assert.Null(RunMetrics.TryCreate("rates", new MetricSettings()));
    }

    [Fact]
    public void Rate_is_spikes_per_neuron_per_second_after_warmup()
    {
        // a: 7 spikes / (2 neurons x 0.1 s) = 35 Hz; b: 1 / (1 x 0.1 s) = 10 Hz.
        Assert.Equal([35.0, 10.0], Measure(new RateMetric(new MetricSettings()), new MetricSettings()));
        // warmup 20 ms: a keeps 25, 30, 35 ms: 3 / (2 x 0.08 s) = 18.75 Hz; b: 1 / 0.08 s = 12.5 Hz.
        var warm = new MetricSettings(WarmupMs: 20);
        Assert.Equal([18.75, 12.5], Measure(new RateMetric(warm), warm));
    }

    [Fact]
    public void Cv_is_the_mean_over_neurons_of_isi_std_over_mean()
    {
        // a0: ISIs 10, 10, 10 -> CV 0; a1: ISIs 5, 20: mean 12.5, population sd 7.5 -> CV 0.6; mean 0.3.
        // b0 has no ISI -> NaN.
        var v = Measure(new CvIsiMetric(new MetricSettings()), new MetricSettings());
        Assert.Equal(0.3, v[0], 15);
        Assert.True(double.IsNaN(v[1]));
    }

    [Fact]
    public void Fano_is_the_mean_over_neurons_of_count_variance_over_mean()
    {
        // 50 ms windows: a0 counts (4, 0): mean 2, var 4 -> F 2; a1 (3, 0): mean 1.5, var 2.25 -> F 1.5; mean 1.75.
        // b0 (0, 1): mean 0.5, var 0.25 -> F 0.5.
        var settings = new MetricSettings(FanoBinMs: 50);
        var v = Measure(new FanoMetric(settings), settings);
        Assert.Equal(1.75, v[0], 15);
        Assert.Equal(0.5, v[1], 15);
    }

    [Fact]
    public void Fano_drops_the_last_partial_window()
    {
        // 40 ms windows: two whole windows [0,40), [40,80); b0's spike at 60 ms is in the second.
        // a0 (4, 0): F 2; a1 (3, 0): F 1.5 -> 1.75. b0 (0, 1): F 0.5.
        var settings = new MetricSettings(FanoBinMs: 40);
        Assert.Equal(2, settings.WholeBins(100, 40));
        var v = Measure(new FanoMetric(settings), settings);
        Assert.Equal(1.75, v[0], 15);
        Assert.Equal(0.5, v[1], 15);
    }

    [Fact]
    public void Chi_is_population_activity_variance_over_mean_single_neuron_variance()
    {
        // 10 ms bins (10 bins). a0 counts 1,1,1,1,0..: mean .4, var .24. a1 (5, 10, 30 ms) 1,1,0,1,0..: mean .3, var .21.
        // A = (n0 + n1)/2 = 1, 1, .5, 1, 0..: mean .35, mean A^2 .325, var .2025. chi^2 = .2025 / ((.24 + .21)/2) = .9.
        // b: one neuron, so A = n and chi = 1.
        var settings = new MetricSettings(ChiBinMs: 10);
        var v = Measure(new ChiMetric(settings), settings);
        Assert.Equal(Math.Sqrt(0.9), v[0], 14);
        Assert.Equal(1.0, v[1], 14);
    }

    [Fact]
    public void Events_come_from_the_simulation_result()
    {
        Assert.Equal([7.0, 9.0], Measure(new EventsMetric(), new MetricSettings(), recurrent: 7, input: 9));
    }

    [Fact]
    public void Weights_give_count_mean_and_sd_per_projection_in_the_target_unit()
    {
        var network = Network.Build(ModelReader.Parse("""
            { "duration": "10 ms",
              "populations": [ { "name": "a", "size": 100, "neuron": { "model": "lif" } },
                               { "name": "b", "size": 2, "neuron": { "model": "lif", "psc": "exp" } } ],
              "projections": [
                { "from": "a", "to": "a", "connect": { "rule": "all_to_all" },
                  "weight": { "dist": "uniform", "low": "1 mV", "high": "3 mV" }, "delay": "1 ms" },
                { "from": "a", "to": "b", "connect": { "rule": "all_to_all" }, "weight": "30 pA", "delay": "1 ms" } ] }
            """, "w.json"));
        var metric = new WeightsMetric();
        Assert.Equal(["synapses.a-a", "weight_mean_mV.a-a", "weight_sd_mV.a-a", "synapses.a-b", "weight_mean_pA.a-b", "weight_sd_pA.a-b"],
                     metric.Columns(network.Spec));
        var values = new double[6];
        metric.Start(network, 10).Complete(new SimulationResult(10, 0, [0, 0], 0, 0, 1), values);
        // a-a: 100 x 100 uniform draws on [1, 3) mV: mean 2, sd 2/sqrt(12) = 0.577, within a few standard errors (0.006).
        Assert.Equal(10_000, values[0]);
        Assert.Equal(2.0, values[1], 0.03);
        Assert.Equal(2 / Math.Sqrt(12), values[2], 0.02);
        // a-b: 200 synapses of exactly 30 pA.
        Assert.Equal([200.0, 30.0, 0.0], values[3..]);
    }
}
