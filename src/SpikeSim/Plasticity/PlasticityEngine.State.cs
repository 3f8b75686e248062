using SpikeSim.Engine.State;

namespace SpikeSim.Plasticity;

internal sealed partial class PlasticityEngine
{
    /// <summary>Writes the postsynaptic spikes still waiting for their dendritic delay: per neuron, their times (ms) in order.</summary>
    public void WritePending(StateWriter w)
    {
        w.Write(_pending.Length);
        var times = new List<double>();
        for (int n = 0; n < _pending.Length; n++)
        {
            times.Clear();
            for (int i = 0; i < _pendingCount[n]; i++) times.Add(_pending[n][(_pendingHead[n] + i) % _pending[n].Length]);
            w.Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(times));
        }
    }

    /// <summary>
    /// Reads what <see cref="WritePending"/> wrote. A neuron whose population no longer has STDP inputs drops its
    /// waiting spikes (nothing would learn from them).
    /// </summary>
    /// <param name="r">The state.</param>
    /// <param name="populationOf">The population of a neuron (global index).</param>
    public void ReadPending(StateReader r, Func<int, int> populationOf)
    {
        if (r.ReadInt32() != _pending.Length) throw r.Corrupt();
        for (int n = 0; n < _pending.Length; n++)
        {
            double[] times = r.ReadDoubles();
            int population = populationOf(n);
            if (times.Length == 0 || _into[population].Length == 0 || _dendriticDelay[population] == 0)
            {
                _pendingCount[n] = 0;
                continue;
            }
            _pending[n] = times.Length >= 4 ? times : [.. times, 0, 0, 0];
            _pendingHead[n] = 0;
            _pendingCount[n] = times.Length;
        }
    }
}
