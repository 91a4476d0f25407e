using Itaku.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>
/// Every named policy in one place. Deny by default: the fallback (and default) policy needs an
/// authenticated user who has done MFA if their role requires it. Record-level decisions are
/// made by <c>ContractAuthorizationHandler</c>.
/// </summary>
public static class Policies
{
    /// <summary>Signed in, MFA possibly still pending: only enrolment and sign-out.</summary>
    public const string MfaEnrolment = "mfa-enrolment";
    public const string Admin = "admin";

    /// <summary>System administrators and client staff (所管課).</summary>
    public const string ClientStaff = "client-staff";

    public static AuthorizationBuilder AddItakuPolicies(this AuthorizationBuilder builder)
    {
        var full = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new MfaSatisfiedRequirement()).Build();
        return builder
            .SetFallbackPolicy(full)
            .SetDefaultPolicy(full)
            .AddPolicy(MfaEnrolment, p => p.RequireAuthenticatedUser())
            .AddPolicy(Admin, p => p.Combine(full).RequireRole(nameof(GlobalRole.SystemAdmin)))
            .AddPolicy(ClientStaff, p => p.Combine(full).RequireRole(nameof(GlobalRole.SystemAdmin), nameof(GlobalRole.ClientStaff)));
    }
}
