using System.Text.Json;
using System.Text.Json.Nodes;
using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>Options of <see cref="NirImporter.Import"/>.</summary>
public sealed record NirImportOptions
{
    /// <summary>"ms" or "s" as the user said (wins over the graph's metadata and the side file); null to decide from them.</summary>
    public string? TimeUnit { get; init; }
    /// <summary>What drives the graph's Input nodes, and run settings (see <see cref="NirRunInputs"/>).</summary>
    public NirRunInputs Run { get; init; } = new();
    /// <summary>When the graph carries the SpikeSim model it was exported from, and that model exports to exactly this graph, return it (false: always map the graph).</summary>
    public bool UseStoredModel { get; init; } = true;
}

/// <summary>A SpikeSim model made from a NIR graph, and what the mapping had to say about it.</summary>
/// <param name="ModelJson">The model file's text.</param>
/// <param name="Warnings">What was approximated or dropped, one sentence each.</param>
/// <param name="FromStoredModel">True when the model is the one stored in the graph's metadata by SpikeSim's exporter.</param>
public sealed record NirImportResult(string ModelJson, IReadOnlyList<string> Warnings, bool FromStoredModel);

/// <summary>
/// NIR graph to SpikeSim model. Each neuron node (LIF, CubaLIF, IF, LI, CubaLI, I) becomes a lif population
/// (<see cref="NirNeuron"/>); every path of Linear, Affine, Scale and Delay nodes from a neuron to a neuron becomes
/// part of one explicit weight-matrix projection (paths with the same total delay add up); Affine biases become
/// constant currents (a current input from 0 ms); a Threshold passes a spiking node's spikes unchanged and makes an
/// LI or I node a <c>delta_crossing</c> population (<see cref="NirThresholds"/>); paths from Input nodes become
/// spike-time, current or Poisson inputs (<see cref="NirRunInputs"/>) with their weights; Output nodes say what is recorded.
/// </summary>
public static partial class NirImporter
{
    /// <summary>Graph metadata key of the SpikeSim model text stored by <see cref="NirExporter"/>.</summary>
    public const string ModelKey = "spikesim_model";
    /// <summary>Graph metadata key of the time unit the graph was written in.</summary>
    public const string TimeUnitKey = "time_unit";
    /// <summary>Delay of edges without a Delay node when the side file gives none, ms.</summary>
    public const double DefaultEdgeDelayMs = 0.1;

    /// <summary>Maps <paramref name="graph"/> (read from <paramref name="file"/>) to a model.</summary>
    /// <exception cref="ModelException">Something the model cannot represent, named by node.</exception>
    public static NirImportResult Import(NirGraph graph, string file, NirImportOptions options)
    {
        var warnings = new List<string>();
        if (options.UseStoredModel && graph.Metadata.TryGetValue(ModelKey, out string? stored))
        {
            if (StoredModelMatches(graph, stored, file)) return new NirImportResult(stored, [], true);
            warnings.Add($"the graph carries a SpikeSim model in its metadata ({ModelKey}) but no longer matches it (edited or re-exported elsewhere): it was mapped from its NIR parameters, and what NIR does not carry (t_ref, Poisson inputs, plasticity, recording) was dropped");
        }
        var (flat, levels) = NirThresholds.Resolve(NirFlattener.Flatten(graph), file);
        var builder = new Mapping(flat, levels, file, options, warnings);
        return new NirImportResult(builder.Build(), warnings, false);
    }

    private static bool StoredModelMatches(NirGraph graph, string stored, string file)
    {
        try
        {
            ModelSpec spec = ModelReader.Parse(stored, file);
            NirGraph again = NirExporter.Export(spec, stored).Graph;
            var meta = graph.Metadata.Where(kv => kv.Key != NirFileReader.VersionKey).ToDictionary(kv => kv.Key, kv => kv.Value);
            return again.SameAs(new NirGraph(graph.Nodes, graph.Edges, meta));
        }
        catch (ModelException)
        {
            return false;
        }
    }

