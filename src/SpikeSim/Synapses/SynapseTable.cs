namespace SpikeSim.Synapses;

/// <summary>
/// The synapses of one projection in compressed sparse rows by source (CSR): the synapses of source neuron s
/// (index within the source population) are <c>RowStart[s] .. RowStart[s+1]-1</c>, ordered by target.
/// </summary>
/// <remarks>
/// Memory per synapse: 2 bytes of target when the table's targets lie within 65,536 neurons of each other (every
/// projection onto a population of at most 65,536 neurons), else 4 (<see cref="SynapseTargets"/>), plus 4 bytes of
/// weight only when weights differ between synapses, plus 4 bytes of delay only when delays differ (12 bytes at most;
/// a projection onto a population of up to 65,536 neurons with one weight and one delay costs 2). A constant weight
/// or delay is kept exactly as a double. Values drawn from a distribution are stored as float: the stored value is
/// the synapse's value (the draw rounded to 24 bits), used exactly as such by the engine and reported as such in
/// outputs. Values written by the user (a weight matrix, a connection file) are used exactly: as float when every one
/// of them is a float already, else as double (<see cref="Weight64"/>, <see cref="Delay64"/>, 8 bytes each).
/// </remarks>
public sealed class SynapseTable
{
    /// <summary>Name of the projection (default "FROM-TO").</summary>
    public string Name { get; }

    /// <summary>Index of the source population in the model.</summary>
    public int FromPopulation { get; }

    /// <summary>Index of the target population in the model.</summary>
    public int ToPopulation { get; }

    /// <summary>Row offsets by source (length: source population size + 1).</summary>
    internal int[] RowStart { get; private set; }

    /// <summary>Each synapse's target neuron, ascending within a row.</summary>
    internal SynapseTargets Targets { get; private set; }

    /// <summary>
    /// Structural plasticity: the slot of each synapse in <see cref="Plastic"/>'s arrays (the table is rebuilt as
    /// synapses come and go; slots stay). Null when synapse k's slot is k.
    /// </summary>
    internal int[]? Slot { get; private set; }

    /// <summary>The live weights and traces of a plastic or structural projection in a running simulation, or null.</summary>
    internal Plasticity.PlasticProjection? Plastic { get; set; }

    /// <summary>Per-synapse weights (mV or pA) as floats, or null when all equal <see cref="WeightConstant"/> or are kept in <see cref="Weight64"/>.</summary>
    internal float[]? Weight { get; }

    /// <summary>Per-synapse weights written by the user that are not all floats, kept exactly; null otherwise (then <see cref="Weight"/> is null too).</summary>
    internal double[]? Weight64 { get; }

    /// <summary>Per-synapse delays written by the user that are not all floats, kept exactly (ms); null otherwise (then <see cref="Delay"/> is null too).</summary>
    internal double[]? Delay64 { get; }

    /// <summary>The weight of every synapse when <see cref="Weight"/> and <see cref="Weight64"/> are null (mV for delta, pA for exp targets).</summary>
    internal double WeightConstant { get; }

    /// <summary>Per-synapse delays (ms) as floats, or null when all equal <see cref="DelayConstant"/> or are kept in <see cref="Delay64"/>.</summary>
    internal float[]? Delay { get; }

    /// <summary>The delay of every synapse when <see cref="Delay"/> is null, ms.</summary>
    internal double DelayConstant { get; }

    internal SynapseTable(string name, int from, int to, int[] rowStart, SynapseTargets target,
                          float[]? weight, double weightConstant, float[]? delay, double delayConstant,
                          double[]? weight64 = null, double[]? delay64 = null)
    {
        if ((weight is not null && weight64 is not null) || (delay is not null && delay64 is not null))
            throw new ArgumentException("A synapse's weight or delay is kept as float or as double, not both.");
        Name = name; FromPopulation = from; ToPopulation = to;
        RowStart = rowStart; Targets = target;
        Weight = weight; WeightConstant = weightConstant;
        Delay = delay; DelayConstant = delayConstant;
        Weight64 = weight64; Delay64 = delay64;
    }

    /// <summary>Number of synapses.</summary>
    public int Count => Targets.Count;

    /// <summary>Bytes held by the table's arrays.</summary>
    public long Bytes => 4L * RowStart.Length + Targets.Bytes + 4L * (Weight?.Length ?? 0) + 4L * (Delay?.Length ?? 0)
                         + 8L * (Weight64?.Length ?? 0) + 8L * (Delay64?.Length ?? 0);

    /// <summary>Weight of synapse k (mV for delta targets, pA for exp targets): for a plastic projection, its current weight.</summary>
    public double WeightOf(int k) => Plastic is { } p ? p.Weights[SlotOf(k)]
                                   : Weight is not null ? Weight[k] : Weight64 is not null ? Weight64[k] : WeightConstant;

    /// <summary>Delay of synapse k, ms.</summary>
    public double DelayOf(int k) => Plastic is { Delay: { } d } ? d[SlotOf(k)]
                                  : Delay is not null ? Delay[k] : Delay64 is not null ? Delay64[k] : DelayConstant;

    /// <summary>The slot of synapse k in <see cref="Plastic"/>'s arrays.</summary>
    internal int SlotOf(int k) => Slot is null ? k : Slot[k];

    /// <summary>
    /// A copy whose plastic state a simulation may change, leaving this table (the built network's) as it was. The
    /// arrays are shared: nothing writes into them, a structural update or a loaded state replaces them (<see cref="Replace"/>).
    /// </summary>
    internal SynapseTable CopyForSimulation() =>
        new(Name, FromPopulation, ToPopulation, RowStart, Targets, Weight, WeightConstant, Delay, DelayConstant, Weight64, Delay64);

    /// <summary>Structural plasticity: replaces the synapse list (rows by source, targets ascending, with their slots).</summary>
    internal void Replace(int[] rowStart, int[] target, int[] slot)
    {
        RowStart = rowStart;
        Targets = target;
        Slot = slot;
    }

    /// <summary>Sets each synapse's slot in <see cref="Plastic"/>'s arrays (<see cref="Slot"/>), the synapses staying as they are.</summary>
    internal void SetSlots(int[] slot) => Slot = slot;

    /// <summary>Smallest delay of the projection, ms (+infinity when it has no synapse).</summary>
    public double MinDelay()
    {
        if (Count == 0) return double.PositiveInfinity;
        double min = double.PositiveInfinity;
        if (Delay64 is not null) { foreach (double d in Delay64) if (d < min) min = d; return min; }
        if (Delay is null) return DelayConstant;
        foreach (float d in Delay) if (d < min) min = d;
        return min;
    }

    /// <summary>Largest delay of the projection, ms (0 when it has no synapse).</summary>
    public double MaxDelay()
    {
        if (Count == 0) return 0;
        double max = 0;
        if (Delay64 is not null) { foreach (double d in Delay64) if (d > max) max = d; return max; }
        if (Delay is null) return DelayConstant;
        foreach (float d in Delay) if (d > max) max = d;
        return max;
    }

    /// <summary>Global target index of synapse k.</summary>
    public int TargetOf(int k) => Targets[k];

    /// <summary>The synapse range of source neuron s (index within the source population).</summary>
    public (int Start, int End) RowOf(int s) => (RowStart[s], RowStart[s + 1]);
}
