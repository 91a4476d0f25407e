using System.Text.Json.Nodes;

namespace Itaku.Web.Features.Notices;

/// <summary>A notice kind and its fields, for clients that build their own forms.</summary>
public sealed record NoticeKindDto(string Key, string Ja, string En, string Basis, bool ByRosterOnly, IReadOnlyList<NoticeField> Fields)
{
    public static NoticeKindDto Of(NoticeKind k) => new(k.Key, k.Ja, k.En, k.Basis, k.ByRosterOnly, k.Fields);
}

/// <summary>A notice as submitted, and its acknowledgement if any.</summary>
public sealed record NoticeDto(
    long Id,
    long ContractId,
    string Kind,
    string KindName,
    string Title,
    string Body,
    JsonObject Fields,
    int? RosterVersion,
    DateTime SubmittedAt,
    string SubmittedBy,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgementComment)
{
    public bool Acknowledged => AcknowledgedAt is not null;
}

/// <summary>A new notice; <c>fields</c> are the kind's structured fields (management structure: internalRules, emergencyContacts, workSchedule).</summary>
public sealed record SubmitNoticeRequest(string? Kind, string? Title, string? Body, JsonObject? Fields);

/// <summary>The client's acknowledgement (受理), with an optional comment.</summary>
public sealed record AcknowledgeNoticeRequest(string? Comment);
