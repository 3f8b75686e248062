using SpikeSim.Modeling;
using static SpikeSim.Tests.Engine.SpecBuilder;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// Regression: inputs arriving at the same instant act together (V jumps by their sum, then threshold is checked).
/// Checking after each one let excitation fire a neuron before simultaneous inhibition counted; in the Brunel
/// network that bias grew into runaway synchrony (37 Hz jumping to 335 Hz after 900 ms).
/// </summary>
public class SimultaneousInputTests
{
    [Theory]
    [InlineData(20.0, -20.0, false)] // excitation listed first
    [InlineData(-20.0, 20.0, false)] // inhibition listed first
    [InlineData(20.0, -20.0, true)]  // the general event loop (a voltage probe forces it)
    [InlineData(-20.0, 20.0, true)]
    public void SimultaneousExcitationAndInhibitionCancelWhateverTheirOrder(double first, double second, bool probe)
    {
        var record = new RecordSpec(["a"], probe ? [new VoltageRecordSpec("a", null, 0.5)] : [], null);
        var spec = Model(5, [new PopulationSpec("a", 1, Lif())],
            inputs: [new SpikeTimesInput("a", null, [[1.25]], PerNeuron.Of(first)), new SpikeTimesInput("a", null, [[1.25]], PerNeuron.Of(second))],
            record: record);
        var run = Run(spec);
        Assert.Empty(run.Spikes);
        if (probe) Assert.All(run.Samples, s => Assert.Equal(0.0, s.VMv, 12));
    }

    [Fact]
    public void SimultaneousSubthresholdInputsFireTogether()
    {
        // 8 + 8 mV at the same instant cross 15 mV together: one spike, at that instant.
        var spec = Model(5, [new PopulationSpec("a", 1, Lif())],
            inputs: [new SpikeTimesInput("a", null, [[1.25, 1.25]], PerNeuron.Of(8.0))]);
        Assert.Equal([1.25], Run(spec).SpikeTimesOf(0));
    }
}
