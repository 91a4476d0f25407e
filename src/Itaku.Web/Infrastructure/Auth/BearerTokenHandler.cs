using System.Security.Claims;
using System.Text.Encodings.Web;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>
/// Opaque bearer tokens for /api. The presented token is hashed and looked up; it is refused
/// when revoked, expired, or when its user is locked out.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ItakuDbContext db,
    IUserClaimsPrincipalFactory<ItakuUser> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = TokenService.Hash(header["Bearer ".Length..].Trim());
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        var now = TimeProvider.GetUtcNow();
        if (found is null || found.Token.RevokedAt is not null || found.Token.ExpiresAt <= now.UtcDateTime)
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        // A lockout stops new sign-ins only (issue 12 item 5): anyone can lock an account by guessing at its
        // e-mail, and that must not cut off the integrations that hold valid tokens.
        var principal = await claims.CreateAsync(found.User);
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != ItakuClaims.AuthTime), SchemeName);
        identity.AddClaim(new Claim(ItakuClaims.TokenId, found.Token.Id.ToString()));
        if (found.Token.MfaPending && !identity.HasClaim(c => c.Type == ItakuClaims.MfaPending))
        {
            identity.AddClaim(new Claim(ItakuClaims.MfaPending, "true"));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
