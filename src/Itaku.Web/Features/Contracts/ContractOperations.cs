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

    /// <summary>Write, submit and withdraw requests (申請): the contractor's 責任者 and 監督者.</summary>
    public static readonly OperationAuthorizationRequirement SubmitRequests = new() { Name = nameof(SubmitRequests) };

    /// <summary>Return, approve or reject requests: the client's Owner and Reviewer.</summary>
    public static readonly OperationAuthorizationRequirement DecideRequests = new() { Name = nameof(DecideRequests) };

    /// <summary>Submit an attestation for the contractor (責任者 only: the one who answers for the contractor).</summary>
    public static readonly OperationAuthorizationRequirement Attest = new() { Name = nameof(Attest) };

    /// <summary>Accept or return an attestation (the client's Owner only, not administrators: it is the contract party's judgement).</summary>
    public static readonly OperationAuthorizationRequirement DecideAttestation = new() { Name = nameof(DecideAttestation) };
}
