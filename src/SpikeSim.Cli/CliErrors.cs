using SpikeSim.Modeling;

namespace SpikeSim.Cli;

/// <summary>An error in what the user gave on the command line (exit code 2); its message is shown as is.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>Runs a command's body and turns its exceptions into one "spikesim: error: " line and an exit code.</summary>
public static class CliErrors
{
    /// <summary>The prefix of every error line on stderr.</summary>
    public const string Prefix = "spikesim: error: ";

    /// <summary>
    /// Runs <paramref name="body"/>: <see cref="ModelException"/>, <see cref="CliUsageException"/> and a figure selection
    /// the run lacks (<see cref="Plotting.Data.PlotSelectionException"/>, its line naming the option) give
    /// <see cref="ExitCodes.BadInput"/>, cancellation <see cref="ExitCodes.Cancelled"/>, anything else
    /// <see cref="ExitCodes.RunFailed"/>. User errors print their message only, never a stack trace
    /// (set SPIKESIM_DEBUG=1 to see the stack trace of an internal error).
    /// </summary>
    public static int Execute(CliContext context, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Report(context.Error, e);
        }
    }

    /// <summary>Prints the error line for <paramref name="e"/> and returns its exit code.</summary>
    public static int Report(TextWriter error, Exception e)
    {
        switch (e)
        {
            case Plotting.Data.PlotSelectionException selection:
                error.WriteLine(Prefix + PlotSelectionOptions.Describe(selection));
                return ExitCodes.BadInput;
            case ModelException or CliUsageException or Engine.StateFileException or Plotting.Data.PlotDataException:
                error.WriteLine(Prefix + e.Message);
                return ExitCodes.BadInput;
            case OperationCanceledException:
                error.WriteLine(Prefix + "stopped by the user; nothing was written");
                return ExitCodes.Cancelled;
            case IOException or UnauthorizedAccessException or SpikeSim.Engine.NonFiniteValueException or SpikeSim.Engine.RunawayFiringException:
                error.WriteLine(Prefix + e.Message);
                return ExitCodes.RunFailed;
            default:
                error.WriteLine($"{Prefix}internal error: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("SPIKESIM_DEBUG") is "1" or "true")
                    error.WriteLine(e.ToString());
                else
                    error.WriteLine("spikesim: set SPIKESIM_DEBUG=1 for the stack trace and please report the bug");
                return ExitCodes.RunFailed;
        }
    }
}
