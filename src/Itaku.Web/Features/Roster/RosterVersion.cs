using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Roster;

/// <summary>Where a roster version is in its life.</summary>
[JsonConverter(typeof(EnumNames<RosterStatus>))]
public enum RosterStatus
{
    /// <summary>下書き: being written by the contractor; the client does not see it.</summary>
    Draft,
    /// <summary>提出済み: submitted as a notice; waiting for the client's acknowledgement.</summary>
    Submitted,
    /// <summary>受理: the client acknowledged the notice.</summary>
    Acknowledged,
}

/// <summary>
/// One version of a contract's roster (従事者名簿, G4, S3). A submitted version never changes again: a
/// change to the people or their details is the next version, submitted as a roster-change notice, so
/// every version the client received stays readable and the change between two is computable.
/// </summary>
public sealed class RosterVersion
{
    public long Id { get; set; }
    public long ContractId { get; set; }

    /// <summary>1, 2, … per contract, across the contractor's and its subcontractors' rosters.</summary>
    public int Number { get; set; }

    /// <summary>
    /// Whose roster: null for the contractor's own; an approved subcontractor of the contract
    /// (<c>ContractSubcontractors</c>) for that subcontractor's security officer and workers (G14-3).
    /// </summary>
    public long? OrganizationId { get; set; }

    public RosterStatus Status { get; set; }

    /// <summary>A free remark of the contractor (e.g. why the roster changed). Not personal data by design.</summary>
    public string? Note { get; set; }

    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Guid? SubmittedById { get; set; }
    public DateTime? SubmittedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }
    public DateTime? AcknowledgedAt { get; set; }

    public List<RosterEntry> Entries { get; set; } = [];
    public List<RosterEmergencyContact> EmergencyContacts { get; set; } = [];
}
