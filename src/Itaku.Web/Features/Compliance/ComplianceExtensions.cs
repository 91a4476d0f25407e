namespace Itaku.Web.Features.Compliance;

public static class ComplianceExtensions
{
    /// <summary>Registers a feature's evidence rule with the compliance matrix (scoped: rules query the database).</summary>
    public static IServiceCollection AddEvidenceRule<TRule>(this IServiceCollection services)
        where TRule : class, IEvidenceRule =>
        services.AddScoped<IEvidenceRule, TRule>();
}
