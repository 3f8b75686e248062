using System.Buffers.Binary;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Modeling;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// Saving a simulation and continuing it later (<see cref="Simulator.SaveState(Stream)"/>,
/// <see cref="Simulator.LoadState(Network, Stream, SimulationOptions, string?)"/>): the continuation equals one
/// uninterrupted run, bit for bit, whatever the thread counts; a changed model that keeps the shape is accepted,
/// another shape or a damaged file is refused.
/// </summary>
public class SavedStateTests
{
    /// <summary>Runs <paramref name="firstMs"/>, saves with <paramref name="saveThreads"/>, loads with <paramref name="loadThreads"/> and runs the rest.</summary>
    private static (Recorded Whole, Recorded Continued, Simulator WholeSim, Simulator ContinuedSim, byte[] State) SaveAndContinue(
        ModelSpec spec, double firstMs, int saveThreads, int loadThreads, ModelSpec? loadSpec = null, bool saveSourceTraces = true,
        bool loadSourceTraces = true)
    {
        var whole = new Recorded();
        var wholeSim = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        whole.Result = wholeSim.Run(spec.DurationMs, whole);

        var first = new Simulator(Network.Build(spec), new SimulationOptions { Threads = saveThreads, SourceTraces = saveSourceTraces });
        first.Run(firstMs, null);
        var buffer = new MemoryStream();
        first.SaveState(buffer);
        byte[] state = buffer.ToArray();

        var continued = new Recorded();
        var next = Simulator.LoadState(Network.Build(loadSpec ?? spec), new MemoryStream(state),
                                       new SimulationOptions { Threads = loadThreads, SourceTraces = loadSourceTraces });
        Assert.Equal(firstMs, next.TimeMs);
        continued.Result = next.Run(spec.DurationMs - firstMs, continued);
        return (whole, continued, wholeSim, next, state);
    }

    private static void AssertTailEqual(Recorded whole, Recorded continued, double fromMs)
    {
        var spikes = whole.Spikes.Where(s => s.T >= fromMs).ToList();
        Assert.NotEmpty(spikes);
        Assert.Equal(spikes, continued.Spikes);
        Assert.Equal(whole.Samples.Where(s => s.TimeMs >= fromMs).ToList(), continued.Samples);
    }

    private static double[] Weights(Simulator simulator, int projection)
    {
        var table = simulator.Projections[projection];
        var weights = new double[table.Count];
        for (int k = 0; k < table.Count; k++) weights[k] = table.WeightOf(k);
        return weights;
    }

    private static ModelSpec Shipped(string name, double durationMs, params string[] overrides) =>
        ModelReader.ReadFile(Path.Combine(ModelTestHelpers.ModelsDir, name), [.. overrides, $"duration={durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms"]);

    [Theory]
    [InlineData("delta", 2, 1)]
    [InlineData("delta", 1, 3)]
    [InlineData("exp", 2, 1)]
    [InlineData("exp", 3, 2)]
    public void ContinuingASavedStateGivesTheSpikesAndSamplesOfOneRun(string psc, int saveThreads, int loadThreads)
    {
        // Delays 0.5-2.5 ms over slices of 0.5 ms: at 100.05 ms (inside a slice) spikes are in flight over five slices.
        var spec = DeterminismTests.Recurrent(psc);
        var (whole, continued, _, _, _) = SaveAndContinue(spec, 100.05, saveThreads, loadThreads);
        Assert.True(whole.Spikes.Count(s => s.T is > 100.05 - 2.5 and < 100.05) > 10, "spikes should be in flight at the save");
        AssertTailEqual(whole, continued, 100.05);
    }

