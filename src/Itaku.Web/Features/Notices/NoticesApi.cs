using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Notices;

/// <summary>Notices (届出・報告) on a contract: submit, list, read, acknowledge.</summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notice-kinds", () => TypedResults.Ok(NoticeKinds.All.Select(NoticeKindDto.Of).ToList())).WithTags("Notices");
        var group = api.MapGroup("/contracts/{id:long}/notices").WithTags("Notices");
        group.MapGet("/", List);
        group.MapPost("/", Submit);
        group.MapGet("/{noticeId:long}", Get);
        group.MapPost("/{noticeId:long}/acknowledge", Acknowledge);
        return api;
    }

    private static async Task<Ok<List<NoticeDto>>> List(NoticeService service, long id, string? kind, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, kind, ct));

    private static async Task<Created<NoticeDto>> Submit(NoticeService service, long id, SubmitNoticeRequest body, CancellationToken ct)
    {
        var created = await service.SubmitAsync(id, body, ct);
        return TypedResults.Created($"/api/v1/contracts/{id}/notices/{created.Id}", created);
    }

    private static async Task<Ok<NoticeDto>> Get(NoticeService service, long id, long noticeId, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, noticeId, ct));

    private static async Task<Ok<NoticeDto>> Acknowledge(NoticeService service, long id, long noticeId, AcknowledgeNoticeRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.AcknowledgeAsync(id, noticeId, body, ct));
}
