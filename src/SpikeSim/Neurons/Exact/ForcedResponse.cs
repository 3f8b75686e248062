namespace SpikeSim.Neurons;

/// <summary>
/// Particular solutions q(t) e^(st) of linear equations with constant coefficients forced by (p0 + p1 t) e^(st),
/// by undetermined coefficients. At resonance (s a root of the characteristic polynomial) q gains one degree per
/// multiplicity of the root: this is the closed form of the degenerate cases (tau_syn = tau_m, forcing at an
/// adaptation eigenvalue), not a limit taken numerically.
/// </summary>
internal static class ForcedResponse
{
    /// <summary>
    /// x' = lambda x + (p0 + p1 t) e^(st): q' + k q = p with k = s - lambda (pass 0 at resonance). Returns q0..q2.
    /// </summary>
    public static (double Q0, double Q1, double Q2) FirstOrder(double k, double p0, double p1)
    {
        if (k == 0) return (0, p0, p1 / 2);
        double q1 = p1 / k;
        return ((p0 - q1) / k, q1, 0);
    }

    /// <summary>
    /// x'' - T x' + D x = (p0 + p1 t) e^(st): q'' + P'(s) q' + P(s) q = p with P(z) = z² - T z + D (pass P = 0 at a
    /// root, and also P' = 0 at a double root). Returns q0..q3.
    /// </summary>
    public static (double Q0, double Q1, double Q2, double Q3) SecondOrder(double pAtS, double slopeAtS, double p0, double p1)
    {
        if (pAtS != 0)
        {
            double q1 = p1 / pAtS;
            return ((p0 - slopeAtS * q1) / pAtS, q1, 0, 0);
        }
        if (slopeAtS != 0)
        {
            // q = q1 t + q2 t²: 2 slope q2 = p1, 2 q2 + slope q1 = p0.
            double q2 = p1 / (2 * slopeAtS);
            return (0, (p0 - 2 * q2) / slopeAtS, q2, 0);
        }
        return (0, 0, p0 / 2, p1 / 6); // q'' = p
    }
}
