namespace SpikeSim.Plasticity;

/// <summary>
/// One partition's record of the plastic arrivals its current neuron received at the current instant, with each
/// synapse's presynaptic trace (<see cref="PlasticProjection.Pre"/>) as it was before the arrival. A postsynaptic spike at
/// that same instant pairs only with earlier presynaptic spikes (NEST: Δt = 0 forms no pair), so
/// <see cref="PlasticProjection.OnPost"/> reads those synapses' traces from before the arrival (<see cref="Begin"/>)
/// and puts the arrival back afterwards (<see cref="End"/>). This keeps a synapse with its own trace at 16 bytes: it
/// needs no last-arrival time to tell a coincidence. (Traces kept per source need no record: <see cref="SourceTraces.At"/>.) The record is keyed by (neuron, time); a neuron is advanced by one
/// partition, so one record per partition is enough.
/// </summary>
internal sealed class SameInstantArrivals
{
    private struct Arrival
    {
        public int Projection, Slot;
        public double Before, After;
    }

    private int _neuron = -1;
    private double _time = double.NaN;
    private int _count;
    private Arrival[] _arrivals = new Arrival[8];
    private int _active = -1;

    /// <summary>Neuron n (global index) received a spike at time t (ms) through <paramref name="slot"/> of plastic projection <paramref name="projection"/>, whose trace was <paramref name="before"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(int n, double t, int projection, int slot, double before)
    {
        if (n != _neuron || t != _time)
        {
            _neuron = n;
            _time = t;
            _count = 0;
        }
        if (_count == _arrivals.Length) Array.Resize(ref _arrivals, 2 * _count);
        ref Arrival a = ref _arrivals[_count++];
        a.Projection = projection;
        a.Slot = slot;
        a.Before = before;
    }

    /// <summary>Forgets every arrival (the next <see cref="Add"/> starts a new record).</summary>
    public void Clear()
    {
        _neuron = -1;
        _time = double.NaN;
        _count = 0;
    }

    /// <summary>The trace of <paramref name="slot"/> before its first arrival at the current instant (the slot has one).</summary>
    public double FirstBefore(int projection, int slot)
    {
        for (int k = 0; k < _count; k++)
            if (_arrivals[k].Projection == projection && _arrivals[k].Slot == slot) return _arrivals[k].Before;
        throw new InvalidOperationException("no arrival at this instant");
    }

    /// <summary>
    /// Neuron n spikes at t: the synapses of <paramref name="projection"/> that received a spike at exactly t get their
    /// traces from before it back, until <see cref="End"/>. Returns false (and changes nothing) when there are none.
    /// </summary>
    public bool Begin(int n, double t, int projection, double[] pre)
    {
        if (n != _neuron || t != _time) return false;
        bool any = false;
        for (int k = 0; k < _count; k++)
        {
            ref Arrival a = ref _arrivals[k];
            if (a.Projection != projection) continue;
            a.After = pre[a.Slot];
            any = true;
        }
        for (int k = _count - 1; k >= 0; k--) // the earliest "before" wins for a slot with two arrivals
            if (_arrivals[k].Projection == projection) pre[_arrivals[k].Slot] = _arrivals[k].Before;
        _active = any ? projection : -1;
        return any;
    }

    /// <summary>
    /// After the potentiation: the arrivals at t are put back in the traces (pre-centred pairing, whose traces were
    /// reset to 0: only what those arrivals added).
    /// </summary>
    public void End(double[] pre, bool reset)
    {
        for (int k = 0; k < _count; k++)
        {
            ref Arrival a = ref _arrivals[k];
            if (a.Projection != _active) continue;
            pre[a.Slot] = reset ? a.After - a.Before : a.After;
        }
        _active = -1;
    }
}
