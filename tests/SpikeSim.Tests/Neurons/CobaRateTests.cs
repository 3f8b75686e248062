using SpikeSim.Engine;
using SpikeSim.Modeling;
using static SpikeSim.Tests.Modeling.ModelTestHelpers;

namespace SpikeSim.Tests.Neurons;

/// <summary>models/coba.json (Brette et al. 2007 benchmark 1) against Brian2 on the same network.</summary>
public class CobaRateTests
{
    /// <summary>
    /// Brian2 2.5.1, cpp_standalone, dt 0.1 ms, 1 s: <c>/usr/bin/python3 ../shared/peer/coba.py 4000 1 cpp_standalone</c>
    /// gave 21.2 Hz (the measurement; here 21.3 Hz with --seed 1, and 21.1, 21.5, 24.0 Hz unseeded; 20.9 Hz
    /// with --seed 1 at dt = 0.01 ms). SpikeSim: 20.1 Hz.
    /// </summary>
    private const double Brian2RateHz = 21.2;

    [Fact]
    public void CobaMeanRateIsWithinFifteenPercentOfBrian2()
    {
        ModelSpec spec = ModelReader.ReadFile(Path.Combine(ModelsDir, "coba.json")) with { Record = RecordSpec.None };
        var network = Network.Build(spec);
        SimulationResult result = new Simulator(network, new SimulationOptions { Threads = 2 }).Run(spec.DurationMs, null);
        double rateHz = result.SpikesPerPopulation.Sum() / 4000.0 / (spec.DurationMs / 1000);
        Assert.Equal(1000, spec.DurationMs);
        Assert.InRange(rateHz, Brian2RateHz * 0.85, Brian2RateHz * 1.15);
    }
}
