using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Notifications;

/// <summary>The caller's own inbox. Every query is scoped to the caller; another user's notification is a 404.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", List);
        group.MapPost("/{id:long}/read", Read);
        group.MapPost("/read-all", ReadAll);
        return api;
    }

    private static async Task<Ok<CursorPage<NotificationDto>>> List(NotificationService service, bool? unread, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(unread, cursor, limit, ct));

    private static async Task<Ok<NotificationDto>> Read(NotificationService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.MarkReadAsync(id, ct));

    private static async Task<Ok<ReadAllResult>> ReadAll(NotificationService service, CancellationToken ct) =>
        TypedResults.Ok(new ReadAllResult(await service.MarkAllReadAsync(ct)));
}
