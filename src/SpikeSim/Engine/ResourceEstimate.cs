using System.Globalization;
using SpikeSim.Connectivity;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>One part of what a model holds in memory or writes, with the JSON path of the field that sets it.</summary>
/// <param name="JsonPath">The field to change to shrink it, e.g. <c>$.projections[0].connect</c>.</param>
/// <param name="What">What it is, e.g. "2.5e10 synapses of projection exc-exc".</param>
/// <param name="Bytes">Its estimated size, bytes.</param>
public sealed record ResourcePart(string JsonPath, string What, double Bytes);

/// <summary>
/// What a model will hold in memory and write to disk, estimated from the <see cref="ModelSpec"/> alone, before
/// anything is built: synapses (expected counts for the random rules), neuron state, the event ring spanned by
/// the longest delay, one slice's voltage samples and spikes, and the recorded files (spikes only as far as the
/// constant current i_e surely drives them, where nothing can make the neurons fire less: the rest is known only
/// by running). The estimates are lower bounds of the real figures (a run also holds the runtime,
/// builder temporaries and spikes), so a model refused with them cannot fit; one accepted may still not.
/// </summary>
public sealed class ResourceEstimate
{
    /// <summary>Bytes per neuron of state (parameters, potential, wake times, per-neuron event lists), at least.</summary>
    public const double NeuronBytes = 64;

    /// <summary>Bytes per neuron per slot of the event ring (one event list each).</summary>
    public const double RingBytesPerNeuron = 16;

    /// <summary>Bytes of one voltage sample held for a slice (time, neuron, value).</summary>
    public const double SampleBytes = 24;

    /// <summary>Bytes of one spike held for a slice (time and neuron, in each partition's list and the merged one).</summary>
    public const double SpikeBytes = 24;

    /// <summary>Bytes of one row of v.csv, rates.csv, weights.csv or connections.csv, at least.</summary>
    public const double RowBytes = 12;

    /// <summary>
    /// The most bytes of samples (v and state) one slice may hold before the writer gets them, whatever the memory
    /// budget: a recording that needs more is refused, so a slice's output is never held whole when it is large.
    /// </summary>
    public const double MaxSliceSampleBytes = 256e6;

    private ResourceEstimate(ResourcePart[] memory, ResourcePart[] output, ResourcePart[] sliceSamples)
    {
        Memory = memory;
        Output = output;
        SliceSamples = sliceSamples;
    }

    /// <summary>The samples one slice holds, per recording (also counted in <see cref="Memory"/>).</summary>
    public IReadOnlyList<ResourcePart> SliceSamples { get; }

    /// <summary>The parts held in memory during the run.</summary>
    public IReadOnlyList<ResourcePart> Memory { get; }

    /// <summary>The parts written to the run folder (spikes.csv not included).</summary>
    public IReadOnlyList<ResourcePart> Output { get; }

    /// <summary>Bytes held in memory, in all.</summary>
    public double MemoryBytes => Memory.Sum(p => p.Bytes);

    /// <summary>Bytes written, in all (spikes only as driven by i_e).</summary>
    public double OutputBytes => Output.Sum(p => p.Bytes);

