using System.Text;
using OxyPlot;
using SpikeSim.Modeling;
using SpikeSim.Recording;
using SpikeSim.Plotting.Data;
using SpikeSim.Plotting.Export;
using SpikeSim.Plotting.Figures;

namespace SpikeSim.Plotting;

/// <summary>How <see cref="RunFolderPlotter"/> makes a run folder's figures.</summary>
public sealed record PlotOptions
{
    /// <summary>Formats written (default PNG).</summary>
    public FigureFormats Formats { get; init; } = FigureFormats.Png;

    /// <summary>Width σ of the Gaussian kernel of the smoothed rates, ms (default 5).</summary>
    public double SmoothingSigmaMs { get; init; } = 5;

    /// <summary>
    /// The model the run came from, when known: gives V_th and V_reset for the membrane traces, the weights' unit
    /// (mV onto delta neurons, pA onto exp neurons) and the neuron for an f-I curve's closed form.
    /// </summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Neurons per population in the detail raster (drawn when a population is larger).</summary>
    public int DetailRasterNeurons { get; init; } = 50;

    /// <summary>The time window, populations and neurons the figures show (default: the whole run).</summary>
    public PlotSelection Selection { get; init; } = new();
}

/// <summary>A figure made from a run folder: its file name (without extension) and its model.</summary>
/// <param name="Name">File name without extension, e.g. <c>raster</c>.</param>
/// <param name="Model">The figure.</param>
public sealed record NamedFigure(string Name, PlotModel Model)
{
    /// <summary>Export height, px (taller than <see cref="FigureStyle.Height"/> for a figure of stacked panels).</summary>
    public int Height { get; init; } = FigureStyle.Height;
}

/// <summary>
/// Makes every figure a run folder's data allows: raster, detail raster and ISI histogram (spikes.csv), population
/// rates (rates.csv and/or spikes.csv with summary.json's sizes), membrane potentials (v.csv), state variables in
/// one panel per variable (state.csv), weight histogram and
/// evolution (weights.csv), synapse count (synapses.csv), activation heatmaps (activations.csv), spiking-vs-artificial
/// scatter (compare.csv), sweep line plots and heatmaps (results.csv) and, for a sweep of one neuron parameter
/// <c>i_e</c> with the model known, the f-I curve with its closed form.
/// </summary>
public static class RunFolderPlotter
{
    /// <summary>The data files that can give figures.</summary>
    public static IReadOnlyList<string> DataFiles { get; } =
        ["spikes.csv", "rates.csv", "v.csv", "state.csv", "weights.csv", "synapses.csv", "activations.csv", "compare.csv", "results.csv"];

