using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>Small models built in code, and a recorder that keeps everything in memory.</summary>
internal static class SpecBuilder
{
    public static LifSpec Lif(string psc = "delta", double tauM = 10, double cm = 250, double el = 0, double vReset = 0,
                              double vTh = 15, double tRef = 2, double ie = 0, double vInit = 0, double tauEx = 2, double tauIn = 2) =>
        new(psc, tauM, cm, el, vReset, vTh, tRef, ie, new ConstantValue(vInit), tauEx, tauIn);

    public static ModelSpec Model(double durationMs, PopulationSpec[] populations, ProjectionSpec[]? projections = null,
                                  InputSpec[]? inputs = null, RecordSpec? record = null, ulong seed = 1) =>
        new("test", seed, durationMs, populations, projections ?? [], inputs ?? [],
            record ?? new RecordSpec(populations.Select(p => p.Name).ToArray(), [], null));

    public static Recorded Run(ModelSpec spec, int threads = 1)
    {
        var network = Network.Build(spec);
        var recorder = new Recorded();
        var result = new Simulator(network, new SimulationOptions { Threads = threads }).Run(spec.DurationMs, recorder);
        recorder.Result = result;
        return recorder;
    }
}

internal sealed class Recorded : ISimulationObserver
{
    public List<(double T, int Neuron)> Spikes { get; } = [];
    public List<VoltageSample> Samples { get; } = [];
    public List<StateSample> StateSamples { get; } = [];
    public SimulationResult? Result { get; set; }

    public void OnSlice(in SliceOutput slice)
    {
        for (int i = 0; i < slice.SpikeTimesMs.Length; i++) Spikes.Add((slice.SpikeTimesMs[i], slice.SpikeNeurons[i]));
        foreach (VoltageSample s in slice.Samples) Samples.Add(s);
        foreach (StateSample s in slice.StateSamples) StateSamples.Add(s);
    }

    public double[] SpikeTimesOf(int neuron) => Spikes.Where(s => s.Neuron == neuron).Select(s => s.T).ToArray();
}
