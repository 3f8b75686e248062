namespace SpikeSim.Neurons;

/// <summary>
/// The layout of a <c>lif</c> population's state arrays (<see cref="Engine.PopulationDynamics.State"/>): the arrays
/// every lif model keeps first, at these indices; a model appends its own after <see cref="Count"/>.
/// </summary>
internal static class LifState
{
    /// <summary>Membrane potential at the neuron's time, mV.</summary>
    public const int V = 0;
    /// <summary>End of the current refractory period, ms (-infinity: never fired).</summary>
    public const int RefractoryUntil = 1;
    /// <summary>Current injected by current inputs, pA.</summary>
    public const int Injected = 2;
    /// <summary>How many arrays every lif model keeps.</summary>
    public const int Count = 3;

    /// <summary>
    /// New state arrays for a population: <see cref="Count"/> + <paramref name="extra"/> arrays of the population's
    /// size, V from <paramref name="initialV"/>, never refractory, no injected current, the extra arrays zero.
    /// </summary>
    public static double[][] Create(ReadOnlySpan<double> initialV, int extra)
    {
        int n = initialV.Length;
        var state = new double[Count + extra][];
        for (int k = 0; k < state.Length; k++) state[k] = new double[n];
        initialV.CopyTo(state[V]);
        Array.Fill(state[RefractoryUntil], double.NegativeInfinity);
        return state;
    }
}