    /// <summary>
    /// Estimates <paramref name="spec"/>. Throws a <see cref="ModelException"/> for what no machine can run: a
    /// projection of more than 2^31 - 1 synapses (the index of a synapse is an int).
    /// </summary>
    public static ResourceEstimate Of(ModelSpec spec)
    {
        var memory = new List<ResourcePart>();
        var sliceSamples = new List<ResourcePart>();
        var output = new List<ResourcePart>();
        var inv = CultureInfo.InvariantCulture;
        double durationMs = spec.DurationMs;
        double minDelay = double.PositiveInfinity, maxDelay = 0;
        string maxDelayPath = "$.projections";

        for (int i = 0; i < spec.Populations.Count; i++)
        {
            PopulationSpec pop = spec.Populations[i];
            memory.Add(new ResourcePart($"$.populations[{i}].size", $"the state of {pop.Size:N0} neurons of \"{pop.Name}\"", pop.Size * NeuronBytes));
        }

        double totalSynapses = 0;
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            ProjectionSpec p = spec.Projections[i];
            int from = spec.PopulationIndex(p.From), to = spec.PopulationIndex(p.To);
            double nS = spec.Populations[from].Size, nT = spec.Populations[to].Size;
            double count = p.Connect.Rule == ConnectRule.Distance
                ? DistanceSynapsesAtLeast(p, spec.Populations[from], spec.Populations[to], from == to)
                : ExpectedSynapses(p, nS, nT, from == to);
            string connectPath = p.Weight is MatrixValue ? $"$.projections[{i}].weight" : $"$.projections[{i}].connect";
            if (count > int.MaxValue)
                throw new ModelException(spec.SourcePath, connectPath, null, string.Create(inv,
                    $"projection \"{p.Name}\" would have {count:N0} synapses; a projection may have at most {int.MaxValue:N0} synapses (split it into several projections or lower the connection probability or degree)"));
            // A target takes two bytes when a table's targets lie within 65,536 neurons of each other (SynapseTargets).
            double perSynapse = (nT <= SynapseTargets.OffsetSpan ? 2 : 4)
                              + (p.Weight is ConstantValue ? 0 : 4) + (p.Delay is ConstantValue ? 0 : 4)
                              + (p.Plasticity is not null || p.Structural is not null ? 28 : 0);
            memory.Add(new ResourcePart(connectPath, string.Create(inv, $"{count:G3} synapses of projection \"{p.Name}\""), count * perSynapse + 4 * (nS + 1)));
            totalSynapses += count;
            if (count == 0) continue;
            (double low, double high) = ValueSampler.Support(p.Delay);
            // A distribution unbounded above: its draws are finite, and its mean is what they reach for sure.
            if (double.IsPositiveInfinity(high) && p.Delay is DistributionValue unbounded) high = Math.Abs(unbounded.A);
            // A normal's draws below mean - 6 sd are too rare to count on: a shortest delay there would overstate the ring.
            if (p.Delay is DistributionValue { Kind: DistributionKind.Normal } normal) low = Math.Max(low, Math.Min(normal.A, normal.A - 6 * normal.B));
            if (p.Connect.Rule == ConnectRule.Distance) high = low;   // conduction adds an unknown amount: a lower bound
            minDelay = Math.Min(minDelay, Math.Max(low, Network.MinimumDelayMs));
            if (high > maxDelay) { maxDelay = high; maxDelayPath = $"$.projections[{i}].delay"; }
        }

        bool artificial = spec.Populations.Any(p => p.IsArtificial);
        double neurons = spec.Populations.Sum(p => (double)p.Size);
        if (!artificial && maxDelay > 0 && double.IsFinite(maxDelay))
        {
            double slice = Math.Min(Simulator.MaxSliceMs, minDelay);
            double slots = Math.Ceiling(maxDelay / slice) + 2;
            memory.Add(new ResourcePart(maxDelayPath, string.Create(inv,
                $"the event ring: a delay of {maxDelay:G4} ms spans {slots:G3} slices of {slice:G4} ms, each holding an event list for every neuron"),
                slots * neurons * RingBytesPerNeuron));
        }

