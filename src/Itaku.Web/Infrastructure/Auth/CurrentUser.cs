using System.Globalization;
using System.Security.Claims;
using Itaku.Web.Features.Accounts;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>The caller of this request, read from the principal. Outside a request (the CLI) it is the operator.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public Guid Id => Guid.Parse(Required(ClaimTypes.NameIdentifier));

    public Guid? IdOrNull => IsAuthenticated ? Id : null;

    public GlobalRole Role => Enum.Parse<GlobalRole>(Required(ClaimTypes.Role));

    public long OrganizationId => long.Parse(Required(ItakuClaims.Organization), CultureInfo.InvariantCulture);

    /// <summary>Who did it, as written in the audit trail.</summary>
    public string Name => IsAuthenticated
        ? Principal.FindFirstValue(ClaimTypes.Name) ?? Id.ToString()
        : accessor.HttpContext is null ? $"cli:{Environment.UserName}" : "anonymous";

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public DateStyle DateStyle =>
        Enum.TryParse<DateStyle>(Principal.FindFirstValue(ItakuClaims.DateStyle), out var style) ? style : DateStyle.Gregorian;

    private string Required(string type) =>
        Principal.FindFirstValue(type) ?? throw new InvalidOperationException($"The principal has no {type} claim.");
}
