namespace Itaku.Web.Features.Contracts;

/// <summary>A designated work place (G5); work elsewhere needs an approved off-site request.</summary>
public sealed class ContractWorkLocation
{
    public long Id { get; set; }
    public long ContractId { get; set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
}
