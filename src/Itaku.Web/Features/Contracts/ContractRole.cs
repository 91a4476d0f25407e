using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Contracts;

/// <summary>What a member does on one contract.</summary>
[JsonConverter(typeof(EnumNames<ContractRole>))]
public enum ContractRole
{
    /// <summary>所管課担当: opens the contract, decides requests.</summary>
    Owner,
    /// <summary>Client reviewer: reads and decides requests.</summary>
    Reviewer,
    /// <summary>責任者 of the contractor.</summary>
    Responsible,
    /// <summary>監督者 of the contractor.</summary>
    Supervisor,
    /// <summary>作業者 of the contractor.</summary>
    Worker,
    /// <summary>監査: reads everything of the contract.</summary>
    Auditor,
}

public static class ContractRoles
{
    public static bool IsClientRole(this ContractRole role) => role is ContractRole.Owner or ContractRole.Reviewer or ContractRole.Auditor;
}
