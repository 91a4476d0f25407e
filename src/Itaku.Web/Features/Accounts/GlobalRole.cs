using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Accounts;

/// <summary>A user's role across the whole instance. Per-contract rights come from <c>ContractMember</c>.</summary>
[JsonConverter(typeof(EnumNames<GlobalRole>))]
public enum GlobalRole
{
    SystemAdmin,
    ClientStaff,
    Auditor,
    ContractorStaff,
}

public static class GlobalRoles
{
    /// <summary>Client-side staff must enrol TOTP before they can do anything else (G3-ア).</summary>
    public static bool RequiresMfa(this GlobalRole role) => role is GlobalRole.SystemAdmin or GlobalRole.ClientStaff or GlobalRole.Auditor;

    public static bool IsClientSide(this GlobalRole role) => role is GlobalRole.SystemAdmin or GlobalRole.ClientStaff or GlobalRole.Auditor;
}
