using System.Text.Json.Nodes;

namespace Itaku.Web.Features.Requests;

/// <summary>A request kind and its fields, for clients that build their own forms.</summary>
public sealed record RequestKindDto(string Key, string Ja, string En, string Basis, string RecordType, IReadOnlyList<RequestField> Fields)
{
    public static RequestKindDto Of(RequestKind k) => new(k.Key, k.Ja, k.En, k.Basis, k.RecordType, k.Fields);
}

public sealed record RequestSummaryDto(
    long Id, long ContractId, string Kind, string KindName, RequestStatus Status, int Revision, string Title, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>One revision as the client saw it (or as it is being written).</summary>
public sealed record RequestRevisionDto(
    int Number,
    string Title,
    JsonObject Fields,
    string Author,
    DateTime CreatedAt,
    DateTime? SubmittedAt,
    string? SubmittedBy,
    DateTime? ReturnedAt,
    string? ReturnedBy,
    string? ReturnReason);

/// <summary>A request with its latest revision's content and the decision, if any.</summary>
public sealed record RequestDto(
    long Id,
    long ContractId,
    string Kind,
    string KindName,
    RequestStatus Status,
    RequestRevisionDto Current,
    IReadOnlyList<RequestRevisionDto> Revisions,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DecidedAt,
    string? DecidedBy,
    string? DecisionNote,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyList<Itaku.Web.Features.Documents.DocumentDto> Documents);

/// <summary>A new request; with <c>submit</c> it is submitted at once (every required field then needed).</summary>
public sealed record CreateRequestRequest(string? Kind, string? Title, JsonObject? Fields, bool Submit = false);

/// <summary>New content for a draft, or for the next revision of a returned request.</summary>
public sealed record UpdateRequestRequest(string? Title, JsonObject? Fields);

/// <summary>Why a request is returned or rejected.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>An approval: conditions and a validity period, all optional.</summary>
public sealed record ApproveRequest(string? Conditions, DateOnly? ValidFrom, DateOnly? ValidUntil);
