namespace Itaku.Web.Features.Clock;

public static class ClockExtensions
{
    public static WebApplicationBuilder AddItakuClockCheck(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ClockSettings>(builder.Configuration.GetSection("Clock"));
        builder.Services.AddSingleton<ClockCheckService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClockCheckService>());
        return builder;
    }
}
