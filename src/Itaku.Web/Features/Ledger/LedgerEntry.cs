namespace Itaku.Web.Features.Ledger;

/// <summary>One leaf of a log: the exact bytes that were hashed.</summary>
public sealed class LedgerEntry
{
    public long LogId { get; set; }
    public long Index { get; set; }
    public byte[] Data { get; set; } = [];
    public DateTime ReceivedAt { get; set; }

    /// <summary>The source's own time of the event (ingested logs only).</summary>
    public DateTime? EventTime { get; set; }

    /// <summary>Event and receive time differ by more than <c>Ledger:MaxClockSkew</c> (S17: synchronised clocks).</summary>
    public bool ClockSkewed { get; set; }

    /// <summary>
    /// Set when retention pruned the entry: its RFC 6962 leaf hash, kept so that the self-audit can still
    /// recompute the pruned range against the level-1 tiles. <see cref="Data"/> is then empty.
    /// </summary>
    public byte[]? LeafHash { get; set; }
}
