namespace Itaku.Ledger;

/// <summary>Reads stored tiles.</summary>
public interface ITileReader
{
    /// <summary>
    /// Returns the current hashes of tile (<paramref name="level"/>, <paramref name="index"/>), 32 bytes each,
    /// at whatever width it has reached, or null if it was never written. A narrower (partial) version is
    /// always a prefix of a wider one, so callers take the first W hashes for width W.
    /// </summary>
    Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default);
}
