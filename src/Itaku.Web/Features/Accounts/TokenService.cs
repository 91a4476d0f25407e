using System.Security.Cryptography;
using System.Text;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Accounts;

/// <summary>Issues and revokes opaque bearer tokens. The plaintext is returned once and never stored.</summary>
public sealed class TokenService(ItakuDbContext db, AuditTrail audit, TimeProvider time, IOptions<AuthSettings> settings)
{
    public const string Prefix = "itk_";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A session token for POST /api/v1/tokens. Caller saves.</summary>
    public IssuedToken IssueSession(ItakuUser user, bool mfaPending)
    {
        var expires = time.GetUtcNow().UtcDateTime + settings.Value.ApiTokenLifetime;
        return Add(user.Id, ApiTokenKind.Session, "API session", expires, mfaPending);
    }

    /// <summary>A personal access token the user creates in the UI.</summary>
    public async Task<IssuedToken> CreatePersonalAsync(Guid userId, string name, int days, CancellationToken ct)
    {
        var max = settings.Value.PersonalTokenMaxDays;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new RequestValidationException("name", "名前を100文字以内で入力してください。");
        }

        if (days < 1 || days > max)
        {
            throw new RequestValidationException("days", $"有効日数は 1 から {max} の間で指定してください。");
        }

        var issued = Add(userId, ApiTokenKind.Personal, name.Trim(), time.GetUtcNow().UtcDateTime.AddDays(days), mfaPending: false);
        audit.Record("token.created", "ApiToken", issued.Entity.Id.ToString(), details: new { name = issued.Entity.Name, expiresAt = issued.Entity.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return issued;
    }

    public async Task<List<ApiToken>> ListPersonalAsync(Guid userId, CancellationToken ct) =>
        await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.Kind == ApiTokenKind.Personal)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(ct);

    public async Task RevokeAsync(Guid userId, Guid tokenId, CancellationToken ct)
    {
        // Scoped by owner in the WHERE: a user can only ever revoke their own tokens.
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct)
            ?? throw new NotFoundException("トークンが見つかりません。");
        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow().UtcDateTime;
            audit.Record("token.revoked", "ApiToken", token.Id.ToString(), details: new { name = token.Name });
            await db.SaveChangesAsync(ct);
        }
    }

    private IssuedToken Add(Guid userId, ApiTokenKind kind, string name, DateTime expiresAt, bool mfaPending)
    {
        var plaintext = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var entity = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Kind = kind,
            Name = name,
            TokenHash = Hash(plaintext),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
            MfaPending = mfaPending,
        };
        db.ApiTokens.Add(entity);
        return new IssuedToken(entity, plaintext);
    }
}

public sealed record IssuedToken(ApiToken Entity, string Plaintext);
