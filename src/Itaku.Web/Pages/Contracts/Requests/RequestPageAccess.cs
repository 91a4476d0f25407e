using Itaku.Web.Features.Contracts;
using Microsoft.AspNetCore.Authorization;
using System.Security.Claims;

namespace Itaku.Web.Pages.Contracts.Requests;

/// <summary>What the signed-in user may do with a contract's requests, asked of the same handler the service obeys.</summary>
public sealed record RequestPageAccess(bool CanSubmit, bool CanDecide)
{
    public static async Task<RequestPageAccess> ForAsync(ContractService contracts, IAuthorizationService authorization, ClaimsPrincipal user, long contractId, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var submit = await authorization.AuthorizeAsync(user, access, ContractOperations.SubmitRequests);
        var decide = await authorization.AuthorizeAsync(user, access, ContractOperations.DecideRequests);
        return new RequestPageAccess(submit.Succeeded, decide.Succeeded);
    }
}
