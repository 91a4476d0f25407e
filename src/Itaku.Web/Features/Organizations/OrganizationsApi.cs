using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Organizations;

public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organizations").WithTags("Organizations");
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapPost("/", Create).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<CursorPage<OrganizationDto>>> List(OrganizationService service, OrganizationKind? kind, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(kind, cursor, limit, ct));

    private static async Task<Ok<OrganizationDto>> Get(OrganizationService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Created<OrganizationDto>> Create(OrganizationService service, CreateOrganizationRequest request, CancellationToken ct)
    {
        var org = await service.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/organizations/{org.Id}", org);
    }
}
