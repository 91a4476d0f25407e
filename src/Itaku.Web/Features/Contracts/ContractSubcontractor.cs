namespace Itaku.Web.Features.Contracts;

/// <summary>
/// A subcontractor (再委託先) the client approved for this contract (G14, S4): added when a
/// subcontracting request is approved. Its staff may then be the contract's 責任者, 監督者 or 作業者
/// like the contractor's own.
/// </summary>
public sealed class ContractSubcontractor
{
    public long ContractId { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The approved subcontracting request that added it.</summary>
    public long RequestId { get; set; }

    public DateTime AddedAt { get; set; }
}
