using SpikeSim.Modeling;

namespace SpikeSim.Artificial;

/// <summary>How to run a model in the artificial mode.</summary>
public sealed record ArtificialOptions
{
    /// <summary>
    /// What each spiking <c>lif</c> population becomes: <see cref="NeuronModel.LifRate"/> (the default: its own
    /// rate curve) or an activation (gain 1, bias 0). Populations that are artificial in the model keep their type.
    /// </summary>
    public NeuronModel LifSubstitute { get; init; } = NeuronModel.LifRate;

    /// <summary>
    /// Gain and bias of the activation that replaces a <c>lif</c> population, by population name (y = f(gain · x + bias));
    /// populations not listed get gain 1 and bias 0. Null: none listed.
    /// </summary>
    public IReadOnlyDictionary<string, (double Gain, double Bias)>? SubstituteGainBias { get; init; }

    /// <summary>Stops a long recurrent run between steps (it then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>Receives the values of every neuron after each synchronous step of an artificial run.</summary>
public interface IArtificialObserver : Engine.IRunObserver
{
    /// <summary>
    /// Called once per step with every neuron's value (global index, population by population); the span is only
    /// valid during the call. Feedforward graphs have one step, numbered 0; recurrent ones (and feedforward ones with
    /// a rate rule, presented N times) steps 1..N.
    /// </summary>
    void OnStep(int step, ReadOnlySpan<double> values);
}

/// <summary>The outcome of an artificial run.</summary>
/// <param name="Values">Every neuron's value after the last step (global index): a rate in Hz for lif_rate, a plain number otherwise.</param>
/// <param name="Types">The neuron type of each population, in model order.</param>
/// <param name="Recurrent">True when the projections form a cycle (the run then took <paramref name="Steps"/> synchronous steps).</param>
/// <param name="Steps">Synchronous steps taken (1 for a feedforward graph; N presentations when it learns with a rate rule).</param>
/// <param name="StepMs">Length of one step, ms (the whole duration for a feedforward graph).</param>
/// <param name="Macs">Multiply-accumulates: one per synapse per step.</param>
/// <param name="WallS">Wall-clock time of the run, s.</param>
public sealed record ArtificialResult(double[] Values, IReadOnlyList<NeuronType> Types, bool Recurrent, int Steps, double StepMs, long Macs, double WallS)
    : Engine.IRunResult
{
    /// <summary>Biological time the steps cover, ms: <see cref="Steps"/> × <see cref="StepMs"/> (in decimal, so 3 × 0.1 is 0.3).</summary>
    public double SimulatedMs => Steps == 1 ? StepMs : (double)((decimal)StepMs * Steps);
}
