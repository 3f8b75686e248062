using SpikeSim.Engine;
using SpikeSim.Engine.State;

namespace SpikeSim.Plasticity;

internal sealed partial class PlasticProjection
{
    /// <summary>What a projection's saved state holds, as bits: its rules when it was saved.</summary>
    [Flags]
    public enum Kinds : byte
    {
        None = 0,
        Stdp = 1,
        ShortTerm = 2,
        Structural = 4,
        Homeostatic = 8,
    }

    /// <summary>The rules of a projection spec, as <see cref="Kinds"/>.</summary>
    public static Kinds KindsOf(Modeling.ProjectionSpec spec) =>
        (spec.Plasticity is Modeling.StdpSpec ? Kinds.Stdp : Kinds.None)
        | (spec.ShortTerm is not null ? Kinds.ShortTerm : Kinds.None)
        | (spec.Structural is not null ? Kinds.Structural : Kinds.None)
        | (spec.Structural?.Homeostatic is not null ? Kinds.Homeostatic : Kinds.None);

    /// <summary>
    /// Writes the projection's live state: every slot (weight, and a reference time a and a trace b, see
    /// <see cref="TraceRecord"/>; delay, u and x, structural bookkeeping where present), the per-target traces, and
    /// the synapse table that maps positions to slots. <paramref name="now"/> (ms): every event before it has been
    /// taken, none from it on.
    /// </summary>
    public void WriteState(StateWriter w, double now)
    {
        w.Write(Weights.Length);
        w.Write(SlotCount);
        var weights = new double[SlotCount * 3];
        for (int slot = 0; slot < SlotCount; slot++)
        {
            weights[3 * slot] = Weights[slot];
            weights[3 * slot + 1] = ShortTermStates is not null ? ShortTermStates[slot].TLast : double.NegativeInfinity;
        }
        int[] sources = PerSourceTraces ? new int[SourceCount] : [];
        for (int i = 0; i < TargetCount; i++)
        {
            if (PerSourceTraces)
            {
                SourceTraces traces = TracesOf(TargetOffset + i);
                for (int j = InStart[i], k = 0, count = SourcesOf(i, sources); k < count; j++, k++)
                    (weights[3 * j + 1], weights[3 * j + 2]) = (_epochOf[i], traces.At(sources[k], now));
                continue;
            }
            for (int j = InStart[i]; j < InStart[i + 1]; j++)
            {
                int slot = InSlot is null ? j : InSlot[j];
                (weights[3 * slot + 1], weights[3 * slot + 2]) = TraceRecord(slot, i);
            }
        }
        w.Write(weights);
        w.Write(Delay is not null);
        if (Delay is not null) w.Write(Delay.AsSpan(0, SlotCount));
        else w.Write(Table.DelayConstant);
        w.Write(ShortTermStates is not null);
        if (ShortTermStates is not null)
        {
            var ux = new double[SlotCount * 2];
            for (int i = 0; i < SlotCount; i++) { ux[2 * i] = ShortTermStates[i].U; ux[2 * i + 1] = ShortTermStates[i].X; }
            w.Write(ux);
        }
        w.Write(Alive is not null);
        if (Alive is not null)
        {
            w.Write(SourceOf.AsSpan(0, SlotCount));
            w.Write(TargetOf.AsSpan(0, SlotCount));
            w.Write(Alive.AsSpan(0, SlotCount));
            w.Write(Use!.AsSpan(0, SlotCount));
            w.Write(Below!.AsSpan(0, SlotCount));
            w.Write(Quarantine.Count);
            foreach ((int slot, double from) in Quarantine) { w.Write(slot); w.Write(from); }
            w.Write(FreeSlots.ToArray()); // top of the stack first
        }
        w.Write(Updates);
        w.Write(Calcium is not null);
        if (Calcium is not null) { w.Write(Calcium); w.Write(CalciumTime!); }
        w.Write(KMinus);
        w.Write(TPost);
        w.Write(TPostPrev);
        w.Write(Table.RowStart);
        w.WriteTargets(Table);
        w.Write(Table.Slot ?? []);
    }

