using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>A NIR graph made from a SpikeSim model, and what it could not carry.</summary>
/// <param name="Graph">The graph (times in ms; the model's text in its metadata).</param>
/// <param name="Warnings">What only the metadata keeps (another NIR importer drops it), one sentence each.</param>
public sealed record NirExportResult(NirGraph Graph, IReadOnlyList<string> Warnings);

/// <summary>
/// SpikeSim model to NIR graph, the inverse of <see cref="NirImporter"/>'s mapping (see <see cref="NirUnits"/>):
/// a delta lif population becomes <c>LIF</c> (<c>IF</c> when tau_m is <see cref="NirUnits.NoLeakTauMs"/>, <c>LI</c>/<c>I</c>
/// when v_th is <see cref="NirUnits.NeverSpikeMv"/>), an exp one <c>CubaLIF</c>/<c>CubaLI</c>; i_e is folded into
/// v_leak (v_leak = E_L + r I_e, the same dynamics); each projection, as built (any connection rule), becomes a
/// <c>Linear</c> of its summed weights followed by a <c>Delay</c>; a <c>delta_crossing</c> population becomes <c>LI</c>
/// (<c>I</c> without leak) followed by a <c>Threshold</c> at v_th, whose output carries its spikes; each spike or current input becomes an <c>Input</c>
/// node with a <c>Linear</c> onto its targets; each population recorded for spikes an <c>Output</c>. The model's
/// text goes into the graph's metadata (<see cref="NirImporter.ModelKey"/>), so that SpikeSim reads back exactly what
/// NIR cannot hold: refractory periods, initial voltages, input spike times, Poisson rates, plasticity, recording.
/// </summary>
public static class NirExporter
{
    /// <summary>Exports <paramref name="spec"/>, whose model text is <paramref name="modelText"/> (stored in the metadata).</summary>
    /// <exception cref="ModelException">Something NIR cannot express at all: artificial neurons, different excitatory and inhibitory synaptic time constants, per-synapse delays, values inputs.</exception>
    public static NirExportResult Export(ModelSpec spec, string modelText)
    {
        var view = new NirModelView(spec);
        var warnings = new List<string>();
        var nodes = new List<KeyValuePair<string, NirNode>>();
        var edges = new List<(string, string)>();
        var factors = new double[view.Populations.Count];
        string file = spec.SourcePath ?? spec.Name;

        for (int p = 0; p < view.Populations.Count; p++)
        {
            NirPopulationView pop = view.Populations[p];
            var (node, factor) = Neuron(pop, $"$.populations[{p}]", file, warnings);
            nodes.Add(new(pop.Name, node));
            factors[p] = factor;
            if (pop.Crossing)
            {
                nodes.Add(new(SpikesOf(pop), new NirNode("Threshold", new Dictionary<string, NirArray> { ["threshold"] = NirArray.Vector(Repeat(pop.VThMv, pop.Size)) })));
                edges.Add((pop.Name, SpikesOf(pop)));
            }
        }
        for (int k = 0; k < view.Projections.Count; k++)
        {
            NirProjectionView proj = view.Projections[k];
            if (proj.MinDelayMs != proj.MaxDelayMs)
                throw new ModelException(file, $"$.projections[{k}].delay", null,
                    $"projection '{proj.Name}' has delays from {NirUnits.Number(proj.MinDelayMs)} to {NirUnits.Number(proj.MaxDelayMs)} ms; NIR's Delay node gives one delay per target, so a projection needs one delay to export");
            if (proj.Plastic) warnings.Add($"projection '{proj.Name}' is plastic (STDP, a rate rule or short-term plasticity); NIR has no plasticity, so the graph holds its initial weights and only the metadata keeps the rule");
            if (proj.Structural) warnings.Add($"projection '{proj.Name}' rewires itself; NIR holds its initial synapses and only the metadata keeps the structural rule");
            double f = factors[proj.To];
            string w = "w_" + proj.Name, d = "d_" + proj.Name;
            nodes.Add(new(w, new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix(proj.Weights.Select(r => r.Select(x => x / f).ToArray()).ToArray()) })));
            nodes.Add(new(d, new NirNode("Delay", new Dictionary<string, NirArray> { ["delay"] = NirArray.Vector(Repeat(proj.MinDelayMs, proj.Weights.Length)) })));
            edges.Add((SpikesOf(view.Populations[proj.From]), w));
            edges.Add((w, d));
            edges.Add((d, view.Populations[proj.To].Name));
        }
        bool inputData = false;
        for (int k = 0; k < view.Inputs.Count; k++)
        {
            NirInputView input = view.Inputs[k];
            NirPopulationView to = view.Populations[input.To];
            if (input.Kind == "values")
                throw new ModelException(file, $"$.inputs[{k}]", null, "a values input feeds artificial neurons, which NIR does not have");
            if (input.Kind == "current" && to.Exp)
            {
                warnings.Add($"input {k} injects a current into the exp population '{to.Name}'; a CubaLIF filters every input through tau_syn, so the graph has no Input node for it and only the metadata keeps it");
                continue;
            }
            inputData = true;
            string name = $"input_{k}", w = $"w_input_{k}";
            var matrix = new double[to.Size][];
            for (int i = 0; i < to.Size; i++) matrix[i] = new double[input.Neurons.Length];
            for (int c = 0; c < input.Neurons.Length; c++)
                matrix[input.Neurons[c]][c] = input.Kind == "current" ? 1.0 : input.Weights[c] / factors[input.To];
            nodes.Add(new(name, new NirNode("Input", new Dictionary<string, NirArray> { ["shape"] = NirArray.Vector(input.Neurons.Length) })));
            nodes.Add(new(w, new NirNode("Linear", new Dictionary<string, NirArray> { ["weight"] = NirArray.Matrix(matrix) })));
            edges.Add((name, w));
            edges.Add((w, to.Name));
        }
        if (inputData) warnings.Add("NIR graphs hold no input data: the spike times, Poisson rates and current steps of the inputs are kept only in the metadata");
        foreach (string recorded in view.Recorded)
        {
            NirPopulationView pop = view.Populations.First(p => p.Name == recorded);
            nodes.Add(new("output_" + recorded, new NirNode("Output", new Dictionary<string, NirArray> { ["shape"] = NirArray.Vector(pop.Size) })));
            edges.Add((SpikesOf(pop), "output_" + recorded));
        }
        var metadata = new Dictionary<string, string> { [NirImporter.ModelKey] = modelText, [NirImporter.TimeUnitKey] = "ms" };
        return new NirExportResult(new NirGraph(nodes, edges, metadata), warnings);
    }

    /// <summary>The node whose output is a population's spikes: the population's own, or the Threshold after a crossing detector.</summary>
    private static string SpikesOf(NirPopulationView pop) => pop.Crossing ? "threshold_" + pop.Name : pop.Name;

    private static (NirNode Node, double Factor) Neuron(NirPopulationView pop, string path, string file, List<string> warnings)
    {
        if (pop.Artificial is string a)
            throw new ModelException(file, $"{path}.neuron.model", null, $"population '{pop.Name}' has artificial neurons ({a}); NIR describes spiking and integrating neurons only");
        if (pop.TRefMs > 0 && !pop.Crossing) warnings.Add($"population '{pop.Name}': NIR neurons have no refractory period; t_ref = {NirUnits.Number(pop.TRefMs)} ms is kept only in the metadata");
        if (pop.VInitMv is not 0.0) warnings.Add($"population '{pop.Name}': NIR neurons start at v = 0; its initial voltage is kept only in the metadata");
        bool noLeak = pop.TauMMs >= NirUnits.NoLeakTauMs, never = pop.Crossing || pop.VThMv >= NirUnits.NeverSpikeMv;
        int n = pop.Size;
        var fields = new Dictionary<string, NirArray>();
        double r = pop.TauMMs / pop.CmPf;
        string type;
        double factor;
        if (pop.Exp)
        {
            if (pop.TauSynExMs != pop.TauSynInMs)
                throw new ModelException(file, $"{path}.neuron.tau_syn_in", null,
                    $"population '{pop.Name}' has tau_syn_ex = {NirUnits.Number(pop.TauSynExMs)} ms and tau_syn_in = {NirUnits.Number(pop.TauSynInMs)} ms; a CubaLIF has one tau_syn");
            if (noLeak) throw new ModelException(file, $"{path}.neuron.tau_m", null, "an exp population without leak has no NIR primitive (CubaLIF and CubaLI leak)");
            type = never ? "CubaLI" : "CubaLIF";
            fields["tau_syn"] = NirArray.Vector(Repeat(pop.TauSynExMs, n));
            fields["tau_mem"] = NirArray.Vector(Repeat(pop.TauMMs, n));
            fields["w_in"] = NirArray.Vector(Repeat(1.0, n));
            factor = 1.0 / pop.TauSynExMs;
        }
        else if (noLeak)
        {
            if (pop.IEPa != 0) throw new ModelException(file, $"{path}.neuron.i_e", null, "IF and I have no leak potential to fold a constant current into: i_e must be 0");
            type = never ? "I" : "IF";
            r = 1.0 / pop.CmPf;
            factor = r;
        }
        else
        {
            type = never ? "LI" : "LIF";
            fields["tau"] = NirArray.Vector(Repeat(pop.TauMMs, n));
            factor = 1.0 / pop.CmPf;
        }
        fields["r"] = NirArray.Vector(Repeat(r, n));
        if (!noLeak) fields["v_leak"] = NirArray.Vector(Repeat(pop.ELMv + r * pop.IEPa, n));
        if (!never)
        {
            fields["v_threshold"] = NirArray.Vector(Repeat(pop.VThMv, n));
            fields["v_reset"] = NirArray.Vector(Repeat(pop.VResetMv, n));
        }
        return (new NirNode(type, fields), factor);
    }

    private static double[] Repeat(double value, int n)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}
