using SpikeSim.Connectivity;
using SpikeSim.Inputs;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

/// <summary>
/// A concrete network built from a <see cref="ModelSpec"/> and its seed: neurons numbered population by
/// population, synapse tables, compiled inputs and initial potentials. Build it once; run it with a
/// <see cref="Simulator"/>. The same spec always builds the same network, whatever the number of threads.
/// </summary>
public sealed class Network
{
    /// <summary>The smallest delay the engine accepts, ms: the event-driven slices are as long as the shortest delay.</summary>
    public const double MinimumDelayMs = 1e-4;

    private readonly int[] _populationOf;

    /// <summary>The model this network was built from.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Populations with their global neuron ranges, in model order.</summary>
    public IReadOnlyList<PopulationRange> Populations { get; }

    /// <summary>Total number of neurons.</summary>
    public int NeuronCount { get; }

    /// <summary>The synapses of each projection, in model order.</summary>
    public IReadOnlyList<SynapseTable> Projections { get; }

    /// <summary>Total number of synapses.</summary>
    public long SynapseCount { get; }

    /// <summary>Bytes used by the synapse tables (targets, per-synapse weights and delays, row offsets).</summary>
    public long SynapseBytes { get; }

    /// <summary>Shortest synaptic delay, ms (+infinity without synapses).</summary>
    public double MinDelayMs { get; }

    /// <summary>Longest synaptic delay, ms (0 without synapses).</summary>
    public double MaxDelayMs { get; }

    /// <summary>
    /// True when every synapse has the same delay: spikes are delivered in time order, so each neuron's events
    /// then arrive already sorted.
    /// </summary>
    internal bool HasUniformDelay { get; }

    /// <summary>The neuron model of each population (from the registry, <see cref="SpikingModels"/>).</summary>
    internal SpikingModel[] Models { get; }
    internal double[] InitialV { get; }
    internal InputTables Inputs { get; }

    /// <summary>
    /// Voltage and state probes, ordered by neuron (and, for one neuron, voltage probes first in model order, then
    /// state probes in record order); <see cref="ProbeStart"/> indexes them per neuron.
    /// </summary>
    internal Probe[] Probes { get; }
    internal int[] ProbeStart { get; }

    /// <summary>Per state recording (<see cref="RecordSpec.State"/>): its variables, resolved, in the recording's order.</summary>
    internal RecordableVariable[][] StateVariables { get; }

    /// <summary>For each population, the indices of the projections leaving it.</summary>
    internal int[][] Outgoing { get; }

    private Network(ModelSpec spec, PopulationRange[] populations, SpikingModel[] models, double[] initialV,
                    SynapseTable[] projections, InputTables inputs, Probe[] probes, int[] probeStart,
                    RecordableVariable[][] stateVariables)
    {
        Spec = spec;
        Populations = populations;
        Models = models;
        NeuronCount = initialV.Length;
        InitialV = initialV;
        Projections = projections;
        Inputs = inputs;
        Probes = probes;
        ProbeStart = probeStart;
        StateVariables = stateVariables;
        _populationOf = new int[NeuronCount];
        for (int pop = 0; pop < populations.Length; pop++)
            Array.Fill(_populationOf, pop, populations[pop].Offset, populations[pop].Size);
        Outgoing = new int[populations.Length][];
        for (int pop = 0; pop < populations.Length; pop++)
        {
            var list = new List<int>();
            for (int j = 0; j < projections.Length; j++) if (projections[j].FromPopulation == pop) list.Add(j);
            Outgoing[pop] = list.ToArray();
        }
        double min = double.PositiveInfinity, max = 0;
        for (int j = 0; j < projections.Length; j++)
        {
            SynapseTable t = projections[j];
            SynapseCount += t.Count;
            SynapseBytes += t.Bytes;
            min = Math.Min(min, t.MinDelay());
            max = Math.Max(max, t.MaxDelay());
            if (spec.Projections[j].Structural is not null)
            {
                // Synapses that grow later may draw any delay of the distribution.
                (double low, double high) = ValueSampler.Support(spec.Projections[j].Delay);
                min = Math.Min(min, low);
                max = Math.Max(max, high);
            }
        }
        MinDelayMs = min;
        MaxDelayMs = max;
        HasUniformDelay = min == max;
    }

    /// <summary>Index of the population of global neuron n.</summary>
    public int PopulationOf(int neuron) => _populationOf[neuron];

