using Microsoft.AspNetCore.Authorization;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>Fails for a principal that still has to enrol TOTP (see <see cref="ItakuClaims.MfaPending"/>).</summary>
public sealed class MfaSatisfiedRequirement : AuthorizationHandler<MfaSatisfiedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MfaSatisfiedRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && !context.User.HasClaim(c => c.Type == ItakuClaims.MfaPending))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
