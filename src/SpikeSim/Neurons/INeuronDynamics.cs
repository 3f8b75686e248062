using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// The exact dynamics of one neuron model, as a struct the engine's event loop is specialised on (no virtual call
/// per event). A value holds one neuron's state while the loop works on it; between slices the state lives in the
/// population's arrays (structure of arrays, one array per stored quantity, laid out by the model), which
/// <see cref="Load"/> and <see cref="Store"/> read and write. A population's parameters travel in the struct
/// itself: the engine copies a template value that holds them (see <see cref="Engine.PopulationDynamics{TDyn}"/>)
/// and loads one neuron's state into the copy.
/// </summary>
internal interface INeuronDynamics
{
    /// <summary>Time up to which the state is integrated, ms.</summary>
    double Time { get; }

    /// <summary>
    /// Loads neuron <paramref name="i"/> (index within its population) from the population's arrays; its state
    /// refers to time <paramref name="time"/> (ms).
    /// </summary>
    void Load(double[][] state, int i, double time);

    /// <summary>Stores the state back into the population's arrays at index <paramref name="i"/> (the time is kept by the engine).</summary>
    void Store(double[][] state, int i);

    /// <summary>
    /// The earliest time at or after <see cref="Time"/> at which V reaches V_th if no input arrives before, when that
    /// time is at most <paramref name="until"/> (which may be +infinity): then exact, and the same value whatever
    /// <paramref name="until"/> is (the result of an unbounded search), so that spike times do not depend on how far
    /// the engine asked. Otherwise any time after <paramref name="until"/> before which V surely stays below V_th:
    /// the crossing itself, +infinity when there is none, or where a search that may stop at
    /// <paramref name="until"/> stopped. It must also find a crossing that V would leave again. Does not change the
    /// state. <paramref name="exact"/>: the answer is the crossing itself (or +infinity: none), not where a search
    /// stopped; the engine then keeps an answer past the horizon as the crossing and takes it without a new search
    /// while no input changes the state.
    /// </summary>
    double NextCrossing(double until, out bool exact);

    /// <summary>
    /// A time (ms) before which V surely stays below V_th if no input arrives: cheap to compute, so that the exact
    /// search (<see cref="NextCrossing"/>) runs only when a spike may be near.
    /// </summary>
    double CrossingLowerBound();

    /// <summary>Integrates the state exactly to time t ≥ <see cref="Time"/> (ms).</summary>
    void AdvanceTo(double t);

    /// <summary>A synaptic or input event of weight w (in the model's weight unit) at the current time.</summary>
    void Receive(double w);

    /// <summary>Adds dI (pA) to the injected current from the current time on.</summary>
    void AddCurrent(double dI);

    /// <summary>Emits a spike at the current time: reset and start of the refractory period.</summary>
    void Spike();

    /// <summary>V at time t ≥ <see cref="Time"/> without changing the state, mV.</summary>
    double SampleAt(double t);

    /// <summary>
    /// State variable <paramref name="index"/> (in the order of the model's <see cref="SpikingModel.StateVariables"/>)
    /// at time t ≥ <see cref="Time"/> without changing the state, in the variable's internal unit.
    /// </summary>
    double SampleVariable(int index, double t);

    /// <summary>
    /// Whether the model implements <see cref="EventLanes"/>; false unless it says otherwise. A constant of each
    /// struct, so the engine's specialisation for a model without lanes has no trace of them.
    /// </summary>
    static virtual bool HasEventLanes => false;

    /// <summary>
    /// Whether <see cref="EventLanes"/> also takes neurons that are refractory at their time t (the lanes then follow
    /// <see cref="AdvanceTo"/> and <see cref="Receive"/> through the refractory period); false unless the model says
    /// otherwise.
    /// </summary>
    static virtual bool EventLanesWhileRefractory => false;

    /// <summary>
    /// The most common visit of a network without external inputs, for eight neurons at once: each neuron i =
    /// <paramref name="local"/>[k] of the population (lanes past <paramref name="count"/> repeat lane 0 and are not
    /// stored) is free (not refractory; or either, with <see cref="EventLanesWhileRefractory"/>) at its time
    /// <paramref name="t"/>[k] and receives one synaptic event of weight <paramref name="w"/>[k] at
    /// <paramref name="te"/>[k] ≥ t, with no crossing possible before it (at te = t, when another input came at that
    /// same instant, the state does not advance: <see cref="AdvanceTo"/> does nothing). Advances each to its event,
    /// applies it, stores the state into the population's arrays and returns each lane's
    /// <see cref="CrossingLowerBound"/> after it. Lane by lane this must be the arithmetic of <see cref="Load"/>,
    /// <see cref="AdvanceTo"/>, <see cref="Receive"/>, <see cref="CrossingLowerBound"/> and <see cref="Store"/>,
    /// operation for operation, so that results do not depend on which way a neuron went. In 512-bit vectors: on a
    /// processor with AVX-512 one instruction does eight lanes' operation, elsewhere the runtime does it as two 256-bit
    /// halves; the bits are the same either way. <paramref name="finite"/>: true only if every value the visit changed
    /// is finite (false makes the engine check the stored state). The exponentials may come from
    /// <typeparamref name="TExp"/>: where one is out of its range, the call stores nothing and returns
    /// <paramref name="outOfRange"/> true, and is made again with <see cref="Exponential.AnyRange"/>
    /// (<see cref="Lanes.EventLanes{T}"/>, the one way to call it). Called only when <see cref="HasEventLanes"/> is
    /// true, on a population's template (its state is not touched).
    /// </summary>
    Vector512<double> EventLanes<TExp>(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t, Vector512<double> te,
                                       Vector512<double> w, out bool finite, out bool outOfRange) where TExp : IExponentialPath =>
        throw new NotSupportedException();

    /// <summary>
    /// Whether the engine calls <see cref="EventLanesUntil"/> instead of <see cref="EventLanes"/>; false unless the
    /// model says otherwise.
    /// </summary>
    static virtual bool EventLanesStopShort => false;

    /// <summary>
    /// <see cref="EventLanes"/> for a model whose lanes advance in steps of their own (the conductance model's series):
    /// in a call of eight, the last lane to reach its event may stop where the others have arrived, its state stored
    /// as it is at <paramref name="reached"/> &lt; its event's time, the event not applied (<paramref name="stopped"/>:
    /// its index; -1 when every lane arrived). The engine queues it again from there, so that its remaining steps
    /// share a vector with other neurons' instead of running alone. Every other lane as <see cref="EventLanes"/>.
    /// Called only when <see cref="EventLanesStopShort"/> is true.
    /// </summary>
    Vector512<double> EventLanesUntil(double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t, Vector512<double> te,
                                      Vector512<double> w, out int stopped, out double reached, out bool finite) => throw new NotSupportedException();
}