    /// <summary>One mapping run over a flat graph.</summary>
    private sealed partial class Mapping(NirGraph graph, Dictionary<string, double[]> levels, string file, NirImportOptions options, List<string> warnings)
    {
        private readonly Dictionary<string, List<string>> _next = Successors(graph);
        private readonly Dictionary<string, NirNeuronNode> _neurons = [];
        // (source, target, delay in graph units) -> summed matrix, rows = target neurons, columns = source elements.
        private readonly Dictionary<(string, string, double), double[][]> _paths = [];
        private readonly List<(string Affine, string Target, double[] Current)> _biases = [];
        private readonly HashSet<string> _voltageOut = []; // neurons whose voltage reaches an Output
        private double _msPer = 1;

        public string Build()
        {
            var inputNodes = graph.Nodes.Where(n => n.Value.Type == "Input").Select(n => n.Key).ToList();
            foreach (string name in options.Run.Signals.Keys)
                if (!inputNodes.Contains(name))
                    throw new ModelException(SideFile, $"$.inputs.{name}", null,
                        $"'{name}' is not an Input node of {Path.GetFileName(file)}{Suggestions.Then(name, inputNodes, inputNodes.Count == 0 ? "it has none" : $"its Input nodes: {string.Join(", ", inputNodes)}")}");
            string unit = TimeUnit();
            _msPer = NirUnits.MsPer(unit);
            foreach (var (name, node) in graph.Nodes)
                if (NirPrimitives.IsNeuron(node.Type)) _neurons[name] = NirNeuronNode.From(name, node, _msPer, file, warnings, levels.GetValueOrDefault(name));
            if (_neurons.Count == 0) throw new ModelException(file, null, null, "the graph has no neuron node (LIF, CubaLIF, IF, LI, CubaLI or I): nothing to simulate");

            foreach (var (name, node) in graph.Nodes)
            {
                if (node.Type == "Input" || _neurons.ContainsKey(name))
                {
                    int size = node.Type == "Input" ? NirPrimitives.SignalSize(node) : _neurons[name].Size;
                    Walk(name, name, NirPathMatrix.Identity(size), 0, [name], false);
                }
                else if (node.Type == "Affine" && node.Get("bias")!.Data.Any(b => b != 0))
                {
                    double[] b = node.Get("bias")!.Data;
                    Walk(name, name, NirPathMatrix.Column(b), 0, [name], false);
                }
            }
            CheckUndelayedCycles();
            return ModelJson(unit);
        }

        private string TimeUnit()
        {
            string? given = options.TimeUnit ?? options.Run.TimeUnit;
            string unit = given ?? (graph.Metadata.TryGetValue(TimeUnitKey, out string? m) && m is "ms" or "s" ? m : "ms");
            var taus = new List<(string Node, string Field, double Value)>();
            foreach (var (name, node) in graph.Nodes)
                foreach (string f in new[] { "tau", "tau_mem", "tau_syn" })
                    if (NirPrimitives.IsNeuron(node.Type) && node.Get(f) is NirArray a) taus.AddRange(a.Data.Select(v => (name, f, v)));
            if (taus.Count == 0) return unit;
            var shortest = taus.MinBy(t => t.Value);
            var longest = taus.MaxBy(t => t.Value);
            if (unit == "ms" && shortest.Value < NirUnits.ShortestPlausibleMs)
            {
                string text = $"{shortest.Field} = {NirUnits.Number(shortest.Value)} is implausibly short in ms (NIR's documented unit); Norse, snnTorch and Rockpool write seconds";
                if (given is null) throw new ModelException(file, $"{shortest.Node}/{shortest.Field}", null, text + ": say which with --time-unit s (or --time-unit ms to keep it)");
                warnings.Add($"{shortest.Node}: {text}; kept ms as asked");
            }
            if (unit == "s" && longest.Value > NirUnits.LongestPlausibleS)
                warnings.Add($"{longest.Node}: {longest.Field} = {NirUnits.Number(longest.Value)} s is implausibly long; is the graph in ms?");
            return unit;
        }

