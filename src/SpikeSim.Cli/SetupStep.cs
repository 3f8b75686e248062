namespace SpikeSim.Cli;

/// <summary>
/// A set-up step (building a network) that the user can stop with Ctrl+C and that says what it is doing when it
/// takes more than a second: the work runs on a worker thread while the command waits for it or for cancellation.
/// A cancelled step's work is abandoned (the process is ending).
/// </summary>
public static class SetupStep
{
    /// <summary>How long a step runs silently, seconds.</summary>
    public const double QuietSeconds = 1.0;

    /// <summary>Runs <paramref name="work"/>, printing "spikesim: <paramref name="what"/>..." if it takes over a second.</summary>
    /// <exception cref="OperationCanceledException">The user stopped it.</exception>
    public static T Run<T>(CliContext context, bool quiet, string what, Func<T> work)
    {
        context.Cancellation.ThrowIfCancellationRequested();
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(TimeSpan.FromSeconds(QuietSeconds), context.Cancellation))
            {
                if (!quiet) context.Error.WriteLine($"spikesim: {what}...");
                task.Wait(context.Cancellation);
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return task.Result;
    }
}
