namespace Itaku.Web.Features.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The inbox service and the e-mail outbox (idle unless <c>Smtp:Host</c> is set).</summary>
    public static WebApplicationBuilder AddItakuNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpSettings>()
            .Bind(builder.Configuration.GetSection("Smtp"))
            .Validate(s => !s.Problems().Any(), "The Smtp section is incomplete: with Smtp:Host set, Smtp:From and an absolute Smtp:BaseUrl are required.")
            .ValidateOnStart();
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddSingleton<NotificationMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationMailer>());
        return builder;
    }
}