    /// <summary>Builds the figures of <paramref name="runDir"/> without writing anything.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="PlotDataException">A file cannot be read, or no file gives a figure.</exception>
    /// <exception cref="PlotSelectionException">The selection names a population or neuron the run lacks, or a window outside it.</exception>
    public static IReadOnlyList<NamedFigure> BuildFigures(string runDir, PlotOptions? options = null)
    {
        options ??= new PlotOptions();
        if (!Directory.Exists(runDir)) throw new DirectoryNotFoundException($"{runDir}: no such run folder");
        string F(string name) => Path.Combine(runDir, name);
        var figures = new List<NamedFigure>();

        RunSummary? summary = File.Exists(F("summary.json")) ? RunSummary.Read(F("summary.json")) : null;
        Dictionary<string, int>? sizes = null;
        if (summary is not null)
        {
            sizes = [];
            foreach (var p in summary.Populations) sizes[p.Name] = p.Size;
        }
        var order = summary?.Populations.Select(p => p.Name).ToList();

        var selection = options.Selection;
        SpikeTrains? allSpikes = File.Exists(F("spikes.csv")) ? SpikeTrains.Read(F("spikes.csv"), order, sizes) : null;
        SpikeTrains? spikes = allSpikes is null ? null : selection.Apply(allSpikes);
        double runStart = summary?.StartMs ?? 0; // a continued run's outputs start at its saved time
        double runEnd = summary is not null ? runStart + summary.DurationMs : MaxTime(allSpikes);
        if (summary is not null) // a sweep folder has no populations to choose from
            selection.Check([.. summary.Populations.Select(p => (p.Name, p.Size))], runStart, runEnd, $"the run in {runDir}");
        var (start, end) = selection.Window(runStart, runEnd);
        if (spikes is not null && spikes.Count > 0)
        {
            figures.Add(new("raster", SpikeFigures.Raster(spikes, sizes, end > start ? end : null, startMs: start)));
            int largest = 0;
            foreach (var p in spikes.Populations)
                largest = Math.Max(largest, sizes is not null && sizes.TryGetValue(p.Name, out int s) ? s : p.Neurons.DefaultIfEmpty(-1).Max() + 1);
            if (selection.Neurons is not null)
            {
                var detail = SpikeFigures.Raster(selection.Apply(allSpikes!, neuronsOnly: true), null, end > start ? end : null, startMs: start);
                detail.Title = "Spike raster (chosen neurons)";
                figures.Add(new("raster-detail", detail));
            }
            else if (largest > 2 * options.DetailRasterNeurons)
                figures.Add(new("raster-detail", SpikeFigures.Raster(spikes, sizes, end > start ? end : null, options.DetailRasterNeurons, start)));
            var isi = SpikeFigures.IsiHistogram(spikes);
            if (isi.Series.OfType<OxyPlot.Series.HistogramSeries>().Any(h => h.Items.Any(i => i.Count > 0)))
                figures.Add(new("isi", isi));
        }

        var binned = File.Exists(F("rates.csv")) ? selection.Apply(TraceTables.ReadRates(F("rates.csv"))) : [];
        bool canSmooth = spikes is not null && spikes.Count > 0 && sizes is not null && end > start;
        if (binned.Count > 0 || canSmooth)
            figures.Add(new("rates", TraceFigures.Rates(binned, canSmooth ? spikes : null, sizes, end, options.SmoothingSigmaMs, start)));

        if (selection.Neurons is not null && allSpikes is not null && end > start)
        {
            var chosen = new List<(string, int)>();
            foreach (var set in selection.Neurons)
                foreach (int n in set.Indices) chosen.Add((set.Population, n));
            figures.Add(new("neuron-rates", TraceFigures.NeuronRates(selection.Apply(allSpikes, neuronsOnly: true), chosen, options.SmoothingSigmaMs, start, end)));
        }

        if (File.Exists(F("v.csv")))
        {
            var traces = selection.Apply(TraceTables.ReadVoltages(F("v.csv")));
            if (traces.Count > 0)
                figures.Add(new("voltage", TraceFigures.Voltage(traces, Thresholds(options.Model)))
                    { Height = TraceFigures.VoltageExportHeight(Math.Min(traces.Count, TraceFigures.MaxVoltageTraces)) });
        }

        if (File.Exists(F("state.csv")))
        {
            var states = selection.Apply(StateTables.Read(F("state.csv")));
            if (states.Count > 0)
            {
                var figure = StateFigures.Variables(states);
                figures.Add(new("state", figure) { Height = StateFigures.ExportHeight(figure.Axes.Count - 1) });
            }
        }

        if (File.Exists(F("weights.csv")))
        {
            var weights = PlasticityTables.ReadWeights(F("weights.csv"));
            if (weights.Count > 0)
            {
                string? unit = WeightUnit(options.Model, weights.Select(w => w.Projection));
                figures.Add(new("weights-histogram", PlasticityFigures.WeightHistogram(weights, unit)));
                if (weights.Any(w => w.TimesMs.Length > 1))
                    figures.Add(new("weights-evolution", PlasticityFigures.WeightEvolution(weights, unit)));
            }
        }

        if (File.Exists(F("synapses.csv")))
        {
            var counts = PlasticityTables.ReadSynapseCounts(F("synapses.csv"));
            if (counts.Count > 0) figures.Add(new("synapse-count", PlasticityFigures.SynapseCounts(counts)));
        }

        if (File.Exists(F("activations.csv")))
            foreach (var grid in ArtificialTables.ReadActivations(F("activations.csv")))
                figures.Add(new("activations-" + FileSafe(grid.Population), ArtificialFigures.ActivationHeatmap(grid)));

        if (File.Exists(F("compare.csv")))
        {
            var points = ArtificialTables.ReadCompare(F("compare.csv"));
            var (neuron, note) = CompareSummary(F(RunFolderWriter.CompareSummaryFile));
            if (points.Count > 0) figures.Add(new("compare", ArtificialFigures.CompareScatter(points, neuron, note)));
        }

        if (File.Exists(F("results.csv"))) AddSweepFigures(SweepResults.Read(F("results.csv")), options, figures);

        if (figures.Count == 0)
            throw new PlotDataException($"{runDir}: nothing to plot (expected at least one of {string.Join(", ", DataFiles)} with data)");
        return figures;
    }

    /// <summary>
    /// Writes every figure of <paramref name="runDir"/> into <paramref name="outDir"/> as <c>NAME.png</c> and/or
    /// <c>NAME.svg</c> (files of the same names are replaced).
    /// </summary>
    /// <returns>The paths written, in figure order.</returns>
    /// <exception cref="DirectoryNotFoundException">The run folder does not exist.</exception>
    /// <exception cref="PlotDataException">A file cannot be read, or no file gives a figure.</exception>
    /// <exception cref="PlotSelectionException">The selection names a population or neuron the run lacks, or a window outside it.</exception>
    public static IReadOnlyList<string> PlotAll(string runDir, string outDir, PlotOptions? options = null)
    {
        options ??= new PlotOptions();
        var figures = BuildFigures(runDir, options);
        var written = new List<string>();
        foreach (var f in figures) written.AddRange(FigureExporter.Save(f.Model, outDir, f.Name, options.Formats, height: f.Height));
        return written;
    }

