using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeSim.Neurons;

/// <summary>
/// A cheap lower bound on how long a potential relaxing towards a drive stays below threshold, without a logarithm:
/// the comparison bound of every model's <see cref="INeuronDynamics.CrossingLowerBound"/>.
/// <para>If tau dV/du ≤ D - V with D ≤ D_max, then V(u) ≤ D_max + (V(0) - D_max) e^(-u/tau), which stays below V_th
/// for u &lt; tau ln x, x = (D_max - V(0)) / (D_max - V_th). With a = V_th - V(0) &gt; 0 and b = D_max - V_th &gt; 0
/// (x = 1 + a/b), the [2/2] Padé form 3 (x² - 1)/(x² + 4x + 1) = 3a (a + 2b) / (a² + 6ab + 6b²) is a lower bound of
/// ln x for every x ≥ 1 (the difference vanishes at x = 1 and its derivative, (x - 1)⁴ / (x (x² + 4x + 1)²), is not
/// negative), within 1 % of it for x ≤ 3 and 4 % for x ≤ 6 (it tends to 3 as x grows): one division instead of a logarithm.
/// Margins of 1e-12 (relative) and 1e-12 ms cover rounding, here and in the crossing a model computes (a logarithm
/// of a ratio near 1, a root to 1e-12 ms), so the bound never comes after the crossing the exact search returns.</para>
/// </summary>
internal static class RelaxationBound
{
    /// <summary>
    /// The time (ms) V takes from <paramref name="v"/> &lt; <paramref name="vTh"/> to <paramref name="vTh"/> (mV) while it
    /// relaxes with time constant <paramref name="tau"/> (ms) towards a constant drive <paramref name="drive"/> &gt;
    /// <paramref name="vTh"/>: tau ln((D - V)/(D - V_th)), the closed form that <see cref="TimeBelow(double, double, double, double)"/>
    /// bounds without the logarithm.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Time(double tau, double v, double vTh, double drive) => tau * Math.Log((drive - v) / (drive - vTh));

    /// <summary>
    /// A time (ms) before which V, starting at <paramref name="v"/> &lt; <paramref name="vTh"/> and relaxing with
    /// time constant <paramref name="tau"/> (ms) towards a drive that never exceeds <paramref name="dMax"/> &gt;
    /// <paramref name="vTh"/> (mV), stays below <paramref name="vTh"/>: at most tau ln((D_max - V)/(D_max - V_th)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TimeBelow(double tau, double v, double vTh, double dMax) =>
        Math.Max(0, tau * LogLowerBound(vTh - v, dMax - vTh) * (1 - 1e-12) - 1e-12);

    /// <summary>
    /// The comparison bound of <see cref="INeuronDynamics.CrossingLowerBound"/> from free evolution starting at
    /// <paramref name="s"/> (ms), in eight lanes: s where V ≥ V_th already, +∞ where the drive never exceeds V_th,
    /// else s + <see cref="TimeBelow(Vector512{double}, Vector512{double}, Vector512{double}, Vector512{double})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> CrossingLanes(Vector512<double> s, double tau, Vector512<double> v, double vTh, Vector512<double> dMax)
    {
        Vector512<double> th = Vector512.Create(vTh);
        Vector512<double> bound = s + TimeBelow(Vector512.Create(tau), v, th, dMax);
        bound = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(dMax, th), Vector512.Create(double.PositiveInfinity), bound);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(v, th), s, bound);
    }

    /// <summary><see cref="TimeBelow(double, double, double, double)"/> of eight lanes, each with its own time constant (ms), operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> TimeBelow(Vector512<double> tau, Vector512<double> v, Vector512<double> vTh, Vector512<double> dMax) =>
        Vector512.Max(Vector512<double>.Zero, tau * LogLowerBound(vTh - v, dMax - vTh) * Vector512.Create(1 - 1e-12) - Vector512.Create(1e-12));

    /// <summary>A lower bound of ln(1 + a/b) for a ≥ 0, b &gt; 0 (the Padé form above, without margins).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogLowerBound(double a, double b) => 3 * a * (a + 2 * b) / (a * a + 6 * a * b + 6 * b * b);

    /// <summary><see cref="LogLowerBound(double, double)"/> of eight lanes, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogLowerBound(Vector512<double> a, Vector512<double> b) =>
        Vector512.Create(3.0) * a * (a + Vector512.Create(2.0) * b) / (a * a + Vector512.Create(6.0) * a * b + Vector512.Create(6.0) * b * b);
}
