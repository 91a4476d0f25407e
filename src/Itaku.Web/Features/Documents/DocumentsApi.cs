using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Features.Documents;

/// <summary>
/// /api/v1 routes of official documents: a contract's documents (metadata, the stored HTML, the PDF) for its
/// readers, and verification of a file for anyone signed in. Handlers are thin: the rules are in <see cref="DocumentService"/>.
/// </summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/documents").WithTags("Documents");
        group.MapGet("/", List);
        group.MapGet("/{docId:long}", Get);
        group.MapGet("/{docId:long}/html", Html).Produces(200, contentType: "text/html");
        group.MapGet("/{docId:long}/pdf", Pdf).Produces(200, contentType: "application/pdf");

        // Bearer tokens only (a cookie never authorises the API), so there is no cross-site form to forge.
        api.MapPost("/documents/verify", Verify).WithTags("Documents").DisableAntiforgery()
            .WithDescription("Body: multipart/form-data with one file in the field \"file\" (≤ 20 MiB). Answers whether it is, byte for byte, the HTML or PDF of an issued document.")
            .Accepts<IFormFile>("multipart/form-data");
        return api;
    }

    private static async Task<Ok<Itaku.Web.Infrastructure.Web.CursorPage<DocumentDto>>> List(DocumentService documents, long id, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await documents.ListAsync(id, cursor, limit, ct));

    private static async Task<Ok<DocumentDto>> Get(DocumentService documents, long id, long docId, CancellationToken ct) =>
        TypedResults.Ok(await documents.GetAsync(id, docId, ct));

    /// <summary>The stored bytes, unchanged, under a CSP of their own: inline styles only, nothing fetched, no script.</summary>
    private static async Task<FileContentHttpResult> Html(DocumentService documents, HttpResponse response, long id, long docId, CancellationToken ct)
    {
        var file = await documents.GetHtmlAsync(id, docId, ct);
        response.Headers.ContentSecurityPolicy = DocumentFiles.HtmlPolicy;
        return TypedResults.File(file.Html, "text/html; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(DocumentService documents, long id, long docId, CancellationToken ct)
    {
        var pdf = await documents.GetPdfAsync(id, docId, ct);
        return pdf.Pdf is { } bytes
            ? TypedResults.File(bytes, "application/pdf")
            : TypedResults.Problem(title: "この書面の PDF はありません。", detail: pdf.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["pdfStatus"] = pdf.Status.ToString() });
    }

    /// <summary>The form is read by hand (FormInput) so that a truncated or garbled body is a 400 in Japanese.</summary>
    private static async Task<Ok<VerifyResultDto>> Verify(DocumentService documents, HttpRequest request, CancellationToken ct)
    {
        var form = await FormInput.ReadAsync(request, DocumentService.MaxVerifyBytes + 64 * 1024,
            $"ファイルは {DocumentService.MaxVerifyBytes / 1024 / 1024} MB 以内にしてください。", ct);
        var bytes = await DocumentFiles.ReadUploadAsync(form.Files.GetFile("file"), ct);
        return TypedResults.Ok(await documents.VerifyAsync(bytes, ct));
    }
}
