using System.Security.Claims;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Itaku.Web.Features.Contracts;

/// <summary>
/// Record-level rights on a contract the caller can already see. Managing a contract (its fields
/// and members) belongs to its client Owner and to system administrators.
/// </summary>
internal sealed class ContractAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, ContractAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ContractAccess resource)
    {
        if (context.User.HasClaim(c => c.Type == ItakuClaims.MfaPending))
        {
            return Task.CompletedTask;
        }

        var isAdmin = context.User.IsInRole(nameof(GlobalRole.SystemAdmin));
        var ok = requirement.Name switch
        {
            nameof(ContractOperations.Read) => isAdmin || resource.CallerRole is not null || IsDepartmentStaff(context.User, resource),
            nameof(ContractOperations.Manage) => isAdmin || resource.CallerRole == ContractRole.Owner,
            nameof(ContractOperations.ManageLogSources) => resource.CallerRole is ContractRole.Responsible or ContractRole.Supervisor,
            nameof(ContractOperations.SubmitRequests) => resource.CallerRole is ContractRole.Responsible or ContractRole.Supervisor,
            nameof(ContractOperations.DecideRequests) => resource.CallerRole is ContractRole.Owner or ContractRole.Reviewer,
            nameof(ContractOperations.Attest) => resource.CallerRole == ContractRole.Responsible,
            nameof(ContractOperations.DecideAttestation) => resource.CallerRole == ContractRole.Owner,
            _ => false,
        };
        if (ok)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool IsDepartmentStaff(ClaimsPrincipal user, ContractAccess resource) =>
        user.IsInRole(nameof(GlobalRole.ClientStaff))
        && user.FindFirstValue(ItakuClaims.Organization) == resource.ClientDepartmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
