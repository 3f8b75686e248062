namespace SpikeSim.Synapses;

/// <summary>
/// The synapses of one projection in compressed sparse rows by source (CSR): the synapses of source neuron s
/// (index within the source population) are <c>RowStart[s] .. RowStart[s+1]-1</c>, ordered by target.
/// </summary>
/// <remarks>
/// Memory per synapse: 4 bytes of target index, plus 4 bytes of weight only when weights differ between
/// synapses, plus 4 bytes of delay only when delays differ (12 bytes at most; a projection with one weight and
/// one delay costs 4). A constant weight or delay is kept exactly as a double. Values drawn from a distribution
/// are stored as float: the stored value is the synapse's value (the draw rounded to 24 bits), used exactly as
/// such by the engine and reported as such in outputs.
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

    /// <summary>Global index of each synapse's target neuron.</summary>
    internal int[] Target { get; private set; }

    /// <summary>
    /// Structural plasticity: the slot of each synapse in <see cref="Plastic"/>'s arrays (the table is rebuilt as
    /// synapses come and go; slots stay). Null when synapse k's slot is k.
    /// </summary>
    internal int[]? Slot { get; private set; }

    /// <summary>The live weights and traces of a plastic or structural projection in a running simulation, or null.</summary>
    internal Plasticity.PlasticProjection? Plastic { get; set; }

    /// <summary>Per-synapse weights (mV or pA), or null when all equal <see cref="WeightConstant"/>.</summary>
    internal float[]? Weight { get; }

    /// <summary>The weight of every synapse when <see cref="Weight"/> is null (mV for delta, pA for exp targets).</summary>
    internal double WeightConstant { get; }

    /// <summary>Per-synapse delays (ms), or null when all equal <see cref="DelayConstant"/>.</summary>
    internal float[]? Delay { get; }

    /// <summary>The delay of every synapse when <see cref="Delay"/> is null, ms.</summary>
    internal double DelayConstant { get; }

    internal SynapseTable(string name, int from, int to, int[] rowStart, int[] target,
                          float[]? weight, double weightConstant, float[]? delay, double delayConstant)
    {
        Name = name; FromPopulation = from; ToPopulation = to;
        RowStart = rowStart; Target = target;
        Weight = weight; WeightConstant = weightConstant;
        Delay = delay; DelayConstant = delayConstant;
    }

    /// <summary>Number of synapses.</summary>
    public int Count => Target.Length;

    /// <summary>Bytes held by the table's arrays.</summary>
    public long Bytes => 4L * RowStart.Length + 4L * Target.Length + 4L * (Weight?.Length ?? 0) + 4L * (Delay?.Length ?? 0);

    /// <summary>Weight of synapse k (mV for delta targets, pA for exp targets): for a plastic projection, its current weight.</summary>
    public double WeightOf(int k) => Plastic is { } p ? p.Synapses[SlotOf(k)].Weight : Weight is null ? WeightConstant : Weight[k];

    /// <summary>Delay of synapse k, ms.</summary>
    public double DelayOf(int k) => Plastic is { Delay: { } d } ? d[SlotOf(k)] : Delay is null ? DelayConstant : Delay[k];

    /// <summary>The slot of synapse k in <see cref="Plastic"/>'s arrays.</summary>
    internal int SlotOf(int k) => Slot is null ? k : Slot[k];

    /// <summary>A copy whose plastic state a simulation may change, leaving this table (the built network's) as it was.</summary>
    internal SynapseTable CopyForSimulation() =>
        new(Name, FromPopulation, ToPopulation, (int[])RowStart.Clone(), (int[])Target.Clone(), Weight, WeightConstant, Delay, DelayConstant);

    /// <summary>Structural plasticity: replaces the synapse list (rows by source, targets ascending, with their slots).</summary>
    internal void Replace(int[] rowStart, int[] target, int[] slot)
    {
        RowStart = rowStart;
        Target = target;
        Slot = slot;
    }

    /// <summary>Smallest delay of the projection, ms (+infinity when it has no synapse).</summary>
    public double MinDelay()
    {
        if (Target.Length == 0) return double.PositiveInfinity;
        if (Delay is null) return DelayConstant;
        double min = double.PositiveInfinity;
        foreach (float d in Delay) if (d < min) min = d;
        return min;
    }

    /// <summary>Largest delay of the projection, ms (0 when it has no synapse).</summary>
    public double MaxDelay()
    {
        if (Target.Length == 0) return 0;
        if (Delay is null) return DelayConstant;
        double max = 0;
        foreach (float d in Delay) if (d > max) max = d;
        return max;
    }

    /// <summary>Global target index of synapse k.</summary>
    public int TargetOf(int k) => Target[k];

    /// <summary>The synapse range of source neuron s (index within the source population).</summary>
    public (int Start, int End) RowOf(int s) => (RowStart[s], RowStart[s + 1]);
}
