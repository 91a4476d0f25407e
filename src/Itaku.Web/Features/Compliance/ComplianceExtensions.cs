namespace Itaku.Web.Features.Compliance;

public static class ComplianceExtensions
{
    public static WebApplicationBuilder AddItakuCompliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ComplianceSettings>().Bind(builder.Configuration.GetSection("Compliance"))
            .Validate(s => s.DueSoonDays is >= 0 and <= 365, "Compliance:DueSoonDays は 0〜365 の日数で指定してください。")
            .ValidateOnStart();
        builder.Services.AddScoped<ComplianceService>();
        builder.Services.AddScoped<ContractObligationService>();
        builder.Services.AddScoped<DashboardService>();
        builder.Services.AddSingleton<DueReminderService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DueReminderService>());
        return builder;
    }

    /// <summary>Registers a feature's evidence rule with the compliance matrix (scoped: rules query the database).</summary>
    public static IServiceCollection AddEvidenceRule<TRule>(this IServiceCollection services)
        where TRule : class, IEvidenceRule =>
        services.AddScoped<IEvidenceRule, TRule>();

    public static RouteGroupBuilder MapComplianceApi(this RouteGroupBuilder api) =>
        api.MapContractObligationsApi().MapDashboardApi();
}
