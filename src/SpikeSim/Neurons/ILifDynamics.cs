namespace SpikeSim.Neurons;

/// <summary>
/// The exact dynamics of one neuron type, as a struct the engine's event loop is specialised on (no virtual call
/// per event). A value holds one neuron's state while the loop works on it.
/// </summary>
internal interface ILifDynamics
{
    /// <summary>Time up to which the state is integrated, ms.</summary>
    double Time { get; }

    /// <summary>
    /// The earliest time in [<see cref="Time"/>, <paramref name="until"/>] at which V reaches V_th if no input
    /// arrives before, or +infinity; <paramref name="until"/> may be +infinity. Does not change the state.
    /// </summary>
    double NextCrossing(double until);

    /// <summary>
    /// A time (ms) before which V surely stays below V_th if no input arrives: cheap to compute, so that the exact
    /// search (<see cref="NextCrossing"/>) runs only when a spike may be near.
    /// </summary>
    double CrossingLowerBound();

    /// <summary>Integrates the state exactly to time t ≥ <see cref="Time"/> (ms).</summary>
    void AdvanceTo(double t);

    /// <summary>A synaptic or input event of weight w (mV or pA) at the current time.</summary>
    void Receive(double w);

    /// <summary>Adds dI (pA) to the injected current from the current time on.</summary>
    void AddCurrent(double dI);

    /// <summary>Emits a spike at the current time: reset and start of the refractory period.</summary>
    void Spike();

    /// <summary>V at time t ≥ <see cref="Time"/> without changing the state, mV.</summary>
    double SampleAt(double t);
}
