using SpikeSim.Cli;

// Ctrl+C stops a run cleanly (the partial output folder is removed); a second Ctrl+C kills the process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};

return SpikeSimCli.Run(args, new CliContext(Console.Out, Console.Error, !Console.IsErrorRedirected, cancellation.Token));
