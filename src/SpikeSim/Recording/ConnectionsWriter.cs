using SpikeSim.Engine;
using SpikeSim.Synapses;

namespace SpikeSim.Recording;

/// <summary>
/// Writes the network's synapses to <c>connections.csv</c> at the end of a run that asks for it
/// (<see cref="Modeling.RecordSpec.Connections"/>): header <c>projection,source,target,weight,delay_ms</c>, one row per
/// synapse in projection order, then source, then target; <c>source</c> and <c>target</c> are indices within the
/// projection's source and target populations; <c>weight</c> is in mV for delta-synapse targets and pA for exp-synapse
/// targets (for a plastic projection, the weight at the end of the run; for a structural one, the synapses that exist
/// then); values are the exact values the engine uses (shortest round-trip doubles, invariant culture). Streams
/// through a fixed-size buffer.
/// </summary>
public static class ConnectionsWriter
{
    /// <summary>File name of the synapse list.</summary>
    public const string FileName = "connections.csv";

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/> (overwriting it).</summary>
    /// <param name="projections">The synapses, in model order (<see cref="Simulator.Projections"/> after a run).</param>
    /// <param name="populations">The network's populations (<see cref="Network.Populations"/>).</param>
    /// <param name="directory">An existing folder.</param>
    /// <returns>The number of synapses written.</returns>
    public static long Write(IReadOnlyList<SynapseTable> projections, IReadOnlyList<PopulationRange> populations, string directory) =>
        Write(projections, populations, directory, null);

    /// <summary>
    /// Writes <see cref="FileName"/> with the weights <paramref name="weightOf"/>(projection, synapse) gives instead
    /// of the tables' own (the learned weights of an artificial run, <see cref="Artificial.ArtificialSimulator.WeightOf"/>).
    /// </summary>
    /// <param name="projections">The synapses, in model order.</param>
    /// <param name="populations">The network's populations.</param>
    /// <param name="directory">An existing folder.</param>
    /// <param name="weightOf">Weight of synapse k (table order) of projection j, or null for the tables' weights.</param>
    /// <returns>The number of synapses written.</returns>
    public static long Write(IReadOnlyList<SynapseTable> projections, IReadOnlyList<PopulationRange> populations, string directory,
                             Func<int, int, double>? weightOf)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ArgumentNullException.ThrowIfNull(populations);
        ArgumentNullException.ThrowIfNull(directory);
        var projectionNames = new byte[projections.Count][];
        int maxProjection = 0;
        for (int j = 0; j < projectionNames.Length; j++)
        {
            projectionNames[j] = Utf8CsvWriter.EncodeField(projections[j].Name);
            maxProjection = Math.Max(maxProjection, projectionNames[j].Length);
        }
        int rowBytes = maxProjection + 4 * Utf8CsvWriter.MaxNumberBytes + 8;

        long rows = 0;
        using var csv = new Utf8CsvWriter(Path.Combine(directory, FileName), "projection,source,target,weight,delay_ms", rowBytes);
        for (int j = 0; j < projections.Count; j++)
        {
            SynapseTable table = projections[j];
            PopulationRange from = populations[table.FromPopulation];
            PopulationRange to = populations[table.ToPopulation];
            for (int s = 0; s < from.Size; s++)
            {
                (int start, int end) = table.RowOf(s);
                for (int k = start; k < end; k++)
                {
                    csv.BeginRow(rowBytes);
                    csv.Write(projectionNames[j]);
                    csv.Comma();
                    csv.Write(s);
                    csv.Comma();
                    csv.Write(table.TargetOf(k) - to.Offset);
                    csv.Comma();
                    csv.Write(weightOf is null ? table.WeightOf(k) : weightOf(j, k));
                    csv.Comma();
                    csv.Write(table.DelayOf(k));
                    csv.EndRow();
                    rows++;
                }
            }
        }
        csv.Close();
        return rows;
    }
}
