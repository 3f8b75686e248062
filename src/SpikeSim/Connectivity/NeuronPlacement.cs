using SpikeSim.Modeling;
using SpikeSim.Randomness;

namespace SpikeSim.Connectivity;

/// <summary>
/// Turns a population's <see cref="PositionSpec"/> into coordinates, µm. Grid and explicit layouts are fixed; a
/// random layout draws from the stream (seed, <see cref="StreamKind.Placement"/>, population), so the same model
/// and seed always place the neurons in the same spots.
/// </summary>
public static class NeuronPlacement
{
    /// <summary>
    /// x, y, z of each neuron of population <paramref name="population"/> in turn (3 values per neuron), µm.
    /// </summary>
    /// <exception cref="InvalidOperationException">The population has no positions.</exception>
    public static double[] Place(ModelSpec model, int population)
    {
        PopulationSpec pop = model.Populations[population];
        PositionSpec spec = pop.Positions
            ?? throw new InvalidOperationException($"population \"{pop.Name}\" has no positions");
        return Place(spec, pop.Size, model.Seed, population);
    }

    /// <summary>Coordinates (x, y, z per neuron, µm) of <paramref name="size"/> neurons laid out by <paramref name="spec"/>.</summary>
    /// <param name="spec">The layout.</param>
    /// <param name="size">Number of neurons.</param>
    /// <param name="seed">Master seed (random layout).</param>
    /// <param name="population">Population index: part of the random layout's stream key.</param>
    public static double[] Place(PositionSpec spec, int size, ulong seed, int population)
    {
        var xyz = new double[3 * size];
        switch (spec.Layout)
        {
            case PositionLayout.Explicit:
                Array.Copy(spec.CoordinatesUm!, xyz, xyz.Length);
                break;
            case PositionLayout.Grid:
            {
                // The smallest square grid that holds every neuron; each neuron sits at the centre of its cell.
                int columns = (int)Math.Ceiling(Math.Sqrt(size));
                double spacing = spec.ExtentUm / columns;
                for (int i = 0; i < size; i++)
                {
                    xyz[3 * i] = (i % columns + 0.5) * spacing;
                    xyz[3 * i + 1] = (i / columns + 0.5) * spacing;
                }
                break;
            }
            case PositionLayout.Random:
            {
                var rng = new RandomStream(seed, StreamKind.Placement, population);
                for (int i = 0; i < size; i++)
                {
                    xyz[3 * i] = rng.NextDouble() * spec.ExtentUm;
                    xyz[3 * i + 1] = rng.NextDouble() * spec.ExtentUm;
                }
                break;
            }
            default:
                throw new ArgumentException($"unknown layout {spec.Layout}");
        }
        return xyz;
    }

    /// <summary>Euclidean distance between neuron <paramref name="i"/> of <paramref name="a"/> and <paramref name="j"/> of <paramref name="b"/>, µm.</summary>
    public static double Distance(double[] a, int i, double[] b, int j)
    {
        double dx = a[3 * i] - b[3 * j], dy = a[3 * i + 1] - b[3 * j + 1], dz = a[3 * i + 2] - b[3 * j + 2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
