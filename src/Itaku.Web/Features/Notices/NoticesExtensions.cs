using Itaku.Web.Features.Compliance;

namespace Itaku.Web.Features.Notices;

public static class NoticesExtensions
{
    public static WebApplicationBuilder AddItakuNotices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NoticeService>();
        builder.Services.AddEvidenceRule<NoticeEvidenceRule>();
        return builder;
    }
}
