using System.Runtime.CompilerServices;
using SpikeSim.Inputs;
using SpikeSim.Modeling;
using SpikeSim.Neurons;
using SpikeSim.Plasticity;

namespace SpikeSim.Engine;

internal sealed partial class Partition
{
    /// <summary>
    /// The general event loop of one neuron up to t1: the next of its samples, current steps, spike-times inputs,
    /// synaptic events and Poisson events, unless the dynamics cross threshold first. At equal times the order is
    /// threshold crossing, sample, current step, spike-times input, synaptic event, Poisson event; a postsynaptic spike
    /// that reaches plastic synapses after a dendritic delay comes after all of them (as an undelayed one does).
    /// <paramref name="plasticity"/> is the engine when the neuron has plastic inputs, else null. Returns how many synaptic
    /// events were processed.
    /// <para><typeparamref name="TInputs"/> is <see cref="SynapticInputsOnly"/> for a neuron whose only inputs are
    /// synaptic events (no probe, spike-times, current or Poisson input: <see cref="_synapticOnly"/>): the compiler
    /// then drops the other inputs' reads, which on a small network cost more than the event itself; the arithmetic,
    /// and so every result, is the same.</para>
    /// </summary>
    private int RunNeuron<T, TInputs>(ref T dyn, int n, int population, PlasticityEngine? plasticity, ref EventList list, ArrivalTable table,
                                      double t1, double runEnd, SpikeList spikes, SampleList samples, StateSampleList stateSamples)
        where T : struct, INeuronDynamics
        where TInputs : struct
    {
        bool all = typeof(TInputs) != typeof(SynapticInputsOnly); // a constant of each compiled specialisation
        InputTables inputs = _inputs;
        NeuronState state = _state;
        int spikeIndex = 0, spikeEnd = 0, currentIndex = 0, currentEnd = 0, poissonFirst = 0, poissonEnd = 0, probeFirst = 0, probeEnd = 0;
        if (all)
        {
            spikeIndex = state.SpikeCursor[n];
            spikeEnd = inputs.SpikeStart[n + 1];
            currentIndex = state.CurrentCursor[n];
            currentEnd = inputs.CurrentStart[n + 1];
            poissonFirst = inputs.PoissonStart[n];
            poissonEnd = inputs.PoissonStart[n + 1];
            probeFirst = _network.ProbeStart[n];
            probeEnd = _network.ProbeStart[n + 1];
        }
        EventList events = list; // (a copy, so that the loop keeps the list's storage in a register; the list does not change here)
        bool wide = table.Wide; // the width of its references
        double[] arrivalTime = table.Time;
        int eventIndex = 0, eventCount = list.Count;
        if (plasticity is not null && eventCount > 0) plasticity.PrefetchTargetsAhead(n, eventCount);
        long recurrent = 0, input = 0;
        int fired = 0; // this neuron's spikes in this slice (bounded: RunawayFiringException)
        double notBefore = state.NotBefore[n];
        bool crossingKnown = state.NotBeforeIsCrossing[n];
        int[]? synapseOf = plasticity is null ? null : table.Synapse;

        while (true)
        {
            double tSynapse = eventIndex < eventCount ? arrivalTime[events.At(eventIndex, wide)] : double.PositiveInfinity;
            double tSample = double.PositiveInfinity, tCurrent = double.PositiveInfinity, tSpike = double.PositiveInfinity;
            double tPoisson = double.PositiveInfinity;
            int stream = -1;
            if (all)
            {
                for (int k = probeFirst; k < probeEnd; k++)
                {
                    double t = state.ProbeNextTime[k];
                    if (t < runEnd && t < tSample) tSample = t;
                }
                if (currentIndex < currentEnd) tCurrent = inputs.CurrentTime[currentIndex];
                if (spikeIndex < spikeEnd) tSpike = inputs.SpikeTime[spikeIndex];
                tPoisson = state.EarliestPoisson(poissonFirst, poissonEnd, out stream);
            }
            double tNeuron = all ? Math.Min(Math.Min(tSample, tCurrent), Math.Min(Math.Min(tSpike, tSynapse), tPoisson)) : tSynapse;
            double tPost = plasticity is null ? double.PositiveInfinity : plasticity.NextPostEffect(n);
            double tNext = Math.Min(tNeuron, tPost);

            // The exact search runs only when the cheap bound allows a crossing before the next event; its answer
            // (the exact crossing time if no input comes, or a time after the horizon before which there is none)
            // serves until the state changes, and where it is the crossing itself (crossingKnown) it is not searched
            // for again. Inputs at the same instant act together (V jumps by their sum before
            // threshold is checked): a crossing at the current time waits while more events arrive at that very time.
            double horizon = Math.Min(tNext, t1);
            if (notBefore < horizon)
            {
                bool exact = true;
                double crossing = crossingKnown ? notBefore : dyn.NextCrossing(horizon, out exact);
                if (crossing <= horizon && crossing < t1 && !(crossing == tNext && tNext <= dyn.Time))
                {
                    dyn.AdvanceTo(crossing);
                    dyn.Spike();
                    spikes.Add(crossing, n);
                    if (++fired > RunawayFiringException.MaxSpikesPerSlice) throw RunawayFiringException.Neuron(_network, n, crossing);
                    plasticity?.OnSpike(n, population, crossing, _sameInstant);
                    notBefore = dyn.CrossingLowerBound();
                    crossingKnown = false;
                    continue;
                }
                notBefore = crossing > horizon ? crossing : horizon;
                crossingKnown = exact && notBefore == crossing;
            }
            if (tNext >= t1)
            {
                // A sample at or after the end of the run is not taken now, but a later run (or a continued
                // saved state) must still wake the neuron for it.
                double wake = Math.Min(tNext, notBefore);
                for (int k = probeFirst; k < probeEnd; k++) wake = Math.Min(wake, state.ProbeNextTime[k]);
                state.Wake[n] = wake;
                break;
            }

            if (tPost < tNeuron) // at equal times the neuron's own events (arrivals at its synapses) go first
            {
                plasticity!.ApplyNextPostEffect(n, population, _sameInstant);
                continue;
            }
            if (all && tSample == tNext)
            {
                TakeSamples(ref dyn, n, tNext, probeFirst, probeEnd, samples, stateSamples);
                continue;
            }
            dyn.AdvanceTo(tNext);
            if (all && tCurrent == tNext)
            {
                dyn.AddCurrent(inputs.CurrentDelta[currentIndex++]);
            }
            else if (all && tSpike == tNext)
            {
                dyn.Receive(inputs.SpikeWeight[spikeIndex++]);
                input++;
            }
            else if (!all || tSynapse == tNext)
            {
                int e = events.At(eventIndex++, wide);
                if (synapseOf is null || synapseOf[e] == -1)
                {
                    dyn.Receive(table.Weight[e]);
                    recurrent++;
                }
                // A plastic synapse transmits its weight now, then learns from the arrival; one removed since the
                // spike left drops it.
                else
                {
                    int ahead = eventIndex + PlasticityEngine.EventsAhead - 1;
                    if (ahead < eventCount) plasticity!.PrefetchArrival(synapseOf[events.At(ahead, wide)], n);
                    if (plasticity!.OnArrival(plasticity.SlotReference(synapseOf[e], n), tNext, n, table.Weight[e], table.Decay![e], _sameInstant, out double weight))
                    {
                        dyn.Receive(weight);
                        recurrent++;
                    }
                }
            }
            else
            {
                dyn.Receive(inputs.PoissonWeight[stream]);
                state.PoissonNext[stream] = NextPoisson(n, stream, tNext, t1);
                input++;
            }
            notBefore = dyn.CrossingLowerBound(); // each case above changed the state
            crossingKnown = false;
        }
        state.NotBefore[n] = notBefore;
        state.NotBeforeIsCrossing[n] = crossingKnown;
        if (all)
        {
            state.SpikeCursor[n] = spikeIndex;
            state.CurrentCursor[n] = currentIndex;
        }
        RecurrentEvents += recurrent;
        InputEvents += input;
        return eventIndex;
    }

