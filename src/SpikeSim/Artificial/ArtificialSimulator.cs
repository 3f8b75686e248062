using System.Diagnostics;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Synapses;

namespace SpikeSim.Artificial;

/// <summary>
/// The artificial-neuron engine: the same <see cref="Network"/> (populations, synapse tables) as the spiking
/// engine, but every neuron outputs a real value y = f(gain * x + bias) and all neurons are updated synchronously.
/// <list type="bullet">
/// <item>A feedforward graph (no cycle among projections) is computed once, population by population in
/// topological order (step 0).</item>
/// <item>A recurrent graph runs N = round(duration / dt) synchronous steps from y(0) = 0: an activation neuron takes
/// y(k) = f(gain (W y(k-1) + u_k) + bias) at once (as a recurrent ANN does), where u_k is the inputs' mean drive
/// over [(k-1) dt, k dt). A lif_rate neuron relaxes towards its rate with its membrane time constant,
/// y(k) = y(k-1) + a (f(x_k) - y(k-1)) with a = min(1, dt / tau_m) (the Euler step of the first-order firing-rate
/// model tau_m dy/dt = -y + f(x), Dayan and Abbott 2001, ch. 7.2); with dt = tau_m or longer it is synchronous
/// too. Without that relaxation an inhibition-dominated network would flip between silence and saturation at
/// every step.</item>
/// </list>
/// Projections with a rate rule (<c>"plasticity": {"rule": "hebb" | "oja" | "bcm"}</c>, see
/// <see cref="Plasticity.RateRule"/>) learn after every step, from x = the source neuron's value that the synapse
/// carried into the step and y = the target's new value: y(k-1) and y(k) of a recurrent graph. A feedforward graph
/// with such a projection cannot learn in one pass, so it is presented N = round(duration / dt) times (steps 1..N,
/// each pass with the inputs' mean drive over [(k-1) dt, k dt), so time-varying inputs present a sequence of
/// patterns), learning after each pass from the values of that pass. STDP and structural plasticity act on spikes
/// and are left out here (their projections keep their initial weights).
/// The summed input x of a neuron is Σ w·y over its synapses plus its inputs' mean drive (see
/// <see cref="InputDrive"/>). Onto an activation neuron a synapse contributes w·y with w a plain number. Onto a
/// lif_rate neuron, whose x is a current in pA, the source's value is read as a rate in Hz and a synapse
/// contributes the mean current of a spike train of that rate: C_m·w·rate/1000 for delta synapses (w in mV) and
/// w·tau_syn·rate/1000 for exp synapses (w in pA, tau_syn of the sign of w).
/// </summary>
public sealed class ArtificialSimulator : ISimulator
{
    private readonly Network _network;
    private readonly ArtificialOptions _options;
    private readonly NeuronType[] _types;
    private readonly double[] _gain, _bias;
    private readonly double[][] _effectiveWeight;
    private readonly int[]? _order;
    private readonly RateLearning? _learning;

    /// <summary>Prepares an artificial run of the network.</summary>
    public ArtificialSimulator(Network network, ArtificialOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _options = options ?? new ArtificialOptions();
        if (_options.LifSubstitute == NeuronModel.Lif)
            throw new ArgumentException("the artificial mode needs an artificial substitute for lif neurons", nameof(options));
        ModelSpec spec = network.Spec;
        int pops = spec.Populations.Count;
        _types = new NeuronType[pops];
        _gain = new double[pops];
        _bias = new double[pops];
        for (int p = 0; p < pops; p++)
        {
            PopulationSpec pop = spec.Populations[p];
            ActivationSpec a = pop.Activation ?? (_options.SubstituteGainBias?.TryGetValue(pop.Name, out var gb) == true
                ? new ActivationSpec(_options.LifSubstitute, gb.Gain, gb.Bias)
                : new ActivationSpec(_options.LifSubstitute));
            _types[p] = NeuronTypes.Create(a.Model, pop.Neuron);
            _gain[p] = a.Gain;
            _bias[p] = a.Bias;
        }
        _effectiveWeight = new double[network.Projections.Count][];
        for (int j = 0; j < _effectiveWeight.Length; j++)
        {
            SynapseTable table = network.Projections[j];
            var w = new double[table.Count];
            for (int k = 0; k < w.Length; k++) w[k] = DriveFactor(table.ToPopulation, table.WeightOf(k));
            _effectiveWeight[j] = w;
        }
        _order = TopologicalOrder(spec, network);
        _learning = RateLearning.Create(network);
    }