    private static void AddSweepFigures(SweepResults results, PlotOptions options, List<NamedFigure> figures)
    {
        if (results.RowCount == 0 || results.Parameters.Count == 0) return;
        int? group = results.Parameters.Count >= 2 && results.Parameters[1].Levels.Length <= 6 ? 1 : null;
        if (group is null)
            foreach (string metric in SweepFigures.MetricNames(results))
                figures.Add(new("sweep-" + FileSafe(metric), SweepFigures.Line(results, metric, 0)));
        else // one figure per population, one line per level of the second parameter
            foreach (string column in results.MetricColumns)
            {
                var (metric, population) = SweepResults.SplitMetric(column);
                figures.Add(new("sweep-" + FileSafe(column), SweepFigures.Line(results, metric, 0, group, population)));
            }
        if (results.Parameters.Count >= 2)
            foreach (string column in results.MetricColumns)
                figures.Add(new("sweep-heatmap-" + FileSafe(column), SweepFigures.Heatmap(results, column, 0, 1)));

        // A sweep of one population's constant current is an f-I curve: add the LIF closed form.
        var p = results.Parameters[0];
        if (results.Parameters.Count == 1 && p.IsNumeric && p.Unit == "pA" && options.Model is ModelSpec model)
        {
            string[] parts = p.Path.Split('.');
            if (parts is ["populations", var popName, "neuron", "i_e"])
            {
                int index = model.PopulationIndex(popName);
                if (index < 0 && int.TryParse(popName, out int i) && i >= 0 && i < model.Populations.Count) index = i;
                string name = index >= 0 ? model.Populations[index].Name : popName;
                if (index >= 0 && results.MetricColumns.Contains("rate_hz." + name))
                {
                    double[] rates = results.Metric("rate_hz." + name);
                    var points = new List<FIPoint>();
                    for (int row = 0; row < results.RowCount; row++) points.Add(new FIPoint(p.Values[row], rates[row]));
                    // The closed form is for the added current with i_e = 0: the swept value is i_e itself.
                    var neuron = model.Populations[index].Neuron with { IEPa = 0 };
                    figures.Add(new("fi-curve", FICurveFigure.Create(points, neuron, $"f-I curve of {name}")));
                }
            }
        }
    }

    private static Dictionary<string, ThresholdMarks>? Thresholds(ModelSpec? model)
    {
        if (model is null) return null;
        var marks = new Dictionary<string, ThresholdMarks>();
        foreach (var p in model.Populations) marks[p.Name] = new ThresholdMarks(p.Neuron.VThMv, p.Neuron.VResetMv);
        return marks;
    }

    private static string? WeightUnit(ModelSpec? model, IEnumerable<string> projections)
    {
        if (model is null) return null;
        string? unit = null;
        foreach (string name in projections)
        {
            var projection = model.Projections.FirstOrDefault(p => p.Name == name);
            if (projection is null) return null;
            int target = model.PopulationIndex(projection.To);
            if (target < 0) return null;
            string u = model.Populations[target].Neuron.Model.WeightUnit;
            if (unit is not null && unit != u) return null;
            unit = u;
        }
        return unit;
    }

    /// <summary>The artificial neuron of every population (null when mixed or unknown) and the note of compare.json, if any.</summary>
    private static (string? Neuron, string? Note) CompareSummary(string path)
    {
        if (!File.Exists(path)) return (null, null);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string? note = root.TryGetProperty("note", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String ? n.GetString() : null;
            var neurons = new HashSet<string>();
            if (root.TryGetProperty("populations", out var pops) && pops.ValueKind == System.Text.Json.JsonValueKind.Array)
                foreach (var p in pops.EnumerateArray())
                    if (p.TryGetProperty("artificial_neuron", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.String) neurons.Add(a.GetString()!);
            return (neurons.Count == 1 ? neurons.First() : null, note);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null);
        }
    }

    private static double MaxTime(SpikeTrains? spikes)
    {
        double max = 0;
        if (spikes is null) return max;
        foreach (var p in spikes.Populations)
            foreach (double t in p.TimesMs) max = Math.Max(max, t);
        return max;
    }

    /// <summary>A name made safe for a file name: characters other than letters, digits, '.', '_' and '-' become '-'.</summary>
    public static string FileSafe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        return sb.Length > 0 ? sb.ToString() : "unnamed";
    }
}