    /// <summary>
    /// The samples of neuron n's probes [first, end) that fall at time t: V for a voltage probe (computed once), each
    /// variable of its recording for a state probe, all without changing the state; then moves those probes on. A
    /// sample that is not finite stops the run (<see cref="NonFiniteValueException"/>): none reaches v.csv or state.csv.
    /// Kept out of <see cref="RunNeuron{T, TInputs}"/> so that neurons that record nothing run the loop they ran before.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TakeSamples<T>(ref T dyn, int n, double t, int first, int end, SampleList samples, StateSampleList stateSamples)
        where T : struct, INeuronDynamics
    {
        NeuronState state = _state;
        Probe[] probes = _network.Probes;
        double v = double.NaN;
        bool haveV = false;
        for (int k = first; k < end; k++)
        {
            if (state.ProbeNextTime[k] != t) continue;
            Probe probe = probes[k];
            if (probe.Record == Probe.Voltage)
            {
                if (!haveV)
                {
                    v = dyn.SampleAt(t);
                    haveV = true;
                    if (!double.IsFinite(v)) throw NonFiniteValueException.Potential(_network, n, v, t);
                }
                samples.Add(new VoltageSample(t, n, v));
            }
            else
            {
                RecordableVariable[] variables = _network.StateVariables[probe.Record];
                for (int j = 0; j < variables.Length; j++)
                {
                    RecordableVariable variable = variables[j];
                    double value = variable.Kind switch
                    {
                        RecordableKind.Neuron => dyn.SampleVariable(variable.Index, t),
                        RecordableKind.ShortTermU => _plasticity!.ShortTermMean(variable.Index, n, t, resources: false),
                        _ => _plasticity!.ShortTermMean(variable.Index, n, t, resources: true),
                    };
                    // (a short-term mean is NaN, by definition, for a neuron without synapses of its projection)
                    if (variable.Kind == RecordableKind.Neuron && !double.IsFinite(value))
                        throw NonFiniteValueException.Variable(_network, n, $"the state variable {variable.Name}", value, variable.Unit, t);
                    stateSamples.Add(new StateSample(t, n, probe.Record, j, value));
                }
            }
            state.AdvanceProbe(k, probe);
        }
    }

    /// <summary>
    /// The event of Poisson stream k (of neuron n) after its next one, at t (ms, before the slice's end t1), which the
    /// neuron's visit takes now: from the slice's lanes for a neuron with one stream, else drawn here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double NextPoisson(int n, int k, double t, double t1) =>
        _poissonLanes.Takes(n) ? _poissonLanes.Next(k, t1) : _state.NextPoisson(k, t, _inputs);
}
