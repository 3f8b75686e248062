namespace SpikeSim.Artificial;

/// <summary>
/// The one small interface every neuron type of the artificial mode implements (Nengo's <c>NeuronType</c> is the
/// model): a static rate curve. A neuron's output is
/// <code>  y = f(gain * x + bias)</code>
/// where x is the weighted sum of its inputs, gain scales it and bias shifts it (a neuron with gain g and bias b
/// starts to respond where x = -b/g for the thresholded types). The activations take and give plain numbers;
/// <see cref="LifRate"/> takes a mean current in pA and gives a rate in Hz.
/// </summary>
public abstract class NeuronType
{
    /// <summary>The model-file name (<c>relu</c>, <c>lif_rate</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>f(u): the output for a net input u = gain * x + bias.</summary>
    public abstract double Activate(double u);

    /// <summary>f'(u), used by gradient training (the step's derivative is taken as 0 everywhere).</summary>
    public abstract double Derivative(double u);

    /// <summary>y = f(gain * x + bias) for one neuron.</summary>
    public double Output(double x, double gain, double bias) => Activate(gain * x + bias);

    /// <summary>Outputs of many neurons at once (Nengo's <c>rates</c>): y[i] = f(gain * x[i] + bias).</summary>
    public void Rates(ReadOnlySpan<double> x, double gain, double bias, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("the output span is shorter than the input", nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = Activate(gain * x[i] + bias);
    }

    /// <summary>
    /// Nengo's <c>gain_bias</c>: the gain and bias that make the neuron start to respond at x = <paramref name="intercept"/>
    /// and output <paramref name="maxRate"/> at x = 1 (for types with a threshold: relu, linear, lif_rate).
    /// </summary>
    /// <exception cref="NotSupportedException">The type has no threshold to place (step, sigmoid, tanh).</exception>
    public (double Gain, double Bias) GainBias(double maxRate, double intercept)
    {
        if (!(intercept < 1)) throw new ArgumentOutOfRangeException(nameof(intercept), "the intercept must be below 1");
        double u0 = ThresholdInput, u1 = Inverse(maxRate);
        if (!(u1 > u0)) throw new ArgumentOutOfRangeException(nameof(maxRate), $"{Name} cannot reach {maxRate}");
        double gain = (u1 - u0) / (1 - intercept);
        return (gain, u0 - gain * intercept);
    }

    /// <summary>The net input u at which the output starts to rise from 0 (see <see cref="GainBias"/>).</summary>
    protected virtual double ThresholdInput => throw new NotSupportedException($"{Name} has no threshold for gain_bias");

    /// <summary>The net input u with f(u) = y, for y above the threshold output (see <see cref="GainBias"/>).</summary>
    protected virtual double Inverse(double y) => throw new NotSupportedException($"{Name} has no inverse for gain_bias");

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The perceptron's Heaviside step: f(u) = 1 for u &gt; 0, else 0 (f(0) = 0; NaN gives NaN).</summary>
public sealed class StepNeuron : NeuronType
{
    /// <inheritdoc/>
    public override string Name => "step";
    /// <inheritdoc/>
    public override double Activate(double u) => double.IsNaN(u) ? double.NaN : u > 0 ? 1.0 : 0.0;
    /// <inheritdoc/>
    public override double Derivative(double u) => 0.0;
}

/// <summary>The logistic sigmoid f(u) = 1 / (1 + e^-u), in (0, 1), computed without overflow for large |u|.</summary>
public sealed class SigmoidNeuron : NeuronType
{
    /// <inheritdoc/>
    public override string Name => "sigmoid";
    /// <inheritdoc/>
    public override double Activate(double u)
    {
        if (u >= 0) return 1.0 / (1.0 + Math.Exp(-u));
        double e = Math.Exp(u);
        return e / (1.0 + e);
    }
    /// <inheritdoc/>
    public override double Derivative(double u)
    {
        double s = Activate(u);
        return s * (1.0 - s);
    }
}

/// <summary>The hyperbolic tangent f(u) = tanh(u), in (-1, 1).</summary>
public sealed class TanhNeuron : NeuronType
{
    /// <inheritdoc/>
    public override string Name => "tanh";
    /// <inheritdoc/>
    public override double Activate(double u) => Math.Tanh(u);
    /// <inheritdoc/>
    public override double Derivative(double u)
    {
        double t = Math.Tanh(u);
        return 1.0 - t * t;
    }
}

/// <summary>The rectified linear unit f(u) = max(0, u) (NaN gives NaN); f'(0) is taken as 0.</summary>
public sealed class ReluNeuron : NeuronType
{
    /// <inheritdoc/>
    public override string Name => "relu";
    /// <inheritdoc/>
    public override double Activate(double u) => u > 0 ? u : double.IsNaN(u) ? u : 0.0;
    /// <inheritdoc/>
    public override double Derivative(double u) => u > 0 ? 1.0 : 0.0;
    /// <inheritdoc/>
    protected override double ThresholdInput => 0.0;
    /// <inheritdoc/>
    protected override double Inverse(double y) => y;
}

/// <summary>The identity f(u) = u.</summary>
public sealed class LinearNeuron : NeuronType
{
    /// <inheritdoc/>
    public override string Name => "linear";
    /// <inheritdoc/>
    public override double Activate(double u) => u;
    /// <inheritdoc/>
    public override double Derivative(double u) => 1.0;
    /// <inheritdoc/>
    protected override double ThresholdInput => 0.0;
    /// <inheritdoc/>
    protected override double Inverse(double y) => y;
}
