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
}
