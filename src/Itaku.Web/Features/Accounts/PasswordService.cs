using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Accounts;

/// <summary>Changing one's own password: the policy validators run, and the new hash joins the history (S14).</summary>
public sealed class PasswordService(UserManager<ItakuUser> users, ItakuDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <param name="keepTokenId">The token making this request, which keeps working; other session tokens are revoked.</param>
    public async Task ChangeAsync(ItakuUser user, string currentPassword, string newPassword, CancellationToken ct, Guid? keepTokenId = null)
    {
        await db.InTransactionAsync(async () =>
        {
            var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            if (!result.Succeeded)
            {
                var errors = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                    ? new Dictionary<string, string[]> { ["currentPassword"] = ["現在のパスワードが正しくありません。"] }
                    : IdentityErrors.ByField(result).ToDictionary(kv => kv.Key == "password" ? "newPassword" : kv.Key, kv => kv.Value);
                throw new RequestValidationException(errors);
            }

            var now = time.GetUtcNow().UtcDateTime;
            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, CreatedAt = now });

            // Other sessions' tokens obtained with the old password stop working; personal access tokens, made deliberately, stay.
            var revoked = await db.ApiTokens
                .Where(t => t.UserId == user.Id && t.Kind == ApiTokenKind.Session && t.RevokedAt == null && t.ExpiresAt > now && t.Id != keepTokenId)
                .ToListAsync(ct);
            revoked.ForEach(t => t.RevokedAt = now);
            audit.Record("auth.password-changed", "User", user.Id.ToString(), details: new { sessionTokensRevoked = revoked.Count }, actor: user.Email, actorId: user.Id);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
