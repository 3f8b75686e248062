using SpikeSim.Neurons;

namespace SpikeSim.Modeling;

/// <summary>
/// A parsed, unit-checked and validated model: what the student wrote in a model file, with every
/// quantity converted to SpikeSim's internal units (ms, mV, pA, pF, nS, Hz; see <see cref="Units.Dimension"/>).
/// It holds no random draws: <see cref="Engine.Network.Build"/> turns it into a concrete network from a seed.
/// </summary>
/// <param name="Name">The model's name (used in outputs).</param>
/// <param name="Seed">The master seed of every random draw (connectivity, weights, delays, inputs).</param>
/// <param name="DurationMs">Biological time to simulate, ms.</param>
/// <param name="Populations">Neuron populations, in file order; neurons are numbered population by population.</param>
/// <param name="Projections">Synaptic projections between populations.</param>
/// <param name="Inputs">External inputs (spike times, Poisson trains, current steps).</param>
/// <param name="Record">What to record.</param>
/// <param name="SourcePath">The file the model came from, or null when built in code.</param>
/// <param name="StepMs">Length of one synchronous step of the artificial mode on recurrent graphs, ms (model field
/// <c>dt</c>, default 1 ms); the spiking engine ignores it.</param>
public sealed record ModelSpec(
    string Name,
    ulong Seed,
    double DurationMs,
    IReadOnlyList<PopulationSpec> Populations,
    IReadOnlyList<ProjectionSpec> Projections,
    IReadOnlyList<InputSpec> Inputs,
    RecordSpec Record,
    string? SourcePath = null,
    double StepMs = 1.0)
{
    /// <summary>Index of the population with this name, or -1.</summary>
    public int PopulationIndex(string name)
    {
        for (int i = 0; i < Populations.Count; i++)
            if (Populations[i].Name == name) return i;
        return -1;
    }
}

/// <summary>A group of identical neurons.</summary>
/// <param name="Name">Unique name, used in outputs and as a path segment in <c>--set</c>.</param>
/// <param name="Size">Number of neurons (at least 1).</param>
/// <param name="Neuron">The neuron model and its parameters (for <c>lif_rate</c>, the LIF whose rate curve it uses;
/// for the other artificial models, unused defaults).</param>
/// <param name="Activation">Null for spiking <c>lif</c> neurons; otherwise the artificial neuron model, its gain and bias.</param>
/// <param name="Positions">Where the neurons sit in space (needed by the distance rule), or null.</param>
public sealed record PopulationSpec(string Name, int Size, LifSpec Neuron, ActivationSpec? Activation = null, PositionSpec? Positions = null)
{
    /// <summary>True when the neurons are artificial (real-valued outputs, see the Artificial folder).</summary>
    public bool IsArtificial => Activation is not null;
}

/// <summary>
/// Parameters of a leaky integrate-and-fire neuron (<c>"model": "lif"</c>), in internal units. What the neuron does
/// with them, its defaults (NEST's iaf_psc_* defaults) and its other parameters are its psc model's, found in the
/// registry (<see cref="SpikingModels.Of"/>; one folder per model under <c>src/SpikeSim/Neurons</c>).
/// </summary>
/// <param name="Psc">Synapse type as in the model file: <c>delta</c> (weights in mV), <c>exp</c> (weights in pA), or any
/// other psc in <see cref="SpikingModels.All"/>.</param>
/// <param name="TauMMs">Membrane time constant tau_m, ms (default 10).</param>
/// <param name="CmPf">Membrane capacitance C_m, pF (default 250).</param>
/// <param name="ELMv">Resting potential E_L, mV (default -70).</param>
/// <param name="VResetMv">Reset potential V_reset, mV (default -70).</param>
/// <param name="VThMv">Threshold V_th, mV (default -55).</param>
/// <param name="TRefMs">Absolute refractory period t_ref, ms (default 2).</param>
/// <param name="IEPa">Constant external current I_e, pA (default 0).</param>
/// <param name="VInitMv">Initial membrane potential, mV: a constant or a distribution (default E_L).</param>
/// <param name="TauSynExMs">Excitatory synaptic time constant, ms (psc models with decaying synapses, default 2).</param>
/// <param name="TauSynInMs">Inhibitory synaptic time constant, ms (psc models with decaying synapses, default 2).</param>
public sealed record LifSpec(
    string Psc,
    double TauMMs,
    double CmPf,
    double ELMv,
    double VResetMv,
    double VThMv,
    double TRefMs,
    double IEPa,
    ValueSpec VInitMv,
    double TauSynExMs,
    double TauSynInMs)
{
    /// <summary>
    /// The model's other parameters (those without a field above, e.g. a psc model's own), by model-file name, in
    /// internal units; only those that differ from their declared default. Read them with <see cref="Parameter"/>.
    /// </summary>
    public ParameterSet Extra { get; init; } = ParameterSet.Empty;

    /// <summary>The neuron's model in the registry. Throws <see cref="ArgumentException"/> for an unknown psc.</summary>
    public SpikingModel Model => SpikingModels.Of(this);

    /// <summary>The value of parameter <paramref name="name"/> (model-file name, e.g. <c>tau_m</c>), in its internal unit.</summary>
    public double Parameter(string name) => Model.Value(this, name);

    /// <summary>Every parameter at its declared default (NEST's defaults), V starting at E_L.</summary>
    /// <param name="psc">The psc, e.g. <c>delta</c> or <c>exp</c>.</param>
    public static LifSpec Default(string psc)
    {
        SpikingModel model = SpikingModels.Find(LifModel.Name, psc)
            ?? throw new ArgumentException($"unknown psc \"{psc}\" (known: {string.Join(", ", SpikingModels.PscsOf(LifModel.Name))})", nameof(psc));
        double el = model.Parameters.First(p => p.Name == "e_l").Default;
        return model.CreateSpec(new Dictionary<string, double>(), new ConstantValue(el));
    }
}

