using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Nir;

/// <summary>A population as the exporter sees it (internal units: ms, mV, pA, pF).</summary>
internal sealed record NirPopulationView(string Name, int Size, string? Artificial, bool Exp, bool Crossing, double TauMMs, double CmPf, double ELMv,
                                         double VResetMv, double VThMv, double TRefMs, double IEPa, double? VInitMv,
                                         double TauSynExMs, double TauSynInMs);

/// <summary>A projection as built: dense weights (rows = targets, columns = sources) and its delays.</summary>
internal sealed record NirProjectionView(string Name, int From, int To, double[][] Weights, double MinDelayMs, double MaxDelayMs,
                                         bool Plastic, bool Structural);

/// <summary>An input: its kind (spike_times, poisson, current, values), target, targeted neurons and weight per targeted neuron.</summary>
internal sealed record NirInputView(string Kind, int To, int[] Neurons, double[] Weights);

/// <summary>
/// What the exporter reads from a <see cref="ModelSpec"/> and the <see cref="Network"/> built from it: the only place
/// in this folder that knows the model's records, so a change there touches this file alone.
/// </summary>
internal sealed class NirModelView
{
    /// <summary>Largest dense weight matrix (targets x sources) a projection may export to.</summary>
    public const long MaxMatrixEntries = 4_000_000;

    public NirModelView(ModelSpec spec)
    {
        Name = spec.Name;
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            LifSpec n = spec.Populations[i].Neuron;
            if (spec.Populations[i].IsArtificial) continue;
            if (n.Psc is not ("delta" or "exp" or "delta_crossing"))
                throw new ModelException(spec.SourcePath, $"$.populations[{i}].neuron.psc", null,
                    $"psc \"{n.Psc}\" has no NIR primitive: NIR exports lif with psc delta (LIF), exp (CubaLIF) or delta_crossing (LI and a Threshold)");
            if (n.Parameter("a") != 0 || n.Parameter("b") != 0)
                throw new ModelException(spec.SourcePath, $"$.populations[{i}].neuron", null,
                    "spike-frequency adaptation (a, b) has no NIR primitive: export needs a = b = 0");
        }
        Populations = spec.Populations.Select(p => new NirPopulationView(p.Name, p.Size,
            p.Activation is { } a ? a.Model.ToString() : null, p.Neuron.Psc == "exp", p.Neuron.Psc == "delta_crossing", p.Neuron.TauMMs, p.Neuron.CmPf,
            p.Neuron.ELMv, p.Neuron.VResetMv, p.Neuron.VThMv, p.Neuron.TRefMs, p.Neuron.IEPa,
            p.Neuron.VInitMv is ConstantValue c ? c.Value : null, p.Neuron.TauSynExMs, p.Neuron.TauSynInMs)).ToArray();
        Recorded = spec.Record.Spikes;
        Network network = Network.Build(spec);
        var projections = new List<NirProjectionView>();
        for (int k = 0; k < network.Projections.Count; k++)
        {
            SynapseTable table = network.Projections[k];
            ProjectionSpec ps = spec.Projections[k];
            PopulationRange from = network.Populations[table.FromPopulation], to = network.Populations[table.ToPopulation];
            if ((long)from.Size * to.Size > MaxMatrixEntries)
                throw new ModelException(spec.SourcePath, $"$.projections[{k}]", null,
                    $"projection '{table.Name}' would be a dense {to.Size} x {from.Size} NIR weight matrix ({(long)from.Size * to.Size:N0} entries, over the {MaxMatrixEntries:N0} that are exported)");
            var w = new double[to.Size][];
            for (int i = 0; i < to.Size; i++) w[i] = new double[from.Size];
            for (int s = 0; s < from.Size; s++)
            {
                var (start, end) = table.RowOf(s);
                for (int q = start; q < end; q++) w[table.TargetOf(q) - to.Offset][s] += table.WeightOf(q);
            }
            projections.Add(new NirProjectionView(table.Name, table.FromPopulation, table.ToPopulation, w,
                table.Count == 0 ? 0 : table.MinDelay(), table.Count == 0 ? 0 : table.MaxDelay(), ps.Plasticity is not null || ps.ShortTerm is not null, ps.Structural is not null));
        }
        Projections = projections;
        Inputs = spec.Inputs.Select(i =>
        {
            int to = spec.PopulationIndex(i.To);
            int[] neurons = i.Neurons ?? Enumerable.Range(0, spec.Populations[to].Size).ToArray();
            PerNeuron? weight = i switch { SpikeTimesInput s => s.Weight, PoissonInput p => p.Weight, _ => null };
            string kind = i switch { SpikeTimesInput => "spike_times", PoissonInput => "poisson", CurrentInput => "current", _ => "values" };
            return new NirInputView(kind, to, neurons, neurons.Select((_, k) => weight?[k] ?? 1.0).ToArray());
        }).ToArray();
    }

    public string Name { get; }
    public IReadOnlyList<NirPopulationView> Populations { get; }
    public IReadOnlyList<NirProjectionView> Projections { get; }
    public IReadOnlyList<NirInputView> Inputs { get; }
    public IReadOnlyList<string> Recorded { get; }
}
