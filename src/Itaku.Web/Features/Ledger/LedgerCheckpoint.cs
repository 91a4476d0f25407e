namespace Itaku.Web.Features.Ledger;

/// <summary>Every checkpoint ever signed, so that each can be proven consistent with the next.</summary>
public sealed class LedgerCheckpoint
{
    public long LogId { get; set; }
    public long Size { get; set; }
    public string Note { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
