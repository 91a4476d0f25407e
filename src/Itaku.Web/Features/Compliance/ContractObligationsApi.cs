using Itaku.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Compliance;

/// <summary>A contract's compliance matrix (JSON and CSV) and the Owner's not-applicable marks.</summary>
public static class ContractObligationsApi
{
    public static RouteGroupBuilder MapContractObligationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/obligations").WithTags("Contracts");
        group.MapGet("/", List);
        group.MapPut("/{key}/applicability", SetApplicability);
        api.MapGet("/contracts/{id:long}/obligations.csv", Csv).WithTags("Contracts");
        return api;
    }

    private static async Task<Ok<ContractObligationsDto>> List(ContractObligationService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, ct));

    private static async Task<Ok<ContractObligationDto>> SetApplicability(ContractObligationService service, long id, string key, ApplicabilityRequest request, CancellationToken ct) =>
        TypedResults.Ok(await service.SetApplicabilityAsync(id, key, request, ct));

    private static async Task<FileContentHttpResult> Csv(ContractObligationService service, IStringLocalizer<SharedResource> l, long id, CancellationToken ct)
    {
        var (name, content) = await service.CsvAsync(id, k => l[k], ct);
        return TypedResults.File(content, "text/csv; charset=utf-8", name);
    }
}
