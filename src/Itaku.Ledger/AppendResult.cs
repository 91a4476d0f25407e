namespace Itaku.Ledger;

/// <summary>What an append did: the first new entry's index, and the log's new size and root.</summary>
public sealed class AppendResult(long firstIndex, long newSize, byte[] root)
{
    /// <summary>Index of the first appended entry (later ones follow consecutively).</summary>
    public long FirstIndex { get; } = firstIndex;

    /// <summary>Size of the log after the append.</summary>
    public long NewSize { get; } = newSize;

    /// <summary>Root of the log after the append.</summary>
    public byte[] Root { get; } = root;
}
