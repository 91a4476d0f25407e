using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Provisions;

public static class ProvisionSetsApi
{
    public static RouteGroupBuilder MapProvisionSetsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/provision-sets").WithTags("ProvisionSets");
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapPost("/", Import).RequireAuthorization(Policies.Admin)
            .Accepts<ProvisionSetDocument>("application/json")
            .WithDescription("Body: a provision-set file (provision-set.schema.json), at most 1 MB. An invalid file is refused with every error keyed by its JSON path.");
        return api;
    }

    private static async Task<Ok<CursorPage<ProvisionSetSummaryDto>>> List(ProvisionSetService service, string? code, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(code, cursor, limit, ct));

    private static async Task<Ok<ProvisionSetDto>> Get(ProvisionSetService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    /// <summary>The body is taken as text, not bound: the set is stored exactly as sent, and its hash is of those bytes.</summary>
    private static async Task<Results<Created<ProvisionSetDto>, Ok<ProvisionSetDto>>> Import(ProvisionSetService service, HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("特記事項セットは Content-Type: application/json で送ってください。", StatusCodes.Status415UnsupportedMediaType);
        }

        var json = await ProvisionSetUpload.ReadAsync(request.Body, request.ContentLength, ct);
        var (set, created) = await service.ImportAsync(json, ct);
        return created ? TypedResults.Created($"/api/v1/provision-sets/{set.Id}", set) : TypedResults.Ok(set);
    }
}