        /// <summary>
        /// Follows every path from <paramref name="source"/> on from node <paramref name="at"/>; <paramref name="thresholded"/>
        /// says whether the path so far passed a Threshold (after which an LI or I node's output is spikes).
        /// </summary>
        private void Walk(string source, string at, NirPathMatrix m, double delay, HashSet<string> onPath, bool thresholded)
        {
            if (!_next.TryGetValue(at, out var successors)) return;
            foreach (string to in successors)
            {
                NirNode node = graph.Node(to)!;
                int rows = m.Rows;
                string edge = $"edge ({at}, {to})";
                if (_neurons.TryGetValue(to, out NirNeuronNode? target))
                {
                    if (target.Size != rows) throw Mismatch(to, edge, rows, $"{target.Size} neurons");
                    if (graph.Node(source)!.Type == "Affine") _biases.Add((source, to, m.Dense().Select(r => r[0]).ToArray()));
                    else if (_neurons.TryGetValue(source, out var s) && !s.SpikesOut(thresholded))
                        throw new ModelException(file, source, null,
                            $"{s.Type} node '{source}' outputs its voltage, not spikes, and SpikeSim carries only spikes between populations: it may only feed Output nodes, or other neurons through a Threshold (it reaches neuron '{to}')");
                    else Add(source, to, delay, m.Dense());
                    continue;
                }
                if (onPath.Contains(to))
                    throw new ModelException(file, to, null, $"a cycle through '{to}' contains no neuron node (an algebraic loop, which has no solution)");
                switch (node.Type)
                {
                    case "Output":
                        if (_neurons.TryGetValue(source, out var o) && !o.SpikesOut(thresholded)) _voltageOut.Add(source);
                        continue;
                    case "Input":
                        throw new ModelException(file, to, null, $"{edge} leads into an Input node; Input nodes take no edges");
                    case "Linear" or "Affine":
                    {
                        NirArray w = node.Get("weight")!;
                        if (w.Shape[1] != rows) throw Mismatch(to, edge, rows, $"a weight of shape {w.ShapeText}, which takes {w.Shape[1]}");
                        Walk(source, to, m.Then(w), delay, [.. onPath, to], thresholded);
                        continue;
                    }
                    case "Scale":
                    {
                        NirArray s = node.Get("scale")!;
                        if (s.Count != rows) throw Mismatch(to, edge, rows, $"a scale of shape {s.ShapeText}");
                        Walk(source, to, m.Scaled(s.Data), delay, [.. onPath, to], thresholded);
                        continue;
                    }
                    case "Delay":
                    {
                        NirArray d = node.Get("delay")!;
                        if (d.Count != rows && d.Count != 1) throw Mismatch(to, edge, rows, $"a delay of shape {d.ShapeText}");
                        if (d.Data.Any(x => !(x >= 0))) throw new ModelException(file, $"{to}/delay", null, $"a delay must be >= 0, got {NirUnits.Number(d.Data.Min())}");
                        // Elements with different delays go on as separate paths (a SpikeSim projection has one delay).
                        double[] values = [.. d.Data.Distinct()];
                        foreach (double value in values)
                        {
                            NirPathMatrix part = values.Length == 1 ? m : m.KeepRows(i => d.Data[i] == value);
                            Walk(source, to, part, delay + value, [.. onPath, to], thresholded);
                        }
                        continue;
                    }
                    default: // the pass-through nodes of flattened subgraphs and of resolved Thresholds
                        Walk(source, to, m, delay, [.. onPath, to], thresholded || node.Type == NirThresholds.PassType);
                        continue;
                }
            }
        }

        private ModelException Mismatch(string node, string edge, int rows, string expected) =>
            new(file, node, null, $"mismatched shapes: {edge} carries {rows} values but '{node}' expects {expected}");

