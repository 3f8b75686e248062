using SpikeSim.Modeling;
using SpikeSim.Randomness;
using SpikeSim.Synapses;

namespace SpikeSim.Connectivity;

/// <summary>
/// The synapses of a projection whose weight is an explicit matrix (<see cref="MatrixValue"/>): every source
/// connects to every target, synapse (s, t) carrying <c>Rows[t][s]</c> exactly (see <see cref="ExactValues"/>). Zero entries are synapses too (a dense
/// layer of an artificial network multiplies them as well). Delays are drawn per synapse from the stream
/// (seed, connectivity, projection, source row) when they are a distribution.
/// </summary>
internal static class MatrixConnections
{
    public static SynapseTable Build(ModelSpec model, int index, int[] offsets, MatrixValue matrix)
    {
        ProjectionSpec p = model.Projections[index];
        int from = model.PopulationIndex(p.From), to = model.PopulationIndex(p.To);
        int nSource = model.Populations[from].Size, nTarget = model.Populations[to].Size;
        if (matrix.Rows.Length != nTarget)
            throw new ModelException(model.SourcePath, $"$.projections[{index}].weight", null,
                $"the weight matrix has {matrix.Rows.Length} rows but \"{p.To}\" has {nTarget} neurons (rows are targets)");
        for (int t = 0; t < nTarget; t++)
            if (matrix.Rows[t].Length != nSource)
                throw new ModelException(model.SourcePath, $"$.projections[{index}].weight[{t}]", null,
                    $"row {t} has {matrix.Rows[t].Length} weights but \"{p.From}\" has {nSource} neurons (columns are sources)");

        long count = (long)nSource * nTarget;
        if (count > int.MaxValue) throw new ModelException(model.SourcePath, $"$.projections[{index}].weight", null, "the weight matrix has too many entries");
        var rowStart = new int[nSource + 1];
        var target = new int[count];
        var weight = new double[count];
        float[]? delay = p.Delay.IsConstant ? null : new float[count];
        int k = 0;
        for (int s = 0; s < nSource; s++)
        {
            var rng = new RandomStream(model.Seed, StreamKind.Connectivity, index, s);
            for (int t = 0; t < nTarget; t++, k++)
            {
                target[k] = offsets[to] + t;
                weight[k] = matrix.Rows[t][s];
                if (delay is not null) delay[k] = (float)ValueSampler.Draw(p.Delay, ref rng);
            }
            rowStart[s + 1] = k;
        }
        double delayConstant = p.Delay is ConstantValue c ? c.Value : 0;
        // Written weights are used exactly (float only when every one is a float already).
        (float[]? single, double[]? exact) = ExactValues.Pack(weight);
        return new SynapseTable(p.Name, from, to, rowStart, target, single, 0, delay, delayConstant, weight64: exact);
    }
}
