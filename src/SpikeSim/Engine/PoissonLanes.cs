using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpikeSim.Inputs;
using SpikeSim.Neurons;
using SpikeSim.Randomness;

namespace SpikeSim.Engine;

/// <summary>
/// The Poisson events of one slice for the neurons of a partition that have exactly one Poisson stream, drawn for
/// up to <see cref="Width"/> consecutive such streams at once, one in each lane of a vector: their generators
/// (<see cref="RandomLanes"/>), the logarithms of the exponential intervals and the sums of the event times all
/// step together. One stream on its own is a chain of dependent steps (generator, then time after time); eight
/// chains side by side keep the processor busy. Lane by lane the arithmetic is that of one stream alone
/// (<see cref="NeuronState.NextPoisson"/>): the same draws in the same order, the same events to the last bit.
/// <para>A group is drawn when one of its streams is first asked for in a slice (the neurons are visited in index
/// order, so it starts there) and holds, for each stream, every event before the slice's end (or the stream's stop
/// time): its visit takes them all, as one run (<see cref="EventsBefore"/>) or one at a time (<see cref="Next"/>).
/// Each stream draws exactly the numbers its events need, none ahead (the state after a slice does not depend on
/// how the streams were grouped, i.e. on the thread count). Neurons with several streams (which take their events
/// in time order across them) draw through <see cref="NeuronState.NextPoisson"/> instead.</para>
/// </summary>
internal sealed class PoissonLanes
{
    /// <summary>Streams drawn together: the lanes of a <see cref="Vector512{T}"/> of doubles.</summary>
    public const int Width = 8;

    private readonly NeuronState _state;
    private readonly InputTables _inputs;
    private readonly int _firstStream;
    private readonly bool[] _single; // stream (from _firstStream) of a neuron with exactly one stream
    private int _groupFirst = -1, _groupCount; // the group drawn in this slice: streams [first, first + count)
    private readonly int[] _count = new int[Width], _taken = new int[Width];
    private readonly double[] _after = new double[Width];
    private double[] _times = new double[Width * 64]; // row i: the i-th event of every lane

    /// <summary>The Poisson streams of neurons [first, end).</summary>
    public PoissonLanes(NeuronState state, InputTables inputs, int first, int end)
    {
        _state = state;
        _inputs = inputs;
        _firstStream = inputs.PoissonStart[first];
        _single = new bool[inputs.PoissonStart[end] - _firstStream];
        for (int n = first; n < end; n++)
            if (Takes(n)) _single[inputs.PoissonStart[n] - _firstStream] = true;
    }

    /// <summary>Whether neuron n (of the partition) draws its Poisson events here: it has exactly one stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Takes(int n) => _inputs.PoissonStart[n + 1] - _inputs.PoissonStart[n] == 1;

    /// <summary>
    /// The start of a slice's phase A: no group drawn yet. (The previous slice's groups were all taken: <see cref="EndSlice"/>.)
    /// </summary>
    public void BeginSlice() => _groupFirst = -1;

    /// <summary>The end of a slice's phase A: every event drawn was taken by its neuron's visit.</summary>
    public void EndSlice()
    {
        CheckTaken();
        _groupFirst = -1;
    }

    /// <summary>
    /// The events of stream k (of a neuron that <see cref="Takes"/> its events here) before the slice's end
    /// <paramref name="t1"/> (or the stream's stop time), into <paramref name="events"/>[first..first + count) (grown as
    /// needed, always with two spare places); returns the count and sets the stream's next event
    /// (<see cref="NeuronState.PoissonNext"/>: +infinity past its stop time).
    /// </summary>
    public int EventsBefore(int k, double t1, ref double[] events, int first)
    {
        int lane = LaneOf(k, t1);
        int taken = _taken[lane], count = _count[lane] - taken;
        if (first + count + 2 > events.Length) Array.Resize(ref events, Math.Max(2 * events.Length, first + count + 2));
        double[] times = _times;
        for (int i = 0; i < count; i++) events[first + i] = times[(taken + i) * Width + lane];
        _taken[lane] = taken + count;
        _state.PoissonNext[k] = _after[lane];
        return count;
    }

