namespace SpikeSim.Cli;

/// <summary>Where a command writes and what it may know of its surroundings.</summary>
/// <param name="Out">Results (one-line summaries, validation output): stdout.</param>
/// <param name="Error">Errors and progress: stderr.</param>
/// <param name="ErrorIsTerminal">True when <paramref name="Error"/> is an interactive terminal (progress is then a redrawn bar).</param>
/// <param name="Cancellation">Signalled when the user asks to stop (Ctrl+C).</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false, CancellationToken Cancellation = default);
