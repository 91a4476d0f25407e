namespace Itaku.Web.Features.LogSources;

public static class LogSourcesExtensions
{
    public static WebApplicationBuilder AddItakuSyslog(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SyslogSettings>(builder.Configuration.GetSection("Syslog"));
        builder.Services.AddSingleton<SyslogReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SyslogReceiver>());
        return builder;
    }
}
