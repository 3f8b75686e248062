using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Tests.Engine;

namespace SpikeSim.Tests.Artificial;

public class LifRateTests
{
    private static readonly LifSpec Nest = LifSpec.Default("delta");

    [Fact]
    public void ZeroAtAndBelowThresholdAndSaturatesAtOneOverTref()
    {
        var rate = new LifRate(Nest);
        // I_th = C_m (V_th - E_L) / tau_m = 250 * 15 / 10 = 375 pA.
        Assert.Equal(375.0, rate.ThresholdCurrentPa, 12);
        Assert.Equal(0.0, rate.Activate(375));
        Assert.Equal(0.0, rate.Activate(-1000));
        Assert.True(rate.Activate(375.001) > 0);
        Assert.Equal(500.0, rate.MaxRateHz);
        Assert.InRange(rate.Activate(1e9), 499.99, 500.0);
    }

    [Fact]
    public void MatchesTheClosedFormAndItsDerivative()
    {
        var rate = new LifRate(Nest);
        // 1000 pA: V_inf = -70 + 10/250 * 1000 = -30 mV; rate = 1000 / (2 + 10 ln(40 / 25)).
        Assert.Equal(1000 / (2 + 10 * Math.Log(40.0 / 25.0)), rate.Activate(1000), 12);
        double h = 1e-4;
        Assert.Equal((rate.Activate(1000 + h) - rate.Activate(1000 - h)) / (2 * h), rate.Derivative(1000), 6);
    }

    [Fact]
    public void GainBiasPlacesInterceptAndMaximumAsNengoDoes()
    {
        // f(gain * x + bias) = 0 up to x = intercept and = maxRate at x = 1.
        var rate = new LifRate(Nest);
        (double gain, double bias) = rate.GainBias(200, -0.5);
        Assert.Equal(200.0, rate.Output(1, gain, bias), 9);
        Assert.Equal(0.0, rate.Output(-0.5, gain, bias));
        Assert.True(rate.Output(-0.49, gain, bias) > 0);
        (double g, double b) = new ReluNeuron().GainBias(100, 0.2);
        Assert.Equal((125.0, -25.0), (g, b), new ToleranceComparer());
        Assert.Throws<NotSupportedException>(() => new SigmoidNeuron().GainBias(1, 0));
    }

    private sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) < 1e-12 && Math.Abs(a.Item2 - b.Item2) < 1e-12;
        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void SpikingLifAndLifRateAgreeForAPopulationAtConstantInput()
    {
        // Nengo's test: a LIF population driven at constant input fires at the lif_rate curve (within 1 Hz or 2%).
        double[] currents = [380, 400, 450, 500, 600, 800, 1000, 1500, 2500, 5000];
        var spec = SpecBuilder.Model(2000, [new PopulationSpec("p", currents.Length, Nest)],
            inputs: [new CurrentInput("p", null, [new CurrentStep(0, new PerNeuron(currents))])]);
        Recorded spiking = SpecBuilder.Run(spec);
        double[] values = new ArtificialSimulator(Network.Build(spec)).Run().Values;
        for (int n = 0; n < currents.Length; n++)
        {
            double measured = spiking.SpikeTimesOf(n).Length / 2.0;
            double tolerance = Math.Max(1.0, 0.02 * values[n]);
            Assert.True(Math.Abs(measured - values[n]) <= tolerance, $"{currents[n]} pA: lif {measured} Hz, lif_rate {values[n]} Hz");
        }
    }

    [Fact]
    public void PoissonDriveMapsToItsMeanCurrent()
    {
        // Delta synapses: mean current = C_m * w * r / 1000 = 250 pF * 0.2 mV * 10 kHz / 1000 = 500 pA.
        var spec = SpecBuilder.Model(100, [new PopulationSpec("p", 1, Nest)],
            inputs: [new PoissonInput("p", null, PerNeuron.Of(10_000), PerNeuron.Of(0.2))]);
        double value = new ArtificialSimulator(Network.Build(spec)).Run().Values[0];
        Assert.Equal(new LifRate(Nest).Activate(500), value, 12);
        // Exp synapses: w * tau_syn * r / 1000 = 50 pA * 2 ms * 5 kHz / 1000 = 500 pA.
        LifSpec exp = LifSpec.Default("exp");
        var specExp = SpecBuilder.Model(100, [new PopulationSpec("p", 1, exp)],
            inputs: [new PoissonInput("p", null, PerNeuron.Of(5_000), PerNeuron.Of(50))]);
        Assert.Equal(new LifRate(exp).Activate(500), new ArtificialSimulator(Network.Build(specExp)).Run().Values[0], 12);
    }
}
