using PureHDF;
using SpikeSim.Modeling;

namespace SpikeSim.Nir;

/// <summary>
/// Reads a <c>.nir</c> file (HDF5) into a <see cref="NirGraph"/>, with the layout <c>nir.write</c> produces and
/// <c>nir.read</c> expects: a root string dataset <c>version</c> and a group <c>node</c> holding the top-level
/// <c>NIRGraph</c>: a string dataset <c>type</c>, a group <c>nodes</c> with one group per node (its <c>type</c> and one
/// dataset per parameter, possibly gzip-compressed, float32 or float64), a string dataset <c>edges</c> of shape
/// (E, 2) (source, target names) and an optional group <c>metadata</c>.
/// </summary>
public static class NirFileReader
{
    /// <summary>Reads and checks the graph in <paramref name="path"/>; every primitive is checked with <see cref="NirPrimitives.Check"/>.</summary>
    /// <exception cref="ModelException">Not an HDF5 file, not NIR's layout, or a node that fails its checks (the message names the node).</exception>
    public static NirGraph Read(string path)
    {
        PureHDF.VOL.Native.NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelException(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelException(path, null, null, $"not an HDF5 file (a NIR graph is HDF5, as written by nir.write): {e.Message}", e);
        }
        using (file)
        {
            try
            {
                if (!file.LinkExists("node") || file.Get("node") is not IH5Group root)
                    throw new ModelException(path, null, null, "an HDF5 file but not a NIR graph: it has no group 'node' (nir.write puts the graph there)");
                NirNode node = ReadNode(root, "node", path);
                if (node.Type != "NIRGraph" || node.Subgraph is null)
                    throw new ModelException(path, "node", null, $"the top-level node must be a NIRGraph, got '{node.Type}'");
                var meta = new Dictionary<string, string>(node.Subgraph.Metadata);
                if (file.LinkExists("version") && file.Get("version") is IH5Dataset v) meta.TryAdd(VersionKey, ReadText(v));
                return new NirGraph(node.Subgraph.Nodes, node.Subgraph.Edges, meta);
            }
            catch (ModelException) { throw; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ModelException(path, null, null, $"cannot read the NIR graph: {e.Message}", e);
            }
        }
    }

    /// <summary>Key under which <see cref="Read"/> puts the file's <c>version</c> dataset in the graph's metadata.</summary>
    public const string VersionKey = "nir_version";

    private static NirNode ReadNode(IH5Group group, string path, string file)
    {
        if (!group.LinkExists("type") || group.Get("type") is not IH5Dataset typeSet)
            throw new ModelException(file, path, null, "a NIR node needs a string dataset 'type' naming its primitive");
        string type = ReadText(typeSet);
        var parameters = new Dictionary<string, NirArray>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        NirGraph? subgraph = null;
        foreach (IH5Object child in group.Children())
        {
            switch (child)
            {
                case IH5Group g when child.Name == "metadata":
                    ReadMetadata(g, "", metadata);
                    break;
                case IH5Group g when child.Name == "nodes" && type == "NIRGraph":
                    subgraph = ReadGraph(group, g, path, file);
                    break;
                case IH5Dataset d when child.Name is not "type" and not "edges" && IsNumeric(d):
                    parameters[child.Name] = ReadArray(d);
                    break;
            }
        }
        var node = new NirNode(type, parameters, subgraph, metadata);
        NirPrimitives.Check(node, path, file);
        return node;
    }

    private static NirGraph ReadGraph(IH5Group graphGroup, IH5Group nodesGroup, string path, string file)
    {
        var nodes = new List<KeyValuePair<string, NirNode>>();
        foreach (IH5Object child in nodesGroup.Children())
        {
            string childPath = $"{path}/nodes/{child.Name}";
            if (child is not IH5Group g) throw new ModelException(file, childPath, null, "every member of 'nodes' must be a group (one per node)");
            nodes.Add(new(child.Name, ReadNode(g, childPath, file)));
        }
        var edges = new List<(string, string)>();
        if (graphGroup.LinkExists("edges") && graphGroup.Get("edges") is IH5Dataset e && !IsNumeric(e))
        {
            ulong[] dims = e.Space.Dimensions;
            if (dims.Length != 2 || dims[1] != 2)
                throw new ModelException(file, $"{path}/edges", null, $"edges must be an (E, 2) array of node names, got shape ({string.Join(", ", dims)})");
            string[] flat = e.Read<string[]>();
            for (int i = 0; i + 1 < flat.Length; i += 2) edges.Add((flat[i], flat[i + 1]));
        }
        var names = new HashSet<string>(nodes.Select(n => n.Key));
        foreach (var (from, to) in edges)
            foreach (string end in new[] { from, to })
                if (!names.Contains(end))
                    throw new ModelException(file, $"{path}/edges", null,
                        $"edge ({from}, {to}) names node '{end}', which is not in the graph{Suggestions.Then(end, names, $"nodes: {string.Join(", ", names)}")}");
        var metadata = new Dictionary<string, string>();
        if (graphGroup.LinkExists("metadata") && graphGroup.Get("metadata") is IH5Group m) ReadMetadata(m, "", metadata);
        return new NirGraph(nodes, edges, metadata);
    }

    private static void ReadMetadata(IH5Group group, string prefix, Dictionary<string, string> into)
    {
        foreach (IH5Object child in group.Children())
        {
            string key = prefix + child.Name;
            if (child is IH5Group g) ReadMetadata(g, key + "/", into);
            else if (child is IH5Dataset d)
                into[key] = IsNumeric(d) ? string.Join(" ", ReadArray(d).Data.Select(SpikeSim.Units.Quantity.FormatNumber)) : ReadText(d);
        }
    }

    private static bool IsNumeric(IH5Dataset d) =>
        d.Type.Class is H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated;

    private static string ReadText(IH5Dataset d) =>
        d.Space.Type == H5DataspaceType.Scalar ? d.Read<string>() : string.Join(" ", d.Read<string[]>());

    private static NirArray ReadArray(IH5Dataset d)
    {
        int[] shape = d.Space.Type == H5DataspaceType.Scalar ? [] : d.Space.Dimensions.Select(x => checked((int)x)).ToArray();
        double[] data;
        if (d.Type.Class == H5DataTypeClass.FloatingPoint)
            data = d.Type.Size == 4 ? Array.ConvertAll(d.Read<float[]>(), x => (double)x) : d.Read<double[]>();
        else if (d.Type.Class == H5DataTypeClass.FixedPoint && d.Type.FixedPoint.IsSigned)
            data = d.Type.Size switch
            {
                1 => Array.ConvertAll(d.Read<sbyte[]>(), x => (double)x),
                2 => Array.ConvertAll(d.Read<short[]>(), x => (double)x),
                4 => Array.ConvertAll(d.Read<int[]>(), x => (double)x),
                _ => Array.ConvertAll(d.Read<long[]>(), x => (double)x),
            };
        else
            data = d.Type.Size switch
            {
                1 => Array.ConvertAll(d.Read<byte[]>(), x => (double)x),
                2 => Array.ConvertAll(d.Read<ushort[]>(), x => (double)x),
                4 => Array.ConvertAll(d.Read<uint[]>(), x => (double)x),
                _ => Array.ConvertAll(d.Read<ulong[]>(), x => (double)x),
            };
        return new NirArray(data, shape);
    }
}