/// <summary>
/// An artificial neuron: output y = f(gain * x + bias), where x is the weighted sum of its inputs (see
/// <c>SpikeSim.Artificial.NeuronType</c>). For <see cref="NeuronModel.LifRate"/>, x is a mean current in pA and y a
/// rate in Hz; for the activations x and y are plain numbers.
/// </summary>
/// <param name="Model">The neuron model (never <see cref="NeuronModel.Lif"/>).</param>
/// <param name="Gain">Multiplies the summed input (unitless, default 1).</param>
/// <param name="Bias">Added after the gain (unitless; pA for lif_rate; default 0).</param>
public sealed record ActivationSpec(NeuronModel Model, double Gain = 1.0, double Bias = 0.0);

/// <summary>Neuron models a population may have (the model file's <c>"model"</c> field).</summary>
public enum NeuronModel
{
    /// <summary><c>lif</c>: the spiking leaky integrate-and-fire neuron.</summary>
    Lif,
    /// <summary><c>lif_rate</c>: the LIF's steady-state firing rate as a function of its mean input current.</summary>
    LifRate,
    /// <summary><c>step</c>: the perceptron's Heaviside step.</summary>
    Step,
    /// <summary><c>sigmoid</c>: the logistic function.</summary>
    Sigmoid,
    /// <summary><c>tanh</c>: the hyperbolic tangent.</summary>
    Tanh,
    /// <summary><c>relu</c>: the rectified linear unit max(0, x).</summary>
    Relu,
    /// <summary><c>linear</c>: the identity.</summary>
    Linear,
}

/// <summary>A value that is either a constant or drawn per element (synapse, neuron) from a distribution.</summary>
public abstract record ValueSpec
{
    /// <summary>True when every draw gives the same value.</summary>
    public abstract bool IsConstant { get; }
}

/// <summary>The same value for every element.</summary>
/// <param name="Value">In the internal unit of the field.</param>
public sealed record ConstantValue(double Value) : ValueSpec
{
    /// <inheritdoc/>
    public override bool IsConstant => true;
}

/// <summary>
/// A random value per element. Draws outside [<paramref name="Min"/>, <paramref name="Max"/>] are redrawn
/// (a truncated distribution).
/// </summary>
/// <param name="Kind">The distribution family.</param>
/// <param name="A">normal, lognormal: the mean; uniform: the lower bound (internal unit).</param>
/// <param name="B">normal, lognormal: the standard deviation; uniform: the upper bound (internal unit).</param>
/// <param name="Min">Smallest accepted draw (or -infinity).</param>
/// <param name="Max">Largest accepted draw (or +infinity).</param>
public sealed record DistributionValue(DistributionKind Kind, double A, double B, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity) : ValueSpec
{
    /// <inheritdoc/>
    public override bool IsConstant => false;
}

/// <summary>
/// An explicit weight matrix: <c>Rows[t][s]</c> is the weight from source neuron s to target neuron t (rows are
/// targets, columns sources). Every entry is a synapse (all to all).
/// </summary>
/// <param name="Rows">target-size rows of source-size entries, in the field's internal unit (unitless onto artificial populations).</param>
public sealed record MatrixValue(double[][] Rows) : ValueSpec
{
    /// <inheritdoc/>
    public override bool IsConstant => false;
}

/// <summary>Families of <see cref="DistributionValue"/>.</summary>
public enum DistributionKind
{
    /// <summary>Normal with mean A and standard deviation B.</summary>
    Normal,
    /// <summary>Uniform on [A, B).</summary>
    Uniform,
    /// <summary>
    /// Log-normal whose own mean is A and standard deviation B (not the parameters of the underlying normal).
    /// A negative mean gives the negated distribution (for inhibitory weights).
    /// </summary>
    LogNormal,
}

