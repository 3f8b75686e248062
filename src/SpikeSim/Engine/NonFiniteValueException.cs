using System.Globalization;
using System.Numerics;

namespace SpikeSim.Engine;

/// <summary>
/// A simulation stopped because a value left the finite doubles (a membrane potential, an activation or a weight
/// became ±Infinity or NaN): the numbers after it would be meaningless. The message names the population (or
/// projection), the neuron (or synapse), the time or step, and what to change.
/// </summary>
public sealed class NonFiniteValueException(string message) : Exception(message)
{
    /// <summary>The index of the first value of <paramref name="values"/> that is not finite, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        // v - v is 0 for a finite v and NaN otherwise: a vector pass finds whether any is bad, a scalar one where.
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(values[i..]);
                acc += v - v;
            }
            if (!double.IsNaN(Vector.Sum(acc))) return FirstNonFiniteFrom(values, i);
            i = 0;
        }
        return FirstNonFiniteFrom(values, i);
    }

    private static int FirstNonFiniteFrom(ReadOnlySpan<double> values, int from)
    {
        for (int i = from; i < values.Length; i++) if (!double.IsFinite(values[i])) return i;
        return -1;
    }

    private const string Advice = "an input, weight or current is too large for double precision: use smaller weights, currents or rates";

    /// <summary>The error for neuron <paramref name="neuron"/> (global index) of a spiking network whose potential is <paramref name="v"/> at <paramref name="timeMs"/>.</summary>
    internal static NonFiniteValueException Potential(Network network, int neuron, double v, double timeMs) =>
        Variable(network, neuron, "the membrane potential", v, "mV", timeMs);

    /// <summary>
    /// The error for <paramref name="what"/> (e.g. <c>the state variable i_syn_ex</c>) of neuron <paramref name="neuron"/>
    /// (global index) of a spiking network, which is <paramref name="value"/> (in <paramref name="unit"/>) at <paramref name="timeMs"/>.
    /// </summary>
    internal static NonFiniteValueException Variable(Network network, int neuron, string what, double value, string unit, double timeMs)
    {
        var pop = network.Populations[network.PopulationOf(neuron)];
        string withUnit = unit.Length > 0 ? $"{value} {unit}" : value.ToString(CultureInfo.InvariantCulture);
        return new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"{what} of population \"{pop.Name}\", neuron {neuron - pop.Offset} became {withUnit} by t = {timeMs:0.######} ms; {Advice}"));
    }

    /// <summary>
    /// The error for neuron <paramref name="neuron"/> (global index) whose dynamics gave up at <paramref name="timeMs"/>
    /// (<paramref name="e"/> says why, e.g. a conductance too large to integrate).
    /// </summary>
    internal static NonFiniteValueException Dynamics(Network network, int neuron, DynamicsOverflowException e, double timeMs)
    {
        var pop = network.Populations[network.PopulationOf(neuron)];
        return new NonFiniteValueException(string.Create(CultureInfo.InvariantCulture,
            $"population \"{pop.Name}\", neuron {neuron - pop.Offset} stopped by t = {timeMs:0.######} ms: {e.Message}; {Advice}"));
    }
}

/// <summary>
/// Thrown by a neuron model's dynamics when its state can no longer be advanced in finite time (e.g. a conductance so
/// large that the integrator's step falls below <c>CondExpSeries.MinStepMs</c>). The engine, which knows the neuron,
/// turns it into a <see cref="NonFiniteValueException"/>.
/// </summary>
internal sealed class DynamicsOverflowException(string message) : Exception(message)
{
    /// <summary>Which of the eight neurons of an <c>EventLanes</c> call gave up (0-7), or -1 outside such a call.</summary>
    public int Lane { get; set; } = -1;
}

/// <summary>
/// A simulation stopped because a neuron fired without bound: more than <see cref="MaxSpikesPerSlice"/> spikes within
/// one slice (at most 2 ms), which only a refractory period of 0 (or nearly 0) under a very strong drive produces.
/// Its spikes would fill memory before the slice ends. The message names the population, the neuron, the time and
/// what to change.
/// </summary>
public sealed class RunawayFiringException(string message) : Exception(message)
{
    /// <summary>Spikes one neuron may emit within one slice: 10,000 in at most 2 ms is a rate above 5 MHz.</summary>
    public const int MaxSpikesPerSlice = 10_000;

    /// <summary>The error for neuron <paramref name="neuron"/> (global index) that passed the limit at <paramref name="timeMs"/>.</summary>
    internal static RunawayFiringException Neuron(Network network, int neuron, double timeMs)
    {
        var pop = network.Populations[network.PopulationOf(neuron)];
        return new RunawayFiringException(string.Create(CultureInfo.InvariantCulture,
            $"population \"{pop.Name}\", neuron {neuron - pop.Offset} fired more than {MaxSpikesPerSlice:N0} spikes in one slice by t = {timeMs:0.######} ms (a rate above 5 MHz): with t_ref = 0 (or nearly 0) a suprathreshold drive fires without bound; give t_ref a positive value (e.g. \"2 ms\") or weaken the drive"));
    }
}
