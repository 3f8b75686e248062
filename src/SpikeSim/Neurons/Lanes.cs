using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// Four neurons' values of one state array in one vector: the loads and stores of
/// <see cref="INeuronDynamics.EventLanes"/>. <c>local</c> holds four indices into the array (lanes past the count the
/// engine queued repeat lane 0).
/// </summary>
internal static class Lanes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] values, ReadOnlySpan<int> local) =>
        Vector256.Create(values[local[0]], values[local[1]], values[local[2]], values[local[3]]);

    /// <summary>Stores lanes [0, count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] values, ReadOnlySpan<int> local, int count, Vector256<double> lanes)
    {
        for (int k = 0; k < count; k++) values[local[k]] = lanes.GetElement(k);
    }

    /// <summary>Whether every lane of every argument is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Finite(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Vector256.EqualsAll((a - a) + (b - b) + (c - c), Vector256<double>.Zero);
}
