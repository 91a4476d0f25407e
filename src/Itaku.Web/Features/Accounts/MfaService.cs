using System.Text;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Itaku.Web.Features.Accounts;

/// <summary>TOTP enrolment (RFC 6238) on Identity's authenticator support; used by the MFA page and /api/v1/me/mfa.</summary>
public sealed class MfaService(UserManager<ItakuUser> users, AuditTrail audit, ItakuDbContext db)
{
    public const string Issuer = "Itaku";

    public async Task<MfaEnrolment> BeginAsync(ItakuUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was generated.");
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        return new MfaEnrolment(key, FormatKey(key), uri);
    }

    /// <summary>Verifies the first code and turns MFA on; returns the recovery codes, or null when the code is wrong.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(ItakuUser user, string code)
    {
        var normalised = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalised))
        {
            return null;
        }

        return await db.InTransactionAsync<IReadOnlyList<string>?>(async () =>
        {
            audit.Record("auth.mfa-enrolled", "User", user.Id.ToString(), actor: user.Email, actorId: user.Id);
            await users.SetTwoFactorEnabledAsync(user, true);
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
            await users.UpdateSecurityStampAsync(user);
            return codes;
        });
    }

    /// <summary>The otpauth URI as a PNG data URI, so the page needs no script and no external service.</summary>
    public static string QrDataUri(string otpauthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpauthUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}

public sealed record MfaEnrolment(string SharedKey, string FormattedKey, string OtpauthUri);
