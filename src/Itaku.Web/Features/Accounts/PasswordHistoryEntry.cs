namespace Itaku.Web.Features.Accounts;

/// <summary>A previous password hash, kept so that the last five cannot be reused (S14).</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
