using SpikeSim.Engine;
using SpikeSim.Synapses;

namespace SpikeSim.Recording;

/// <summary>
/// Writes a built network's synapses to <c>connections.csv</c> (asked for by <see cref="Modeling.RecordSpec.Connections"/>):
/// header <c>projection,from,source,to,target,weight,delay_ms</c>, one row per synapse in projection order, then
/// source, then target; <c>source</c> and <c>target</c> are indices within the <c>from</c> and <c>to</c> populations;
/// <c>weight</c> is in mV for delta-synapse targets and pA for exp-synapse targets; values are the exact values the
/// engine uses (shortest round-trip doubles, invariant culture). Streams through a fixed-size buffer.
/// </summary>
public static class ConnectionsWriter
{
    /// <summary>File name of the synapse list.</summary>
    public const string FileName = "connections.csv";

    /// <summary>Writes <see cref="FileName"/> into <paramref name="directory"/> (overwriting it).</summary>
    /// <param name="network">The built network.</param>
    /// <param name="directory">An existing folder.</param>
    /// <returns>The number of synapses written.</returns>
    public static long Write(Network network, string directory)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(directory);
        var populations = network.Populations;
        var names = new byte[populations.Count][];
        int maxName = 0;
        for (int p = 0; p < names.Length; p++)
        {
            names[p] = Utf8CsvWriter.EncodeField(populations[p].Name);
            maxName = Math.Max(maxName, names[p].Length);
        }
        var projections = network.Projections;
        var projectionNames = new byte[projections.Count][];
        int maxProjection = 0;
        for (int j = 0; j < projectionNames.Length; j++)
        {
            projectionNames[j] = Utf8CsvWriter.EncodeField(projections[j].Name);
            maxProjection = Math.Max(maxProjection, projectionNames[j].Length);
        }
        int rowBytes = maxProjection + 2 * maxName + 4 * Utf8CsvWriter.MaxNumberBytes + 8;

        long rows = 0;
        using var csv = new Utf8CsvWriter(Path.Combine(directory, FileName), "projection,from,source,to,target,weight,delay_ms", rowBytes);
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
                    csv.Write(names[table.FromPopulation]);
                    csv.Comma();
                    csv.Write(s);
                    csv.Comma();
                    csv.Write(names[table.ToPopulation]);
                    csv.Comma();
                    csv.Write(table.TargetOf(k) - to.Offset);
                    csv.Comma();
                    csv.Write(table.WeightOf(k));
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
