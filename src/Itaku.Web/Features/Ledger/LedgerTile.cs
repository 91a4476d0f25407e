namespace Itaku.Web.Features.Ledger;

/// <summary>A C2SP tile (level, index) at its widest width so far: width × 32 bytes of hashes.</summary>
public sealed class LedgerTile
{
    public long LogId { get; set; }
    public int Level { get; set; }
    public long TileIndex { get; set; }
    public byte[] Hashes { get; set; } = [];
}
