using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Features.Accounts;

public sealed class ItakuUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public GlobalRole Role { get; set; }
    public long OrganizationId { get; set; }
    public DateStyle DateStyle { get; set; }
    public DateTime CreatedAt { get; set; }
}