        double sliceMs = Math.Min(Simulator.MaxSliceMs, minDelay);
        // Spikes driven by the constant current alone, where nothing can make the neurons fire less (see
        // FiresAtLeastAsIeAlone): a neuron with V_inf = E_L + tau_m I_e / C_m above threshold fires every
        // t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)), the first time once it has risen from V_init.
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            PopulationSpec pop = spec.Populations[i];
            if (!FiresAtLeastAsIeAlone(spec, pop)) continue;
            LifSpec n = pop.Neuron;
            double vInf = n.ELMv + n.TauMMs * n.IEPa / n.CmPf;
            if (!(vInf > n.VThMv)) continue;
            double period = n.TRefMs + n.TauMMs * Math.Log((vInf - n.VResetMv) / (vInf - n.VThMv));
            double vStart = ValueSampler.Support(n.VInitMv).Low;
            double first = vStart >= n.VThMv ? 0 : n.TauMMs * Math.Log((vInf - vStart) / (vInf - n.VThMv));
            if (!(period > 0) || !double.IsFinite(period) || !double.IsFinite(first)) continue;
            // Spikes at first, first + period, ... before the end (the first one at 0 only counted when V_init < V_th);
            // 1e-9 of a period spared for the rounding of the closed form.
            double perNeuron = first < durationMs ? Math.Ceiling((durationMs - first) / period - 1e-9) - (vStart >= n.VThMv ? 1 : 0) : 0;
            if (!(perNeuron > 0)) continue;
            double perSlice = Math.Floor(Math.Min(sliceMs, durationMs) / period) * pop.Size;
            if (perSlice > 0)
                memory.Add(new ResourcePart($"$.populations[{i}].neuron.i_e", string.Create(inv,
                    $"one slice's spikes of \"{pop.Name}\" driven by i_e alone (one every {period:G4} ms per neuron)"), perSlice * SpikeBytes));
            if (spec.Record.Spikes.Contains(pop.Name))
                output.Add(new ResourcePart($"$.populations[{i}].neuron.i_e", string.Create(inv,
                    $"spikes.csv: \"{pop.Name}\" driven by i_e alone fires every {period:G4} ms per neuron"),
                    perNeuron * pop.Size * RowBytes));
        }
        // A recording of v or of state variables: one slice's samples are held, then its rows are written.
        void Samples(string path, string population, int[]? neurons, double valuesPerNeuron, double intervalMs, double fromMs, double toMs,
                     string held, string file)
        {
            double values = (neurons?.Length ?? spec.Populations[spec.PopulationIndex(population)].Size) * valuesPerNeuron;
            double perSlice = Math.Ceiling(sliceMs / intervalMs) * values;
            var slice = new ResourcePart(path, string.Create(inv,
                $"one slice's {held} of \"{population}\" ({perSlice:G3} values every {sliceMs:G4} ms)"), perSlice * SampleBytes);
            memory.Add(slice);
            sliceSamples.Add(slice);
            double span = Math.Min(durationMs, toMs) - Math.Min(durationMs, fromMs);
            output.Add(new ResourcePart(path, string.Create(inv,
                $"{file}: {values:N0} values of \"{population}\" sampled every {intervalMs:G4} ms for {span:G4} ms"),
                Math.Floor(span / intervalMs) * values * RowBytes));
        }
        for (int i = 0; i < spec.Record.V.Count; i++)
        {
            VoltageRecordSpec v = spec.Record.V[i];
            Samples($"$.record.v[{i}].interval", v.Population, v.Neurons, 1, v.IntervalMs, v.FromMs, v.ToMs, "voltage samples", "v.csv");
        }
        for (int i = 0; i < spec.Record.State.Count; i++)
        {
            StateRecordSpec r = spec.Record.State[i];
            Samples($"$.record.state[{i}].interval", r.Population, r.Neurons, r.Variables.Count, r.IntervalMs, r.FromMs, r.ToMs, "state samples", "state.csv");
        }
        if (spec.Record.RateBinMs is double bin)
            output.Add(new ResourcePart("$.record.rates.bin", string.Create(inv,
                $"rates.csv: {spec.Populations.Count} populations counted in bins of {bin:G4} ms for {durationMs:G4} ms"),
                Math.Ceiling(durationMs / bin) * spec.Populations.Count * RowBytes));
        if (spec.Record.Weights is WeightsRecordSpec w)
            output.Add(new ResourcePart("$.record.weights.interval", string.Create(inv,
                $"weights.csv: the plastic weights every {w.IntervalMs:G4} ms for {durationMs:G4} ms"),
                (Math.Floor(durationMs / w.IntervalMs) + 1) * PlasticSynapses(spec) * RowBytes));
        if (spec.Record.SynapsesIntervalMs is double si)
            output.Add(new ResourcePart("$.record.synapses", string.Create(inv,
                $"synapses.csv: synapse counts every {si:G4} ms for {durationMs:G4} ms"),
                (Math.Floor(durationMs / si) + 1) * spec.Projections.Count * RowBytes));
        if (spec.Record.Connections)
            output.Add(new ResourcePart("$.record.connections", string.Create(inv, $"connections.csv: {totalSynapses:G3} synapses"), totalSynapses * RowBytes));
        return new ResourceEstimate([.. memory], [.. output], [.. sliceSamples]);
    }

    /// <summary>
    /// Whether the neurons of <paramref name="pop"/> surely fire at least as often as their constant current i_e alone
    /// makes them, so that the spikes it drives are a lower bound: a spiking lif neuron that resets (not
    /// <c>delta_crossing</c>, which fires once per rise), without adaptation (a = b = 0), whose every input can only
    /// excite (no weight, drawn or learned, below 0; no current step below 0; with conductances, no synaptic input at
    /// all, since a conductance also pulls V towards its reversal potential). Excitation only brings a current-based
    /// neuron's spikes earlier.
    /// </summary>
    private static bool FiresAtLeastAsIeAlone(ModelSpec spec, PopulationSpec pop)
    {
        if (pop.IsArtificial) return false;
        LifSpec n = pop.Neuron;
        if (n.Psc == "delta_crossing") return false;
        foreach (var parameter in n.Model.Parameters)
            if (parameter.Name is "a" or "b" && n.Parameter(parameter.Name) != 0) return false;
        bool conductances = n.Model.Parameters.Any(p => p.Name == "e_ex");
        foreach (ProjectionSpec p in spec.Projections)
        {
            if (p.To != pop.Name) continue;
            if (conductances || p.Plasticity is not null || p.Structural is not null || MayBeNegative(p.Weight)) return false;
        }
        foreach (InputSpec input in spec.Inputs)
        {
            if (input.To != pop.Name) continue;
            bool inhibits = input switch
            {
                PoissonInput poisson => poisson.Weight.Values.Any(w => w < 0),
                SpikeTimesInput times => times.Weight.Values.Any(w => w < 0),
                CurrentInput current => current.Steps.Any(step => step.AmplitudePa.Values.Any(a => a < 0)),
                _ => true,
            };
            if (inhibits || (conductances && input is not CurrentInput)) return false;
        }
        return true;
    }

    private static bool MayBeNegative(ValueSpec weight) => weight switch
    {
        MatrixValue m => m.Rows.Any(row => row.Any(w => w < 0)),
        _ => !(ValueSampler.Support(weight).Low >= 0),
    };

    /// <summary>
    /// A lower bound of the expected synapse count of a <c>distance</c> projection (each pair at distance d with
    /// probability p0 exp(-d/lambda)), from the layouts alone, before any position is drawn: the larger of
    /// (1) every pair at most as far apart as the two layouts' bounding box is wide: p0 pairs exp(-d_max/lambda), and
    /// (2) for grid and random layouts (squares from the frame's origin), each source inside the target square sees
    /// at least a quarter disc of radius L_t/2 of it, filled with n_t/L_t^2 targets per µm^2:
    /// p0 n_s (min(L_s, L_t)/L_s)^2 (n_t/L_t^2) (π/2) lambda^2 (1 - e^(-R/lambda)(1 + R/lambda)), R = L_t/2
    /// (a quarter of the 2π lambda^2 a source far from the edges has).
    /// </summary>
    public static double DistanceSynapsesAtLeast(ProjectionSpec p, PopulationSpec source, PopulationSpec target, bool samePopulation)
    {
        if (p.Connect.Distance is not DistanceSpec d || source.Positions is not PositionSpec ps || target.Positions is not PositionSpec pt) return 0;
        double nS = source.Size, nT = target.Size;
        double pairs = nS * nT - (samePopulation && !p.Connect.AllowAutapses ? nS : 0);
        if (pairs <= 0) return 0;
        (double[] lo, double[] hi) = (new double[3], new double[3]);
        for (int k = 0; k < 3; k++) { lo[k] = double.PositiveInfinity; hi[k] = double.NegativeInfinity; }
        foreach (PositionSpec layout in new[] { ps, pt }) Extend(layout, lo, hi);
        double dMax = Math.Sqrt(Enumerable.Range(0, 3).Sum(k => (hi[k] - lo[k]) * (hi[k] - lo[k])));
        double bound = d.P0 * pairs * Math.Exp(-dMax / d.LambdaUm);
        if (ps.Layout != PositionLayout.Explicit && pt.Layout != PositionLayout.Explicit && ps.ExtentUm > 0 && pt.ExtentUm > 0)
        {
            double lambda = d.LambdaUm, r = pt.ExtentUm / 2, inside = Math.Min(ps.ExtentUm, pt.ExtentUm) / ps.ExtentUm;
            double quarterDisc = Math.PI / 2 * lambda * lambda * (1 - Math.Exp(-r / lambda) * (1 + r / lambda));
            bound = Math.Max(bound, Math.Min(pairs, d.P0 * nS * inside * inside * nT / (pt.ExtentUm * pt.ExtentUm) * quarterDisc));
        }
        return bound;

        static void Extend(PositionSpec layout, double[] lo, double[] hi)
        {
            if (layout.Layout == PositionLayout.Explicit && layout.CoordinatesUm is double[] c)
            {
                for (int i = 0; i + 2 < c.Length; i += 3)
                    for (int k = 0; k < 3; k++) { lo[k] = Math.Min(lo[k], c[i + k]); hi[k] = Math.Max(hi[k], c[i + k]); }
                return;
            }
            for (int k = 0; k < 3; k++) { lo[k] = Math.Min(lo[k], 0); hi[k] = Math.Max(hi[k], k < 2 ? layout.ExtentUm : 0); }
        }
    }

    private static double PlasticSynapses(ModelSpec spec)
    {
        double n = 0;
        foreach (ProjectionSpec p in spec.Projections)
        {
            if (p.Plasticity is null && p.Structural is null) continue;
            int from = spec.PopulationIndex(p.From), to = spec.PopulationIndex(p.To);
            n += ExpectedSynapses(p, spec.Populations[from].Size, spec.Populations[to].Size, from == to);
        }
        return n;
    }

    /// <summary>The number of synapses a projection makes (its expectation for the random rules; 0 for distance: see <see cref="DistanceSynapsesAtLeast"/>).</summary>
    public static double ExpectedSynapses(ProjectionSpec p, double nSource, double nTarget, bool samePopulation)
    {
        bool noAutapses = samePopulation && !p.Connect.AllowAutapses;
        double pairs = nSource * nTarget - (noAutapses ? nSource : 0);
        if (p.Weight is MatrixValue) return nSource * nTarget;
        if (p.Connect.File is FileConnections file) return file.Count;
        return p.Connect.Rule switch
        {
            ConnectRule.OneToOne => noAutapses ? 0 : Math.Min(nSource, nTarget),
            ConnectRule.AllToAll => pairs,
            ConnectRule.Random => p.Connect.P * pairs,
            ConnectRule.FixedIndegree => (double)p.Connect.K * nTarget,
            ConnectRule.FixedOutdegree => (double)p.Connect.K * nSource,
            ConnectRule.SmallWorld => (double)p.Connect.K * nSource,
            ConnectRule.ScaleFree => 2.0 * p.Connect.M * nSource,
            _ => 0,
        };
    }

    /// <summary>
    /// Throws a <see cref="ModelException"/> naming the largest part's field when the memory estimate passes
    /// <paramref name="maxMemoryBytes"/> or the output estimate <paramref name="maxOutputBytes"/>.
    /// </summary>
    /// <param name="spec">The model estimated (for its file name).</param>
    /// <param name="maxMemoryBytes">The memory budget, bytes.</param>
    /// <param name="maxOutputBytes">The output budget, bytes.</param>
    /// <param name="memoryOrigin">Where the memory budget comes from, for the message (e.g. "--max-memory").</param>
    /// <param name="outputOrigin">Where the output budget comes from.</param>
    public void Check(ModelSpec spec, double maxMemoryBytes, double maxOutputBytes, string memoryOrigin, string outputOrigin)
    {
        Refuse(spec, SliceSamples, SliceSamples.Sum(p => p.Bytes), MaxSliceSampleBytes, "samples in one slice", "hold",
               "what one slice may hold before it is written: record fewer neurons, sample less often, or use a from/to window");
        Refuse(spec, Memory, MemoryBytes, maxMemoryBytes, "memory", "hold", memoryOrigin);
        Refuse(spec, Output, OutputBytes, maxOutputBytes, "output", "write", outputOrigin);
    }

    private static void Refuse(ModelSpec spec, IReadOnlyList<ResourcePart> parts, double total, double max, string what, string verb, string origin)
    {
        if (!(total > max) || parts.Count == 0) return;
        ResourcePart largest = parts.MaxBy(p => p.Bytes)!;
        throw new ModelException(spec.SourcePath, largest.JsonPath, null,
            $"the run would {verb} at least {Bytes(total)} ({what}), more than the {Bytes(max)} allowed ({origin}); " +
            $"the largest part is {largest.What}: {Bytes(largest.Bytes)}. Change this field, or raise the limit");
    }

    /// <summary>A byte count for people: "3.4 GB", "512 kB", "inf".</summary>
    public static string Bytes(double b)
    {
        if (double.IsPositiveInfinity(b)) return "unboundedly many bytes";
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        int u = 0;
        while (b >= 1000 && u < units.Length - 1) { b /= 1000; u++; }
        return u == 0 ? string.Create(CultureInfo.InvariantCulture, $"{b:0} bytes")
                      : b >= 1e4 ? string.Create(CultureInfo.InvariantCulture, $"{b:G3} {units[u]}")
                      : string.Create(CultureInfo.InvariantCulture, $"{b:0.#} {units[u]}");
    }
}