    /// <summary>
    /// A synapse's presynaptic trace as saved, (a, b): with trace epochs, K+(t) = b e^{(a−t)/τ+} for t after its
    /// last arrival (a is the target's epoch, or under short-term plasticity the last arrival, which the short-term
    /// state needs); with nearest pairings a is the last arrival (and b is not used: −∞); without STDP a is the
    /// short-term state's last arrival (−∞ without one). Format version 1 wrote the last arrival and the trace just
    /// after it, which has the same meaning, so its files load alike.
    /// </summary>
    private (double A, double B) TraceRecord(int slot, int i)
    {
        double tLast = ShortTermStates is not null ? ShortTermStates[slot].TLast : double.NegativeInfinity;
        if (!IsStdp) return (tLast, double.NegativeInfinity);
        double pre = Pre![slot];
        if (!_traceEpochs) return (pre, double.NegativeInfinity);
        if (ShortTermStates is null) return (_epochOf[i], pre);
        return (tLast, pre == 0 ? 0 : pre * Math.Exp((_epochOf[i] - tLast) / Rule.TauPlus));
    }

    /// <summary>
    /// Replaces this projection's state with a saved one (<see cref="WriteState"/>). The saved synapses, weights and
    /// delays win over the model's; the rules are the model's (a rule the saved state lacks was refused before).
    /// </summary>
    public void ReadState(StateReader r)
    {
        int capacity = r.ReadInt32(), count = r.ReadInt32();
        if (capacity < count || count < 0 || capacity > 1 << SlotBits) throw r.Corrupt();
        double[] weights = r.ReadDoubles(count * 3);
        Weights = HugePages.Allocate<double>(capacity);
        for (int i = 0; i < count; i++) Weights[i] = weights[3 * i];
        SlotCount = count;
        if (r.ReadBoolean())
        {
            Delay = new double[capacity];
            r.ReadDoubles(count).CopyTo(Delay, 0);
        }
        else
        {
            double constant = r.ReadDouble();
            if (Table.Delay is not null || Table.Delay64 is not null || Table.DelayConstant != constant)
                throw new StateFileException($"{r.Source}: projection \"{Spec.Name}\" kept its synapses' state, so its delays cannot change (saved: {constant} ms for every synapse)");
            Delay = null;
        }
        if (r.ReadBoolean())
        {
            double[] ux = r.ReadDoubles(count * 2);
            ShortTermStates = ShortTerm is null ? null : new ShortTermState[capacity];
            if (ShortTermStates is not null)
                for (int i = 0; i < count; i++) ShortTermStates[i] = new ShortTermState(ux[2 * i], ux[2 * i + 1], weights[3 * i + 1]);
        }
        if (r.ReadBoolean())
        {
            SourceOf = Grow(r.ReadInts(count), capacity);
            TargetOf = Grow(r.ReadInts(count), capacity);
            Alive = Grow(r.ReadBools(count), capacity);
            Use = Grow(r.ReadInts(count), capacity);
            Below = Grow(r.ReadShorts(count), capacity);
            Quarantine.Clear();
            int quarantined = r.ReadInt32();
            if (quarantined < 0 || quarantined > count) throw r.Corrupt();
            for (int i = 0; i < quarantined; i++) Quarantine.Enqueue((CheckSlot(r, r.ReadInt32(), count), r.ReadDouble()));
            int[] free = r.ReadInts();
            FreeSlots.Clear();
            for (int i = free.Length - 1; i >= 0; i--) FreeSlots.Push(CheckSlot(r, free[i], count));
        }
        Updates = r.ReadInt64();
        if (r.ReadBoolean())
        {
            double[] calcium = r.ReadDoubles(TargetCount), calciumTime = r.ReadDoubles(TargetCount);
            if (Calcium is not null) { calcium.CopyTo(Calcium, 0); calciumTime.CopyTo(CalciumTime!, 0); }
        }
        r.ReadDoubles(TargetCount).CopyTo(KMinus, 0);
        r.ReadDoubles(TargetCount).CopyTo(TPost, 0);
        r.ReadDoubles(TargetCount).CopyTo(TPostPrev, 0);
        int[] rowStart = r.ReadInts(SourceCount + 1), target = r.ReadInts(), slot = r.ReadInts(target.Length);
        if (rowStart[0] != 0 || rowStart[^1] != target.Length) throw r.Corrupt();
        foreach (int t in target) if (t < TargetOffset || t >= TargetOffset + TargetCount) throw r.Corrupt();
        foreach (int s in slot) CheckSlot(r, s, count);
        Table.Replace(rowStart, target, slot);
        BuildIncoming();
        NewPre(capacity, count);
        if (IsStdp) ReadTraces(weights);
        if (PerSourceTraces)
        {
            if (TryTracesPerSource()) Pre = null;
            else PerSourceTraces = false;
        }
    }

