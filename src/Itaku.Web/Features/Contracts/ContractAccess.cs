using Itaku.Web.Features.Accounts;

namespace Itaku.Web.Features.Contracts;

/// <summary>
/// What the authorisation handler needs to know about one contract and the caller:
/// the contract's department and the caller's membership role, if any.
/// </summary>
public sealed record ContractAccess(long ContractId, long ClientDepartmentId, ContractRole? CallerRole)
{
    /// <summary>The caller works for the contractor (or an approved subcontractor) on this contract: drafts are theirs to see.</summary>
    public bool IsContractorSide => CallerRole is { } role && !role.IsClientRole();
}

public static class ContractVisibility
{
    /// <summary>
    /// The scope of every contract query: administrators see all; client staff their department's
    /// and those they belong to; auditors and contractor staff only those they belong to.
    /// </summary>
    public static IQueryable<Contract> VisibleTo(this IQueryable<Contract> contracts, Guid userId, GlobalRole role, long organizationId) => role switch
    {
        GlobalRole.SystemAdmin => contracts,
        GlobalRole.ClientStaff => contracts.Where(c => c.ClientDepartmentId == organizationId || c.Members.Any(m => m.UserId == userId)),
        _ => contracts.Where(c => c.Members.Any(m => m.UserId == userId)),
    };
}