    [Fact]
    public void TheStateDoesNotDependOnTheNumberOfThreads()
    {
        var spec = DeterminismTests.Recurrent("delta");
        byte[] Save(int threads)
        {
            var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = threads });
            simulator.Run(77.7, null);
            var buffer = new MemoryStream();
            simulator.SaveState(buffer);
            return buffer.ToArray();
        }
        byte[] one = Save(1);
        Assert.Equal(one, Save(2));
        Assert.Equal(one, Save(3));
    }

    [Theory]
    [InlineData(2, 1, "0 ms")]
    [InlineData(1, 2, "3 ms")] // a dendritic delay: postsynaptic spikes wait in a queue of their own
    public void StdpWeightsAfterAContinuationEqualThoseOfOneRun(int saveThreads, int loadThreads, string dendritic)
    {
        var spec = Shipped("song2000-stdp.json", 3000, $"projections.0.plasticity.dendritic_delay={dendritic}");
        var (whole, continued, wholeSim, continuedSim, _) = SaveAndContinue(spec, 1234.567, saveThreads, loadThreads);
        AssertTailEqual(whole, continued, 1234.567);
        double[] expected = Weights(wholeSim, 0);
        Assert.Equal(expected, Weights(continuedSim, 0));
        Assert.True(expected.Distinct().Count() > 100, "the weights should have learned");
    }

    /// <summary>
    /// All-to-all traces kept per source continue from a state saved inside a slice, with spikes in flight (loaded as
    /// each target's own events), whichever way the saving run kept them; the state itself is the same either way.
    /// </summary>
    [Theory]
    [InlineData(true, true, 2, 1)]
    [InlineData(false, true, 1, 2)]
    [InlineData(true, false, 2, 2)]
    public void StdpTracesKeptPerSourceContinue(bool saveSourceTraces, bool loadSourceTraces, int saveThreads, int loadThreads)
    {
        var spec = Plasticity.StdpEpochTests.Recurrent(false, StdpPairing.AllToAll);
        const double at = 123.45; // inside a slice of 1.5 ms
        var (whole, continued, wholeSim, continuedSim, state) =
            SaveAndContinue(spec, at, saveThreads, loadThreads, saveSourceTraces: saveSourceTraces, loadSourceTraces: loadSourceTraces);
        Assert.Equal(loadSourceTraces, continuedSim.Projections[0].Plastic!.PerSourceTraces);
        Assert.True(whole.Spikes.Count(s => s.T is > at - 1.5 and < at) > 5, "spikes should be in flight at the save");
        AssertTailEqual(whole, continued, at);
        Assert.Equal(Weights(wholeSim, 0), Weights(continuedSim, 0));
        var other = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1, SourceTraces = !saveSourceTraces });
        other.Run(at, null);
        var buffer = new MemoryStream();
        other.SaveState(buffer);
        Assert.Equal(state, buffer.ToArray());
    }

    /// <summary>
    /// A state whose traces differ between the synapses of one source in their last bits loads with the traces kept
    /// per synapse, as a run that never keeps them per source continues it. Such a state comes from an earlier build,
    /// which saved each trace with its synapse's last arrival (a, b) instead of its target's epoch: here one synapse's
    /// pair is rewritten so, a = 1 ms earlier and b grown by e^{1/τ+} (and by 2^-30 of itself, so that the trace it
    /// gives is not the source's to the bit), the checksum made again.
    /// </summary>
    [Fact]
    public void TracesThatDifferWithinASourceStayPerSynapse()
    {
        var spec = Plasticity.StdpEpochTests.Recurrent(false, StdpPairing.AllToAll);
        var first = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1, SourceTraces = false });
        first.Run(123.45, null);
        var buffer = new MemoryStream();
        first.SaveState(buffer);
        byte[] state = buffer.ToArray();
        var plastic = first.Projections[0].Plastic!;
        int slot = Array.FindIndex(plastic.Pre!, b => b > 0.5);
        Assert.True(slot >= 0);
        Span<byte> payload = state.AsSpan(20, state.Length - 20 - 32);
        byte[] pattern = new byte[24];
        BinaryPrimitives.WriteDoubleLittleEndian(pattern, plastic.Weights[slot]);
        int at = -1;
        for (int k = 0; k + 24 <= payload.Length && at < 0; k++)
            if (payload.Slice(k, 8).SequenceEqual(pattern.AsSpan(0, 8)) && BinaryPrimitives.ReadDoubleLittleEndian(payload[(k + 16)..]) == plastic.Pre![slot]) at = k;
        Assert.True(at >= 0, "the slot's saved (w, a, b)");
        double a = BinaryPrimitives.ReadDoubleLittleEndian(payload[(at + 8)..]), tauPlus = 2;
        BinaryPrimitives.WriteDoubleLittleEndian(payload[(at + 8)..], a - 1);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[(at + 16)..], plastic.Pre![slot] * Math.Exp(1 / tauPlus) * (1 + Math.Pow(2, -30)));
        System.Security.Cryptography.SHA256.HashData(payload).CopyTo(state.AsSpan(state.Length - 32));

        (List<(double T, int Neuron)> Spikes, double[] Weights, bool PerSource) Continue(bool sourceTraces)
        {
            var next = Simulator.LoadState(Network.Build(spec), new MemoryStream(state), new SimulationOptions { Threads = 2, SourceTraces = sourceTraces });
            if (!sourceTraces) Assert.NotEqual(plastic.Pre![slot], next.Projections[0].Plastic!.Pre![slot]);
            var recorded = new Recorded();
            next.Run(spec.DurationMs - 123.45, recorded);
            return (recorded.Spikes, Weights(next, 0), next.Projections[0].Plastic!.PerSourceTraces);
        }
        var continued = Continue(true);
        var reference = Continue(false);
        Assert.False(continued.PerSource);
        Assert.NotEmpty(continued.Spikes);
        Assert.Equal(reference.Spikes, continued.Spikes);
        Assert.Equal(reference.Weights, continued.Weights);
    }

    [Theory]
    [InlineData("adaptation.json", 700, 233.3)]
    [InlineData("two-neurons.json", 60, 13.45, "populations.1.neuron.psc=alpha")]
    [InlineData("coba.json", 60, 23.45)]
    public void EveryNeuronModelsStateContinuesWithoutCodeOfItsOwn(string model, double durationMs, double saveMs, params string[] overrides)
    {
        var spec = Shipped(model, durationMs, overrides);
        var (whole, continued, _, _, _) = SaveAndContinue(spec, saveMs, 2, 1);
        Assert.Contains(whole.Samples, s => s.TimeMs >= saveMs);
        AssertTailEqual(whole, continued, saveMs);
    }

    [Fact]
    public void ShortTermStateContinues()
    {
        var spec = Shipped("short-term.json", 1500);
        var (whole, continued, _, _, _) = SaveAndContinue(spec, 512.3, 2, 1);
        AssertTailEqual(whole, continued, 512.3);
    }

    [Theory]
    [InlineData(350.5, 2, 1)] // between structural updates
    [InlineData(400, 1, 2)]   // exactly at one: the update belongs to the first run
    public void StructuralPlasticityContinues(double saveMs, int saveThreads, int loadThreads)
    {
        var spec = Shipped("structural.json", 800);
        var (whole, continued, wholeSim, continuedSim, _) = SaveAndContinue(spec, saveMs, saveThreads, loadThreads);
        AssertTailEqual(whole, continued, saveMs);
        var a = wholeSim.Projections[0];
        var b = continuedSim.Projections[0];
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(Enumerable.Range(0, a.Count).Select(k => (a.TargetOf(k), a.WeightOf(k))), Enumerable.Range(0, b.Count).Select(k => (b.TargetOf(k), b.WeightOf(k))));
        Assert.NotEqual(Network.Build(spec).Projections[0].Count, a.Count); // it did rewire
    }

    [Fact]
    public void RemovingThePlasticityBlockFreezesTheLearnedWeights()
    {
        // Train with STDP, then test the learned network with plasticity off.
        var spec = Shipped("song2000-stdp.json", 2000);
        var trainer = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 2 });
        trainer.Run(1000, null);
        double[] learned = Weights(trainer, 0);
        var buffer = new MemoryStream();
        trainer.SaveState(buffer);

        var frozenSpec = spec with { Projections = [.. spec.Projections.Select(p => p with { Plasticity = null })] };
        var tester = Simulator.LoadState(Network.Build(frozenSpec), new MemoryStream(buffer.ToArray()), new SimulationOptions { Threads = 1 });
        var recorded = new Recorded();
        var result = tester.Run(1000, recorded);
        Assert.Equal(learned, Weights(tester, 0));
        Assert.True(result.SpikesPerPopulation[1] > 10, "the learned network should still fire");
        Assert.True(recorded.Spikes.All(s => s.T >= 1000));
        Assert.True(learned.Distinct().Count() > 100);
    }

    [Fact]
    public void AChangedPoissonRateActsFromTheSavedTime()
    {
        // One neuron driven only by Poisson input: with the rate set to 0 on loading, no input event comes after t_saved.
        var spec = SpecBuilder.Model(200, [new PopulationSpec("a", 5, SpecBuilder.Lif())], inputs: [new PoissonInput("a", null, PerNeuron.Of(8000), PerNeuron.Of(0.3))]);
        var first = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        first.Run(100, null);
        var buffer = new MemoryStream();
        first.SaveState(buffer);
        var silent = spec with { Inputs = [new PoissonInput("a", null, PerNeuron.Of(0), PerNeuron.Of(0.3))] };
        var next = Simulator.LoadState(Network.Build(silent), new MemoryStream(buffer.ToArray()), new SimulationOptions());
        Assert.Equal(0, next.Run(100, null).InputEvents);
        var same = Simulator.LoadState(Network.Build(spec), new MemoryStream(buffer.ToArray()), new SimulationOptions());
        Assert.InRange(same.Run(100, null).InputEvents, 5 * 8000 * 0.1 * 0.9, 5 * 8000 * 0.1 * 1.1); // rate x neurons x 0.1 s
    }

    private static byte[] SavedRecurrent(ModelSpec spec)
    {
        var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
        simulator.Run(50.3, null);
        var buffer = new MemoryStream();
        simulator.SaveState(buffer);
        return buffer.ToArray();
    }

    private static StateFileException LoadFails(ModelSpec spec, byte[] state) =>
        Assert.Throws<StateFileException>(() => Simulator.LoadState(Network.Build(spec), new MemoryStream(state), new SimulationOptions(), "saved.state"));

    [Fact]
    public void AnotherShapeIsRefusedNamingWhatDiffers()
    {
        var spec = DeterminismTests.Recurrent("delta");
        byte[] state = SavedRecurrent(spec);
        var bigger = spec with { Populations = [spec.Populations[0] with { Size = 401 }, spec.Populations[1]] };
        Assert.Contains("population \"e\" has 400 neurons in the state and 401 in the model", LoadFails(bigger, state).Message);
        var renamed = spec with { Projections = [spec.Projections[0] with { Name = "other" }, .. spec.Projections.Skip(1)] };
        Assert.Contains("projection 1 is \"e-all\" in the state and \"other\" in the model", LoadFails(renamed, state).Message);
        var reseeded = spec with { Seed = 12 };
        Assert.Contains("projection \"e-all\"", LoadFails(reseeded, state).Message);
        var plastic = spec with { Projections = [spec.Projections[0] with { Plasticity = Shipped("song2000-stdp.json", 10).Projections[0].Plasticity }, .. spec.Projections.Skip(1)] };
        Assert.Contains("has a plasticity block in the model but not in the state", LoadFails(plastic, state).Message);
    }

    [Fact]
    public void TruncatedCorruptedAndForeignFilesAreRefused()
    {
        var spec = DeterminismTests.Recurrent("delta");
        byte[] state = SavedRecurrent(spec);
        Assert.Contains("truncated", LoadFails(spec, state[..(state.Length / 2)]).Message);
        Assert.Contains("truncated", LoadFails(spec, state[..^1]).Message);
        byte[] flipped = (byte[])state.Clone();
        flipped[state.Length / 2] ^= 0x10;
        Assert.Contains("checksum", LoadFails(spec, flipped).Message);
        byte[] version = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 99);
        Assert.Contains("version 99", LoadFails(spec, version).Message);
        Assert.Contains("not a SpikeSim state file", LoadFails(spec, "t_ms,population,neuron\n"u8.ToArray()).Message);
        Assert.Contains("not a SpikeSim state file", LoadFails(spec, []).Message);
    }

    [Fact]
    public void SavingToAFileReplacesItAtomically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "spikesim-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "run.state");
            File.WriteAllText(path, "old");
            var spec = DeterminismTests.Recurrent("delta");
            var simulator = new Simulator(Network.Build(spec), new SimulationOptions { Threads = 1 });
            simulator.Run(20, null);
            simulator.SaveState(path);
            Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(dir).Select(Path.GetFileName)); // no temporary file left
            var loaded = Simulator.LoadState(Network.Build(spec), path, new SimulationOptions());
            Assert.Equal(20, loaded.TimeMs);
            Assert.Throws<StateFileException>(() => simulator.SaveState(Path.Combine(dir, "missing", "x.state")));
            Assert.Throws<StateFileException>(() => Simulator.LoadState(Network.Build(spec), Path.Combine(dir, "none.state"), new SimulationOptions()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SpikesInFlightAndNewOnesUnderAChangedDelayArriveInTimeOrder()
    {
        // a fires at 10 and 11.5 ms (20 mV inputs); a-b has one delay, 5 ms when saved at 11 ms, 3 ms when loaded:
        // the saved spike arrives at 15 ms, the new one at 14.5 ms. Taken in time order, b (10 mV each, V_th 15 mV)
        // fires at the second arrival: V(15) = 10 e^(-0.5/10) + 10 = 19.5 mV, so at exactly 15 ms.
        ModelSpec Spec(double delayMs) => SpecBuilder.Model(20,
            [new PopulationSpec("a", 1, SpecBuilder.Lif(tRef: 0.5)), new PopulationSpec("b", 1, SpecBuilder.Lif())],
            [new ProjectionSpec("a-b", "a", "b", new ConnectSpec(ConnectRule.OneToOne), new ConstantValue(10), new ConstantValue(delayMs))],
            [new SpikeTimesInput("a", null, [[10.0, 11.5]], PerNeuron.Of(20))]);
        var first = new Simulator(Network.Build(Spec(5)), new SimulationOptions { Threads = 1 });
        first.Run(11, null);
        var buffer = new MemoryStream();
        first.SaveState(buffer);
        var next = Simulator.LoadState(Network.Build(Spec(3)), new MemoryStream(buffer.ToArray()), new SimulationOptions { Threads = 2 });
        var recorded = new Recorded();
        next.Run(9, recorded);
        Assert.Equal([(11.5, 0), (15.0, 1)], recorded.Spikes);
    }
}
