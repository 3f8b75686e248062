using SpikeSim.Engine;
using SpikeSim.Modeling;

namespace SpikeSim.Artificial;

/// <summary>
/// The rule that maps the model's external inputs to real-valued drive in the artificial mode. Over a window
/// [a, b) (the whole run for a feedforward graph, one step for a recurrent one) each input adds its mean:
/// <list type="bullet">
/// <item><c>poisson</c> of rate r and weight w: its mean rate over the window (r times the fraction of the window
/// inside [start, stop)) through the weight, exactly as a synapse from a source of that rate (see
/// <see cref="ArtificialSimulator"/>): r·w onto an activation (r in Hz, w as a plain number); the mean current
/// C_m·w·r/1000 pA (delta) or w·tau_syn·r/1000 pA (exp) onto lif_rate.</item>
/// <item><c>spike_times</c>: likewise, with r = the number of its spikes in the window / the window's length.</item>
/// <item><c>current</c>: its time-averaged amplitude over the window (pA; a plain number onto an activation).</item>
/// <item><c>values</c>: the value itself.</item>
/// </list>
/// </summary>
internal sealed class InputDrive(ModelSpec spec, Network network, ArtificialSimulator owner)
{
    /// <summary>Adds every input's mean drive over [a, b) ms to x (global neuron index).</summary>
    public void AddMean(double[] x, double a, double b)
    {
        double lengthMs = b - a;
        if (!(lengthMs > 0)) return;
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            InputSpec input = spec.Inputs[i];
            int pop = spec.PopulationIndex(input.To);
            PopulationRange range = network.Populations[pop];
            int count = input.Neurons?.Length ?? range.Size;
            for (int j = 0; j < count; j++)
            {
                int n = range.Offset + (input.Neurons is null ? j : input.Neurons[j]);
                x[n] += input switch
                {
                    ValuesInput v => v.Values[j],
                    PoissonInput p => owner.DriveFactor(pop, p.Weight[j]) * p.RateHz[j] * Overlap(p.StartMs, p.StopMs, a, b) / lengthMs,
                    SpikeTimesInput s => owner.DriveFactor(pop, s.Weight[j]) * CountIn(s.TimesMs.Length == 1 ? s.TimesMs[0] : s.TimesMs[j], a, b) * 1000.0 / lengthMs,
                    CurrentInput c => MeanCurrent(c, j, a, b),
                    _ => throw new ArgumentException($"unsupported input type {input.GetType().Name}"),
                };
            }
        }
    }

    private static double Overlap(double start, double stop, double a, double b) => Math.Max(0, Math.Min(stop, b) - Math.Max(start, a));

    private static int CountIn(double[] sortedTimes, double a, double b)
    {
        int c = 0;
        foreach (double t in sortedTimes) if (t >= a && t < b) c++;
        return c;
    }

    private static double MeanCurrent(CurrentInput c, int j, double a, double b)
    {
        double sum = 0;
        for (int k = 0; k < c.Steps.Count; k++)
        {
            double from = c.Steps[k].AtMs, to = k + 1 < c.Steps.Count ? c.Steps[k + 1].AtMs : double.PositiveInfinity;
            sum += c.Steps[k].AmplitudePa[j] * Overlap(from, to, a, b);
        }
        return sum / (b - a);
    }
}
