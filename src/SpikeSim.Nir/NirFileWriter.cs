using PureHDF;

namespace SpikeSim.Nir;

/// <summary>
/// Writes a <see cref="NirGraph"/> as a <c>.nir</c> file in the layout of <c>nir.write</c> (see
/// <see cref="NirFileReader"/>): parameters as float64 datasets (Input/Output <c>shape</c> as int64), strings as
/// variable-length UTF-8, <c>edges</c> as an (E, 2) string array, <c>metadata</c> groups only when not empty.
/// Datasets are not compressed (nir.read does not care).
/// </summary>
public static class NirFileWriter
{
    /// <summary>The NIR version written to the root <c>version</c> dataset.</summary>
    public const string Version = "1.0.0";

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/> (replacing any file there).</summary>
    public static void Write(NirGraph graph, string path)
    {
        var file = new H5File
        {
            ["version"] = Version,
            ["node"] = GraphGroup(graph, graph.Metadata.Where(kv => kv.Key != NirFileReader.VersionKey)),
        };
        file.Write(path);
    }

    private static H5Group GraphGroup(NirGraph graph, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var nodes = new H5Group();
        foreach (var (name, node) in graph.Nodes) nodes[name] = NodeGroup(node);
        var edges = new string[graph.Edges.Count, 2];
        for (int i = 0; i < graph.Edges.Count; i++) (edges[i, 0], edges[i, 1]) = graph.Edges[i];
        var group = new H5Group { ["type"] = "NIRGraph", ["nodes"] = nodes, ["edges"] = edges };
        AddMetadata(group, metadata);
        return group;
    }

    private static H5Group NodeGroup(NirNode node)
    {
        if (node.Subgraph is not null) return GraphGroup(node.Subgraph, node.Subgraph.Metadata);
        var group = new H5Group { ["type"] = node.Type };
        foreach (var (name, array) in node.Parameters) group[name] = Dataset(array, integer: name == "shape");
        AddMetadata(group, node.Metadata);
        return group;
    }

    private static void AddMetadata(H5Group group, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var meta = new H5Group();
        foreach (var (key, value) in metadata) meta[key] = value;
        if (meta.Count > 0) group["metadata"] = meta;
    }

    private static object Dataset(NirArray array, bool integer)
    {
        if (integer)
        {
            long[] ints = Array.ConvertAll(array.Data, x => (long)x);
            return array.Shape.Length == 0 ? ints[0] : ints;
        }
        return array.Shape.Length switch
        {
            0 => array.Data[0],
            1 => (double[])array.Data.Clone(),
            2 => To2D(array),
            _ => throw new ArgumentException($"arrays of {array.Shape.Length} dimensions are not written (SpikeSim writes at most 2)"),
        };
    }

    private static double[,] To2D(NirArray array)
    {
        var result = new double[array.Shape[0], array.Shape[1]];
        for (int r = 0; r < array.Shape[0]; r++)
            for (int c = 0; c < array.Shape[1]; c++) result[r, c] = array.At(r, c);
        return result;
    }
}
