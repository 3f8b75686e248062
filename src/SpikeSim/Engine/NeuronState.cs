using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpikeSim.Inputs;
using SpikeSim.Neurons;
using SpikeSim.Randomness;

namespace SpikeSim.Engine;

/// <summary>
/// The dynamic state of every neuron: the model state per population (<see cref="Populations"/>), and, as
/// structure-of-arrays indexed by global neuron index, what the engine keeps for every model: the time each neuron
/// is integrated to, when it next needs attention, and its cursors into the input tables. Each slice, a neuron is touched only by the partition that owns it.
/// </summary>
internal sealed class NeuronState
{
    /// <summary>
    /// Each population's model state (structure of arrays laid out by its model) and its dispatch to the event loop,
    /// in population order.
    /// </summary>
    public readonly PopulationDynamics[] Populations;
    /// <summary>Time to which the neuron's state is integrated, ms.</summary>
    public readonly double[] Time;

    /// <summary>Time before which each neuron cannot reach threshold without new input, ms (-infinity: unknown).</summary>
    public readonly double[] NotBefore;
    /// <summary>
    /// Whether <see cref="NotBefore"/> is the exact next crossing of the neuron's present state (an exact answer of
    /// <see cref="Neurons.INeuronDynamics.NextCrossing"/>): a visit that brings no input takes it instead of searching
    /// again, which gives the same value. False where it is only a bound.
    /// </summary>
    public readonly bool[] NotBeforeIsCrossing;
    /// <summary>
    /// The earliest time at which each neuron needs attention other than a synaptic event (an input, a current
    /// step, a sample, a possible spike), ms: a slice that ends before it and brings no event skips the neuron.
    /// </summary>
    public readonly double[] Wake;

    /// <summary>Next spike-times input event of each neuron (index into the input table).</summary>
    public readonly int[] SpikeCursor;
    /// <summary>Next current step of each neuron.</summary>
    public readonly int[] CurrentCursor;
    /// <summary>Next event time of each Poisson stream, ms.</summary>
    public readonly double[] PoissonNext;
    /// <summary>Random stream of each Poisson stream.</summary>
    public readonly RandomStream[] PoissonRandom;
    /// <summary>
    /// Unit exponential draws not yet used, <see cref="Batch"/> per Poisson stream: <see cref="NextExponential"/> draws
    /// eight at a time (one vector logarithm) and keeps the rest here; <see cref="PoissonLanes"/> takes them first and
    /// leaves none.
    /// </summary>
    public readonly double[] PoissonPending;
    /// <summary>How many of each stream's pending draws are left.</summary>
    public readonly byte[] PoissonPendingCount;
    /// <summary>Index of the next sample of each probe (<see cref="Network.Probes"/>).</summary>
    public readonly long[] ProbeNext;
    /// <summary>Time of the next sample of each probe, ms (see <see cref="SampleTime"/>; +infinity once its window has passed).</summary>
    public readonly double[] ProbeNextTime;

    /// <summary>Sets neuron n's <see cref="NotBefore"/> to a bound (not a crossing found by the search), ms.</summary>
    public void SetBound(int n, double notBefore)
    {
        NotBefore[n] = notBefore;
        NotBeforeIsCrossing[n] = false;
    }

