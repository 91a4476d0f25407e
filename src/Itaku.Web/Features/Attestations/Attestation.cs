namespace Itaku.Web.Features.Attestations;

/// <summary>
/// The contractor's Responsible declaring that an obligation no other record proves is met (locked
/// storage, a security wire, the confidentiality instruction given to staff…), for a validity
/// period, with attachments. The client's Owner accepts or returns it; a returned one stays as it
/// was, and the Responsible submits a new one (optionally based on it) — nothing is edited in place.
/// </summary>
public sealed class Attestation
{
    public long Id { get; set; }
    public long ContractId { get; set; }

    /// <summary>A key of the contract's frozen provision set whose evidence record type is <c>attestation</c>.</summary>
    public string ObligationKey { get; set; } = "";

    public string Statement { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public AttestationStatus Status { get; set; }

    /// <summary>The returned attestation this one answers, if any.</summary>
    public long? BasedOnId { get; set; }

    public Guid SubmittedById { get; set; }
    public DateTime SubmittedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }

    /// <summary>The Owner's comment on acceptance, or the reason for returning it (required then).</summary>
    public string? DecisionComment { get; set; }

    public List<AttestationAttachment> Attachments { get; set; } = [];
}
