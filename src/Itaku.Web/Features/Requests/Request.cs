using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Requests;

/// <summary>Where a request is in its life.</summary>
[JsonConverter(typeof(EnumNames<RequestStatus>))]
public enum RequestStatus
{
    /// <summary>下書き: being written by the contractor; not yet seen by the client.</summary>
    Draft,
    /// <summary>提出済み: waiting for the client's decision.</summary>
    Submitted,
    /// <summary>差戻し: returned with reasons; the contractor revises and submits again.</summary>
    Returned,
    /// <summary>承認: approved, possibly with conditions and a validity period.</summary>
    Approved,
    /// <summary>却下: rejected with reasons.</summary>
    Rejected,
    /// <summary>取下げ: withdrawn by the contractor before a decision.</summary>
    Withdrawn,
}

/// <summary>
/// A request (申請) of one kind on one contract. Its content lives in numbered revisions: a submitted
/// revision is never changed again, and revising a returned request starts the next revision, so
/// every version the client saw stays readable.
/// </summary>
public sealed class Request
{
    public long Id { get; set; }
    public long ContractId { get; set; }

    /// <summary>A key of <see cref="RequestKinds"/>, e.g. <c>subcontracting</c>.</summary>
    public string Kind { get; set; } = "";

    public RequestStatus Status { get; set; }

    /// <summary>The latest revision's number (1-based).</summary>
    public int Revision { get; set; }

    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Guid? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>Conditions of an approval, or the reasons of a rejection.</summary>
    public string? DecisionNote { get; set; }

    /// <summary>An approval's validity period (both optional).</summary>
    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public List<RequestRevision> Revisions { get; set; } = [];
}

/// <summary>One version of a request's content, and what the client said about it.</summary>
public sealed class RequestRevision
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public int Number { get; set; }

    /// <summary>One line shown in lists and as the document's subject.</summary>
    public string Title { get; set; } = "";

    /// <summary>The kind's fields as a JSON object (names as in <see cref="RequestKind.Fields"/>).</summary>
    public string FieldsJson { get; set; } = "{}";

    public Guid AuthorId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public Guid? SubmittedById { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public Guid? ReturnedById { get; set; }
    public string? ReturnReason { get; set; }
}
