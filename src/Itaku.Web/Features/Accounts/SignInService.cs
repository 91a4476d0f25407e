using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Features.Accounts;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    TotpRequired,
}

/// <summary>
/// Password (and TOTP) checks for the token endpoint, with lockout and the audit trail. Each
/// attempt's audit event is saved with Identity's own update of the failure counter.
/// </summary>
public sealed class SignInService(UserManager<ItakuUser> users, AuditTrail audit, ItakuDbContext db)
{
    public async Task<(SignInOutcome Outcome, ItakuUser? User)> CheckAsync(string email, string password, string? totpCode)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            audit.Record("auth.signin-failed", "User", null, details: new { email, reason = "unknown-user", channel = "api" }, actor: email);
            await db.SaveChangesAsync();
            return (SignInOutcome.Failed, null);
        }

        if (await users.IsLockedOutAsync(user))
        {
            audit.Record("auth.signin-failed", "User", user.Id.ToString(), details: new { reason = "locked-out", channel = "api" }, actor: email, actorId: user.Id);
            await db.SaveChangesAsync();
            return (SignInOutcome.LockedOut, user);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            return (await FailAsync(user, "bad-password"), user);
        }

        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(totpCode))
            {
                return (SignInOutcome.TotpRequired, user);
            }

            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, totpCode.Replace(" ", "", StringComparison.Ordinal)))
            {
                return (await FailAsync(user, "bad-totp"), user);
            }
        }

        audit.Record("auth.token-issued", "User", user.Id.ToString(), details: new { channel = "api" }, actor: email, actorId: user.Id);
        await users.ResetAccessFailedCountAsync(user);
        return (SignInOutcome.Succeeded, user);
    }

    private async Task<SignInOutcome> FailAsync(ItakuUser user, string reason)
    {
        audit.Record("auth.signin-failed", "User", user.Id.ToString(), details: new { reason, channel = "api" }, actor: user.Email, actorId: user.Id);
        await users.AccessFailedAsync(user);
        await db.SaveChangesAsync();
        return await users.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }
}
