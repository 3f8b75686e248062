namespace SpikeSim.Modeling;

/// <summary>How a population's neurons are placed in space.</summary>
public enum PositionLayout
{
    /// <summary>A square grid filling a square of side <see cref="PositionSpec.ExtentUm"/>, row by row (z = 0).</summary>
    Grid,
    /// <summary>Uniformly at random in a square of side <see cref="PositionSpec.ExtentUm"/> (z = 0), drawn from the model's seed.</summary>
    Random,
    /// <summary>Coordinates listed in the model file (2 or 3 per neuron).</summary>
    Explicit,
}

/// <summary>
/// The positions of a population's neurons, in µm (SpikeSim's internal unit of length). Positions of all
/// populations share one coordinate frame with its origin at a corner of every layout's square.
/// </summary>
/// <param name="Layout">Grid, random or explicit.</param>
/// <param name="ExtentUm">Side of the square, µm (grid and random layouts; 0 for explicit).</param>
/// <param name="CoordinatesUm">Explicit layout: x, y, z of each neuron in turn (3 per neuron), µm; null otherwise.</param>
public sealed record PositionSpec(PositionLayout Layout, double ExtentUm, double[]? CoordinatesUm = null);

/// <summary>
/// Parameters of the distance rule. Each (source, target) pair at distance d (µm) is connected independently with
/// probability <c>p(d) = P0 exp(-d / LambdaUm)</c>; a synapse's delay is the projection's synaptic delay plus the
/// conduction time <c>d / velocity</c>.
/// </summary>
/// <remarks>
/// Real axons conduct at about 0.6 m/s (thin unmyelinated fibres) to 120 m/s (thick myelinated ones); 1 m/s is
/// 1 mm/ms, so 1 mm of cortex at 1 m/s adds 1 ms.
/// </remarks>
/// <param name="P0">Connection probability at distance 0, in [0, 1].</param>
/// <param name="LambdaUm">Length constant of the decay, µm (&gt; 0).</param>
/// <param name="VelocityMPerS">Conduction velocity, m/s (= mm/ms; &gt; 0).</param>
public sealed record DistanceSpec(double P0, double LambdaUm, double VelocityMPerS)
{
    /// <summary>Conduction time over <paramref name="distanceUm"/> µm, ms: d / (1000 v), since 1 m/s = 1000 µm/ms.</summary>
    public double ConductionDelayMs(double distanceUm) => distanceUm / (1000.0 * VelocityMPerS);

    /// <summary>Connection probability at <paramref name="distanceUm"/> µm.</summary>
    public double Probability(double distanceUm) => P0 * Math.Exp(-distanceUm / LambdaUm);
}