/// <summary>A projection: synapses from every neuron of one population to neurons of another.</summary>
/// <param name="Name">Name used in outputs (default "FROM-TO").</param>
/// <param name="From">Source population name.</param>
/// <param name="To">Target population name.</param>
/// <param name="Connect">Connection rule.</param>
/// <param name="Weight">mV for delta targets, pA for exp targets; positive excites, negative inhibits.</param>
/// <param name="Delay">Axonal delay, ms; strictly positive.</param>
/// <param name="Plasticity">How the weights learn (STDP or a rate rule), or null for fixed weights.</param>
/// <param name="Structural">How synapses grow and are pruned while the network runs, or null for a fixed graph.</param>
/// <param name="ShortTerm">Short-term depression and facilitation of what each spike transmits, or null for none.</param>
public sealed record ProjectionSpec(string Name, string From, string To, ConnectSpec Connect, ValueSpec Weight, ValueSpec Delay,
                                    PlasticitySpec? Plasticity = null, StructuralSpec? Structural = null, ShortTermSpec? ShortTerm = null);

/// <summary>Connection rules.</summary>
public enum ConnectRule
{
    /// <summary>Neuron i to neuron i (populations of equal size).</summary>
    OneToOne,
    /// <summary>Every source to every target.</summary>
    AllToAll,
    /// <summary>Each pair independently with probability p (Bernoulli).</summary>
    Random,
    /// <summary>Each target receives exactly k synapses from randomly chosen sources.</summary>
    FixedIndegree,
    /// <summary>Each source makes exactly k synapses onto randomly chosen targets.</summary>
    FixedOutdegree,
    /// <summary>Watts-Strogatz small world within one population: ring lattice of k neighbours, each edge rewired with probability p; symmetric.</summary>
    SmallWorld,
    /// <summary>Barabási-Albert scale-free graph within one population: each new neuron attaches m edges by preferential attachment; symmetric.</summary>
    ScaleFree,
    /// <summary>Each pair with probability p0 exp(-d/lambda) of the distance d between their positions; delay grows by d / velocity.</summary>
    Distance,
}

/// <summary>A connection rule with its parameters.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="P">Connection probability (rule random) or rewiring probability (small_world).</param>
/// <param name="K">In- or out-degree (fixed_indegree, fixed_outdegree) or lattice degree (small_world, even).</param>
/// <param name="AllowAutapses">Whether a neuron may connect to itself (only matters within one population; default true).</param>
/// <param name="AllowMultapses">Whether a pair may be connected more than once (fixed degree rules; default false).</param>
/// <param name="M">Edges per new neuron (scale_free).</param>
/// <param name="Distance">Parameters of the distance rule, or null for the other rules.</param>
public sealed record ConnectSpec(ConnectRule Rule, double P = 0, int K = 0, bool AllowAutapses = true, bool AllowMultapses = false,
                                 int M = 0, DistanceSpec? Distance = null);

/// <summary>
/// A per-neuron field of an input: either one value for all targeted neurons or one value per targeted neuron.
/// </summary>
/// <param name="Values">One value (shared) or one per targeted neuron, in the field's internal unit.</param>
public sealed record PerNeuron(double[] Values)
{
    /// <summary>The value for the i-th targeted neuron.</summary>
    public double this[int i] => Values.Length == 1 ? Values[0] : Values[i];

    /// <summary>A single shared value.</summary>
    public static PerNeuron Of(double value) => new([value]);
}

/// <summary>An external input to some neurons of one population.</summary>
/// <param name="To">Target population name.</param>
/// <param name="Neurons">Indices within the population, or null for all of them.</param>
public abstract record InputSpec(string To, int[]? Neurons);

/// <summary>
/// Spikes that arrive at the listed neurons at the given times (arrival times: no delay is added).
/// </summary>
/// <param name="To">Target population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="TimesMs">Arrival times, ms: one shared list, or one list per targeted neuron.</param>
/// <param name="Weight">mV (delta target) or pA (exp target), shared or per targeted neuron.</param>
public sealed record SpikeTimesInput(string To, int[]? Neurons, double[][] TimesMs, PerNeuron Weight) : InputSpec(To, Neurons);

/// <summary>
/// An independent homogeneous Poisson spike train to every targeted neuron, with exact exponential
/// inter-arrival times, active in [start, stop).
/// </summary>
/// <param name="To">Target population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="RateHz">Rate per targeted neuron, Hz.</param>
/// <param name="Weight">mV (delta target) or pA (exp target).</param>
/// <param name="StartMs">First time at which events may occur, ms (default 0).</param>
/// <param name="StopMs">Time from which no events occur, ms (default: never).</param>
public sealed record PoissonInput(string To, int[]? Neurons, PerNeuron RateHz, PerNeuron Weight, double StartMs = 0, double StopMs = double.PositiveInfinity) : InputSpec(To, Neurons);

