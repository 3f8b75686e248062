using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Modeling;
using SpikeSim.Plotting.Data;

namespace SpikeSim.Plotting.Figures;

/// <summary>Figures of recorded state variables (state.csv).</summary>
public static class StateFigures
{
    /// <summary>Most neurons drawn in the state figure (the first ones of the file).</summary>
    public const int MaxNeurons = 8;

    /// <summary>Height of one panel when exported, px (<see cref="ExportHeight"/>).</summary>
    public const int PanelHeight = 170;

    /// <summary>
    /// The recorded state variables against time (ms): one panel per variable, stacked over a shared time axis, each
    /// with its own y axis titled with the variable's name and unit (from the neuron registry,
    /// <see cref="RecordableVariables.UnitOf"/>; none for the short-term u and x, which are pure numbers). One line per
    /// recorded neuron (at most <see cref="MaxNeurons"/>), in the same colour in every panel; the legend names each
    /// neuron once.
    /// </summary>
    /// <param name="traces">The traces (from state.csv, <see cref="StateTables.Read"/>).</param>
    public static PlotModel Variables(IReadOnlyList<StateTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var neurons = new List<(string Population, int Neuron)>();
        var variables = new List<string>();
        foreach (var t in traces)
        {
            if (!variables.Contains(t.Variable)) variables.Add(t.Variable);
            if (!neurons.Contains((t.Population, t.Neuron))) neurons.Add((t.Population, t.Neuron));
        }
        int shown = Math.Min(neurons.Count, MaxNeurons);
        var model = FigureStyle.NewModel("State variables", FigureStyle.RecordedSubset(shown, neurons.Count));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "time (ms)"));
        int panels = variables.Count;
        const double gap = 0.03;
        for (int p = 0; p < panels; p++)
        {
            string variable = variables[p];
            string? unit = RecordableVariables.UnitOf(variable);
            var axis = FigureStyle.Axis(AxisPosition.Left, string.IsNullOrEmpty(unit) ? variable : $"{variable} ({unit})");
            axis.Key = "panel" + p;
            // Panel 0 on top: positions run from the bottom (0) to the top (1).
            axis.StartPosition = (panels - 1 - p) / (double)panels + (p == panels - 1 ? 0 : gap / 2);
            axis.EndPosition = (panels - p) / (double)panels - (p == 0 ? 0 : gap / 2);
            axis.MinimumPadding = axis.MaximumPadding = 0.06;
            model.Axes.Add(axis);
            foreach (var t in traces)
            {
                if (t.Variable != variable) continue;
                int who = neurons.IndexOf((t.Population, t.Neuron));
                if (who >= shown) continue;
                var line = new LineSeries
                {
                    // Each neuron is named once, in the panel where it first appears.
                    Title = FirstPanelOf(traces, variables, t.Population, t.Neuron) == p ? $"{t.Population} {t.Neuron}" : null,
                    Color = FigureStyle.SeriesColor(who),
                    StrokeThickness = 1.2,
                    YAxisKey = axis.Key,
                };
                line.Points.Capacity = t.TimesMs.Length;
                for (int k = 0; k < t.TimesMs.Length; k++) line.Points.Add(new DataPoint(t.TimesMs[k], t.Values[k]));
                model.Series.Add(line);
            }
        }
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }

    /// <summary>The export height of a state figure with <paramref name="panels"/> panels, px (at least the default height).</summary>
    public static int ExportHeight(int panels) => FigureStyle.StackedHeight(panels, PanelHeight);

    private static int FirstPanelOf(IReadOnlyList<StateTrace> traces, List<string> variables, string population, int neuron)
    {
        int first = int.MaxValue;
        foreach (var t in traces)
            if (t.Population == population && t.Neuron == neuron) first = Math.Min(first, variables.IndexOf(t.Variable));
        return first;
    }
}