    /// <summary>The presynaptic traces from the saved (a, b) pairs (<see cref="TraceRecord"/>), target by target, and the epochs.</summary>
    private void ReadTraces(double[] saved)
    {
        double[] pre = Pre!;
        for (int i = 0; i < TargetCount; i++)
        {
            int first = InStart[i], end = InStart[i + 1];
            if (!_traceEpochs)
            {
                for (int j = first; j < end; j++) { int slot = InSlot is null ? j : InSlot[j]; pre[slot] = saved[3 * slot + 1]; }
                continue;
            }
            // The target's epoch: the latest reference time (all of them, as this version saves them without
            // short-term plasticity: then every trace is kept to the bit).
            double epoch = double.NegativeInfinity;
            for (int j = first; j < end; j++) epoch = Math.Max(epoch, saved[3 * (InSlot is null ? j : InSlot[j]) + 1]);
            if (double.IsNegativeInfinity(epoch)) epoch = 0;
            for (int j = first; j < end; j++)
            {
                int slot = InSlot is null ? j : InSlot[j];
                double a = saved[3 * slot + 1], b = saved[3 * slot + 2];
                pre[slot] = a == epoch || b == 0 ? b : b * Math.Exp((a - epoch) / Rule.TauPlus);
            }
            _epochOf[i] = epoch;
            UpdateKMinusAtEpoch(i);
        }
    }

    /// <summary>
    /// After <see cref="ReadTraces"/>, where the rule lets a source's synapses share their trace: every partition's
    /// <see cref="SourceTraces"/> takes the loaded ones. False, changing nothing, when the saved traces are not one
    /// per source, to the bit (a state saved under another rule), or not in one epoch: then they stay per slot.
    /// </summary>
    private bool TryTracesPerSource()
    {
        double[] pre = Pre!;
        var before = new double[SourceCount];
        var seen = new bool[SourceCount];
        int[] sources = new int[SourceCount];
        double epoch = double.NaN;
        for (int i = 0; i < TargetCount; i++)
        {
            int count = SourcesOf(i, sources);
            if (count == 0) continue;
            if (double.IsNaN(epoch)) epoch = _epochOf[i];
            else if (_epochOf[i] != epoch) return false;
            for (int k = 0; k < count; k++)
            {
                int s = sources[k];
                double value = pre[InStart[i] + k];
                if (!seen[s]) { seen[s] = true; before[s] = value; }
                else if (BitConverter.DoubleToInt64Bits(before[s]) != BitConverter.DoubleToInt64Bits(value)) return false;
            }
        }
        foreach (SourceTraces traces in _sourceTraces) traces.Reset(before, double.IsNaN(epoch) ? 0 : epoch);
        return true;
    }

    private static int CheckSlot(StateReader r, int slot, int count) => slot >= 0 && slot < count ? slot : throw r.Corrupt();

    private static T[] Grow<T>(T[] values, int capacity)
    {
        Array.Resize(ref values, capacity);
        return values;
    }
}
