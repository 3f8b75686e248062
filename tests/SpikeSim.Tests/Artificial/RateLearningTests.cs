using SpikeSim.Artificial;
using SpikeSim.Engine;
using SpikeSim.Modeling;
using SpikeSim.Plasticity;

namespace SpikeSim.Tests.Artificial;

/// <summary>Rate rules (hebb, oja, bcm) in the artificial engine: exactly RateRule's update per step, and what the rules are known to do.</summary>
public class RateLearningTests
{
    private static readonly LifSpec Unused = LifSpec.Default("delta");

    private static PopulationSpec Linear(string name, int size, double gain = 1, double bias = 0) =>
        new(name, size, Unused, new ActivationSpec(NeuronModel.Linear, gain, bias));

    private static RateRuleSpec Rule(RateRuleKind kind, double eta, double tauTheta = 10, double wMin = double.NegativeInfinity, double wMax = double.PositiveInfinity) =>
        new(kind, eta, tauTheta, wMin, wMax);

    /// <summary>A feedforward layer "in" (linear, driven by one current step per ms, i.e. a new pattern per presentation) → "out".</summary>
    private static ModelSpec Layer(double[][] patterns, double[][] w0, RateRuleSpec rule, double gain = 1, double bias = 0)
    {
        // One pattern throughout: a values input; else one current step per pattern.
        bool constant = patterns.All(p => p.SequenceEqual(patterns[0]));
        var steps = new CurrentStep[patterns.Length];
        for (int k = 0; k < patterns.Length; k++) steps[k] = new CurrentStep(k, new PerNeuron(patterns[k]));
        InputSpec input = constant ? new ValuesInput("in", null, new PerNeuron(patterns[0])) : new CurrentInput("in", null, steps);
        return new ModelSpec("layer", 1, patterns.Length, [Linear("in", patterns[0].Length), Linear("out", w0.Length, gain, bias)],
            [new ProjectionSpec("in-out", "in", "out", new ConnectSpec(ConnectRule.AllToAll), new MatrixValue(w0), new ConstantValue(1), rule)],
            [input], RecordSpec.None);
    }

    private static double[] Dense(ArtificialSimulator sim, int targets, int sources)
    {
        // Table order is by source, then target: synapse k = s * targets + i carries W[i, s].
        var w = new double[targets * sources];
        for (int s = 0; s < sources; s++)
            for (int i = 0; i < targets; i++) w[i * sources + s] = sim.WeightOf(0, s * targets + i);
        return w;
    }

    [Theory]
    [InlineData(RateRuleKind.Hebb)]
    [InlineData(RateRuleKind.Oja)]
    [InlineData(RateRuleKind.Bcm)]
    public void EachPresentationAppliesExactlyRateRulesUpdate(RateRuleKind kind)
    {
        var random = new Random(7);
        double[][] patterns = new double[40][];
        for (int k = 0; k < patterns.Length; k++) patterns[k] = [random.NextDouble() - 0.3, random.NextDouble(), 2 * random.NextDouble() - 1];
        double[][] w0 = [[0.5, -0.25, 0.125], [0.75, 0.375, -0.5]]; // exact in single precision, as matrices are stored
        RateRuleSpec rule = Rule(kind, 0.05, tauTheta: 3, wMin: -0.8, wMax: 0.9);
        const double gain = 1.5, bias = 0.25;
        var sim = new ArtificialSimulator(Network.Build(Layer(patterns, w0, rule, gain, bias)));
        ArtificialResult result = sim.Run();
        Assert.False(result.Recurrent);
        Assert.Equal(patterns.Length, result.Steps);
        Assert.Equal(6L * patterns.Length, result.Macs);

        // By hand: y = gain (W x) + bias, then RateRule.Apply on the dense matrix, pattern after pattern.
        double[] w = [0.5, -0.25, 0.125, 0.75, 0.375, -0.5];
        double[] y = new double[2], theta = new double[2];
        foreach (double[] x in patterns)
        {
            for (int i = 0; i < 2; i++)
            {
                double sum = 0;
                for (int j = 0; j < 3; j++) sum += w[i * 3 + j] * x[j];
                y[i] = gain * sum + bias;
            }
            RateRule.Apply(rule, w, x, y, theta);
        }
        Assert.Equal(w, Dense(sim, 2, 3));                   // bit for bit
        Assert.Equal(y, result.Values.AsSpan(3, 2).ToArray()); // the last presentation's outputs (before its update)
        Assert.Contains(w, v => v != 0.5 && v != -0.25 && v != 0.125 && v != 0.75 && v != 0.375 && v != -0.5);
    }