    public NeuronState(Network network)
    {
        int n = network.NeuronCount;
        Populations = new PopulationDynamics[network.Populations.Count];
        for (int p = 0; p < Populations.Length; p++)
        {
            PopulationRange range = network.Populations[p];
            Populations[p] = network.Models[p].CreatePopulation(network.Spec.Populations[p].Neuron, range.Offset,
                                                                network.InitialV.AsSpan(range.Offset, range.Size));
        }
        Time = new double[n];
        NotBefore = new double[n];
        Array.Fill(NotBefore, double.NegativeInfinity);
        NotBeforeIsCrossing = new bool[n];
        Wake = new double[n];
        Array.Fill(Wake, double.NegativeInfinity);
        InputTables inputs = network.Inputs;
        SpikeCursor = inputs.SpikeStart[..n];
        CurrentCursor = inputs.CurrentStart[..n];
        int streams = inputs.PoissonMeanIntervalMs.Length;
        PoissonNext = new double[streams];
        PoissonRandom = new RandomStream[streams];
        PoissonPending = new double[streams * Batch];
        PoissonPendingCount = new byte[streams];
        for (int neuron = 0; neuron < n; neuron++)
        {
            for (int k = inputs.PoissonStart[neuron]; k < inputs.PoissonStart[neuron + 1]; k++)
            {
                PoissonRandom[k] = new RandomStream(network.Spec.Seed, StreamKind.Poisson, inputs.PoissonInput[k], neuron);
                double start = Math.Max(0.0, inputs.PoissonStartMs[k]);
                PoissonNext[k] = NextPoisson(k, start, inputs);
            }
        }
        Probe[] probes = network.Probes;
        ProbeNext = new long[probes.Length];
        ProbeNextTime = new double[probes.Length];
        for (int p = 0; p < probes.Length; p++)
        {
            ProbeNext[p] = probes[p].FirstIndex();
            ProbeNextTime[p] = probes[p].TimeOf(ProbeNext[p]);
        }
    }

    /// <summary>
    /// The k-th sampling time of a probe: the double nearest to k × interval computed in decimal, so that a 0.1 ms
    /// grid reads 0.3, not 0.30000000000000004. V is evaluated exactly at that time.
    /// </summary>
    public static double SampleTime(long k, double intervalMs) => (double)((decimal)intervalMs * k);

    /// <summary>The index k of the first time of the series <see cref="SampleTime"/>(k, interval) at or after t (ms).</summary>
    public static long FirstSampleAtOrAfter(double t, double intervalMs)
    {
        long k = Math.Max(0, (long)Math.Floor(t / intervalMs) - 1);
        while (SampleTime(k, intervalMs) < t) k++;
        return k;
    }

    /// <summary>Moves probe p to its next sample (+infinity past the end of its window).</summary>
    public void AdvanceProbe(int p, in Probe probe) => ProbeNextTime[p] = probe.TimeOf(++ProbeNext[p]);

    /// <summary>The earliest next event among Poisson streams [first, end) and its stream (-1 if none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double EarliestPoisson(int first, int end, out int stream)
    {
        double t = double.PositiveInfinity;
        stream = -1;
        for (int k = first; k < end; k++)
            if (PoissonNext[k] < t) { t = PoissonNext[k]; stream = k; }
        return t;
    }

    /// <summary>Draws per refill of a Poisson stream's pending exponentials: one vector of <see cref="RandomStream.NextOpenDoubleVector"/>.</summary>
    public const int Batch = 8;

    /// <summary>
    /// The event of Poisson stream k after time t: t + Exp(1) × mean interval, or +infinity past its stop time. A stream's
    /// sequence of draws is fixed by its key alone, whatever the slicing or the number of threads.
    /// </summary>
    public double NextPoisson(int k, double t, InputTables inputs)
    {
        double interval = inputs.PoissonMeanIntervalMs[k];
        if (double.IsPositiveInfinity(interval)) return double.PositiveInfinity;
        double next = t + NextExponential(k) * interval;
        return next < inputs.PoissonStopMs[k] ? next : double.PositiveInfinity;
    }

    /// <summary>The next unit exponential draw of Poisson stream k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential(int k)
    {
        int left = PoissonPendingCount[k];
        if (left == 0)
        {
            Refill(k);
            left = Batch;
        }
        PoissonPendingCount[k] = (byte)(left - 1);
        return PoissonPending[k * Batch + Batch - left];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill(int k)
    {
        (-AoclLogarithm.Of(PoissonRandom[k].NextOpenDoubleVector())).CopyTo(PoissonPending.AsSpan(k * Batch, Batch));
    }
}
