namespace Itaku.Ledger;

/// <summary>Returns the hashes of perfect subtrees; proofs are built from O(log n) of them.</summary>
public interface IHashReader
{
    /// <summary>
    /// Returns one 32-byte hash for each node, in order. Throws <see cref="LedgerIntegrityException"/>
    /// if a node is not (yet) stored.
    /// </summary>
    Task<IReadOnlyList<byte[]>> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default);
}
