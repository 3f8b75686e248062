namespace SpikeSim.Cli;

/// <summary>The process exit codes of <c>spikesim</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The run failed after its input was accepted (I/O error, internal error).</summary>
    public const int RunFailed = 1;

    /// <summary>Bad input: invalid model, missing file, unknown or invalid command-line option or argument.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by the user (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
