using System.Globalization;
using System.Security.Claims;
using Itaku.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>Puts role, organisation and MFA state into the principal so that policies need no database read.</summary>
internal sealed class ItakuClaimsFactory(UserManager<ItakuUser> users, IOptions<IdentityOptions> options, TimeProvider time, IHttpContextAccessor http)
    : UserClaimsPrincipalFactory<ItakuUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ItakuUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(ItakuClaims.Organization, user.OrganizationId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ItakuClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(ItakuClaims.DateStyle, user.DateStyle.ToString()));
        identity.AddClaim(new Claim(ItakuClaims.AuthTime, AuthTime(user)));
        if (user.Role.RequiresMfa() && !user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(ItakuClaims.MfaPending, "true"));
        }

        return identity;
    }

    /// <summary>
    /// A refreshed principal (preferences saved, MFA enrolled, security stamp re-validated) keeps
    /// the original sign-in time, so the 8-hour absolute lifetime cannot be extended.
    /// </summary>
    private string AuthTime(ItakuUser user)
    {
        var existing = http.HttpContext?.User;
        var previous = existing?.FindFirstValue(ItakuClaims.AuthTime);
        return previous is not null && existing!.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString()
            ? previous
            : time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }
}
