using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Itaku.Web.Features.Contracts;

/// <summary>What can be done to a contract; decided by <see cref="ContractAuthorizationHandler"/>.</summary>
public static class ContractOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };

    /// <summary>Edit the contract and its members.</summary>
    public static readonly OperationAuthorizationRequirement Manage = new() { Name = nameof(Manage) };

    /// <summary>Register the contractor's log sources (責任者 and 監督者 only).</summary>
    public static readonly OperationAuthorizationRequirement ManageLogSources = new() { Name = nameof(ManageLogSources) };

    /// <summary>Submit an attestation for the contractor (責任者 only: the one who answers for the contractor).</summary>
    public static readonly OperationAuthorizationRequirement Attest = new() { Name = nameof(Attest) };

    /// <summary>Accept or return an attestation (the client's Owner only, not administrators: it is the contract party's judgement).</summary>
    public static readonly OperationAuthorizationRequirement DecideAttestation = new() { Name = nameof(DecideAttestation) };
}
