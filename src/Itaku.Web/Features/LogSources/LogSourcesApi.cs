using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Features.LogSources;

public static class LogSourcesApi
{
    public static RouteGroupBuilder MapLogSourcesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/log-sources").WithTags("Log sources");
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPost("/{sourceId:long}/rotate-token", RotateToken)
            .WithDescription("Issues a new ingest token (shown once); the old one stops working at once.");
        group.MapPost("/{sourceId:long}/revoke", Revoke).WithDescription("Revokes the source for good: its token stops working.");
        group.MapPost("/{sourceId:long}/disable", Disable).WithDescription("Refuses the source's ingest (403) until it is enabled again.");
        group.MapPost("/{sourceId:long}/enable", Enable);

        // Contractor systems authenticate with the source's own ingest token, not a user token.
        api.MapPost("/ingest/{sourceId:long}", Ingest).AllowAnonymous().WithTags("Log ingest")
            .WithDescription("Body: application/x-ndjson — one JSON object per line with an RFC 3339 \"time\". Authorization: Bearer <ingest token>.")
            .DisableAntiforgery();
        return api;
    }

    private static async Task<Ok<List<LogSourceDto>>> List(LogSourceService sources, long id, CancellationToken ct) =>
        TypedResults.Ok(await sources.ListAsync(id, ct));

    private static async Task<Created<CreatedLogSourceDto>> Create(LogSourceService sources, long id, CreateLogSourceRequest request, CancellationToken ct)
    {
        var created = await sources.CreateAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/contracts/{id}/log-sources/{created.Source.Id}", created);
    }

    private static async Task<Ok<RotatedTokenDto>> RotateToken(LogSourceService sources, long id, long sourceId, CancellationToken ct) =>
        TypedResults.Ok(await sources.RotateTokenAsync(id, sourceId, ct));

    private static async Task<NoContent> Revoke(LogSourceService sources, long id, long sourceId, CancellationToken ct)
    {
        await sources.RevokeAsync(id, sourceId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Disable(LogSourceService sources, long id, long sourceId, CancellationToken ct)
    {
        await sources.SetDisabledAsync(id, sourceId, true, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Enable(LogSourceService sources, long id, long sourceId, CancellationToken ct)
    {
        await sources.SetDisabledAsync(id, sourceId, false, ct);
        return TypedResults.NoContent();
    }

    /// <summary>JSON Lines: one object per line with an RFC 3339 "time"; ≤ 64 KiB a line, ≤ 16 MiB a request.</summary>
    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Ingest(long sourceId, HttpRequest request, IngestService ingest, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        LogSource source;
        try
        {
            source = await ingest.AuthenticateAsync(sourceId, token, ct);
        }
        catch (IngestUnauthorizedException)
        {
            return Problem(401, "認証できませんでした。", "この送信元の取込みトークンを Authorization: Bearer で送ってください。");
        }

        if (source.DisabledAt is not null)
        {
            return Problem(403, "この送信元は停止中です。", "契約の責任者が送信元を再開するまで、ログは受け付けられません。");
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/x-ndjson" or "application/jsonl" or "application/json-seq"))
        {
            return Problem(415, "形式が違います。", "Content-Type: application/x-ndjson（1行に1つの JSON）で送ってください。");
        }

        if (request.ContentLength > IngestService.MaxRequestBytes)
        {
            return Problem(413, "リクエストが大きすぎます。", $"1回のリクエストは {IngestService.MaxRequestBytes / (1024 * 1024)} MiB までです。");
        }

        var (buffer, length) = await ReadLimitedAsync(request.Body, request.ContentLength, IngestService.MaxRequestBytes, ct);
        if (buffer is null)
        {
            return Problem(413, "リクエストが大きすぎます。", $"1回のリクエストは {IngestService.MaxRequestBytes / (1024 * 1024)} MiB までです。");
        }

        try
        {
            return TypedResults.Ok(await ingest.IngestAsync(source, buffer.AsMemory(0, length), ct));
        }
        catch (IngestRateLimitedException e)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)e.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(429, "送信が多すぎます。", $"この送信元の取込み量の上限を超えました。{(int)e.RetryAfter.TotalSeconds} 秒後に送り直してください（Retry-After）。");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the body into a pooled buffer (sized by Content-Length when given): a growing MemoryStream allocated
    /// and copied several large-object-heap arrays per request, which kept the background GC busy during ingest.
    /// Returns a null buffer past <paramref name="limit"/>; otherwise the caller returns the buffer to the pool.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadLimitedAsync(Stream body, long? contentLength, int limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(contentLength ?? 0, 0, limit) + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
