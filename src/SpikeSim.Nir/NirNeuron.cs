using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// A NIR neuron node (LIF, CubaLIF, IF, LI, CubaLI, I) as SpikeSim populations. A population shares its parameters,
/// so a node whose neurons differ (trained thresholds or time constants) becomes one population per distinct set of
/// parameters, named <c>NODE#0</c>, <c>NODE#1</c>, ... in order of first appearance; otherwise one population named
/// after the node.
/// </summary>
internal sealed record NirNeuronNode(string Name, string Type, int Size, IReadOnlyList<NirNeuron> Groups, bool Crossing)
{
    /// <summary>True for LIF, CubaLIF and IF, and for an LI or I that a Threshold follows (<see cref="Crossing"/>).</summary>
    public bool Spikes => NirPrimitives.Spikes(Type) || Crossing;

    /// <summary>True when the node's output, reached through <paramref name="thresholded"/> (a Threshold on the path) or not, is spikes.</summary>
    public bool SpikesOut(bool thresholded) => NirPrimitives.Spikes(Type) || (Crossing && thresholded);

    /// <summary>True for CubaLIF and CubaLI (weights are pA of an exponential current; otherwise mV jumps).</summary>
    public bool Exp => NirPrimitives.HasSynapticCurrent(Type);

    /// <summary>
    /// Reads neuron node <paramref name="name"/>; <paramref name="msPer"/> converts its times to ms. <paramref name="crossing"/>
    /// is the level (one per neuron) of the Threshold that follows an LI or I node (<see cref="NirThresholds"/>), else null.
    /// </summary>
    public static NirNeuronNode From(string name, NirNode node, double msPer, string file, List<string> warnings, double[]? crossing = null)
    {
        int n = NirPrimitives.NeuronCount(node);
        string type = node.Type;
        bool leaky = type is "LIF" or "LI" or "CubaLIF" or "CubaLI";
        bool cuba = type is "CubaLIF" or "CubaLI";
        bool spikes = NirPrimitives.Spikes(type);
        string tauField = cuba ? "tau_mem" : "tau";
        double[] Field(string f, bool present, double absent) =>
            present ? NirPrimitives.PerNeuron(node, f, n) : Enumerable.Repeat(absent, n).ToArray();
        double[] tau = Field(tauField, leaky, double.NaN), tauSyn = Field("tau_syn", cuba, double.NaN), r = Field("r", true, 0);
        double[] vLeak = Field("v_leak", type is not "IF" and not "I", 0);
        double[] vTh = crossing ?? Field("v_threshold", spikes, NirUnits.NeverSpikeMv);
        double[] vReset = spikes ? Field("v_reset", true, 0) : vLeak;
        double[] wIn = Field("w_in", cuba, 1.0);

        var keys = new List<(double, double, double, double, double, double)>();
        var members = new List<List<int>>();
        for (int i = 0; i < n; i++)
        {
            var key = (tau[i], tauSyn[i], r[i], vLeak[i], vTh[i], vReset[i]);
            int g = keys.IndexOf(key);
            if (g < 0) { keys.Add(key); members.Add([]); g = keys.Count - 1; }
            members[g].Add(i);
        }
        if (keys.Count > 1)
            warnings.Add($"{type} node '{name}': its neurons' parameters differ, so it became {keys.Count} populations ({NirNeuron.PopulationName(name)}#0 to #{keys.Count - 1}), one per distinct set (a SpikeSim population shares its parameters)");
        var groups = new List<NirNeuron>();
        for (int g = 0; g < keys.Count; g++)
        {
            var (t, ts, rr, vl, vt, vr) = keys[g];
            string at = keys.Count == 1 ? name : $"{name} (neuron {members[g][0]})";
            if (!(rr > 0)) throw new ModelException(file, $"{name}/r", null, $"r must be positive (it is tau_m/C_m), got {NirUnits.Number(rr)} at {at}");
            if (leaky && !(t > 0)) throw new ModelException(file, $"{name}/{tauField}", null, $"a time constant must be positive, got {NirUnits.Number(t)} at {at}");
            if (cuba && !(ts > 0)) throw new ModelException(file, $"{name}/tau_syn", null, $"a time constant must be positive, got {NirUnits.Number(ts)} at {at}");
            if (vr >= vt && crossing is null)
                throw new ModelException(file, $"{name}/v_reset", null, $"v_reset ({NirUnits.Number(vr)}) must be below v_threshold ({NirUnits.Number(vt)}) at {at}: SpikeSim resets below threshold");
            int[] idx = [.. members[g]];
            double[] w = idx.Select(i => wIn[i]).ToArray();
            double[] factor = w.Select(x => NirUnits.SpikeFactor(type, rr, t, ts, x)).ToArray();
            string population = NirNeuron.PopulationName(name) + (keys.Count > 1 ? "#" + g : "");
            groups.Add(new NirNeuron(population, idx, t * msPer, rr, vl, vt, vr, ts * msPer, factor, w));
        }
        return new NirNeuronNode(name, type, n, groups, crossing is not null);
    }
}

/// <summary>
/// One SpikeSim population of a NIR neuron node: the node's neurons <see cref="Indices"/>, its parameters (times in
/// ms), and per member the factor that turns a NIR weight into a SpikeSim weight and the member's w_in.
/// </summary>
internal sealed record NirNeuron(string Population, int[] Indices, double TauMs, double R, double VLeak, double VThreshold,
                                 double VReset, double TauSynMs, double[] SpikeFactor, double[] WIn)
{
    /// <summary>Number of neurons.</summary>
    public int Size => Indices.Length;

    /// <summary>A population name for a node name ('.' and '=' separate --set paths, so they become '_').</summary>
    public static string PopulationName(string node) => node.Replace('.', '_').Replace('=', '_');
}
