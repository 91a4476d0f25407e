using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Provisions;

/// <summary>A contract's obligations, from the provision set it was signed with.</summary>
public static class ContractObligationsApi
{
    public static RouteGroupBuilder MapContractObligationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/obligations").WithTags("Contracts");
        group.MapGet("/", List);
        group.MapPut("/{key}/applicability", SetApplicability);
        return api;
    }

    private static async Task<Ok<ContractObligationsDto>> List(ContractObligationService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, ct));

    private static async Task<Ok<ContractObligationDto>> SetApplicability(ContractObligationService service, long id, string key, ApplicabilityRequest request, CancellationToken ct) =>
        TypedResults.Ok(await service.SetApplicabilityAsync(id, key, request, ct));
}