    /// <inheritdoc/>
    public Network Network => _network;

    /// <summary>True when a projection learns with a rate rule (hebb, oja or bcm).</summary>
    public bool Learns => _learning is not null;

    /// <summary>
    /// The current weight of synapse <paramref name="k"/> (table order) of projection <paramref name="projection"/>
    /// (model order), in the projection's unit: the learned weight after a run with a rate rule, else the network's.
    /// </summary>
    public double WeightOf(int projection, int k) =>
        _learning?.Weights[projection] is { } w ? w[k] : _network.Projections[projection].WeightOf(k);

    /// <summary>True when the projections form a cycle (a synchronous step loop is then run).</summary>
    public bool IsRecurrent => _order is null;

    /// <summary>The neuron type of each population.</summary>
    public IReadOnlyList<NeuronType> Types => _types;

    /// <summary>
    /// What one unit of source value through a synapse of weight <paramref name="weight"/> adds to the summed input
    /// of a neuron of population <paramref name="population"/>.
    /// </summary>
    internal double DriveFactor(int population, double weight)
    {
        if (_types[population] is not LifRate rate) return weight;
        LifSpec lif = rate.Lif;
        double charge = lif.Model.ChargePerSpikeFc(lif, weight);
        return charge * 1e-3; // fC x Hz = 1e-3 pA
    }

    /// <summary>
    /// Runs the model: one pass (feedforward), N synchronous steps (recurrent), or N passes (feedforward with a rate
    /// rule); <paramref name="weights"/> sees the weights before the first step and after every step.
    /// </summary>
    public ArtificialResult Run(IArtificialObserver? observer = null, IArtificialWeightsObserver? weights = null) =>
        Run(_network.Spec.DurationMs, observer, weights);

    /// <summary>
    /// <see cref="ISimulator.Run"/>: the steps go to the observer if it is an <see cref="IArtificialObserver"/>, the
    /// weights if it is an <see cref="IArtificialWeightsObserver"/>; returns an <see cref="ArtificialResult"/>.
    /// </summary>
    IRunResult ISimulator.Run(double durationMs, IRunObserver? observer) =>
        Run(durationMs, observer as IArtificialObserver, observer as IArtificialWeightsObserver);

