namespace SpikeSim.Experiments;

/// <summary>
/// A contrast experiment: a library function that runs simulations, writes a CSV of its numbers and a short
/// Markdown summary into a folder, and returns the numbers its claim rests on. To add one, write a class that
/// implements this interface in its own file and list it in <see cref="ExperimentRegistry.All"/>.
/// </summary>
public interface IExperiment
{
    /// <summary>Short name used on the command line (<c>spikesim experiment NAME</c>), lower case.</summary>
    string Name { get; }

    /// <summary>One line: what the experiment shows.</summary>
    string Summary { get; }

    /// <summary>Runs the experiment, writing its files into <see cref="ExperimentContext.OutDir"/>.</summary>
    ExperimentResult Run(ExperimentContext context);
}

/// <summary>Where and how an experiment runs.</summary>
/// <param name="OutDir">Folder to write into (exists).</param>
/// <param name="Quick">True for a smaller, faster version (tests); the claim must still hold.</param>
/// <param name="Seed">Master seed of every random draw.</param>
/// <param name="Cancellation">Stops the experiment between simulations.</param>
public sealed record ExperimentContext(string OutDir, bool Quick = false, ulong Seed = 1, CancellationToken Cancellation = default)
{
    private readonly string _figureExtension = ExperimentFigure.Png;

    /// <summary>
    /// The image format summary.md shows the figures in, <see cref="ExperimentFigure.Png"/> (default) or
    /// <see cref="ExperimentFigure.Svg"/>: the links' extension (whoever draws the figures writes that format).
    /// </summary>
    /// <exception cref="ArgumentException">Neither png nor svg.</exception>
    public string FigureExtension
    {
        get => _figureExtension;
        init => _figureExtension = value is ExperimentFigure.Png or ExperimentFigure.Svg ? value
            : throw new ArgumentException($"expected {ExperimentFigure.Png} or {ExperimentFigure.Svg}, got '{value}'", nameof(value));
    }
}

/// <summary>What an experiment found.</summary>
/// <param name="Name">The experiment's name.</param>
/// <param name="Claim">The scientific claim it tests, in one sentence.</param>
/// <param name="ClaimHolds">Whether the numbers support the claim.</param>
/// <param name="Numbers">The numbers the claim rests on, by name (units in the names, e.g. max_error_pct).</param>
/// <param name="Files">Names of the files written into the folder.</param>
/// <param name="WallS">Wall-clock time, s (set by <see cref="ExperimentRunner"/>).</param>
/// <param name="Figures">The figures the experiment describes and its summary.md shows (drawn by SpikeSim.Plotting's
/// <c>ExperimentFigures</c>); null for none.</param>
public sealed record ExperimentResult(string Name, string Claim, bool ClaimHolds, IReadOnlyDictionary<string, double> Numbers,
                                      IReadOnlyList<string> Files, double WallS = 0, IReadOnlyList<ExperimentFigure>? Figures = null);

/// <summary>The experiments <c>spikesim experiment</c> knows, in order.</summary>
public static class ExperimentRegistry
{
    /// <summary>Every experiment, in the order of the contrast list (issue 4).</summary>
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new SignalsExperiment(),
        new TimingExperiment(),
        new LearningExperiment(),
        new FaultsExperiment(),
        new CostExperiment(),
        new PlasticityExperiment(),
        new TopologyContrast(),
    ];

    /// <summary>The experiment called <paramref name="name"/>, or null.</summary>
    public static IExperiment? Find(string name)
    {
        foreach (IExperiment e in All) if (e.Name == name) return e;
        return null;
    }
}
