using SpikeSim.Modeling;

namespace SpikeSim.Inputs;

/// <summary>
/// External inputs compiled per neuron (global index), in compressed rows: for neuron n, its items are
/// <c>Start[n] .. Start[n+1]-1</c>. Built once from the model; the simulator keeps its own cursors.
/// </summary>
internal sealed class InputTables
{
    /// <summary>Spike arrivals from spike_times inputs, sorted by time per neuron (ties keep input order).</summary>
    public required int[] SpikeStart { get; init; }
    /// <summary>Arrival time of each spike-times event, ms.</summary>
    public required double[] SpikeTime { get; init; }
    /// <summary>Weight of each spike-times event (mV or pA).</summary>
    public required double[] SpikeWeight { get; init; }

    /// <summary>Changes of injected current, sorted by time per neuron.</summary>
    public required int[] CurrentStart { get; init; }
    /// <summary>Time of each current change, ms.</summary>
    public required double[] CurrentTime { get; init; }
    /// <summary>Change of the injected current at that time, pA.</summary>
    public required double[] CurrentDelta { get; init; }

    /// <summary>Poisson streams per neuron (one per Poisson input that targets the neuron).</summary>
    public required int[] PoissonStart { get; init; }
    /// <summary>Mean interval between the events of each stream, ms (1000 / rate in Hz; +infinity at rate 0).</summary>
    public required double[] PoissonMeanIntervalMs { get; init; }

    /// <summary>Stream <paramref name="stream"/>'s events per ms while it is active (0 for a rate of 0).</summary>
    public double PoissonEventsPerMs(int stream)
    {
        double interval = PoissonMeanIntervalMs[stream];
        return interval > 0 && interval < double.PositiveInfinity ? 1 / interval : 0;
    }
    /// <summary>Weight of each stream's events (mV or pA).</summary>
    public required double[] PoissonWeight { get; init; }
    /// <summary>Start of each stream's activity, ms.</summary>
    public required double[] PoissonStartMs { get; init; }
    /// <summary>End of each stream's activity (exclusive), ms.</summary>
    public required double[] PoissonStopMs { get; init; }
    /// <summary>Index of the model input of each stream (part of its random stream key).</summary>
    public required int[] PoissonInput { get; init; }

    /// <summary>Compiles the model's inputs for neurons numbered from the populations' offsets.</summary>
    public static InputTables Build(ModelSpec model, int[] offsets, int neuronCount)
    {
        var spikes = new List<(double T, double W)>?[neuronCount];
        var currents = new List<(double T, double D)>?[neuronCount];
        var poisson = new List<(double Interval, double W, double Start, double Stop, int Input)>?[neuronCount];

        for (int i = 0; i < model.Inputs.Count; i++)
        {
            InputSpec input = model.Inputs[i];
            int pop = model.PopulationIndex(input.To);
            int size = model.Populations[pop].Size;
            int count = input.Neurons?.Length ?? size;
            for (int j = 0; j < count; j++)
            {
                int n = offsets[pop] + (input.Neurons is null ? j : input.Neurons[j]);
                switch (input)
                {
                    case SpikeTimesInput s:
                        double[] times = s.TimesMs.Length == 1 ? s.TimesMs[0] : s.TimesMs[j];
                        var list = spikes[n] ??= [];
                        foreach (double t in times) list.Add((t, s.Weight[j]));
                        break;
                    case CurrentInput c:
                        var steps = currents[n] ??= [];
                        double previous = 0;
                        foreach (CurrentStep step in c.Steps)
                        {
                            double amplitude = step.AmplitudePa[j];
                            steps.Add((step.AtMs, amplitude - previous));
                            previous = amplitude;
                        }
                        break;
                    case PoissonInput p:
                        (poisson[n] ??= []).Add((p.RateHz[j] > 0 ? 1000.0 / p.RateHz[j] : double.PositiveInfinity, p.Weight[j], p.StartMs, p.StopMs, i));
                        break;
                    case ValuesInput:
                        break; // artificial mode only: the spiking Simulator refuses models that have them
                    default:
                        throw new ArgumentException($"unsupported input type {input.GetType().Name}");
                }
            }
        }

        // Stable sorts by time (ties keep the order of the model file), once per neuron; build time only.
        SortRows(spikes, e => e.T);
        SortRows(currents, e => e.T);
        var spikeRows = Rows(spikes, out int[] spikeStart);
        var currentRows = Rows(currents, out int[] currentStart);
        var poissonRows = Rows(poisson, out int[] poissonStart);
        return new InputTables
        {
            SpikeStart = spikeStart,
            SpikeTime = Column(spikes, spikeRows, e => e.T),
            SpikeWeight = Column(spikes, spikeRows, e => e.W),
            CurrentStart = currentStart,
            CurrentTime = Column(currents, currentRows, e => e.T),
            CurrentDelta = Column(currents, currentRows, e => e.D),
            PoissonStart = poissonStart,
            PoissonMeanIntervalMs = Column(poisson, poissonRows, e => e.Interval),
            PoissonWeight = Column(poisson, poissonRows, e => e.W),
            PoissonStartMs = Column(poisson, poissonRows, e => e.Start),
            PoissonStopMs = Column(poisson, poissonRows, e => e.Stop),
            PoissonInput = Column(poisson, poissonRows, e => e.Input),
        };
    }

    private static int Rows<T>(List<T>?[] perNeuron, out int[] start)
    {
        start = new int[perNeuron.Length + 1];
        for (int n = 0; n < perNeuron.Length; n++) start[n + 1] = start[n] + (perNeuron[n]?.Count ?? 0);
        return start[^1];
    }

    private static TOut[] Column<T, TOut>(List<T>?[] perNeuron, int total, Func<T, TOut> select)
    {
        var result = new TOut[total];
        int k = 0;
        foreach (var list in perNeuron)
            if (list is not null)
                foreach (T item in list) result[k++] = select(item);
        return result;
    }

    private static void SortRows<T>(List<T>?[] perNeuron, Func<T, double> key)
    {
        for (int n = 0; n < perNeuron.Length; n++)
            if (perNeuron[n] is { Count: > 1 } list) perNeuron[n] = [.. list.OrderBy(key)]; // OrderBy is stable
    }
}
