using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Roster;

/// <summary>The roster (従事者名簿) of a contract: versions, drafts and their submission.</summary>
public static class RosterApi
{
    public static RouteGroupBuilder MapRosterApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/roster").WithTags("Roster");
        group.MapGet("/", List);
        group.MapPost("/", CreateDraft);
        group.MapGet("/{number:int}", Get);
        group.MapPut("/{number:int}", Update);
        group.MapPost("/{number:int}/submit", Submit);
        return api;
    }

    private static async Task<Ok<List<RosterVersionSummaryDto>>> List(RosterService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, ct));

    /// <summary><c>?organizationId=</c> starts an approved subcontractor's roster instead of the contractor's.</summary>
    private static async Task<Created<RosterVersionDto>> CreateDraft(RosterService service, long id, long? organizationId, CancellationToken ct)
    {
        var created = await service.CreateDraftAsync(id, ct, organizationId);
        return TypedResults.Created($"/api/v1/contracts/{id}/roster/{created.Version.Number}", created);
    }

    private static async Task<Ok<RosterVersionDto>> Get(RosterService service, long id, int number, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, number, ct));

    private static async Task<Ok<RosterVersionDto>> Update(RosterService service, long id, int number, UpdateRosterRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.UpdateDraftAsync(id, number, body, ct));

    private static async Task<Ok<RosterVersionDto>> Submit(RosterService service, long id, int number, CancellationToken ct) =>
        TypedResults.Ok(await service.SubmitAsync(id, number, ct));
}