    /// <summary>
    /// The event of stream k after its next one (<see cref="NeuronState.PoissonNext"/>, which its visit takes now,
    /// before <paramref name="t1"/>): as <see cref="NeuronState.NextPoisson"/> would draw it.
    /// </summary>
    public double Next(int k, double t1)
    {
        int lane = LaneOf(k, t1);
        int i = ++_taken[lane];
        if (i > _count[lane]) throw new InvalidOperationException($"Poisson stream {k}: an event past the slice's was taken");
        return i < _count[lane] ? _times[i * Width + lane] : _after[lane];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LaneOf(int k, double t1)
    {
        if ((uint)(k - _groupFirst) >= (uint)_groupCount || _groupFirst < 0) Draw(k, t1);
        return k - _groupFirst;
    }

    /// <summary>Every event of the group drawn was taken (an engine invariant: each visit takes its neuron's events before the slice's end).</summary>
    private void CheckTaken()
    {
        if (_groupFirst < 0) return;
        for (int lane = 0; lane < _groupCount; lane++)
            if (_taken[lane] != _count[lane])
                throw new InvalidOperationException($"Poisson stream {_groupFirst + lane}: {_count[lane] - _taken[lane]} events of the slice were drawn and not taken");
    }

    /// <summary>
    /// Draws the slice's events of the group that begins with stream k: k and the streams after it, up to
    /// <see cref="Width"/>, while they are single streams of the partition's neurons.
    /// </summary>
    private void Draw(int k, double t1)
    {
        CheckTaken();
        int count = 1;
        while (count < Width && k + count - _firstStream < _single.Length && _single[k + count - _firstStream]) count++;
        _groupFirst = k;
        _groupCount = count;

        NeuronState state = _state;
        InputTables inputs = _inputs;
        Span<double> t = stackalloc double[Width], end = stackalloc double[Width], interval = stackalloc double[Width];
        Span<long> left = stackalloc long[Width];
        t.Fill(double.PositiveInfinity); // lanes past the group: never active
        end.Fill(double.NegativeInfinity);
        interval.Clear();
        left.Clear();
        bool pending = false;
        for (int lane = 0; lane < count; lane++)
        {
            int s = k + lane;
            t[lane] = state.PoissonNext[s];
            end[lane] = Math.Min(t1, inputs.PoissonStopMs[s]);
            interval[lane] = inputs.PoissonMeanIntervalMs[s];
            left[lane] = state.PoissonPendingCount[s];
            pending |= left[lane] != 0;
        }
        // Draws left over from a batch (NeuronState.NextExponential: the first event of a stream, or a state saved
        // before streams were drawn here) come first: row r of a lane takes its r-th pending draw.
        Span<double> pendingDraws = stackalloc double[Width * NeuronState.Batch];
        if (pending)
        {
            for (int lane = 0; lane < count; lane++)
                for (int r = 0; r < left[lane]; r++)
                    pendingDraws[r * Width + lane] = state.PoissonPending[(k + lane) * NeuronState.Batch + NeuronState.Batch - (int)left[lane] + r];
        }

        var random = RandomLanes.Load(state.PoissonRandom.AsSpan(k, count), count);
        Vector512<double> time = Vector512.Create<double>(t), stop = Vector512.Create<double>(end), mean = Vector512.Create<double>(interval);
        Vector512<double> active = Vector512.LessThan(time, stop);
        Vector512<long> drawn = Vector512<long>.Zero;
        int rows = 0;
        if (pending)
        {
            var leftLanes = Vector512.Create<long>(left);
            for (; rows < NeuronState.Batch && Vector512.ExtractMostSignificantBits(active) != 0; rows++)
            {
                if ((rows + 1) * Width > _times.Length) Array.Resize(ref _times, 2 * _times.Length);
                Vector512<double> fromPending = Vector512.GreaterThan(leftLanes, Vector512.Create((long)rows)).AsDouble() & active;
                Vector512<double> fresh = -AoclLogarithm.OfNormal(random.NextOpenDouble(Vector512.AndNot(active, fromPending).AsUInt64()));
                Step(ref time, ref active, ref drawn, mean, stop, ref _times[rows * Width],
                     Vector512.ConditionalSelect(fromPending, Vector512.LoadUnsafe(ref pendingDraws[rows * Width]), fresh));
            }
        }
        while (Vector512.ExtractMostSignificantBits(active) != 0)
        {
            if ((rows + 1) * Width > _times.Length) Array.Resize(ref _times, 2 * _times.Length);
            rows = Rows(ref MemoryMarshal.GetArrayDataReference(_times), rows, _times.Length / Width, ref random, ref time, ref active, ref drawn, mean, stop);
        }
        random.Store(state.PoissonRandom.AsSpan(k, count), count);
        for (int lane = 0; lane < count; lane++)
        {
            int s = k + lane, events = (int)drawn.GetElement(lane);
            _count[lane] = events;
            _taken[lane] = 0;
            double next = time.GetElement(lane);
            _after[lane] = next < inputs.PoissonStopMs[s] ? next : double.PositiveInfinity;
            if (left[lane] != 0) state.PoissonPendingCount[s] = (byte)Math.Max(0, left[lane] - events);
        }
    }

    /// <summary>
    /// <see cref="Step"/> for rows [rows, capacity) of <paramref name="times"/> while a lane is active, without pending
    /// draws; returns the rows filled. Every lane's generator steps in every row, so that the next row's draws do
    /// not wait for this row's logarithms (the chain from row to row is the generator's and the times' additions
    /// alone); a lane's state is kept (<paramref name="random"/>) only from the rows it took. Its own call with the
    /// lanes in locals, so that its loop (which calls nothing) keeps them in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Rows(ref double times, int rows, int capacity, ref RandomLanes random, ref Vector512<double> time,
                            ref Vector512<double> active, ref Vector512<long> drawn, Vector512<double> interval, Vector512<double> end)
    {
        RandomLanes ahead = random, kept = random;
        Vector512<double> t = time, a = active;
        Vector512<long> d = drawn;
        for (; rows < capacity && Vector512.ExtractMostSignificantBits(a) != 0; rows++)
        {
            Vector512<double> u = ahead.NextOpenDouble();
            kept = RandomLanes.Select(a.AsUInt64(), ahead, kept);
            Step(ref t, ref a, ref d, interval, end, ref Unsafe.Add(ref times, rows * Width), -AoclLogarithm.OfNormal(u));
        }
        (random, time, active, drawn) = (kept, t, a, d);
        return rows;
    }

    /// <summary>
    /// One event of every active lane: its time goes to <paramref name="row"/>, and the next follows one exponential
    /// interval later (t + draw × interval, as a stream alone); a lane whose next event reaches its end is no longer active.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Vector512<double> time, ref Vector512<double> active, ref Vector512<long> drawn,
                             Vector512<double> interval, Vector512<double> end, ref double row, Vector512<double> draw)
    {
        time.StoreUnsafe(ref row);
        drawn -= active.AsInt64(); // one event, and one draw, more in each active lane
        time = Vector512.ConditionalSelect(active, time + draw * interval, time);
        active &= Vector512.LessThan(time, end);
    }
}
