namespace Itaku.Web.Features.Provisions;

public static class ProvisionsExtensions
{
    /// <summary>Call after <c>AddItakuData</c>: the seeder must start after the schema is migrated.</summary>
    public static WebApplicationBuilder AddItakuProvisions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => ShippedProvisions.LoadTaxonomy());
        builder.Services.AddSingleton(sp => ShippedProvisions.CreateReader(sp.GetRequiredService<ObligationTaxonomy>()));
        builder.Services.AddScoped<ProvisionSetService>();
        builder.Services.AddHostedService<ProvisionSetSeeder>();
        return builder;
    }

    public static RouteGroupBuilder MapProvisionsApi(this RouteGroupBuilder api) =>
        api.MapProvisionSetsApi();
}
