using System.Globalization;
using System.Runtime.InteropServices;
using SpikeSim.Engine.State;
using SpikeSim.Inputs;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Engine;

public sealed partial class Simulator
{
    /// <summary>
    /// Writes everything needed to continue this simulation later (<see cref="LoadState(Network, Stream, SimulationOptions, string?)"/>):
    /// the time, every neuron's model state (whatever its model declares), the spikes still travelling along axons
    /// with their arrival times and weights or synapses, every input's position (Poisson streams' next events and
    /// random generators), plastic weights and traces, short-term and structural state. The state does not depend on
    /// the number of threads. Call it between runs, not during one. The format is <c>docs/STATE-FORMAT.md</c>.
    /// </summary>
    /// <param name="stream">Where to write (from its current position).</param>
    public void SaveState(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        StateFile.Write(stream, Payload());
    }

    /// <summary>
    /// Checks, before a run, that <see cref="SaveState(string)"/> will be able to write <paramref name="path"/>: not a
    /// folder, in an existing folder where a file can be made.
    /// </summary>
    /// <exception cref="StateFileException">It cannot, saying why.</exception>
    public static void CheckStatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        StateFile.CheckWritable(path);
    }

    /// <summary>
    /// <see cref="SaveState(Stream)"/> into a file, atomically: a temporary file in the same folder, renamed over
    /// <paramref name="path"/> once complete, so a failure leaves an earlier file there as it was.
    /// </summary>
    /// <param name="path">The state file.</param>
    /// <exception cref="StateFileException">The folder does not exist.</exception>
    public void SaveState(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        StateFile.WriteAtomically(path, Payload());
    }

    /// <summary>
    /// A simulator that continues a saved simulation (<see cref="SaveState(Stream)"/>) on <paramref name="network"/>,
    /// from the saved time (<see cref="TimeMs"/>); its runs report absolute times. With the network the state was
    /// saved from, the continuation gives the same spikes, bit for bit, as one uninterrupted simulation, whatever the
    /// number of threads on either side. The network may come from a changed model that keeps its shape (the same
    /// populations with the same models and sizes, the same projections by name with the same synapses): parameters,
    /// inputs and static weights then act from the saved time on; a projection that learned keeps its learned
    /// synapses, and a removed <c>plasticity</c>, <c>short_term</c> or <c>structural</c> block freezes them.
    /// </summary>
    /// <param name="network">The network to continue (built from the same or a compatible model).</param>
    /// <param name="stream">The saved state, from its start.</param>
    /// <param name="options">How to run (threads need not match the saving side).</param>
    /// <param name="source">The state's name in messages (e.g. its file name); null for "the state".</param>
    /// <exception cref="StateFileException">The state is truncated, corrupted, of another format version, or does not fit the network.</exception>
    public static Simulator LoadState(Network network, Stream stream, SimulationOptions options, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        source ??= "the state";
        var r = new StateReader(StateFile.Read(stream, source), source);
        r.ReadString(); // the model's name, for people reading the file
        double now = r.ReadDouble();
        long nextSlice = r.ReadInt64();
        double sliceMs = r.ReadDouble();
        if (!(now >= 0 && double.IsFinite(now)) || nextSlice < 0) throw r.Corrupt();
        bool[] live = ReadShape(r, network);
        var simulator = new Simulator(network, options, live);
        if (simulator._sliceMs != sliceMs)
            throw Mismatch(r, $"the slices are {Format(sliceMs)} ms long in the state and {Format(simulator._sliceMs)} ms in the model (the shortest delay, at most {Format(MaxSliceMs)} ms, must not change)");
        simulator.ReadDynamics(r, now, nextSlice, live);
        if (!r.AtEnd) throw r.Corrupt();
        return simulator;
    }

    /// <summary><see cref="LoadState(Network, Stream, SimulationOptions, string?)"/> from a file.</summary>
    /// <exception cref="StateFileException">The file is missing, unreadable, truncated, corrupted, of another version, or does not fit.</exception>
    public static Simulator LoadState(Network network, string path, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try
        {
            if (Directory.Exists(path)) throw new StateFileException($"{path}: is a folder, not a state file");
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException($"{path}: cannot read the state file: {e.Message}");
        }
        using (file) return LoadState(network, file, options, path);
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static StateFileException Mismatch(StateReader r, string what) =>
        new($"{r.Source}: the state does not fit the model: {what}");

    private byte[] Payload()
    {
        using var buffer = new MemoryStream();
        using (var w = new StateWriter(buffer))
        {
            w.Write(_network.Spec.Name);
            w.Write(_now);
            w.Write(_nextSlice);
            w.Write(_sliceMs);
            WriteShape(w);
            WriteDynamics(w);
        }
        return buffer.ToArray();
    }

    // ---- Shape: what must not change between saving and loading ----

    private void WriteShape(StateWriter w)
    {
        w.Write(_network.Populations.Count);
        for (int p = 0; p < _network.Populations.Count; p++)
        {
            PopulationRange range = _network.Populations[p];
            w.Write(range.Name);
            w.Write(range.Size);
            w.Write(_network.Models[p].ToString());
        }
        w.Write(_tables.Length);
        for (int j = 0; j < _tables.Length; j++)
        {
            SynapseTable built = _network.Projections[j];
            w.Write(built.Name);
            w.Write(built.FromPopulation);
            w.Write(built.ToPopulation);
            w.Write(built.Count);
            w.WriteBytes(Wiring(built));
            PlasticProjection? plastic = _tables[j].Plastic;
            w.Write(plastic is null ? (byte)0xFF : (byte)PlasticProjection.KindsOf(plastic.Spec));
            w.Write(plastic is { IsStdp: true } ? (int)plastic.Rule.Pairing : -1);
        }
    }

    /// <summary>A fingerprint of a built projection's wiring (who connects to whom).</summary>
    private static byte[] Wiring(SynapseTable table)
    {
        using var f = new Fingerprint();
        return f.Add<int>(table.RowStart).AddTargets(table).Finish();
    }

    /// <summary>Checks the saved shape against the network; returns, per projection, whether it has live state.</summary>
    private static bool[] ReadShape(StateReader r, Network network)
    {
        int populations = r.ReadInt32();
        if (populations < 0) throw r.Corrupt();
        var names = new List<string>();
        for (int p = 0; p < populations; p++)
        {
            string name = r.ReadString();
            int size = r.ReadInt32();
            string model = r.ReadString();
            names.Add(name);
            if (p >= network.Populations.Count) continue;
            PopulationRange range = network.Populations[p];
            if (range.Name != name)
                throw Mismatch(r, $"population {p + 1} is \"{name}\" in the state and \"{range.Name}\" in the model");
            if (range.Size != size)
                throw Mismatch(r, $"population \"{name}\" has {size} neurons in the state and {range.Size} in the model");
            if (network.Models[p].ToString() != model)
                throw Mismatch(r, $"population \"{name}\" is {model} in the state and {network.Models[p]} in the model");
        }
        if (populations != network.Populations.Count)
            throw Mismatch(r, $"the state has {populations} populations ({string.Join(", ", names)}), the model {network.Populations.Count} ({string.Join(", ", network.Populations.Select(x => x.Name))})");

        int projections = r.ReadInt32();
        if (projections != network.Projections.Count)
            throw Mismatch(r, $"the state has {projections} projections, the model {network.Projections.Count}");
        var live = new bool[projections];
        for (int j = 0; j < projections; j++)
        {
            string name = r.ReadString();
            int from = r.ReadInt32(), to = r.ReadInt32(), count = r.ReadInt32();
            byte[] wiring = r.ReadBytes();
            byte kinds = r.ReadByte();
            int pairing = r.ReadInt32();
            SynapseTable built = network.Projections[j];
            ProjectionSpec spec = network.Spec.Projections[j];
            if (built.Name != name)
                throw Mismatch(r, $"projection {j + 1} is \"{name}\" in the state and \"{built.Name}\" in the model");
            if (built.FromPopulation != from || built.ToPopulation != to)
                throw Mismatch(r, $"projection \"{name}\" connects other populations in the state");
            if (built.Count != count)
                throw Mismatch(r, $"projection \"{name}\" was built with {count} synapses in the state and {built.Count} in the model (same connection rule, seed and sizes needed)");
            if (!wiring.AsSpan().SequenceEqual(Wiring(built)))
                throw Mismatch(r, $"projection \"{name}\" connects other neurons in the state (same connection rule, seed and sizes needed)");
            var saved = kinds == 0xFF ? (PlasticProjection.Kinds?)null : (PlasticProjection.Kinds)kinds;
            PlasticProjection.Kinds now = PlasticProjection.KindsOf(spec);
            PlasticProjection.Kinds added = now & ~(saved ?? PlasticProjection.Kinds.None);
            if (added != PlasticProjection.Kinds.None)
                throw Mismatch(r, $"projection \"{name}\" has {Describe(added)} in the model but not in the state: a continued run may remove a projection's plasticity, short_term or structural block, not add one");
            if (spec.Plasticity is StdpSpec stdp && (int)stdp.Pairing != pairing)
                throw Mismatch(r, $"projection \"{name}\" pairs spikes for STDP in another way in the model than in the state (the pairing must not change)");
            live[j] = saved is not null;
        }
        return live;
    }

    private static string Describe(PlasticProjection.Kinds kinds)
    {
        var parts = new List<string>();
        if (kinds.HasFlag(PlasticProjection.Kinds.Stdp)) parts.Add("a plasticity block");
        if (kinds.HasFlag(PlasticProjection.Kinds.ShortTerm)) parts.Add("a short_term block");
        if (kinds.HasFlag(PlasticProjection.Kinds.Structural)) parts.Add("a structural block");
        else if (kinds.HasFlag(PlasticProjection.Kinds.Homeostatic)) parts.Add("homeostatic growth");
        return string.Join(" and ", parts);
    }

    // ---- Dynamics: the state proper ----

    private void WriteDynamics(StateWriter w)
    {
        NeuronState s = _state;
        for (int p = 0; p < s.Populations.Length; p++)
        {
            double[][] arrays = s.Populations[p].State;
            w.Write(arrays.Length);
            foreach (double[] a in arrays) w.Write(a);
        }
        w.WriteBytes(Conditions());
        w.Write(s.Time);
        w.Write(s.NotBefore);
        w.Write(s.Wake);
        w.WriteBytes(InputsFingerprint());
        w.Write(s.SpikeCursor);
        w.Write(s.CurrentCursor);
        w.Write(s.ProbeNext);
        w.Write(s.ProbeNextTime);
        WritePoisson(w);

        w.Write(_structuralDone);
        w.Write(_lastSpike is not null);
        if (_lastSpike is not null) w.Write(_lastSpike);
        foreach (SynapseTable t in _tables) t.Plastic?.WriteState(w, _now);
        w.Write(_plasticity is not null);
        _plasticity?.WritePending(w);
        WriteRing(w);
    }

    private void ReadDynamics(StateReader r, double now, long nextSlice, bool[] live)
    {
        NeuronState s = _state;
        int n = _network.NeuronCount;
        for (int p = 0; p < s.Populations.Length; p++)
        {
            double[][] arrays = s.Populations[p].State;
            int saved = r.ReadInt32();
            if (saved != arrays.Length) throw ArraysMismatch(r, p, saved, arrays.Length);
            foreach (double[] a in arrays) r.ReadDoubles(a.Length).CopyTo(a, 0);
        }
        bool sameConditions = r.ReadBytes().AsSpan().SequenceEqual(Conditions());
        r.ReadDoubles(n).CopyTo(s.Time, 0);
        r.ReadDoubles(n).CopyTo(s.NotBefore, 0);
        Array.Clear(s.NotBeforeIsCrossing); // not saved: a search from the restored state finds the same crossing
        r.ReadDoubles(n).CopyTo(s.Wake, 0);
        bool sameInputs = r.ReadBytes().AsSpan().SequenceEqual(InputsFingerprint());
        int[] spikeCursor = r.ReadInts(n), currentCursor = r.ReadInts(n);
        long[] probeNext = r.ReadLongs();
        double[] probeNextTime = r.ReadDoubles(probeNext.Length);
        if (sameInputs && probeNext.Length == s.ProbeNext.Length)
        {
            // The same inputs and probes: the saved positions as they were.
            spikeCursor.CopyTo(s.SpikeCursor, 0);
            currentCursor.CopyTo(s.CurrentCursor, 0);
            probeNext.CopyTo(s.ProbeNext, 0);
            probeNextTime.CopyTo(s.ProbeNextTime, 0);
        }
        else
        {
            PositionInputs(now);
        }
        ReadPoisson(r, now);
        if (!(sameConditions && sameInputs))
        {
            // Another model: what was known about each neuron's next crossing and next input may no longer hold.
            Array.Fill(s.NotBefore, double.NegativeInfinity);
            Array.Fill(s.Wake, double.NegativeInfinity);
        }

        long[] structuralDone = r.ReadLongs(_tables.Length);
        structuralDone.CopyTo(_structuralDone, 0);
        if (r.ReadBoolean())
        {
            double[] lastSpike = r.ReadDoubles(n);
            if (_lastSpike is not null) lastSpike.CopyTo(_lastSpike, 0);
        }
        else if (_lastSpike is not null) throw r.Corrupt(); // structural projections were refused by ReadShape
        for (int j = 0; j < _tables.Length; j++)
        {
            if (!live[j]) continue;
            _tables[j].Plastic!.ReadState(r);
            _splits[j] = SplitRows(_tables[j], _blockBounds);
        }
        if (r.ReadBoolean())
        {
            if (_plasticity is null) throw r.Corrupt();
            _plasticity.ReadPending(r, _network.PopulationOf);
        }
        ReadRing(r, nextSlice);
        // With one delay everywhere the engine skips sorting (spikes arrive in order), but the saved spikes may have
        // left under other delays: sort until they have all arrived (a sorted list stays as it is).
        foreach (Partition p in _partitions) p.SortUntilSlice = nextSlice + _ring.Length;
        _now = now;
        _nextSlice = nextSlice;
        _startMs = now;
    }

    /// <summary>
    /// The error for population <paramref name="p"/> whose neurons keep <paramref name="saved"/> state arrays in the state
    /// and <paramref name="now"/> in the model. With the same model (checked in the shape), only the adaptation group
    /// (a, b, tau_w) changes that: switched on, a delta, exp or alpha neuron keeps w and the adaptive dynamics' arrays.
    /// </summary>
    private StateFileException ArraysMismatch(StateReader r, int p, int saved, int now)
    {
        string name = _network.Populations[p].Name;
        LifSpec neuron = _network.Spec.Populations[p].Neuron;
        string why = now > saved == LifAdaptation.IsOn(neuron)
            ? LifAdaptation.IsOn(neuron)
                ? $"it was saved without adaptation (a = b = 0) and the model has adaptation (a = {Format(neuron.Parameter("a"))} nS, b = {Format(neuron.Parameter("b"))} pA)"
                : "it was saved with adaptation (a or b not 0) and the model has none (a = b = 0)"
            : "the neuron model keeps other state than the one that saved it";
        return Mismatch(r, $"population \"{name}\" keeps {saved} state values per neuron in the state and {now} in the model: {why}; "
                           + "a continued run may change a and b but not switch adaptation on or off (save again with the adaptation you will test with)");
    }

    /// <summary>A fingerprint of every population's parameters (what a neuron's next crossing depends on).</summary>
    private byte[] Conditions()
    {
        using var f = new Fingerprint();
        for (int p = 0; p < _network.Populations.Count; p++)
        {
            var model = _network.Models[p];
            LifSpec neuron = _network.Spec.Populations[p].Neuron;
            var values = new double[model.Parameters.Count];
            for (int k = 0; k < values.Length; k++) values[k] = model.Value(neuron, model.Parameters[k].Name);
            f.Add<double>(values);
        }
        return f.Finish();
    }

    /// <summary>A fingerprint of the compiled inputs and the voltage probes.</summary>
    private byte[] InputsFingerprint()
    {
        InputTables i = _network.Inputs;
        using var f = new Fingerprint();
        f.Add<int>(i.SpikeStart).Add<double>(i.SpikeTime).Add<double>(i.SpikeWeight)
         .Add<int>(i.CurrentStart).Add<double>(i.CurrentTime).Add<double>(i.CurrentDelta)
         .Add<int>(i.PoissonStart).Add<double>(i.PoissonMeanIntervalMs).Add<double>(i.PoissonWeight)
         .Add<double>(i.PoissonStartMs).Add<double>(i.PoissonStopMs).Add<int>(i.PoissonInput);
        // Every field of a probe: a changed window or recording must not inherit the saved sampling positions.
        var probes = new double[_network.Probes.Length * 5];
        for (int k = 0; k < _network.Probes.Length; k++)
        {
            Probe probe = _network.Probes[k];
            probes[5 * k] = probe.Neuron; probes[5 * k + 1] = probe.IntervalMs; probes[5 * k + 2] = probe.FromMs;
            probes[5 * k + 3] = probe.ToMs; probes[5 * k + 4] = probe.Record;
        }
        return f.Add<double>(probes).Finish();
    }

    /// <summary>Changed inputs or probes: every cursor at the first item at or after <paramref name="now"/> (ms).</summary>
    private void PositionInputs(double now)
    {
        InputTables inputs = _network.Inputs;
        NeuronState s = _state;
        for (int n = 0; n < _network.NeuronCount; n++)
        {
            int k = inputs.SpikeStart[n];
            while (k < inputs.SpikeStart[n + 1] && inputs.SpikeTime[k] < now) k++;
            s.SpikeCursor[n] = k;
            k = inputs.CurrentStart[n];
            while (k < inputs.CurrentStart[n + 1] && inputs.CurrentTime[k] < now) k++;
            s.CurrentCursor[n] = k;
        }
        for (int p = 0; p < _network.Probes.Length; p++)
        {
            Probe probe = _network.Probes[p];
            long k = NeuronState.FirstSampleAtOrAfter(Math.Max(now, probe.FromMs), probe.IntervalMs);
            s.ProbeNext[p] = k;
            s.ProbeNextTime[p] = probe.TimeOf(k);
        }
    }

    private void WritePoisson(StateWriter w)
    {
        InputTables inputs = _network.Inputs;
        NeuronState s = _state;
        w.Write(s.PoissonNext.Length);
        for (int n = 0; n < _network.NeuronCount; n++)
        {
            for (int k = inputs.PoissonStart[n]; k < inputs.PoissonStart[n + 1]; k++)
            {
                w.Write(inputs.PoissonInput[k]);
                w.Write(n);
                w.Write(inputs.PoissonMeanIntervalMs[k]);
                w.Write(inputs.PoissonStartMs[k]);
                w.Write(inputs.PoissonStopMs[k]);
                w.Write(s.PoissonNext[k]);
                (ulong a, ulong b, ulong c, ulong d) = s.PoissonRandom[k].GetState();
                w.Write(a); w.Write(b); w.Write(c); w.Write(d);
                w.Write(s.PoissonPendingCount[k]);
                w.Write(s.PoissonPending.AsSpan(k * NeuronState.Batch, NeuronState.Batch));
            }
        }
    }

    /// <summary>
    /// Restores each Poisson stream found in the state by (input, neuron). A stream whose rate, start or stop changed
    /// keeps its random generator and draws its next event afresh from <paramref name="now"/> (ms) at the new rate;
    /// a stream the state lacks starts from its key and draws from <paramref name="now"/> too.
    /// </summary>
    private void ReadPoisson(StateReader r, double now)
    {
        InputTables inputs = _network.Inputs;
        NeuronState s = _state;
        int count = r.ReadInt32();
        if (count < 0) throw r.Corrupt();
        var index = new Dictionary<(int Input, int Neuron), int>();
        for (int n = 0; n < _network.NeuronCount; n++)
            for (int k = inputs.PoissonStart[n]; k < inputs.PoissonStart[n + 1]; k++) index[(inputs.PoissonInput[k], n)] = k;
        var restored = new bool[s.PoissonNext.Length];
        for (int i = 0; i < count; i++)
        {
            int input = r.ReadInt32(), neuron = r.ReadInt32();
            double interval = r.ReadDouble(), start = r.ReadDouble(), stop = r.ReadDouble(), next = r.ReadDouble();
            var rng = RandomStream.FromState(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64());
            byte pending = r.ReadByte();
            double[] draws = r.ReadDoubles(NeuronState.Batch);
            if (pending > NeuronState.Batch) throw r.Corrupt();
            if (!index.TryGetValue((input, neuron), out int k)) continue; // an input the model no longer has
            restored[k] = true;
            s.PoissonRandom[k] = rng;
            s.PoissonPendingCount[k] = pending;
            draws.CopyTo(s.PoissonPending, k * NeuronState.Batch);
            bool same = interval == inputs.PoissonMeanIntervalMs[k] && start == inputs.PoissonStartMs[k] && stop == inputs.PoissonStopMs[k];
            s.PoissonNext[k] = same ? next : s.NextPoisson(k, Math.Max(now, inputs.PoissonStartMs[k]), inputs);
        }
        for (int k = 0; k < restored.Length; k++)
            if (!restored[k]) s.PoissonNext[k] = s.NextPoisson(k, Math.Max(now, inputs.PoissonStartMs[k]), inputs);
    }

    /// <summary>The partition that owns neuron n.</summary>
    private Partition OwnerOf(int n)
    {
        int p = Array.BinarySearch(_bounds, n);
        p = p >= 0 ? p : ~p - 1;
        while (p < _partitions.Length - 1 && _bounds[p + 1] <= n) p++;
        return _partitions[p];
    }

    /// <summary>
    /// The spikes in flight: per slice of the ring from the next one on, per neuron, its events in queue order as
    /// (arrival time, weight, projection, slot); a static synapse's event has projection -1. The queue order is kept:
    /// at equal times it decides the order in which a neuron takes its events.
    /// </summary>
    private void WriteRing(StateWriter w)
    {
        int length = _ring.Length;
        w.Write(length);
        var neurons = new List<int>();
        var times = new List<double>();
        var weights = new List<double>();
        var synapses = new List<int>();
        for (int s = 0; s < length; s++)
        {
            long slice = _nextSlice + s;
            EventList[] lists = _ring.Slot(slice);
            neurons.Clear(); times.Clear(); weights.Clear(); synapses.Clear();
            for (int n = 0; n < lists.Length; n++)
            {
                if (lists[n].Count == 0) continue;
                ArrivalTable table = _ring.Table(slice, OwnerOf(n).Index);
                neurons.Add(n);
                neurons.Add(lists[n].Count);
                for (int i = 0; i < lists[n].Count; i++)
                {
                    int e = lists[n].At(i, table.Wide);
                    int reference = table.Synapse?[e] ?? -1;
                    times.Add(table.Time[e]);
                    if (reference == -1)
                    {
                        weights.Add(table.Weight[e]);
                        synapses.Add(-1);
                        synapses.Add(0);
                    }
                    else
                    {
                        // An entry shared by a spike's targets is saved as each target's own synapse.
                        int slotReference = _plasticity!.SlotReference(reference, n);
                        PlasticProjection p = _plasticity.Projections[slotReference >>> PlasticProjection.SlotBits];
                        weights.Add(0);
                        synapses.Add(p.ProjectionIndex);
                        synapses.Add(slotReference & ((1 << PlasticProjection.SlotBits) - 1));
                    }
                }
            }
            w.Write(slice);
            w.Write(CollectionsMarshal.AsSpan(neurons));
            w.Write(CollectionsMarshal.AsSpan(times));
            w.Write(CollectionsMarshal.AsSpan(weights));
            w.Write(CollectionsMarshal.AsSpan(synapses));
        }
    }

    private void ReadRing(StateReader r, long nextSlice)
    {
        int length = r.ReadInt32();
        if (length < 0) throw r.Corrupt();
        for (int s = 0; s < length; s++)
        {
            long slice = r.ReadInt64();
            int[] neurons = r.ReadInts();
            double[] times = r.ReadDoubles();
            double[] weights = r.ReadDoubles(times.Length);
            int[] synapses = r.ReadInts(2 * times.Length);
            if (neurons.Length % 2 != 0 || slice != nextSlice + s) throw r.Corrupt();
            if (times.Length > 0 && s >= _ring.Length)
                throw Mismatch(r, $"spikes saved in flight arrive up to {Format(times.Max())} ms, beyond the longest delay of the model ({Format(_network.MaxDelayMs)} ms)");
            EventList[] lists = _ring.Slot(slice);
            int e = 0;
            for (int i = 0; i < neurons.Length; i += 2)
            {
                int n = neurons[i], count = neurons[i + 1];
                if (n < 0 || n >= _network.NeuronCount || count < 0 || count > times.Length - e) throw r.Corrupt();
                ArrivalTable table = _ring.Table(slice, OwnerOf(n).Index);
                for (int c = 0; c < count; c++, e++)
                {
                    int projection = synapses[2 * e], slot = synapses[2 * e + 1];
                    if (projection < 0)
                    {
                        table.Queue(n, table.Add(times[e], weights[e]));
                        continue;
                    }
                    if (projection >= _tables.Length || _tables[projection].Plastic is not { } p || slot < 0 || slot >= p.SlotCount) throw r.Corrupt();
                    table.Queue(n, p.Queue(table, times[e], slice, slot));
                }
            }
            if (e != times.Length) throw r.Corrupt();
        }
    }
}
