using System.Runtime.Intrinsics;
using SpikeSim.Neurons;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    // Up to four neurons of one population waiting to be advanced together: global index, index in the population,
    // and their one event's time and weight.
    private readonly int[] _laneNeuron = new int[4], _laneLocal = new int[4];
    private readonly double[] _laneTime = new double[4], _laneWeight = new double[4];
    private int _lanes;

    /// <summary>
    /// The common visit of a network without external inputs (cuba, benchmark4), done four neurons at a time for a
    /// model that has <see cref="INeuronDynamics.EventLanes"/>: a neuron whose only inputs are synaptic events, with
    /// no plastic inputs, receiving exactly one event in the slice, free (not refractory) and with no threshold
    /// crossing possible before the event (its comparison bound, <see cref="NeuronState.NotBefore"/>, is not earlier).
    /// Such a neuron is queued here; at the fourth, and before any other neuron is visited (so visits stay in index
    /// order), the queued ones are advanced to their events, receive them and get their next bound in one pass of
    /// vector arithmetic, the scalar loop's arithmetic lane by lane: every state and spike time is the one
    /// <see cref="RunNeuron{T, TInputs}"/> computes. A neuron whose new bound falls in the slice then goes on through
    /// the scalar loop, with no event left, for the exact crossing search. Returns false, queuing nothing, when the
    /// neuron does not qualify.
    /// </summary>
    private bool TryQueueLane(double[][] model, int local, int n, ref EventList list, ArrivalTable table, double t1)
    {
        if (list.Count != 1 || (_synapticOnly[(n - First) >> 6] & (1UL << (n - First))) == 0) return false;
        int e = list.Items[0];
        double te = table.Time[e], t = _state.Time[n];
        if (!(te > t && te < t1 && t >= model[LifState.RefractoryUntil][local] && _state.NotBefore[n] >= te)) return false;
        int k = _lanes++;
        _laneNeuron[k] = n;
        _laneLocal[k] = local;
        _laneTime[k] = te;
        _laneWeight[k] = table.Weight[e];
        return true;
    }

    /// <summary>Advances the queued neurons (<see cref="TryQueueLane"/>) to their events, then finishes each one's visit as the event loop would.</summary>
    private void FlushLanes<TDyn>(PopulationDynamics<TDyn> pop, int population, in SliceFrame frame)
        where TDyn : struct, INeuronDynamics
    {
        int count = _lanes;
        _lanes = 0;
        double[][] model = pop.State;
        double[] time = _state.Time;
        int[] neuron = _laneNeuron;
        for (int k = count; k < 4; k++) // lanes past the queued ones repeat the first (not stored)
        {
            neuron[k] = neuron[0];
            _laneLocal[k] = _laneLocal[0];
            _laneTime[k] = _laneTime[0];
            _laneWeight[k] = _laneWeight[0];
        }
        Vector256<double> bounds = pop.Template.EventLanes(model, _laneLocal, count,
            Vector256.Create(time[neuron[0]], time[neuron[1]], time[neuron[2]], time[neuron[3]]),
            Vector256.Create(_laneTime), Vector256.Create(_laneWeight), out bool finite);
        RecurrentEvents += count;
        double t1 = frame.T1;
        long next = frame.Slice + 1;
        for (int k = 0; k < count; k++)
        {
            int n = neuron[k], i = _laneLocal[k];
            time[n] = _laneTime[k];
            double notBefore = bounds.GetElement(k);
            _state.NotBefore[n] = notBefore;
            frame.Events[n].Count = 0; // its one event is processed
            if (notBefore < t1)
            {
                // A crossing is possible before the slice ends: the scalar loop searches for it, from the new state.
                _visiting = n;
                TDyn dyn = pop.Template;
                dyn.Load(model, i, time[n]);
                RunNeuron<TDyn, SynapticInputsOnly>(ref dyn, n, population, null, ref frame.Events[n], frame.Table, t1, frame.RunEnd, frame.Spikes, frame.Samples, frame.StateSamples);
                dyn.Store(model, i);
                time[n] = dyn.Time;
                if (!StateIsFinite(model, i)) throw NonFiniteState(pop, n, i, t1);
            }
            else
            {
                _state.Wake[n] = notBefore;
                if (!finite && !StateIsFinite(model, i)) throw NonFiniteState(pop, n, i, t1);
            }
            _wakes.Schedule(n, _state.Wake[n], next, frame.Slice);
        }
    }
}
