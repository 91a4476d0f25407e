using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;

namespace Itaku.Web.Features.Requests;

public static class RequestsExtensions
{
    public static WebApplicationBuilder AddItakuRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RequestService>();
        builder.Services.AddScoped<Itaku.Web.Features.Compliance.ProvisionCitations>();
        foreach (var kind in RequestKinds.All)
        {
            builder.Services.AddScoped<IEvidenceRule>(sp => new RequestEvidenceRule(sp.GetRequiredService<ItakuDbContext>(), kind));
        }

        return builder;
    }
}
