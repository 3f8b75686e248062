namespace SpikeSim.Plotting.Data;

/// <summary>The activations of one population of the artificial mode, as a grid.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Steps">The steps present, increasing.</param>
/// <param name="NeuronCount">Number of neurons (largest index + 1).</param>
/// <param name="Values">Values[step index, neuron]; NaN where the file has no value.</param>
public sealed record ActivationGrid(string Population, int[] Steps, int NeuronCount, double[,] Values);

/// <summary>One population's neurons in both modes: spiking rate against artificial activation.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Neurons">Neuron indices within the population.</param>
/// <param name="RateHz">Firing rate in the spiking run, Hz.</param>
/// <param name="Values">Activation in the artificial run (the activation function's units).</param>
public sealed record ComparePoints(string Population, int[] Neurons, double[] RateHz, double[] Values);

/// <summary>Readers of the artificial mode's files: <c>activations.csv</c> and <c>compare.csv</c>.</summary>
public static class ArtificialTables
{
    /// <summary>Reads <c>activations.csv</c> (<c>step,population,neuron,value</c>): one grid per population.</summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<ActivationGrid> ReadActivations(string path)
    {
        using var csv = CsvFile.Open(path);
        int cs = csv.RequireColumn("step"), cp = csv.RequireColumn("population"), cn = csv.RequireColumn("neuron"), cv = csv.RequireColumn("value");
        var groups = new NamedGroups<List<(int Step, int Neuron, double Value)>>(() => []);
        while (csv.Read())
        {
            var group = groups.For(csv.Name(cp));
            int neuron = csv.Int(cn);
            if (neuron < 0) throw csv.Bad(cn, "a neuron index >= 0");
            if (neuron >= SpikeTrains.MaxNeuronsWithoutSizes) throw csv.Bad(cn, $"a neuron index below {SpikeTrains.MaxNeuronsWithoutSizes}");
            group.Add((csv.Int(cs), neuron, csv.Double(cv)));
        }
        List<string> names = groups.Names;
        List<List<(int Step, int Neuron, double Value)>> rows = groups.Items;
        var grids = new ActivationGrid[names.Count];
        for (int k = 0; k < grids.Length; k++)
        {
            var steps = new SortedSet<int>();
            int neurons = 0;
            foreach (var r in rows[k])
            {
                steps.Add(r.Step);
                neurons = Math.Max(neurons, r.Neuron + 1);
            }
            int[] stepArray = [.. steps];
            var values = new double[stepArray.Length, neurons];
            for (int i = 0; i < stepArray.Length; i++)
                for (int j = 0; j < neurons; j++) values[i, j] = double.NaN;
            foreach (var r in rows[k]) values[Array.BinarySearch(stepArray, r.Step), r.Neuron] = r.Value;
            grids[k] = new ActivationGrid(names[k], stepArray, neurons, values);
        }
        return grids;
    }

    /// <summary>
    /// Reads <c>compare.csv</c> (columns <c>population,neuron,rate_hz,value</c>; other columns are ignored): one
    /// set of points per population.
    /// </summary>
    /// <exception cref="PlotDataException">A column is missing or a value does not parse.</exception>
    public static IReadOnlyList<ComparePoints> ReadCompare(string path)
    {
        using var csv = CsvFile.Open(path);
        int cp = csv.RequireColumn("population"), cn = csv.RequireColumn("neuron"), cr = csv.RequireColumn("rate_hz"), cv = csv.RequireColumn("value");
        var groups = new NamedGroups<(List<int> N, List<double> R, List<double> V)>(() => ([], [], []));
        while (csv.Read())
        {
            var (n, r, v) = groups.For(csv.Name(cp));
            n.Add(csv.Int(cn));
            r.Add(csv.Double(cr));
            v.Add(csv.Double(cv));
        }
        List<string> names = groups.Names;
        var data = groups.Items;
        var result = new ComparePoints[names.Count];
        for (int k = 0; k < result.Length; k++) result[k] = new ComparePoints(names[k], [.. data[k].N], [.. data[k].R], [.. data[k].V]);
        return result;
    }
}
