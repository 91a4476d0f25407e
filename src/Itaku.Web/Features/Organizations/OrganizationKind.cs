using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Organizations;

[JsonConverter(typeof(EnumNames<OrganizationKind>))]
public enum OrganizationKind
{
    /// <summary>A prefecture or municipality (甲).</summary>
    ClientBody,
    /// <summary>A department of a client body (所管課); contracts belong to one.</summary>
    Department,
    /// <summary>An entrusted company (乙).</summary>
    Contractor,
    /// <summary>A company a contractor subcontracts to, with the client's approval (G14, S4).</summary>
    Subcontractor,
}
