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
    public DateTime? RevokedAt { get; set; }
}