    /// <summary>
    /// As <see cref="Run(IArtificialObserver?, IArtificialWeightsObserver?)"/>, over <paramref name="durationMs"/>
    /// instead of the model's duration (ms): a feedforward graph sees the inputs' mean over [0, duration), a recurrent
    /// one (or one that learns) takes round(duration / dt) steps. Every call starts again from y = 0.
    /// </summary>
    public ArtificialResult Run(double durationMs, IArtificialObserver? observer, IArtificialWeightsObserver? weights = null)
    {
        if (!(durationMs >= 0)) throw new ArgumentOutOfRangeException(nameof(durationMs), "duration must be non-negative");
        var clock = Stopwatch.StartNew();
        ModelSpec spec = _network.Spec;
        int n = _network.NeuronCount;
        var y = new double[n];
        var x = new double[n];
        var drive = new InputDrive(spec, _network, this);
        long synapses = _network.SynapseCount;
        weights?.OnWeights(0, 0, this);
        double dt = spec.StepMs;
        int steps = Math.Max(1, (int)Math.Round(durationMs / dt));
        if (_order is int[] order)
        {
            if (_learning is null)
            {
                drive.AddMean(x, 0, durationMs);
                Pass(order, x, y);
                ArtificialFiniteGuard.CheckActivations(_network, y, 0);
                observer?.OnStep(0, y);
                return new ArtificialResult(y, _types, false, 1, durationMs, synapses, clock.Elapsed.TotalSeconds);
            }
            for (int k = 1; k <= steps; k++)
            {
                _options.Cancellation.ThrowIfCancellationRequested();
                Array.Clear(x);
                drive.AddMean(x, (k - 1) * dt, k * dt);
                Pass(order, x, y);
                ArtificialFiniteGuard.CheckActivations(_network, y, k);
                observer?.OnStep(k, y);
                LearnFrom(y, y, k);
                weights?.OnWeights(k, StepTime(k, dt), this);
            }
            return new ArtificialResult(y, _types, false, steps, dt, synapses * steps, clock.Elapsed.TotalSeconds);
        }

        var next = new double[n];
        for (int k = 1; k <= steps; k++)
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            Array.Clear(x);
            drive.AddMean(x, (k - 1) * dt, k * dt);
            for (int j = 0; j < _network.Projections.Count; j++) Accumulate(j, y, x);
            for (int p = 0; p < _types.Length; p++)
            {
                PopulationRange range = _network.Populations[p];
                _types[p].Rates(x.AsSpan(range.Offset, range.Size), _gain[p], _bias[p], next.AsSpan(range.Offset, range.Size));
                if (_types[p] is LifRate lif && dt < lif.Lif.TauMMs)
                {
                    double a = dt / lif.Lif.TauMMs;
                    for (int i = range.Offset; i < range.Offset + range.Size; i++) next[i] = y[i] + a * (next[i] - y[i]);
                }
            }
            ArtificialFiniteGuard.CheckActivations(_network, next, k);
            if (_learning is not null) LearnFrom(y, next, k);
            (y, next) = (next, y);
            observer?.OnStep(k, y);
            weights?.OnWeights(k, StepTime(k, dt), this);
        }
        return new ArtificialResult(y, _types, true, steps, dt, synapses * steps, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Time at the end of step k, ms: k × dt (in decimal, so 3 × 0.1 is 0.3).</summary>
    private static double StepTime(int k, double dt) => (double)((decimal)dt * k);

    /// <summary>One feedforward pass: every population in topological order from the drive already in x.</summary>
    private void Pass(int[] order, double[] x, double[] y)
    {
        foreach (int p in order)
        {
            PopulationRange range = _network.Populations[p];
            for (int j = 0; j < _network.Projections.Count; j++)
                if (_network.Projections[j].ToPopulation == p) Accumulate(j, y, x);
            _types[p].Rates(x.AsSpan(range.Offset, range.Size), _gain[p], _bias[p], y.AsSpan(range.Offset, range.Size));
        }
    }

    /// <summary>Applies the rate rules and refreshes the effective weights of the learning projections.</summary>
    private void LearnFrom(double[] pre, double[] post, int step)
    {
        RateLearning learning = _learning!;
        learning.Learn(pre, post);
        foreach (int j in learning.Projections)
        {
            double[] w = learning.Weights[j]!, effective = _effectiveWeight[j];
            ArtificialFiniteGuard.CheckWeights(_network, j, w, step);
            int population = _network.Projections[j].ToPopulation;
            for (int k = 0; k < w.Length; k++) effective[k] = DriveFactor(population, w[k]);
        }
    }

    /// <summary>x[target] += w_eff · y[source] over the synapses of projection j (one multiply-accumulate each).</summary>
    private void Accumulate(int j, double[] y, double[] x)
    {
        SynapseTable table = _network.Projections[j];
        double[] w = _effectiveWeight[j];
        int offset = _network.Populations[table.FromPopulation].Offset;
        int rows = _network.Populations[table.FromPopulation].Size;
        for (int s = 0; s < rows; s++)
        {
            double ys = y[offset + s];
            (int start, int end) = table.RowOf(s);
            for (int k = start; k < end; k++) x[table.TargetOf(k)] += w[k] * ys;
        }
    }

    /// <summary>Populations in an order where every projection goes forward, or null when there is a cycle.</summary>
    private static int[]? TopologicalOrder(ModelSpec spec, Network network)
    {
        int pops = spec.Populations.Count;
        var indegree = new int[pops];
        foreach (SynapseTable t in network.Projections)
        {
            if (t.FromPopulation == t.ToPopulation) return null;
            indegree[t.ToPopulation]++;
        }
        var order = new List<int>(pops);
        var ready = new Queue<int>();
        for (int p = 0; p < pops; p++) if (indegree[p] == 0) ready.Enqueue(p);
        while (ready.Count > 0)
        {
            int p = ready.Dequeue();
            order.Add(p);
            foreach (SynapseTable t in network.Projections)
                if (t.FromPopulation == p && --indegree[t.ToPopulation] == 0) ready.Enqueue(t.ToPopulation);
        }
        return order.Count == pops ? order.ToArray() : null;
    }
}
