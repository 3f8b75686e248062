using SpikeSim.Modeling;

namespace SpikeSim.Plasticity;

/// <summary>
/// Rate-based Hebbian learning on real-valued activity: one update step of plain Hebb, Oja or BCM for a layer of
/// weights w[i, j] from presynaptic activities x[j] to postsynaptic activities y[i].
/// </summary>
/// <remarks>
/// <para><b>Equations</b> (η = <c>eta</c>, per update step):</para>
/// <code>
///   hebb:  Δw_ij = η y_i x_j
///   oja:   Δw_ij = η y_i (x_j − y_i w_ij)                       (Oja 1982)
///   bcm:   Δw_ij = η x_j y_i (y_i − θ_i),  Δθ_i = (y_i² − θ_i) / τ_θ   (Bienenstock, Cooper and Munro 1982)
/// </code>
/// <para>then w is clipped to [<c>w_min</c>, <c>w_max</c>]. Plain Hebb grows without bound unless clipped; Oja's
/// normalising term makes a linear neuron's weight vector converge to the unit-length first principal component of
/// its inputs' covariance; BCM's sliding threshold θ (a running mean of y², with τ_θ in update steps) turns
/// potentiation into depression for weakly driving inputs, so the neuron becomes selective.</para>
/// <para>Parameters in a model file: <c>"plasticity": {"rule": "hebb" | "oja" | "bcm", "eta": 0.01, "tau_theta": 10,
/// "w_min": ..., "w_max": ...}</c>. The rule acts on activations in the artificial mode; on spiking neurons use the
/// rates (spikes per second) as x and y.</para>
/// </remarks>
public static class RateRule
{
    /// <summary>
    /// Applies one update of <paramref name="rule"/> to <paramref name="weights"/> (row-major: row i holds the
    /// weights onto target i, one column per source).
    /// </summary>
    /// <param name="rule">The rule and its parameters.</param>
    /// <param name="weights">Weights, targets × sources, changed in place.</param>
    /// <param name="x">Presynaptic activities (one per source).</param>
    /// <param name="y">Postsynaptic activities (one per target).</param>
    /// <param name="theta">BCM thresholds, one per target, changed in place (ignored by the other rules; may be empty).</param>
    public static void Apply(RateRuleSpec rule, Span<double> weights, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> theta)
    {
        ArgumentNullException.ThrowIfNull(rule);
        int sources = x.Length, targets = y.Length;
        if (weights.Length != sources * targets)
            throw new ArgumentException($"expected {targets} × {sources} weights, got {weights.Length}", nameof(weights));
        if (rule.Kind == RateRuleKind.Bcm && theta.Length != targets)
            throw new ArgumentException($"BCM needs one threshold per target ({targets}), got {theta.Length}", nameof(theta));
        double eta = rule.Eta;
        for (int i = 0; i < targets; i++)
        {
            Span<double> row = weights.Slice(i * sources, sources);
            double yi = y[i];
            switch (rule.Kind)
            {
                case RateRuleKind.Hebb:
                    for (int j = 0; j < sources; j++) row[j] = Clip(row[j] + eta * yi * x[j], rule);
                    break;
                case RateRuleKind.Oja:
                    for (int j = 0; j < sources; j++) row[j] = Clip(row[j] + eta * yi * (x[j] - yi * row[j]), rule);
                    break;
                case RateRuleKind.Bcm:
                    double factor = eta * yi * (yi - theta[i]);
                    for (int j = 0; j < sources; j++) row[j] = Clip(row[j] + factor * x[j], rule);
                    theta[i] += (yi * yi - theta[i]) / rule.TauTheta;
                    break;
            }
        }
    }

    private static double Clip(double w, RateRuleSpec rule) => w < rule.WMin ? rule.WMin : w > rule.WMax ? rule.WMax : w;
}
