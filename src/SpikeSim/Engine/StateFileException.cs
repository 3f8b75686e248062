namespace SpikeSim.Engine;

/// <summary>
/// A saved simulation state that cannot be used: unreadable, truncated, corrupted, from another format version, or
/// saved from a network of another shape than the one it is loaded into. The command line reports it with exit code 2.
/// </summary>
public sealed class StateFileException(string message) : Exception(message);
