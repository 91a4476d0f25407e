using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Features.Accounts;

/// <summary>Changing one's own password: the policy validators run, and the new hash joins the history (S14).</summary>
public sealed class PasswordService(UserManager<ItakuUser> users, ItakuDbContext db, AuditTrail audit, TimeProvider time)
{
    public async Task ChangeAsync(ItakuUser user, string currentPassword, string newPassword, CancellationToken ct)
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

            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, CreatedAt = time.GetUtcNow().UtcDateTime });
            audit.Record("auth.password-changed", "User", user.Id.ToString(), actor: user.Email, actorId: user.Id);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
