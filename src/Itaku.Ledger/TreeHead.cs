namespace Itaku.Ledger;

/// <summary>The log's current size and root, as last written by the appender (unsigned).</summary>
public sealed class TreeHead(long size, byte[] root)
{
    /// <summary>The head of a log with no entries.</summary>
    public static TreeHead Empty { get; } = new(0, TreeHasher.EmptyRoot());

    /// <summary>Number of entries.</summary>
    public long Size { get; } = size;

    /// <summary>RFC 6962 root hash at <see cref="Size"/>.</summary>
    public byte[] Root { get; } = root;
}
