namespace Itaku.Web.Features.Organizations;

public sealed class Organization
{
    public long Id { get; set; }
    public OrganizationKind Kind { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The client body of a department; the contractor of a subcontractor (optional); null otherwise.</summary>
    public long? ParentId { get; set; }

    public string? Address { get; set; }

    /// <summary>Title and name of the representative, used as the sender on official documents.</summary>
    public string? Representative { get; set; }

    public DateTime CreatedAt { get; set; }
}
