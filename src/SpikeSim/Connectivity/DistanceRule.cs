using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Connectivity;

/// <summary>
/// The distance rule: neurons placed in space by their populations' <see cref="PositionSpec"/>; each (source,
/// target) pair at distance d is connected independently with probability p0 exp(-d/lambda); a synapse's delay is
/// the projection's synaptic delay (constant or drawn, default 0) plus the conduction time d / velocity.
/// </summary>
/// <remarks>
/// Every pair is visited once (O(sources × targets) work), source row by source row, each row drawing from its own
/// stream (seed, projection, source): first the Bernoulli draw of each target in index order, then each synapse's
/// weight and synaptic delay. Rows are built in parallel and the result does not depend on the number of threads.
/// Distances are in µm, velocities in m/s = 1000 µm/ms, delays in ms; a delay is stored as a float (24 bits).
/// </remarks>
public static class DistanceRule
{
    /// <summary>Builds projection <paramref name="index"/> (rule distance).</summary>
    /// <param name="model">The model.</param>
    /// <param name="index">Index of the projection.</param>
    /// <param name="offsets">Global index of each population's first neuron.</param>
    /// <exception cref="ModelException">A synapse would get a delay below <see cref="Network.MinimumDelayMs"/>.</exception>
    public static SynapseTable Build(ModelSpec model, int index, int[] offsets)
    {
        ProjectionSpec p = model.Projections[index];
        DistanceSpec spec = p.Connect.Distance ?? throw new ArgumentException($"projection {p.Name} has no distance parameters");
        int from = model.PopulationIndex(p.From), to = model.PopulationIndex(p.To);
        int nSource = model.Populations[from].Size, nTarget = model.Populations[to].Size;
        double[] source = NeuronPlacement.Place(model, from);
        double[] target = from == to ? source : NeuronPlacement.Place(model, to);
        bool noAutapses = from == to && !p.Connect.AllowAutapses;

        var rowTargets = new int[nSource][];
        var rowWeights = new float[]?[nSource];
        var rowDelays = new float[nSource][];
        Parallel.For(0, nSource, () => (new List<int>(), new List<double>()), (s, _, lists) =>
        {
            (List<int> targets, List<double> distances) = lists;
            targets.Clear();
            distances.Clear();
            var rng = new RandomStream(model.Seed, StreamKind.Connectivity, index, s);
            for (int t = 0; t < nTarget; t++)
            {
                if (noAutapses && t == s) continue;
                double d = NeuronPlacement.Distance(source, s, target, t);
                if (rng.NextDouble() < spec.Probability(d))
                {
                    targets.Add(t);
                    distances.Add(d);
                }
            }
            float[]? w = p.Weight.IsConstant ? null : new float[targets.Count];
            var delay = new float[targets.Count];
            for (int k = 0; k < targets.Count; k++)
            {
                if (w is not null) w[k] = (float)ValueSampler.Draw(p.Weight, ref rng);
                double synaptic = ValueSampler.Draw(p.Delay, ref rng);
                delay[k] = (float)(synaptic + spec.ConductionDelayMs(distances[k]));
            }
            rowTargets[s] = targets.ToArray();
            rowWeights[s] = w;
            rowDelays[s] = delay;
            return lists;
        }, _ => { });

        // Checked in row order after the parallel part, so that the same model always reports the same synapse.
        for (int s = 0; s < nSource; s++)
        {
            float[] delay = rowDelays[s];
            for (int k = 0; k < delay.Length; k++)
                if (delay[k] < Network.MinimumDelayMs)
                {
                    int t = rowTargets[s][k];
                    throw new ModelException(model.SourcePath, $"$.projections[{index}].delay", null,
                        $"projection \"{p.Name}\": neuron {s} of \"{p.From}\" and neuron {t} of \"{p.To}\" are " +
                        $"{NeuronPlacement.Distance(source, s, target, t)} um apart, so their synapse's delay would be {delay[k]} ms; " +
                        $"delays must be at least {Network.MinimumDelayMs} ms (give the projection a positive synaptic \"delay\")");
                }
        }

        var rowStart = new int[nSource + 1];
        long total = 0;
        for (int s = 0; s < nSource; s++)
        {
            total += rowTargets[s].Length;
            if (total > int.MaxValue) throw ConnectionBuilder.TooMany(model.SourcePath, index, p, "has more synapses than that");
            rowStart[s + 1] = (int)total;
        }
        var targetIndex = new int[total];
        float[]? weight = p.Weight.IsConstant ? null : new float[total];
        var delays = new float[total];
        int offset = offsets[to];
        for (int s = 0; s < nSource; s++)
        {
            int start = rowStart[s];
            int[] row = rowTargets[s];
            for (int k = 0; k < row.Length; k++) targetIndex[start + k] = row[k] + offset;
            rowWeights[s]?.CopyTo(weight!, start);
            rowDelays[s].CopyTo(delays, start);
        }
        return new SynapseTable(p.Name, from, to, rowStart, targetIndex, weight,
            p.Weight is ConstantValue c ? c.Value : 0, delays, 0);
    }
}
