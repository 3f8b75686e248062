using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// One NIR neuron node read as a SpikeSim lif population (see <see cref="NirUnits"/> for the mapping): times already
/// in ms, one value for the whole population (SpikeSim populations share their parameters), and the per-neuron
/// factor that turns a NIR weight into a SpikeSim weight.
/// </summary>
internal sealed record NirNeuron(string Node, string Population, string Type, int Size, double TauMs, double R, double VLeak,
                                 double VThreshold, double VReset, double TauSynMs, double[] SpikeFactor, double[] WIn)
{
    /// <summary>True for LIF, CubaLIF and IF.</summary>
    public bool Spikes => NirPrimitives.Spikes(Type);

    /// <summary>True for CubaLIF and CubaLI (weights are pA of an exponential current; otherwise mV jumps).</summary>
    public bool Exp => NirPrimitives.HasSynapticCurrent(Type);

    /// <summary>The unit of a weight onto this population.</summary>
    public string WeightUnit => Exp ? "pA" : "mV";

    /// <summary>Reads neuron node <paramref name="name"/>; <paramref name="msPer"/> converts its times to ms.</summary>
    public static NirNeuron From(string name, NirNode node, double msPer, string file)
    {
        int n = NirPrimitives.NeuronCount(node);
        string type = node.Type;
        bool leaky = type is "LIF" or "LI" or "CubaLIF" or "CubaLI";
        bool cuba = type is "CubaLIF" or "CubaLI";
        double tau = leaky ? Same(node, cuba ? "tau_mem" : "tau", n, name, file) : double.NaN;
        double tauSyn = cuba ? Same(node, "tau_syn", n, name, file) : double.NaN;
        double r = Same(node, "r", n, name, file);
        if (!(r > 0)) throw new ModelException(file, $"{name}/r", null, $"r must be positive (it is tau_m/C_m), got {NirUnits.Number(r)}");
        foreach (var (field, value) in new[] { ("tau", tau), ("tau_syn", tauSyn) })
            if (!double.IsNaN(value) && !(value > 0)) throw new ModelException(file, $"{name}/{(field == "tau" && cuba ? "tau_mem" : field)}", null, $"a time constant must be positive, got {NirUnits.Number(value)}");
        double vLeak = type is "IF" or "I" ? 0 : Same(node, "v_leak", n, name, file);
        double vTh = NirPrimitives.Spikes(type) ? Same(node, "v_threshold", n, name, file) : NirUnits.NeverSpikeMv;
        double vReset = NirPrimitives.Spikes(type) ? Same(node, "v_reset", n, name, file) : vLeak;
        if (vReset >= vTh)
            throw new ModelException(file, $"{name}/v_reset", null, $"v_reset ({NirUnits.Number(vReset)}) must be below v_threshold ({NirUnits.Number(vTh)}): SpikeSim resets below threshold");
        double[] wIn = cuba ? NirPrimitives.PerNeuron(node, "w_in", n) : Enumerable.Repeat(1.0, n).ToArray();
        var factor = new double[n];
        for (int i = 0; i < n; i++) factor[i] = NirUnits.SpikeFactor(type, r, tau, tauSyn, wIn[i]);
        return new NirNeuron(name, PopulationName(name), type, n, tau * msPer, r, vLeak, vTh, vReset, tauSyn * msPer, factor, wIn);
    }

    /// <summary>A population name for a node name ('.' and '=' separate --set paths, so they become '_').</summary>
    public static string PopulationName(string node) => node.Replace('.', '_').Replace('=', '_');

    private static double Same(NirNode node, string field, int n, string name, string file)
    {
        double[] values = NirPrimitives.PerNeuron(node, field, n);
        foreach (double v in values)
            if (BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(values[0]))
                throw new ModelException(file, $"{name}/{field}", null,
                    $"{field} varies across the node's neurons ({NirUnits.Number(values.Min())} to {NirUnits.Number(values.Max())}); a SpikeSim population gives all its neurons one value (split the node)");
        return values[0];
    }
}
