using SpikeSim.Artificial;
using SpikeSim.Modeling;

namespace SpikeSim.Tests.Artificial;

public class ActivationTests
{
    [Theory]
    [InlineData(-2.0, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-300, 1.0)]
    [InlineData(3.5, 1.0)]
    public void StepIsHeavisideWithZeroAtZero(double u, double expected) => Assert.Equal(expected, new StepNeuron().Activate(u));

    [Theory]
    [InlineData(-1.5, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(2.2, 2.2)]
    public void ReluIsMaxOfZeroAndInput(double u, double expected) => Assert.Equal(expected, new ReluNeuron().Activate(u));

    [Fact]
    public void SigmoidValuesAndSaturationWithoutOverflow()
    {
        var s = new SigmoidNeuron();
        Assert.Equal(0.5, s.Activate(0));
        Assert.Equal(1 / (1 + Math.Exp(-2)), s.Activate(2), 15);
        Assert.Equal(1 - s.Activate(2), s.Activate(-2), 15); // sigma(-u) = 1 - sigma(u)
        Assert.Equal(1.0, s.Activate(1000));
        Assert.Equal(0.0, s.Activate(-1000));
        Assert.True(s.Activate(-745) is > 0 and < 1e-300); // no 0/0 in the far tail
        Assert.Equal(0.25, s.Derivative(0));
    }

    [Fact]
    public void TanhAndLinear()
    {
        Assert.Equal(Math.Tanh(0.7), new TanhNeuron().Activate(0.7));
        Assert.Equal(-1.0, new TanhNeuron().Activate(-50));
        Assert.Equal(1 - Math.Tanh(0.7) * Math.Tanh(0.7), new TanhNeuron().Derivative(0.7), 15);
        Assert.Equal(-3.25, new LinearNeuron().Activate(-3.25));
        Assert.Equal(1.0, new LinearNeuron().Derivative(123));
    }

    [Fact]
    public void NanPropagatesThroughEveryType()
    {
        foreach (string name in NeuronTypes.Names)
            Assert.True(double.IsNaN(NeuronTypes.Create(NeuronTypes.Parse(name)!.Value, LifSpec.Default("delta")).Activate(double.NaN)), name);
    }

    [Fact]
    public void GainAndBiasMeanFOfGainTimesInputPlusBias()
    {
        // y = f(gain * x + bias): relu(2 * 1.5 - 4) = 0, relu(2 * 3 - 4) = 2.
        var relu = new ReluNeuron();
        Assert.Equal(0.0, relu.Output(1.5, 2, -4));
        Assert.Equal(2.0, relu.Output(3, 2, -4));
        var y = new double[3];
        relu.Rates([1.5, 3, 4], 2, -4, y);
        Assert.Equal([0.0, 2.0, 4.0], y);
    }

    [Fact]
    public void NamesRoundTrip()
    {
        foreach (NeuronModel m in Enum.GetValues<NeuronModel>()) Assert.Equal(m, NeuronTypes.Parse(NeuronTypes.Name(m)));
        Assert.Null(NeuronTypes.Parse("relux"));
    }
}
