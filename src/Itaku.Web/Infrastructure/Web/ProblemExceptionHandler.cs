using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// Maps the short list of expected exceptions to RFC 9457 problem details on the API.
/// Pages handle their own errors; anything else on a page goes to /Error.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The middleware may already have rewritten Path to the error page: look at the original.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ProblemDetails? problem = exception switch
        {
            RequestValidationException v => new HttpValidationProblemDetails(v.Errors) { Status = 400, Title = "入力内容に誤りがあります。" },
            BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
            BadHttpRequestException { Message: var m } when m.Contains("body", StringComparison.OrdinalIgnoreCase) && m.Contains("request", StringComparison.OrdinalIgnoreCase)
                => new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = ["リクエストの本文（JSON）が必要です。"] }) { Status = 400, Title = "入力内容に誤りがあります。" },
            BadHttpRequestException { InnerException: IOException or InvalidDataException } => new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = [FormInput.Unreadable] })
            {
                Status = 400,
                Title = "入力内容に誤りがあります。",
            },
            BadHttpRequestException { Message: var bind } when BindFailure().Match(bind) is { Success: true } m
                => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [m.Groups[1].Value] = [$"'{m.Groups[1].Value}' の値を読み取れません（型または選択肢が正しくありません）。"] })
                {
                    Status = 400,
                    Title = "入力内容に誤りがあります。",
                },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "リクエストが正しくありません。", Detail = bad.Message },
            DbUpdateConcurrencyException => new ProblemDetails { Status = 409, Title = "現在の状態では実行できません。", Detail = ConflictException.StateChanged },
            DbUpdateException => new ProblemDetails { Status = 409, Title = "同時に別の変更がありました。", Detail = "もう一度読み込んでから、やり直してください。" },
            NotFoundException nf => new ProblemDetails { Status = 404, Title = "見つかりません。", Detail = nf.Message },
            ForbiddenException f => new ProblemDetails { Status = 403, Title = "この操作の権限がありません。", Detail = f.Message },
            ConflictException c => new ProblemDetails { Status = 409, Title = "現在の状態では実行できません。", Detail = c.Message },
            GoneException g => Gone(g),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The framework's (English) message when a route or query value does not parse: "Failed to bind parameter "T name" from "v"."</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"[^\" ]+ ([A-Za-z0-9_]+)\" from")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    private static ProblemDetails Gone(GoneException gone)
    {
        var problem = new ProblemDetails { Status = 410, Title = "保存期間を過ぎて削除されています。", Detail = gone.Message };
        foreach (var (key, value) in gone.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>Malformed JSON, a wrong type, an unknown enum value or a property named twice: name the field from the JSON path.</summary>
    private static HttpValidationProblemDetails JsonProblem(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        var inner = json.Data[JsonInput.InnerPath] as string;
        if (inner is not null)
        {
            field = field == "$" ? inner : $"{field}.{inner}";
        }

        // The serializer's own message for a repeated property begins "Duplicate" (System.Text.Json, AllowDuplicateProperties).
        var message = inner is not null || json.Message.StartsWith("Duplicate", StringComparison.Ordinal)
            ? JsonInput.Duplicate(field)
            : json.Path is null or "$"
                ? "JSON として読み取れません。"
                : $"'{field}' の値を読み取れません（型または選択肢が正しくありません）。";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "入力内容に誤りがあります。",
        };
    }
}
