using SpikeSim.Modeling;
using SpikeSim.Nir;

namespace SpikeSim.Tests.Nir;

/// <summary>Graphs written by NIR's own nir.write (Fixtures/make_nir_write_fixtures.py), imported: every mapped primitive.</summary>
public sealed class NirReferenceWriterTests
{
    private static ModelSpec Import(string graph, NirRunInputs run)
    {
        string path = NirExactnessTests.Fixture(graph);
        NirImportResult result = NirImporter.Import(NirFileReader.Read(path), path, new NirImportOptions { Run = run });
        return ModelReader.Parse(result.ModelJson, path);
    }

    private static double[][] Weights(ModelSpec spec, string from, string to) =>
        ((MatrixValue)spec.Projections.Single(p => p.From == from && p.To == to).Weight).Rows;

    [Fact]
    public void EveryPrimitiveWrittenByNirWriteMapsToTheExpectedWeightsAndCurrents()
    {
        var run = new NirRunInputs { Signals = new Dictionary<string, NirInputSignal> { ["input"] = new([[1.0, 2.0], [3.0]], null) } };
        ModelSpec spec = Import("all_by_nir.nir", run);
        Assert.Equal(["cuba", "cubali", "i", "if", "li", "lif"], spec.Populations.Select(p => p.Name).Order(StringComparer.Ordinal));
        // lif -> Linear [1 1] -> Scale 2 -> Delay 1.5 -> CubaLIF (w_in 1, tau_syn 2): w = 2, current jump w_in w / tau_syn = 1 pA.
        Assert.Equal([1.0, 1.0], Weights(spec, "lif", "cuba")[0]);
        Assert.Equal(1.5, ((ConstantValue)spec.Projections.Single(p => p.To == "cuba").Delay).Value);
        Assert.Equal(1.0, Weights(spec, "cuba", "if")[0][0]);    // IF: r w = 1 mV
        Assert.Equal(0.2, Weights(spec, "if", "li")[0][0]);      // LI: r w / tau = 1/5 mV
        Assert.Equal(0.5, Weights(spec, "if", "cubali")[0][0]);  // CubaLI: w_in w / tau_syn = 1/2 pA
        Assert.Equal(1.0, Weights(spec, "if", "i")[0][0]);       // I: r w = 1 mV
        // Input channels through Affine W = [[1 2] [3 4]] onto LIF (r/tau = 0.1): channel 0 -> [0.1, 0.3] mV, channel 1 -> [0.2, 0.4] mV.
        var spikes = spec.Inputs.OfType<SpikeTimesInput>().ToArray();
        Assert.Equal(0.1, spikes[0].Weight[0], 1e-15);
        Assert.Equal(0.3, spikes[0].Weight[1], 1e-15);
        Assert.Equal(0.4, spikes[1].Weight[1], 1e-15);
        Assert.Equal([3.0], spikes[1].TimesMs[0]);
        // Affine bias [0.5, 0] is a constant current from 0 ms.
        Assert.Equal([0.5, 0.0], spec.Inputs.OfType<CurrentInput>().Single().Steps[0].AmplitudePa.Values);
        // IF and I have no leak; LI, CubaLI and I never spike.
        Assert.Equal(NirUnits.NoLeakTauMs, spec.Populations.Single(p => p.Name == "if").Neuron.TauMMs);
        Assert.Equal(NirUnits.NeverSpikeMv, spec.Populations.Single(p => p.Name == "cubali").Neuron.VThMv);
        Assert.Equal(3, spec.Record.V.Count);
    }

    [Fact]
    public void ThresholdsFromNirWriteBecomeCrossingDetectorsAndIdentities()
    {
        // input -> [[1], [1]] -> LI (tau 10, r 2) -> Threshold [15, 12] -> [[20, 0]] -> lif -> Threshold 0.5 -> 3 -> lif2.
        // Under I = 10 from 0 ms each LI rises towards r I = 20 and crosses its level once (no reset): at 10 ln(20/5) and
        // 10 ln(20/8). Only the first reaches lif, with r w / tau = 2 mV >= 1: it fires an edge delay (0.1 ms) later.
        var run = new NirRunInputs
        {
            DurationMs = 60,
            Signals = new Dictionary<string, NirInputSignal> { ["input"] = new(null, [(0.0, [10.0])]) },
        };
        ModelSpec spec = Import("threshold_by_nir.nir", run);
        Assert.Equal(["li#0", "li#1", "lif", "lif2"], spec.Populations.Select(p => p.Name));
        Assert.All(spec.Populations.Take(2), p => Assert.Equal("delta_crossing", p.Neuron.Psc));
        Assert.Equal([15.0, 12.0], spec.Populations.Take(2).Select(p => p.Neuron.VThMv));
        Assert.Equal(2.0, Weights(spec, "li#0", "lif")[0][0], 1e-15);
        Assert.DoesNotContain(spec.Projections, p => p.From == "li#1"); // its column of w_out is 0
        Assert.Equal(0.3, Weights(spec, "lif", "lif2")[0][0], 1e-15); // the Threshold after lif passes its spikes: 3 r / tau

        var spikes = SpikeSim.Tests.Engine.SpecBuilder.Run(spec);
        Assert.Equal(10 * Math.Log(4), Assert.Single(spikes.SpikeTimesOf(0)), 1e-12);
        Assert.Equal(10 * Math.Log(2.5), Assert.Single(spikes.SpikeTimesOf(1)), 1e-12);
        Assert.Equal(10 * Math.Log(4) + NirImporter.DefaultEdgeDelayMs, Assert.Single(spikes.SpikeTimesOf(2)), 1e-12);
    }

    [Fact]
    public void NestedGraphFromNirWriteIsFlattened()
    {
        // NIRGraph.from_list(Linear 2, LIF tau 10 r 1): the outer Input reaches sub/lif through the inner Linear, J = 2 r / tau = 0.2 mV.
        var run = new NirRunInputs { Signals = new Dictionary<string, NirInputSignal> { ["input"] = new([[5.0]], null) } };
        ModelSpec spec = Import("nested_by_nir.nir", run);
        Assert.Equal("sub/lif", Assert.Single(spec.Populations).Name);
        var input = Assert.IsType<SpikeTimesInput>(Assert.Single(spec.Inputs));
        Assert.Equal(0.2, input.Weight[0], 1e-15);
    }
}