        private void Add(string source, string target, double delay, double[][] m)
        {
            var key = (source, target, delay);
            if (!_paths.TryGetValue(key, out var sum)) { _paths[key] = m.Select(r => (double[])r.Clone()).ToArray(); return; }
            for (int i = 0; i < m.Length; i++) for (int j = 0; j < m[i].Length; j++) sum[i][j] += m[i][j];
        }

        private void CheckUndelayedCycles()
        {
            var edges = _paths.Keys.Where(k => k.Item3 == 0 && _neurons.ContainsKey(k.Item1)).GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => k.Item2).ToList());
            var state = new Dictionary<string, int>();
            var stack = new List<string>();
            foreach (string start in edges.Keys) Visit(start);

            void Visit(string n)
            {
                state[n] = 1;
                stack.Add(n);
                foreach (string t in edges.GetValueOrDefault(n) ?? [])
                {
                    if (state.GetValueOrDefault(t) == 1)
                    {
                        string loop = string.Join(" -> ", stack.Skip(stack.IndexOf(t)).Append(t));
                        throw new ModelException(file, t, null,
                            $"a cycle without a delay: {loop}. NIR edges are instantaneous and SpikeSim needs a positive delay in every loop: put a Delay node in it");
                    }
                    if (state.GetValueOrDefault(t) == 0) Visit(t);
                }
                stack.RemoveAt(stack.Count - 1);
                state[n] = 2;
            }
        }

        private string ModelJson(string unit)
        {
            double edgeDelay = options.Run.EdgeDelayMs ?? DefaultEdgeDelayMs;
            var model = new JsonObject
            {
                ["name"] = Path.GetFileNameWithoutExtension(file),
                ["description"] = $"Imported from the NIR graph {Path.GetFileName(file)} (times read in {unit}).",
                ["seed"] = options.Run.Seed ?? 1,
                ["duration"] = NirUnits.Q(options.Run.DurationMs ?? 100, "ms"),
            };
            var populations = new JsonArray();
            foreach (NirNeuronNode node in _neurons.Values)
                foreach (NirNeuron n in node.Groups) populations.Add((JsonNode)Population(node, n));
            model["populations"] = populations;

            var projections = new JsonArray();
            int undelayed = 0;
            foreach (var ((source, target, delay), m) in _paths)
            {
                if (graph.Node(source)!.Type == "Input") continue;
                NirNeuronNode from = _neurons[source], to = _neurons[target];
                if (delay == 0) undelayed++;
                bool split = from.Groups.Count > 1 || to.Groups.Count > 1;
                string suffix = _paths.Keys.Count(k => k.Item1 == source && k.Item2 == target) > 1 ? $"-d{NirUnits.Number(delay * _msPer)}" : "";
                foreach (NirNeuron gs in from.Groups)
                    foreach (NirNeuron gt in to.Groups)
                    {
                        double[][] sub = gt.Indices.Select(i => gs.Indices.Select(j => m[i][j]).ToArray()).ToArray();
                        if ((split || suffix.Length > 0) && sub.All(row => row.All(x => x == 0))) continue;
                        var p = new JsonObject
                        {
                            ["name"] = $"{gs.Population}-{gt.Population}{suffix}",
                            ["from"] = gs.Population,
                            ["to"] = gt.Population,
                            ["weight"] = Matrix(sub, to, gt),
                            ["delay"] = NirUnits.Q(delay == 0 ? edgeDelay : delay * _msPer, "ms"),
                        };
                        if (gs == gt) p["connect"] = new JsonObject { ["rule"] = "all_to_all", ["allow_autapses"] = true };
                        projections.Add((JsonNode)p);
                    }
            }
            if (undelayed > 0)
                warnings.Add($"{undelayed} neuron-to-neuron path(s) have no Delay node; NIR edges are instantaneous but SpikeSim needs a positive delay, so they got {NirUnits.Number(edgeDelay)} ms (\"edge_delay\" in the inputs file): downstream spikes come that much later");
            if (projections.Count > 0) model["projections"] = projections;

            var inputs = new JsonArray();
            CheckPoissonFanOut();
            foreach (var ((source, target, delay), m) in _paths)
                if (graph.Node(source)!.Type == "Input") AddInputs(inputs, source, _neurons[target], delay * _msPer, m);
            foreach (var (affine, target, current) in _biases)
            {
                NirNeuronNode node = _neurons[target];
                if (node.Exp) warnings.Add($"{affine}: the bias onto {node.Type} '{target}' passes through its synaptic filter; it is applied as the constant current w_in * bias it settles to (as if switched on long before 0 ms)");
                foreach (NirNeuron g in node.Groups)
                    inputs.Add((JsonNode)new JsonObject
                    {
                        ["type"] = "current", ["to"] = g.Population,
                        ["steps"] = new JsonArray(new JsonObject { ["at"] = "0 ms", ["amplitude"] = Amplitudes(g.Indices.Select((i, k) => current[i] * g.WIn[k])) }),
                    });
            }
            foreach (var (name, node) in graph.Nodes)
                if (node.Type == "Input" && !options.Run.Signals.ContainsKey(name))
                    warnings.Add($"Input node '{name}' ({NirPrimitives.SignalSize(node)} channels) gets no signal: give one in the inputs file (GRAPH.inputs.json or --inputs)");
            if (inputs.Count > 0) model["inputs"] = inputs;

            var record = new JsonObject();
            var spiking = _neurons.Values.Where(n => n.Spikes).SelectMany(n => n.Groups).Select(g => (JsonNode?)g.Population).ToArray();
            if (spiking.Length > 0) record["spikes"] = new JsonArray(spiking);
            var v = new JsonArray();
            foreach (string name in _voltageOut)
                foreach (NirNeuron g in _neurons[name].Groups)
                    v.Add((JsonNode)new JsonObject { ["population"] = g.Population, ["interval"] = NirUnits.Q(options.Run.VIntervalMs ?? 0.1, "ms") });
            if (v.Count > 0) record["v"] = v;
            model["record"] = record;
            return CompactLists(model.ToJsonString(new JsonSerializerOptions { WriteIndented = true })) + "\n";
        }

        private JsonObject Population(NirNeuronNode node, NirNeuron n)
        {
            bool leaky = node.Type is "LIF" or "LI" or "CubaLIF" or "CubaLI";
            double tauMs = leaky ? n.TauMs : NirUnits.NoLeakTauMs;
            double cm = leaky ? n.TauMs / n.R : _msPer / n.R;
            var neuron = new JsonObject
            {
                ["model"] = "lif", ["psc"] = node.Exp ? "exp" : node.Crossing ? "delta_crossing" : "delta",
                ["tau_m"] = NirUnits.Q(tauMs, "ms"), ["c_m"] = NirUnits.Q(cm, "pF"), ["e_l"] = NirUnits.Q(n.VLeak, "mV"),
            };
            if (!node.Crossing) neuron["v_reset"] = NirUnits.Q(n.VReset, "mV"); // a crossing detector is not reset and has no refractory period
            neuron["v_th"] = NirUnits.Q(n.VThreshold, "mV");
            if (!node.Crossing) neuron["t_ref"] = "0 ms";
            neuron["i_e"] = "0 pA";
            neuron["v_init"] = "0 mV";
            if (node.Exp)
            {
                neuron["tau_syn_ex"] = NirUnits.Q(n.TauSynMs, "ms");
                neuron["tau_syn_in"] = NirUnits.Q(n.TauSynMs, "ms");
            }
            return new JsonObject { ["name"] = n.Population, ["size"] = n.Size, ["neuron"] = neuron };
        }

        /// <summary>Weights onto group <paramref name="to"/> of <paramref name="node"/>: rows are its members.</summary>
        private static JsonArray Matrix(double[][] m, NirNeuronNode node, NirNeuron to)
        {
            var rows = new JsonArray();
            for (int i = 0; i < m.Length; i++)
                rows.Add((JsonNode)new JsonArray(m[i].Select(w => (JsonNode?)NirUnits.Q(w * to.SpikeFactor[i], Unit(node))).ToArray()));
            return rows;
        }

        private static string Unit(NirNeuronNode node) => node.Exp ? "pA" : "mV";

        private static JsonArray Amplitudes(IEnumerable<double> pa) => new(pa.Select(a => (JsonNode?)NirUnits.Q(a, "pA")).ToArray());

        /// <summary>The inputs file, which errors about signals name (the graph when the signals were given in code).</summary>
        private string SideFile => options.Run.SourcePath ?? file;

        /// <summary>
        /// A Poisson channel that reaches several neurons needs one train shared by all of them, which SpikeSim's Poisson
        /// input (one train per neuron) does not draw: refused unless the inputs file says "independent": true.
        /// </summary>
        private void CheckPoissonFanOut()
        {
            foreach (var (input, signal) in options.Run.Signals)
            {
                if (signal.Poisson is not NirPoissonSignal poisson) continue;
                int channels = NirPrimitives.SignalSize(graph.Node(input)!);
                var reached = new int[channels];
                foreach (var ((source, _, _), m) in _paths)
                    if (source == input)
                        foreach (double[] row in m)
                            for (int j = 0; j < channels; j++) if (row[j] != 0) reached[j]++;
                int widest = Array.IndexOf(reached, reached.Max());
                if (reached[widest] <= 1) continue;
                if (!poisson.Independent)
                    throw new ModelException(SideFile, $"$.inputs.{input}.poisson", null,
                        $"channel {widest} of Input '{input}' reaches {reached[widest]} neurons: a NIR channel is one spike train shared by its targets, while SpikeSim's Poisson input draws one train per neuron. Give the channel's spike times (\"spikes\"), feed each Poisson channel to one neuron, or say \"independent\": true to give each target its own train of the channel's rate");
                warnings.Add($"Input '{input}': its Poisson channels reach up to {reached[widest]} neurons each, and (\"independent\": true) each of them gets its own train of the channel's rate: the same rates, not the same spikes");
            }
        }

        private void AddInputs(JsonArray inputs, string input, NirNeuronNode to, double delayMs, double[][] m)
        {
            if (!options.Run.Signals.TryGetValue(input, out NirInputSignal? signal)) return;
            int channels = NirPrimitives.SignalSize(graph.Node(input)!);
            if (signal.Poisson is NirPoissonSignal poisson)
            {
                AddPoisson(inputs, input, channels, poisson, to, delayMs, m);
                return;
            }
            if (signal.SpikesMs is double[][] spikes)
            {
                if (spikes.Length != channels)
                    throw new ModelException(SideFile, $"$.inputs.{input}.spikes", null, $"{spikes.Length} spike lists, but Input node '{input}' of {Path.GetFileName(file)} has {channels} channels (one list per channel)");
                for (int j = 0; j < channels; j++)
                    foreach (NirNeuron g in to.Groups)
                    {
                        var targets = Enumerable.Range(0, g.Size).Where(k => m[g.Indices[k]][j] != 0).ToArray();
                        if (targets.Length == 0 || spikes[j].Length == 0) continue;
                        inputs.Add((JsonNode)new JsonObject
                        {
                            ["type"] = "spike_times", ["to"] = g.Population,
                            ["neurons"] = new JsonArray(targets.Select(k => (JsonNode?)k).ToArray()),
                            ["times"] = new JsonArray(spikes[j].Select(t => (JsonNode?)NirUnits.Q(t + delayMs, "ms")).ToArray()),
                            ["weight"] = new JsonArray(targets.Select(k => (JsonNode?)NirUnits.Q(m[g.Indices[k]][j] * g.SpikeFactor[k], Unit(to))).ToArray()),
                        });
                    }
                return;
            }
            var steps = signal.Steps!;
            if (to.Exp)
                throw new ModelException(SideFile, $"$.inputs.{input}.current", null,
                    $"Input '{input}' reaches {to.Type} '{to.Name}' with a current, which NIR filters through tau_syn; SpikeSim's exp synapses take spikes only: give spikes or poisson, or use LIF");
            for (int s = 0; s < steps.Count; s++)
                if (steps[s].Amplitude.Length != channels)
                    throw new ModelException(SideFile, $"$.inputs.{input}.current[{s}].amplitude", null, $"{steps[s].Amplitude.Length} amplitudes, but Input node '{input}' of {Path.GetFileName(file)} has {channels} channels (one per channel)");
            foreach (NirNeuron g in to.Groups)
            {
                var json = new JsonArray();
                foreach (var (at, amplitude) in steps)
                    json.Add((JsonNode)new JsonObject
                    {
                        ["at"] = NirUnits.Q(at + delayMs, "ms"),
                        ["amplitude"] = Amplitudes(g.Indices.Select(i => Enumerable.Range(0, channels).Sum(j => m[i][j] * amplitude[j]))),
                    });
                inputs.Add((JsonNode)new JsonObject { ["type"] = "current", ["to"] = g.Population, ["steps"] = json });
            }
        }

        /// <summary>One SpikeSim Poisson input per channel and target population: the channel's rate, [start, stop) delayed with the path, the path's weights.</summary>
        private void AddPoisson(JsonArray inputs, string input, int channels, NirPoissonSignal poisson, NirNeuronNode to, double delayMs, double[][] m)
        {
            if (poisson.RatesHz.Length != 1 && poisson.RatesHz.Length != channels)
                throw new ModelException(SideFile, $"$.inputs.{input}.poisson.rate", null,
                    $"{poisson.RatesHz.Length} rates, but Input node '{input}' of {Path.GetFileName(file)} has {channels} channels: give one rate for all or one per channel");
            for (int j = 0; j < channels; j++)
            {
                double rate = poisson.RatesHz[poisson.RatesHz.Length == 1 ? 0 : j];
                if (rate == 0) continue;
                foreach (NirNeuron g in to.Groups)
                {
                    var targets = Enumerable.Range(0, g.Size).Where(k => m[g.Indices[k]][j] != 0).ToArray();
                    if (targets.Length == 0) continue;
                    var json = new JsonObject
                    {
                        ["type"] = "poisson", ["to"] = g.Population,
                        ["neurons"] = new JsonArray(targets.Select(k => (JsonNode?)k).ToArray()),
                        ["rate"] = NirUnits.Q(rate, "Hz"),
                        ["weight"] = new JsonArray(targets.Select(k => (JsonNode?)NirUnits.Q(m[g.Indices[k]][j] * g.SpikeFactor[k], Unit(to))).ToArray()),
                        ["start"] = NirUnits.Q(poisson.StartMs + delayMs, "ms"),
                    };
                    if (double.IsFinite(poisson.StopMs)) json["stop"] = NirUnits.Q(poisson.StopMs + delayMs, "ms");
                    inputs.Add((JsonNode)json);
                }
            }
        }

        /// <summary>Puts every list of plain values (a matrix row, spike times, amplitudes) on one line, as a person would write it.</summary>
        private static string CompactLists(string json) => ScalarList().Replace(json, m =>
            "[" + string.Join(", ", ListItem().Matches(m.Groups[1].Value).Select(i => i.Value)) + "]");

        [System.Text.RegularExpressions.GeneratedRegex("""\[\s*((?:"[^"\n]*"|-?[0-9.eE+]+)(?:,\s*(?:"[^"\n]*"|-?[0-9.eE+]+))*)\s*\]""")]
        private static partial System.Text.RegularExpressions.Regex ScalarList();

        [System.Text.RegularExpressions.GeneratedRegex("""("[^"\n]*"|-?[0-9.eE+]+)""")]
        private static partial System.Text.RegularExpressions.Regex ListItem();

        private static Dictionary<string, List<string>> Successors(NirGraph g)
        {
            var next = new Dictionary<string, List<string>>();
            foreach (var (from, to) in g.Edges)
            {
                if (!next.TryGetValue(from, out var list)) next[from] = list = [];
                list.Add(to);
            }
            return next;
        }
    }
}
