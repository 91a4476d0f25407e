namespace Itaku.Ledger;

/// <summary>
/// Called by <see cref="MerkleTree"/> for every node whose hash becomes known while appending;
/// the appender uses it to fill tiles and the auditor to compare stored hashes.
/// The span is only valid during the call.
/// </summary>
public delegate void NodeVisitor(NodeId node, ReadOnlySpan<byte> hash);
