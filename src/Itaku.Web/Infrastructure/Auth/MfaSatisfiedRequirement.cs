using Microsoft.AspNetCore.Authorization;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>
/// Fails for a principal that still has to enrol TOTP (see <see cref="ItakuClaims.MfaPending"/>),
/// except on an endpoint that itself names the <see cref="Policies.MfaEnrolment"/> policy.
/// </summary>
public sealed class MfaSatisfiedRequirement : AuthorizationHandler<MfaSatisfiedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MfaSatisfiedRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && (!context.User.HasClaim(c => c.Type == ItakuClaims.MfaPending) || IsEnrolmentEndpoint(context.Resource)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Authorisation data combine: /api/v1/me/mfa/* also inherits the deny-by-default policy of the
    /// /api/v1 group, which alone would shut the very users it exists for out of enrolment.
    /// </summary>
    private static bool IsEnrolmentEndpoint(object? resource) =>
        resource is HttpContext http
        && http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.MfaEnrolment) == true;
}
