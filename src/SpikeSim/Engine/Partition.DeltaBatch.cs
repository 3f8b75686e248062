using System.Runtime.Intrinsics;
using SpikeSim.Inputs;
using SpikeSim.Neurons;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Scratch for one neuron's slice: merged event times, weights and decay factors.
    private double[] _batchTime = new double[256];
    private double[] _batchWeight = new double[256];
    private double[] _batchDecay = new double[256];

    /// <summary>
    /// The common case of a delta-synapse neuron, done in bulk: when its drive stays below threshold (V_inf ≤ V_th)
    /// and nothing but spike inputs arrives this slice (no current step, no voltage probe), V only changes at its
    /// inputs and can only cross threshold at an excitatory one. The slice's events (synaptic, spike-times and
    /// Poisson, merged in the general loop's order) are gathered first, all decay factors
    /// exp(-(t_i - t_(i-1))/tau_m) are computed with vector instructions, and a short scalar loop applies them.
    /// The arithmetic is that of <see cref="DeltaLif"/>. Returns false, touching nothing, when the neuron needs the
    /// general loop.
    /// </summary>
    private bool TryAdvanceDeltaBatch(LifParameters p, int n, ref EventList list, ArrivalTable table, double t1,
                                      SpikeList spikes, out int processed)
    {
        processed = 0;
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int currentIndex = state.CurrentCursor[n];
        double vInf = p.VInfinity(state.Injected[n]);
        double v = state.V[n], last = state.Time[n], refractoryUntil = state.RefractoryUntil[n];
        if (vInf > p.VTh
            || _network.ProbeStart[n] != _network.ProbeStart[n + 1]
            || (currentIndex < inputs.CurrentStart[n + 1] && inputs.CurrentTime[currentIndex] < t1)
            || (v >= p.VTh && refractoryUntil < t1))
            return false;

        // 1. Merge the slice's events: spike-times input, then synaptic, then Poisson at equal times.
        int spikeIndex = state.SpikeCursor[n], spikeEnd = inputs.SpikeStart[n + 1];
        int poissonFirst = inputs.PoissonStart[n], poissonEnd = inputs.PoissonStart[n + 1];
        int[] events = list.Items;
        int eventCount = list.Count;
        double[] arrivalTime = table.Time, arrivalWeight = table.Weight;
        int m = 0, synaptic = 0;
        while (true)
        {
            double tSpike = spikeIndex < spikeEnd ? inputs.SpikeTime[spikeIndex] : double.PositiveInfinity;
            double tSynapse = synaptic < eventCount ? arrivalTime[events[synaptic]] : double.PositiveInfinity;
            double tPoisson = double.PositiveInfinity;
            int stream = -1;
            for (int k = poissonFirst; k < poissonEnd; k++)
                if (state.PoissonNext[k] < tPoisson) { tPoisson = state.PoissonNext[k]; stream = k; }
            double t = Math.Min(tSpike, Math.Min(tSynapse, tPoisson));
            if (t >= t1) break;
            if (m == _batchTime.Length) GrowBatch();
            _batchTime[m] = t;
            if (tSpike == t) _batchWeight[m] = inputs.SpikeWeight[spikeIndex++];
            else if (tSynapse == t) _batchWeight[m] = arrivalWeight[events[synaptic++]];
            else
            {
                _batchWeight[m] = inputs.PoissonWeight[stream];
                state.PoissonNext[stream] = state.NextPoisson(stream, t, inputs);
            }
            m++;
        }

        // 2. Decay factors from each event to the next, eight at a time.
        double[] time = _batchTime, weight = _batchWeight, decay = _batchDecay;
        double negInvTau = -1.0 / p.TauM;
        double previous = last;
        for (int i = 0; i < m; i++)
        {
            decay[i] = Math.Min(0.0, (time[i] - previous) * negInvTau);
            previous = time[i];
        }
        for (int i = 0; i < m; i += Vector512<double>.Count)
            Vector512.Exp(Vector512.LoadUnsafe(ref decay[i])).StoreUnsafe(ref decay[i]);

        // 3. Apply them: V relaxes to V_inf, jumps by w, fires when it reaches V_th; inputs are lost while refractory.
        double vTh = p.VTh, vReset = p.VReset, tRef = p.TRef;
        for (int i = 0; i < m; i++)
        {
            double t = time[i];
            if (t < refractoryUntil) { last = t; continue; }
            double f = last >= refractoryUntil ? decay[i] : Math.Exp((refractoryUntil - t) / p.TauM);
            v = vInf + (v - vInf) * f + weight[i];
            last = t;
            // Inputs at the same instant act together: threshold is checked after the last of them.
            if (v >= vTh && (i + 1 == m || time[i + 1] != t))
            {
                spikes.Add(t, n);
                v = vReset;
                refractoryUntil = t + tRef;
            }
        }

        state.V[n] = v;
        if (m > 0 && last > state.Time[n]) state.Time[n] = last;
        state.RefractoryUntil[n] = refractoryUntil;
        state.SpikeCursor[n] = spikeIndex;
        RecurrentEvents += synaptic;
        InputEvents += m - synaptic;
        processed = synaptic;
        return true;
    }

    private void GrowBatch()
    {
        // Keep a multiple of the vector width so the vector pass never reads past the end.
        int size = _batchTime.Length * 2;
        Array.Resize(ref _batchTime, size);
        Array.Resize(ref _batchWeight, size);
        Array.Resize(ref _batchDecay, size);
    }
}
