namespace Itaku.Ledger;

/// <summary>
/// A store whose oldest entries may have lost their payload to a retention period. A pruned entry keeps
/// its RFC 6962 leaf hash, so an auditor can still recompute the pruned prefix of the tree and compare it
/// with the higher-level tiles that pruning keeps; level-0 tiles wholly inside the pruned prefix may be gone.
/// </summary>
public interface IPrunableLedgerStore : ILedgerStore
{
    /// <summary>Entries below this index are pruned (0: none).</summary>
    Task<long> ReadPrunedBeforeAsync(CancellationToken cancellationToken = default);

    /// <summary>Leaf hashes of pruned entries [<paramref name="start"/>, <paramref name="end"/>) in order; stops early at the first absent one.</summary>
    IAsyncEnumerable<byte[]> ReadLeafHashesAsync(long start, long end, CancellationToken cancellationToken = default);
}
