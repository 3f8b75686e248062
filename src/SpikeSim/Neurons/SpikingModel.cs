using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Neurons;

/// <summary>
/// A spiking neuron model as the rest of SpikeSim knows it: one subclass per model, in its own folder
/// (<c>src/SpikeSim/Neurons/&lt;Model&gt;/</c>), made known by one line in <see cref="SpikingModels.All"/>. The model
/// reader, the schema, the engine's dispatch, the artificial mode's substitution and the plots' and metrics' weight
/// units all ask this type; nothing outside a model's folder branches on which model it is.
/// </summary>
public abstract class SpikingModel
{
    /// <summary>The model file's <c>"model"</c> value, e.g. <c>lif</c>.</summary>
    public abstract string Model { get; }

    /// <summary>The model file's <c>"psc"</c> value, e.g. <c>delta</c>.</summary>
    public abstract string Psc { get; }

    /// <summary>One sentence for the schema: what a synaptic weight does to this neuron, and its NEST counterpart.</summary>
    public abstract string Summary { get; }

    /// <summary>Every parameter the model file may give, in the order the reader reads them.</summary>
    public abstract IReadOnlyList<NeuronParameter> Parameters { get; }

    /// <summary>The per-neuron state variables, in the order <see cref="INeuronDynamics.SampleVariable"/> numbers them; V first.</summary>
    public abstract IReadOnlyList<StateVariable> StateVariables { get; }

    /// <summary>The dimension of a synaptic weight onto this neuron (mV for a voltage jump, pA for a current, nS for a conductance).</summary>
    public abstract Dimension WeightDimension { get; }

    /// <summary>The internal unit of a weight onto this neuron, e.g. <c>mV</c>.</summary>
    public string WeightUnit => UnitTable.InternalUnit(WeightDimension);

    /// <summary>
    /// The charge (fC = pA·ms) that one spike through a synapse of weight <paramref name="weight"/> (in
    /// <see cref="WeightUnit"/>) delivers to this neuron: the artificial mode replaces a spike train of rate r by the
    /// mean current r × charge. NaN when the model has no such equivalent.
    /// </summary>
    public abstract double ChargePerSpikeFc(LifSpec neuron, double weight);

    /// <summary>
    /// The steady-state firing rate (Hz) under a constant current <paramref name="currentPa"/> (pA, added to I_e):
    /// the rate curve <c>lif_rate</c> uses in the artificial mode and the f-I plot draws.
    /// </summary>
    public abstract double RateHz(LifSpec neuron, double currentPa);

    /// <summary>The value of parameter <paramref name="name"/> (model-file name) of <paramref name="neuron"/>, internal unit.</summary>
    public abstract double Value(LifSpec neuron, string name);

    /// <summary>Constraints between parameters that <paramref name="neuron"/> violates (empty when it is valid).</summary>
    public virtual IEnumerable<ParameterConflict> Conflicts(LifSpec neuron) => [];

    /// <summary>
    /// The neuron's spec from parameter values by model-file name (internal units; a missing name takes its
    /// declared default) and its initial V.
    /// </summary>
    public abstract LifSpec CreateSpec(IReadOnlyDictionary<string, double> values, ValueSpec vInit);

    /// <summary>
    /// The engine's part of a population of this model: its state arrays, initialised (V from
    /// <paramref name="initialV"/>, one value per neuron), and its dynamics struct.
    /// </summary>
    internal abstract PopulationDynamics CreatePopulation(LifSpec neuron, int offset, ReadOnlySpan<double> initialV);

    /// <inheritdoc/>
    public override string ToString() => $"{Model} (psc {Psc})";
}