/// <summary>
/// A piecewise-constant current: from each step's time on, this input injects the step's amplitude
/// (before the first step: 0 pA). Currents of several inputs add up with the neuron's own I_e.
/// </summary>
/// <param name="To">Target population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="Steps">Steps in increasing time.</param>
public sealed record CurrentInput(string To, int[]? Neurons, IReadOnlyList<CurrentStep> Steps) : InputSpec(To, Neurons);

/// <summary>One step of a <see cref="CurrentInput"/>.</summary>
/// <param name="AtMs">Time of the step, ms.</param>
/// <param name="AmplitudePa">Current from then on, pA: shared or per targeted neuron.</param>
public sealed record CurrentStep(double AtMs, PerNeuron AmplitudePa);

/// <summary>
/// Real values added to the summed input of the listed neurons in the artificial mode (unitless; pA for lif_rate
/// targets). The spiking engine does not take them.
/// </summary>
/// <param name="To">Target population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="Values">One value shared, or one per targeted neuron.</param>
public sealed record ValuesInput(string To, int[]? Neurons, PerNeuron Values) : InputSpec(To, Neurons);

/// <summary>What a run records.</summary>
/// <param name="Spikes">Names of the populations whose spikes go to spikes.csv.</param>
/// <param name="V">Membrane-potential recordings for v.csv.</param>
/// <param name="RateBinMs">Bin width of rates.csv, ms, or null for no rate file.</param>
/// <param name="Connections">Whether to write the network's synapses (projection, source, target, weight, delay) at the end of the run.</param>
/// <param name="Weights">Weight snapshots for weights.csv, or null for none.</param>
/// <param name="SynapsesIntervalMs">Interval of the synapse counts in synapses.csv, ms, or null for none.</param>
public sealed record RecordSpec(IReadOnlyList<string> Spikes, IReadOnlyList<VoltageRecordSpec> V, double? RateBinMs, bool Connections = false,
                                WeightsRecordSpec? Weights = null, double? SynapsesIntervalMs = null)
{
    /// <summary>Records nothing.</summary>
    public static RecordSpec None { get; } = new([], [], null);

    /// <summary>State-variable recordings for state.csv (empty: no state.csv).</summary>
    public IReadOnlyList<StateRecordSpec> State { get; init; } = [];
}

/// <summary>
/// Sample V of some neurons at the times k × <paramref name="IntervalMs"/> (k = 0, 1, ...) that fall in
/// [<paramref name="FromMs"/>, <paramref name="ToMs"/>).
/// </summary>
/// <param name="Population">Population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="IntervalMs">Sampling interval, ms (the samples are exact values of V at those times).</param>
/// <param name="FromMs">First time that may be sampled, ms (default 0).</param>
/// <param name="ToMs">Samples are taken before this time, ms (default +infinity: to the end of the run).</param>
public sealed record VoltageRecordSpec(string Population, int[]? Neurons, double IntervalMs, double FromMs = 0,
                                       double ToMs = double.PositiveInfinity);

/// <summary>
/// Sample state variables of some neurons at the times k × <paramref name="IntervalMs"/> (k = 0, 1, ...) that fall
/// in [<paramref name="FromMs"/>, <paramref name="ToMs"/>): one row of state.csv per (time, neuron, variable).
/// </summary>
/// <param name="Population">Population name.</param>
/// <param name="Neurons">Indices within the population, or null for all.</param>
/// <param name="Variables">
/// Variable names, in the order the rows are written: the population's model's state variables
/// (<see cref="Neurons.SpikingModel.StateVariables"/>) and the short-term plasticity means
/// (<see cref="RecordableVariables"/>).
/// </param>
/// <param name="IntervalMs">Sampling interval, ms (the samples are exact values at those times).</param>
/// <param name="FromMs">First time that may be sampled, ms (default 0).</param>
/// <param name="ToMs">Samples are taken before this time, ms (default +infinity: to the end of the run).</param>
public sealed record StateRecordSpec(string Population, int[]? Neurons, IReadOnlyList<string> Variables, double IntervalMs,
                                     double FromMs = 0, double ToMs = double.PositiveInfinity);

/// <summary>Snapshots of every synapse's weight, every <paramref name="IntervalMs"/> from t = 0 (weights.csv).</summary>
/// <param name="IntervalMs">Snapshot interval, ms; a snapshot at t holds the weights after every event before t.</param>
/// <param name="Projections">Names of the projections to record, or null for every plastic projection.</param>
public sealed record WeightsRecordSpec(double IntervalMs, IReadOnlyList<string>? Projections);
