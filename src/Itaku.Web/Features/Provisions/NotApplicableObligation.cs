namespace Itaku.Web.Features.Provisions;

/// <summary>
/// An obligation of a contract's provision set that its Owner declared not applicable (say,
/// servers outside the premises when there are none), and why. Reverting deletes the row; the
/// audit trail keeps every decision.
/// </summary>
public sealed class NotApplicableObligation
{
    public long ContractId { get; set; }
    public string ObligationKey { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTime DecidedAt { get; set; }
    public Guid DecidedById { get; set; }
}
