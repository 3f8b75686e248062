using System.Runtime.InteropServices;
using SpikeSim.Cli;

// Ctrl+C, SIGTERM (kill, SLURM) and SIGHUP (a closed terminal) stop a run cleanly: the partial output folder is
// removed and an earlier run's files stay. A second Ctrl+C kills the process.
using var cancellation = new CancellationTokenSource();
PosixSignal? stoppedBy = null;
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    stoppedBy = PosixSignal.SIGINT;
    cancellation.Cancel();
};
void Stop(PosixSignalContext signal)
{
    if (cancellation.IsCancellationRequested) return;   // a second signal: the default action ends the process
    signal.Cancel = true;
    stoppedBy = signal.Signal;
    cancellation.Cancel();
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

int code = SpikeSimCli.Run(args, new CliContext(Console.Out, Console.Error, !Console.IsErrorRedirected, cancellation.Token));
// As a shell reports a process ended by a signal: 128 + its number (SIGTERM 143, SIGHUP 129; Ctrl+C keeps 130).
return code == ExitCodes.Cancelled && stoppedBy == PosixSignal.SIGTERM ? 128 + 15
     : code == ExitCodes.Cancelled && stoppedBy == PosixSignal.SIGHUP ? 128 + 1
     : code;
