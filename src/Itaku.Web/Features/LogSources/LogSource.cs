namespace Itaku.Web.Features.LogSources;

/// <summary>
/// A contractor system that pushes access and event logs for one contract (G9, S16). Each source has
/// its own ledger log and its own ingest token, stored only as a SHA-256.
/// </summary>
public sealed class LogSource
{
    public long Id { get; set; }
    public long ContractId { get; set; }
    public long LogId { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public Guid CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when the source was revoked: its token no longer works and none can be issued again.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>Set while the source is disabled: its token is kept but ingest is refused until it is enabled again.</summary>
    public DateTime? DisabledAt { get; set; }
}
