namespace SpikeSim.Plotting.Data;

/// <summary>
/// A file of a run folder cannot be plotted: it is missing a column, a value does not parse, or it holds no data.
/// The message names the file (and the line, when one is at fault) and what was expected.
/// </summary>
public sealed class PlotDataException(string message) : Exception(message);
