using Itaku.Web.Features.Compliance;

namespace Itaku.Web.Features.Roster;

public static class RosterExtensions
{
    public static WebApplicationBuilder AddItakuRoster(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RosterService>();
        builder.Services.AddEvidenceRule<RosterEvidenceRule>();
        return builder;
    }
}
