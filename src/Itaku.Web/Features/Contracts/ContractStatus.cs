using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Contracts;

[JsonConverter(typeof(EnumNames<ContractStatus>))]
public enum ContractStatus
{
    Draft,
    Active,
    Closing,
    Closed,
}

public static class ContractStatusRules
{
    /// <summary>A contract only moves forward; Closing may go back to Active if the end was premature.</summary>
    public static bool CanMoveTo(this ContractStatus from, ContractStatus to) => (from, to) switch
    {
        _ when from == to => true,
        (ContractStatus.Draft, ContractStatus.Active) => true,
        (ContractStatus.Active, ContractStatus.Closing) => true,
        (ContractStatus.Closing, ContractStatus.Active) => true,
        (ContractStatus.Closing, ContractStatus.Closed) => true,
        _ => false,
    };
}
