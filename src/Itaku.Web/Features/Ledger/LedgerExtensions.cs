namespace Itaku.Web.Features.Ledger;

public static class LedgerExtensions
{
    public static WebApplicationBuilder AddItakuLedger(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LedgerSettings>(builder.Configuration.GetSection("Ledger"));
        builder.Services.AddSingleton<LedgerKeys>();
        builder.Services.AddSingleton<AuditLedger>();
        builder.Services.AddSingleton<CheckpointService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CheckpointService>());
        builder.Services.AddSingleton<LedgerHealth>().AddSingleton<SelfAuditService>().AddHostedService(sp => sp.GetRequiredService<SelfAuditService>());
        builder.Services.AddOptions<LedgerRetentionSettings>().Bind(builder.Configuration.GetSection("Ledger:Retention")).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LedgerRetentionSettings>, LedgerRetentionSettingsValidator>();
        builder.Services.AddSingleton<LedgerPruningService>().AddHostedService(sp => sp.GetRequiredService<LedgerPruningService>());
        builder.Services.AddScoped<LedgerService>();
        return builder;
    }
}
