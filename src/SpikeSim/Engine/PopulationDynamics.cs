using SpikeSim.Neurons;

namespace SpikeSim.Engine;

/// <summary>
/// The engine's part of one population: its neurons' model state as structure of arrays (laid out by the model,
/// indexed by neuron - <see cref="Offset"/>), and the dispatch to the event loop specialised on the model's dynamics
/// struct. <see cref="Advance"/> is the one virtual call per population per slice; below it every call is static.
/// Created by the model (<see cref="SpikingModel.CreatePopulation"/>), one per simulation.
/// </summary>
internal abstract class PopulationDynamics
{
    protected PopulationDynamics(int offset, double[][] state, LifParameters? deltaBatch)
    {
        Offset = offset;
        State = state;
        Size = state.Length > 0 ? state[0].Length : 0;
        DeltaBatch = deltaBatch;
    }

    /// <summary>Global index of the population's first neuron.</summary>
    public int Offset { get; }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>The model's per-neuron state: one array per stored quantity, each of <see cref="Size"/> values.</summary>
    public double[][] State { get; }

    /// <summary>
    /// Not null when the model allows the vectorised path for delta neurons (<c>Partition.DeltaBatch.cs</c>): its
    /// parameters. The state then follows <see cref="LifState"/> and the dynamics are those of <see cref="DeltaLif"/>.
    /// </summary>
    public LifParameters? DeltaBatch { get; }

    /// <summary>Phase A for this population's neurons [from, to) (global indices) in one slice: see <see cref="Partition.Advance"/>.</summary>
    public abstract void Advance(Partition partition, int population, int from, int to, in SliceFrame frame);

    /// <summary>Whether the model advances neurons four at a time through their events (<see cref="INeuronDynamics.HasEventLanes"/>).</summary>
    public abstract bool HasEventLanes { get; }

    /// <summary>Phase B's direct arrivals into this population's neurons of a partition: see <see cref="Partition.DeliverDirect{TDyn}"/>.</summary>
    public abstract void DeliverDirect(Partition partition, int population, SpikeList order, int spikes, int[][] splits, in SliceFrame frame);

    /// <summary>
    /// State variable <paramref name="variable"/> (the model's <see cref="SpikingModel.StateVariables"/> order) of neuron
    /// <paramref name="local"/>, whose state refers to time <paramref name="time"/>, at t ≥ that time (ms), without
    /// changing the state.
    /// </summary>
    public abstract double Sample(int local, double time, int variable, double t);
}

/// <summary>A population whose neurons' dynamics are <typeparamref name="TDyn"/>.</summary>
/// <typeparam name="TDyn">The model's dynamics struct.</typeparam>
internal sealed class PopulationDynamics<TDyn> : PopulationDynamics where TDyn : struct, INeuronDynamics
{
    /// <param name="offset">Global index of the first neuron.</param>
    /// <param name="state">The state arrays, initialised.</param>
    /// <param name="template">A dynamics value holding the population's parameters; each neuron's state is loaded into a copy.</param>
    /// <param name="deltaBatch">See <see cref="PopulationDynamics.DeltaBatch"/>.</param>
    public PopulationDynamics(int offset, double[][] state, TDyn template, LifParameters? deltaBatch = null)
        : base(offset, state, deltaBatch)
    {
        _template = template;
    }

    private readonly TDyn _template;

    /// <summary>The dynamics value holding the population's parameters (by reference: the lanes' calls copy nothing).</summary>
    public ref readonly TDyn Template => ref _template;

    /// <inheritdoc/>
    public override void Advance(Partition partition, int population, int from, int to, in SliceFrame frame) =>
        partition.AdvancePopulation(this, population, from, to, frame);

    /// <inheritdoc/>
    public override bool HasEventLanes => TDyn.HasEventLanes;

    /// <inheritdoc/>
    public override void DeliverDirect(Partition partition, int population, SpikeList order, int spikes, int[][] splits, in SliceFrame frame) =>
        partition.DeliverDirect(this, population, order, spikes, splits, frame);

    /// <inheritdoc/>
    public override double Sample(int local, double time, int variable, double t)
    {
        TDyn dyn = Template;
        dyn.Load(State, local, time);
        return dyn.SampleVariable(variable, t);
    }
}

/// <summary>What phase A of one slice works on, handed to each population.</summary>
/// <param name="Slice">The slice's index.</param>
/// <param name="Events">The slice's event lists, by global neuron index.</param>
/// <param name="Farthest">The event lists of the farthest slice the slice's spikes reach (<see cref="EventRing.Farthest"/>).</param>
/// <param name="Table">The partition's arrival table of the slice (with the marks of the neurons that have events).</param>
/// <param name="Woken">The marks of the partition's neurons whose wake time falls in the slice (<see cref="WakeSchedule"/>).</param>
/// <param name="T1">End of the slice, ms.</param>
/// <param name="RunEnd">End of the run, ms.</param>
/// <param name="Spikes">Where the partition's spikes of the slice go.</param>
/// <param name="Samples">Where the partition's voltage samples of the slice go.</param>
/// <param name="StateSamples">Where the partition's state samples of the slice go.</param>
internal readonly record struct SliceFrame(long Slice, EventList[] Events, EventList[] Farthest, ArrivalTable Table, ulong[] Woken, double T1, double RunEnd,
                                           SpikeList Spikes, SampleList Samples, StateSampleList StateSamples);