    /// <summary>
    /// Builds the network: draws connectivity, weights, delays and initial potentials from the spec's seed.
    /// Throws <see cref="ModelException"/> when a drawn delay is not positive enough to simulate.
    /// </summary>
    public static Network Build(ModelSpec spec)
    {
        int count = spec.Populations.Count;
        var offsets = new int[count + 1];
        for (int i = 0; i < count; i++) offsets[i + 1] = checked(offsets[i] + spec.Populations[i].Size);
        var populations = new PopulationRange[count];
        var models = new SpikingModel[count];
        var initialV = new double[offsets[count]];
        for (int i = 0; i < count; i++)
        {
            PopulationSpec pop = spec.Populations[i];
            populations[i] = new PopulationRange(pop.Name, offsets[i], pop.Size);
            models[i] = SpikingModels.Of(pop.Neuron);
            var rng = new RandomStream(spec.Seed, StreamKind.InitialState, i);
            for (int n = 0; n < pop.Size; n++) initialV[offsets[i] + n] = ValueSampler.Draw(pop.Neuron.VInitMv, ref rng);
        }

        var projections = new SynapseTable[spec.Projections.Count];
        for (int j = 0; j < projections.Length; j++)
        {
            projections[j] = ConnectionBuilder.Build(spec, j, offsets);
            double minDelay = projections[j].MinDelay();
            if (minDelay < MinimumDelayMs)
                throw new ModelException(spec.SourcePath, $"$.projections[{j}].delay", null,
                    $"projection \"{projections[j].Name}\" drew a delay of {minDelay} ms; delays must be at least {MinimumDelayMs} ms (give the distribution a larger \"min\")");
        }

        (Probe[] sortedProbes, int[] probeStart, RecordableVariable[][] stateVariables) = BuildProbes(spec, offsets);
        var network = new Network(spec, populations, models, initialV, projections,
                                  InputTables.Build(spec, offsets, initialV.Length), sortedProbes, probeStart, stateVariables);
        // Drawing connectivity leaves temporaries as large as the synapse tables themselves (rows by target before
        // the transpose). Return them now, before a simulation allocates its event buffers on top of them: this
        // one-off collection keeps the peak memory of a large network near what it really holds. Aggressive: the
        // freed memory also goes back to the system at once (a forced collection kept it, and from run to run the
        // event buffers of brunel2000 came either in it or on top of it: a peak of 130 or 163-169 MB; now 131-133).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return network;
    }

    /// <summary>
    /// The probes of the model's voltage and state recordings, ordered by neuron (stable: voltage recordings first,
    /// then state recordings, each in model order), their index per neuron, and each state recording's variables.
    /// </summary>
    private static (Probe[] Probes, int[] Start, RecordableVariable[][] Variables) BuildProbes(ModelSpec spec, int[] offsets)
    {
        var probes = new List<Probe>();
        void Add(string population, int[]? neurons, double interval, double from, double to, int record)
        {
            int pop = spec.PopulationIndex(population);
            int n = neurons?.Length ?? spec.Populations[pop].Size;
            for (int k = 0; k < n; k++) probes.Add(new Probe(offsets[pop] + (neurons is null ? k : neurons[k]), interval, from, to, record));
        }
        foreach (VoltageRecordSpec v in spec.Record.V) Add(v.Population, v.Neurons, v.IntervalMs, v.FromMs, v.ToMs, Probe.Voltage);
        var variables = new RecordableVariable[spec.Record.State.Count][];
        for (int r = 0; r < variables.Length; r++)
        {
            StateRecordSpec s = spec.Record.State[r];
            int pop = spec.PopulationIndex(s.Population);
            IReadOnlyList<RecordableVariable> known = RecordableVariables.Of(spec.Populations[pop], spec.Projections);
            variables[r] = new RecordableVariable[s.Variables.Count];
            for (int j = 0; j < s.Variables.Count; j++)
                variables[r][j] = known.FirstOrDefault(k => k.Name == s.Variables[j])
                    ?? throw new ModelException(spec.SourcePath, $"$.record.state[{r}].variables[{j}]", null,
                        $"unknown variable \"{s.Variables[j]}\"; population \"{s.Population}\" records: {string.Join(", ", known.Select(k => k.Name))}");
            Add(s.Population, s.Neurons, s.IntervalMs, s.FromMs, s.ToMs, r);
        }
        Probe[] sorted = [.. probes.OrderBy(p => p.Neuron)]; // stable: build time only
        var start = new int[offsets[^1] + 1];
        foreach (Probe p in sorted) start[p.Neuron + 1]++;
        for (int n = 0; n + 1 < start.Length; n++) start[n + 1] += start[n];
        return (sorted, start, variables);
    }
}

/// <summary>A population's place in the global neuron numbering: neurons Offset .. Offset+Size-1.</summary>
/// <param name="Name">Population name.</param>
/// <param name="Offset">Global index of its first neuron.</param>
/// <param name="Size">Number of neurons.</param>
public readonly record struct PopulationRange(string Name, int Offset, int Size);
