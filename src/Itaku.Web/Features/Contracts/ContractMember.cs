namespace Itaku.Web.Features.Contracts;

public sealed class ContractMember
{
    public long ContractId { get; set; }
    public Guid UserId { get; set; }
    public ContractRole Role { get; set; }
    public DateTime AddedAt { get; set; }
}
