namespace Itaku.Web.Features.Accounts;

public enum ApiTokenKind
{
    /// <summary>Issued by POST /api/v1/tokens; short-lived.</summary>
    Session,
    /// <summary>Created by the user in the UI, with its own expiry.</summary>
    Personal,
}

/// <summary>An opaque bearer token. Only its SHA-256 is stored: a database dump yields no usable token.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public ApiTokenKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    /// <summary>Issued before the user enrolled MFA: valid only on /api/v1/me/mfa/*.</summary>
    public bool MfaPending { get; set; }
}
