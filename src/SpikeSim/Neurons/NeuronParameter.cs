using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>Which values a neuron parameter accepts (checked by the model reader).</summary>
public enum ParameterRange
{
    /// <summary>Any finite value of the parameter's dimension.</summary>
    Any,
    /// <summary>Greater than zero ("must be positive").</summary>
    Positive,
    /// <summary>Zero or more ("must be &gt;= 0").</summary>
    NonNegative,
}

/// <summary>
/// One parameter of a neuron model as the model file names it: the reader reads, converts and checks it from this
/// declaration alone, and the schema (<c>spikesim schema</c>) describes it from the same, so a new model's parameters
/// need no edit of the reader.
/// </summary>
/// <param name="Name">Field name in the model file, e.g. <c>tau_m</c>.</param>
/// <param name="Dimension">Its dimension; the value is kept in the dimension's internal unit (ms, mV, pA, pF, nS).</param>
/// <param name="Default">Value when the field is left out, in the internal unit.</param>
/// <param name="Description">One sentence for the schema and the docs, without the default (added from <paramref name="Default"/>).</param>
/// <param name="Range">Which values are accepted.</param>
public sealed record NeuronParameter(string Name, Dimension Dimension, double Default, string Description,
                                     ParameterRange Range = ParameterRange.Any)
{
    /// <summary>The problem with <paramref name="value"/> (internal unit) shown as <paramref name="shown"/>, or null when it is accepted.</summary>
    public string? Problem(double value, string shown) => Range switch
    {
        ParameterRange.Positive when !(value > 0) => $"{Name} must be positive, got {shown}",
        ParameterRange.NonNegative when !(value >= 0) => $"{Name} must be >= 0, got {shown}",
        _ => null,
    };
}

/// <summary>
/// A per-neuron state variable of a model: what the engine integrates and what a state recording will write
/// (column <c>NAME_UNIT</c>).
/// </summary>
/// <param name="Name">Name, e.g. <c>v</c>, <c>i_syn_ex</c>.</param>
/// <param name="Dimension">Its dimension (the value is in the dimension's internal unit).</param>
/// <param name="Description">What it is, one sentence.</param>
public sealed record StateVariable(string Name, Dimension Dimension, string Description);

/// <summary>
/// A cross-field constraint a model places on its parameters that a single <see cref="NeuronParameter"/> cannot
/// express (v_reset below v_th): the fields involved, in the order the reader blames them, and the problem.
/// </summary>
/// <param name="Fields">Model-file names of the fields involved.</param>
/// <param name="Problem">The message, with the values.</param>
public sealed record ParameterConflict(IReadOnlyList<string> Fields, string Problem);
