using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Requests;

/// <summary>Requests (申請) on a contract and their transitions.</summary>
public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/request-kinds", () => TypedResults.Ok(RequestKinds.All.Select(RequestKindDto.Of).ToList())).WithTags("Requests");
        var group = api.MapGroup("/contracts/{id:long}/requests").WithTags("Requests");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{requestId:long}", Get);
        group.MapPut("/{requestId:long}", Update);
        group.MapPost("/{requestId:long}/submit", (RequestService s, long id, long requestId, CancellationToken ct) => Ok(s.SubmitAsync(id, requestId, ct)));
        group.MapPost("/{requestId:long}/withdraw", (RequestService s, long id, long requestId, CancellationToken ct) => Ok(s.WithdrawAsync(id, requestId, ct)));
        group.MapPost("/{requestId:long}/return", (RequestService s, long id, long requestId, ReasonRequest body, CancellationToken ct) => Ok(s.ReturnAsync(id, requestId, body, ct)));
        group.MapPost("/{requestId:long}/approve", (RequestService s, long id, long requestId, ApproveRequest body, CancellationToken ct) => Ok(s.ApproveAsync(id, requestId, body, ct)));
        group.MapPost("/{requestId:long}/reject", (RequestService s, long id, long requestId, ReasonRequest body, CancellationToken ct) => Ok(s.RejectAsync(id, requestId, body, ct)));
        return api;
    }

    private static async Task<Ok<List<RequestSummaryDto>>> List(RequestService service, long id, string? kind, RequestStatus? status, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, kind, status, ct));

    private static async Task<Created<RequestDto>> Create(RequestService service, long id, CreateRequestRequest body, CancellationToken ct)
    {
        var created = await service.CreateAsync(id, body, ct);
        return TypedResults.Created($"/api/v1/contracts/{id}/requests/{created.Id}", created);
    }

    private static Task<Ok<RequestDto>> Get(RequestService service, long id, long requestId, CancellationToken ct) => Ok(service.GetAsync(id, requestId, ct));

    private static Task<Ok<RequestDto>> Update(RequestService service, long id, long requestId, UpdateRequestRequest body, CancellationToken ct) =>
        Ok(service.UpdateAsync(id, requestId, body, ct));

    private static async Task<Ok<RequestDto>> Ok(Task<RequestDto> work) => TypedResults.Ok(await work);
}
