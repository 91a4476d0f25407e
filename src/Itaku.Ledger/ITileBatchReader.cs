namespace Itaku.Ledger;

/// <summary>
/// A tile reader that can fetch several tiles in one round trip. A proof at 10 M entries touches about five
/// tiles; over a database each separate read is a round trip, so <see cref="TileHashReader"/> asks for
/// them all at once when the store offers this.
/// </summary>
public interface ITileBatchReader : ITileReader
{
    /// <summary>The hashes of each requested tile, in request order; null for a tile never written.</summary>
    Task<IReadOnlyList<byte[]?>> ReadTilesAsync(IReadOnlyList<(int Level, long Index)> tiles, CancellationToken cancellationToken = default);
}
