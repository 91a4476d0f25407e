using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The inbox service and the e-mail outbox (idle unless <c>Smtp:Host</c> is set).</summary>
    public static WebApplicationBuilder AddItakuNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpSettings>()
            .Bind(builder.Configuration.GetSection("Smtp"))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmtpSettings>, SmtpSettingsValidator>();
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddSingleton<NotificationMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationMailer>());
        return builder;
    }
}
