using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// Four (or eight) neurons' values of one state array in one vector: the loads and stores of
/// <see cref="INeuronDynamics.EventLanes"/> (and <see cref="INeuronDynamics.EventLanesWide"/>), its finiteness test, and
/// its scalar form for parameters a model's vector form does not cover. <c>local</c> holds four (eight) indices into
/// the array (lanes past the count the engine queued repeat lane 0).
/// </summary>
internal static class Lanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] values, ReadOnlySpan<int> local) =>
        Vector256.Create(values[local[0]], values[local[1]], values[local[2]], values[local[3]]);

    /// <summary>
    /// Stores lanes [0, count), each taken from the register by a constant index (a loop over k would store the vector
    /// to the stack and read each lane back from there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] values, ReadOnlySpan<int> local, int count, Vector256<double> lanes)
    {
        if (count <= 0) return;
        values[local[0]] = lanes.ToScalar();
        if (count > 1) values[local[1]] = lanes.GetElement(1);
        if (count <= 2) return;
        Vector128<double> upper = lanes.GetUpper();
        values[local[2]] = upper.ToScalar();
        if (count > 3) values[local[3]] = upper.GetElement(1);
    }

    /// <summary>Eight neurons' values of one state array (<see cref="INeuronDynamics.EventLanesWide"/>): the loads of four, twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LoadWide(double[] values, ReadOnlySpan<int> local) =>
        Vector512.Create(Load(values, local), Load(values, local[4..]));

    /// <summary>Stores lanes [0, count) of eight (<see cref="Store(double[], ReadOnlySpan{int}, int, Vector256{double})"/> of each half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] values, ReadOnlySpan<int> local, int count, Vector512<double> lanes)
    {
        Store(values, local, count, lanes.GetLower());
        if (count > 4) Store(values, local[4..], count - 4, lanes.GetUpper());
    }

    /// <summary>Whether every lane of every argument, eight lanes each, is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
        Vector512.EqualsAll((a - a) + (b - b) + (c - c), Vector512<double>.Zero);

    /// <summary>Whether every lane of eight is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector512<double> a) => Vector512.EqualsAll(a - a, Vector512<double>.Zero);

    /// <summary>
    /// <see cref="INeuronDynamics.EventLanes"/> done by the scalar calls, lane by lane, for a parameter set whose vector
    /// form a model does not cover. <paramref name="finite"/> is false: the engine then checks the stored state itself.
    /// </summary>
    public static Vector256<double> ByScalarVisits<T>(T template, double[][] state, ReadOnlySpan<int> local, int count, Vector256<double> t,
                                                      Vector256<double> te, Vector256<double> w, out bool finite)
        where T : struct, INeuronDynamics
    {
        Span<double> bounds = stackalloc double[4];
        for (int k = 0; k < 4; k++) bounds[k] = double.PositiveInfinity;
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
            bounds[k] = dyn.CrossingLowerBound();
            dyn.Store(state, local[k]);
        }
        finite = false;
        return Vector256.Create(bounds[0], bounds[1], bounds[2], bounds[3]);
    }

    /// <summary>
    /// <see cref="ByScalarVisits{T}(T, double[][], ReadOnlySpan{int}, int, Vector256{double}, Vector256{double}, Vector256{double}, out bool)"/>
    /// of eight lanes (<see cref="INeuronDynamics.EventLanesWide"/>), four at a time; a lane's
    /// <see cref="Engine.DynamicsOverflowException.Lane"/> counts from the first of the eight.
    /// </summary>
    public static Vector512<double> ByScalarVisits<T>(T template, double[][] state, ReadOnlySpan<int> local, int count, Vector512<double> t,
                                                      Vector512<double> te, Vector512<double> w, out bool finite)
        where T : struct, INeuronDynamics
    {
        Vector256<double> low = ByScalarVisits(template, state, local, Math.Min(count, 4), t.GetLower(), te.GetLower(), w.GetLower(), out finite);
        Vector256<double> high = Vector256.Create(double.PositiveInfinity);
        if (count > 4)
        {
            try
            {
                high = ByScalarVisits(template, state, local[4..], count - 4, t.GetUpper(), te.GetUpper(), w.GetUpper(), out finite);
            }
            catch (Engine.DynamicsOverflowException e)
            {
                e.Lane += 4;
                throw;
            }
        }
        return Vector512.Create(low, high);
    }

    /// <summary>Whether every lane is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector256<double> a) => Vector256.EqualsAll(a - a, Vector256<double>.Zero);

    /// <summary>Whether every lane of every argument is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Vector256.EqualsAll((a - a) + (b - b) + (c - c), Vector256<double>.Zero);
}
