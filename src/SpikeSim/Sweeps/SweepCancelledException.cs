namespace SpikeSim.Sweeps;

/// <summary>A sweep stopped before its end; the runs it finished are kept in its journal and results.</summary>
/// <param name="kept">Runs kept in the folder (resumed ones included).</param>
/// <param name="total">Runs of the whole sweep (or shard).</param>
/// <param name="token">The token that stopped it.</param>
public sealed class SweepCancelledException(long kept, long total, CancellationToken token)
    : OperationCanceledException($"the sweep was stopped with {kept} of {total} runs kept", token)
{
    /// <summary>Runs kept in the folder (resumed ones included).</summary>
    public long Kept { get; } = kept;

    /// <summary>Runs of the whole sweep (or shard).</summary>
    public long Total { get; } = total;
}