    [Fact]
    public void RecurrentStepsLearnFromTheSourceValueThatDroveTheTarget()
    {
        // a(k) = 0.5 a(k-1) + 1 (a self-loop makes the graph recurrent), b(k) = w a(k-1); Hebb: w += η b(k) a(k-1).
        var spec = new ModelSpec("rec", 1, 20, [Linear("a", 1), Linear("b", 1)],
            [new ProjectionSpec("a-a", "a", "a", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(0.5), new ConstantValue(1)),
             new ProjectionSpec("a-b", "a", "b", new ConnectSpec(ConnectRule.AllToAll), new ConstantValue(0.25), new ConstantValue(1), Rule(RateRuleKind.Hebb, 0.1))],
            [new ValuesInput("a", null, PerNeuron.Of(1))], RecordSpec.None, StepMs: 2);
        var sim = new ArtificialSimulator(Network.Build(spec));
        ArtificialResult r = sim.Run();
        Assert.True(r.Recurrent);
        double a = 0, b = 0, w = 0.25;
        for (int k = 1; k <= 10; k++)
        {
            double aNext = 0 + 0.5 * a + 1, bNext = 0 + w * a;
            w += 0.1 * bNext * a;
            (a, b) = (aNext, bNext);
        }
        Assert.Equal(w, sim.WeightOf(1, 0));
        Assert.Equal(0.5, sim.WeightOf(0, 0)); // the fixed projection keeps its weight
        Assert.Equal([a, b], r.Values);
    }

    [Fact]
    public void OjaThroughTheEngineFindsTheFirstPrincipalComponent()
    {
        // Zero-mean inputs x = L z, covariance [[3, 1], [1, 2]]: leading eigenvector at angle φ = atan2(2, 1) / 2.
        double l11 = Math.Sqrt(3), l21 = 1 / Math.Sqrt(3), l22 = Math.Sqrt(2 - 1.0 / 3);
        var random = new Random(3);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var patterns = new double[1500][];
        for (int k = 0; k < patterns.Length; k++)
        {
            double z1 = Gaussian(), z2 = Gaussian();
            patterns[k] = [l11 * z1, l21 * z1 + l22 * z2];
        }
        var sim = new ArtificialSimulator(Network.Build(Layer(patterns, [[0.25, -0.75]], Rule(RateRuleKind.Oja, 0.005))));
        sim.Run();
        double w1 = sim.WeightOf(0, 0), w2 = sim.WeightOf(0, 1), phi = 0.5 * Math.Atan2(2, 1);
        Assert.InRange(Math.Sqrt(w1 * w1 + w2 * w2), 0.95, 1.05);                             // unit length
        Assert.True(Math.Abs(w1 * Math.Cos(phi) + w2 * Math.Sin(phi)) > 0.995, $"w = ({w1}, {w2})"); // along the PC (either sign)
    }

    [Fact]
    public void HebbGrowsWithCorrelationAndShrinksWithAntiCorrelation()
    {
        // Inputs +1 and -1, output y = w·x + 1 > 0: Δw = η y x is positive for the first, negative for the second.
        double[][] patterns = Enumerable.Repeat(new[] { 1.0, -1.0 }, 200).ToArray();
        var sim = new ArtificialSimulator(Network.Build(Layer(patterns, [[0, 0]], Rule(RateRuleKind.Hebb, 0.01, wMin: -0.5, wMax: 0.5), bias: 1)));
        sim.Run();
        Assert.Equal(0.5, sim.WeightOf(0, 0));
        Assert.Equal(-0.5, sim.WeightOf(0, 1));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(2.0)]
    public void BcmSlidingThresholdDrivesTheOutputToItsFixedPoint(double w0)
    {
        // Constant input 1 onto a linear neuron: y = w. With θ tracking y², potentiation while y > θ (y < 1) and
        // depression while y < θ (y > 1): y settles at the fixed point y = θ = y² = 1, from below or above.
        double[][] patterns = Enumerable.Repeat(new[] { 1.0 }, 3000).ToArray();
        var sim = new ArtificialSimulator(Network.Build(Layer(patterns, [[w0]], Rule(RateRuleKind.Bcm, 0.02, tauTheta: 2))));
        var seen = new List<double>();
        sim.Run(new StepProbe(v => seen.Add(v[1])));
        Assert.Equal(1.0, sim.WeightOf(0, 0), 6);
        if (w0 < 1) Assert.True(seen[10] > seen[0]); else Assert.True(seen[10] < seen[0]);
    }

    [Fact]
    public void SameModelGivesTheSameWeightsTwice()
    {
        var random = new Random(11);
        double[][] patterns = new double[100][];
        for (int k = 0; k < patterns.Length; k++) patterns[k] = [random.NextDouble(), random.NextDouble()];
        double[] Run()
        {
            var sim = new ArtificialSimulator(Network.Build(Layer(patterns, [[0.5, 0.5]], Rule(RateRuleKind.Bcm, 0.1))));
            sim.Run();
            return [sim.WeightOf(0, 0), sim.WeightOf(0, 1)];
        }
        Assert.Equal(Run(), Run());
    }

    private sealed class StepProbe(Action<double[]> onStep) : IArtificialObserver
    {
        public void OnStep(int step, ReadOnlySpan<double> values) => onStep(values.ToArray());
    }
}
