using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SpikeSim.Modeling;

namespace SpikeSim.Plotting.Figures;

/// <summary>One simulated point of an f-I curve.</summary>
/// <param name="CurrentPa">Injected constant current, pA.</param>
/// <param name="RateHz">Measured firing rate, Hz.</param>
public readonly record struct FIPoint(double CurrentPa, double RateHz);

/// <summary>The f-I curve of a LIF neuron: simulated firing rates against injected current, with the closed form.</summary>
public static class FICurveFigure
{
    /// <summary>
    /// Closed-form firing rate of a neuron under a constant current I (pA) added to its I_e, Hz, as its model gives
    /// it (<see cref="Neurons.SpikingModel.RateHz"/>); for the LIF: V_inf = E_L + (τ_m/C_m)(I_e + I); f = 0 when
    /// V_inf ≤ V_th, else f = 1000 / (t_ref + τ_m ln((V_inf − V_reset)/(V_inf − V_th))) (times in ms).
    /// </summary>
    public static double LifRateHz(LifSpec neuron, double currentPa)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return neuron.Model.RateHz(neuron, currentPa);
    }

    /// <summary>
    /// f-I curve: <paramref name="simulated"/> as markers and, when <paramref name="neuron"/> is given, the closed
    /// form <see cref="LifRateHz"/> as a line over the same current range (400 points).
    /// </summary>
    public static PlotModel Create(IReadOnlyList<FIPoint> simulated, LifSpec? neuron = null, string title = "f-I curve")
    {
        ArgumentNullException.ThrowIfNull(simulated);
        var model = FigureStyle.NewModel(title);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var p in simulated) { lo = Math.Min(lo, p.CurrentPa); hi = Math.Max(hi, p.CurrentPa); }
        if (neuron is not null && simulated.Count >= 1 && hi > lo)
        {
            var theory = new LineSeries { Title = "closed form (LIF)", Color = FigureStyle.SeriesColor(1), StrokeThickness = 2 };
            for (int i = 0; i <= 400; i++)
            {
                double current = lo + (hi - lo) * i / 400;
                theory.Points.Add(new DataPoint(current, LifRateHz(neuron, current)));
            }
            model.Series.Add(theory);
        }
        var points = new ScatterSeries
        {
            Title = "simulated",
            MarkerType = MarkerType.Circle,
            MarkerSize = 4,
            MarkerFill = FigureStyle.SeriesColor(0),
        };
        foreach (var p in simulated) points.Points.Add(new ScatterPoint(p.CurrentPa, p.RateHz));
        model.Series.Add(points);
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Bottom, "injected current I (pA)"));
        model.Axes.Add(FigureStyle.Axis(AxisPosition.Left, "firing rate (Hz)", 0));
        FigureStyle.AddLegendIfNeeded(model);
        return model;
    }
}
