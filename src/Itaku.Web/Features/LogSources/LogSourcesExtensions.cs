using Itaku.Web.Features.Compliance;
namespace Itaku.Web.Features.LogSources;

public static class LogSourcesExtensions
{
    /// <summary>Log sources, HTTP ingest and the (optional) syslog receiver.</summary>
    public static WebApplicationBuilder AddItakuLogSources(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LogSourceService>();
        builder.Services.AddScoped<IngestService>();
        builder.Services.AddSingleton<IngestGroupCommit>();
        builder.Services.AddSingleton<IngestRateLimiter>();
        builder.Services.AddEvidenceRule<LogSourceEvidenceRule>();
        builder.Services.Configure<SyslogSettings>(builder.Configuration.GetSection("Syslog"));
        builder.Services.AddSingleton<SyslogReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SyslogReceiver>());
        return builder;
    }
}
