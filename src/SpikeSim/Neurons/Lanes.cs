using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// Eight neurons' values of one state array in one vector: the loads and stores of
/// <see cref="INeuronDynamics.EventLanes"/>, its finiteness test, and its scalar form for parameters a model's vector
/// form does not cover. <c>local</c> holds eight indices into the array (lanes past the count the engine queued repeat
/// lane 0).
/// </summary>
internal static class Lanes
{
    /// <summary>The values of the eight neurons <paramref name="local"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(double[] values, ReadOnlySpan<int> local) =>
        Join(Vector256.Create(values[local[0]], values[local[1]], values[local[2]], values[local[3]]),
             Vector256.Create(values[local[4]], values[local[5]], values[local[6]], values[local[7]]));

    /// <summary>
    /// Eight lanes from two halves, built in registers: <c>Vector512.Create(lower, upper)</c> compiles to an insertion
    /// into a vector read from the stack, and when that slot was last written by narrower stores the read waits for
    /// them (a store-forwarding stall: tests/SpikeSim.Benchmarks/README.md, "The event lanes eight wide").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Join(Vector256<double> lower, Vector256<double> upper) => lower.ToVector512Unsafe().WithUpper(upper);

    /// <summary>Stores lanes [0, count) of eight (<see cref="StoreFour"/> of each half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] values, ReadOnlySpan<int> local, int count, Vector512<double> lanes)
    {
        StoreFour(values, local, count, lanes.GetLower());
        if (count > 4) StoreFour(values, local[4..], count - 4, lanes.GetUpper());
    }

    /// <summary>
    /// Stores lanes [0, count) of four, each taken from the register by a constant index (a loop over k would store
    /// the vector to the stack and read each lane back from there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFour(double[] values, ReadOnlySpan<int> local, int count, Vector256<double> lanes)
    {
        if (count <= 0) return;
        values[local[0]] = lanes.ToScalar();
        if (count > 1) values[local[1]] = lanes.GetElement(1);
        if (count <= 2) return;
        Vector128<double> upper = lanes.GetUpper();
        values[local[2]] = upper.ToScalar();
        if (count > 3) values[local[3]] = upper.GetElement(1);
    }

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes{TExp}"/> of <paramref name="template"/>, the one way the engine (and a test)
    /// calls it: on <see cref="Exponential.FastOnly"/>, and again on <see cref="Exponential.AnyRange"/> where that call
    /// found an exponential out of its range (a neuron silent for hundreds of time constants) and stored nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> EventLanes<T>(in T template, double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                  Vector512<double> te, Vector512<double> w, out bool finite)
        where T : struct, INeuronDynamics
    {
        // (through a plain reference: a call on an `in` value of a type parameter would copy it first)
        ref T model = ref Unsafe.AsRef(in template);
        Vector512<double> bounds = model.EventLanes<Exponential.FastOnly>(state, local, count, t, te, w, out finite, out bool outOfRange);
        if (outOfRange) bounds = EventLanesAnyRange(ref model, state, local, count, t, te, w, out finite);
        return bounds;
    }

    /// <summary>The second call of <see cref="EventLanes{T}"/>, out of line (it is rare).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> EventLanesAnyRange<T>(ref T model, double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                           Vector512<double> te, Vector512<double> w, out bool finite)
        where T : struct, INeuronDynamics =>
        model.EventLanes<Exponential.AnyRange>(state, local, count, t, te, w, out finite, out _);

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes{TExp}"/> done by the scalar calls, lane by lane, for a parameter set whose vector
    /// form a model does not cover. <paramref name="finite"/> is false: the engine then checks the stored state itself.
    /// </summary>
    public static Vector512<double> ByScalarVisits<T>(T template, double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                      Vector512<double> te, Vector512<double> w, out bool finite)
        where T : struct, INeuronDynamics
    {
        Vector512<double> bounds = Vector512.Create(double.PositiveInfinity);
        for (int k = 0; k < count; k++)
        {
            T dyn = template;
            dyn.Load(state, local[k], t[k]);
            try
            {
                dyn.AdvanceTo(te[k]);
            }
            catch (Engine.DynamicsOverflowException e)
            {
                e.Lane = k;
                throw;
            }
            dyn.Receive(w[k]);
            bounds = bounds.WithElement(k, dyn.CrossingLowerBound());
            dyn.Store(state, local[k]);
        }
        finite = false;
        return bounds;
    }

    /// <summary>Whether every lane is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector512<double> a) => Vector512.EqualsAll(a - a, Vector512<double>.Zero);

    /// <summary>Whether every lane of every argument is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
        Vector512.EqualsAll((a - a) + (b - b) + (c - c), Vector512<double>.Zero);
}
