using System.Globalization;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Attestations;

/// <summary>A contract's attestations: read by its readers, submitted by its Responsible, decided by its Owner.</summary>
public static class AttestationsApi
{
    public static RouteGroupBuilder MapAttestationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts/{id:long}/attestations").WithTags("Attestations");
        group.MapGet("/", List);
        group.MapGet("/{aid:long}", Get);
        group.MapPost("/", Create).Accepts<IFormFileCollection>("multipart/form-data");
        group.MapPost("/{aid:long}/accept", Accept);
        group.MapPost("/{aid:long}/return", Return);
        group.MapGet("/{aid:long}/attachments/{attachmentId:long}", Download);
        return api;
    }

    private static async Task<Ok<List<AttestationDto>>> List(AttestationService service, long id, string? obligationKey, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(id, obligationKey, ct));

    private static async Task<Ok<AttestationDto>> Get(AttestationService service, long id, long aid, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, aid, ct));

    /// <summary>
    /// multipart/form-data: obligationKey, statement, validFrom, validUntil (yyyy-MM-dd), basedOnId, files.
    /// The form is read by hand, after the caller is known to be allowed to submit, so that a stranger's
    /// upload is refused before its body is read and an over-size body is a 400 naming the limit.
    /// </summary>
    private static async Task<Created<AttestationDto>> Create(AttestationService service, IOptions<AttachmentSettings> settings, HttpRequest request, long id, CancellationToken ct)
    {
        await service.EnsureCanSubmitAsync(id, ct);
        var limits = settings.Value;
        var form = await FormInput.ReadAsync(request, limits.MaxRequestBytes,
            $"送信内容が大きすぎます。添付は1ファイル{AttestationService.Size(limits.MaxBytes)}以下、{limits.MaxFiles}個までです。", ct);
        var errors = new Dictionary<string, string[]>();
        var submission = new AttestationSubmission(
            form["obligationKey"].ToString(),
            form["statement"].ToString(),
            Date(form, "validFrom", errors),
            Date(form, "validUntil", errors),
            BasedOn(form, errors));
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var files = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var created = await service.SubmitAsync(id, submission, files, ct);
        return TypedResults.Created($"/api/v1/contracts/{id}/attestations/{created.Id}", created);
    }

    private static async Task<Ok<AttestationDto>> Accept(AttestationService service, long id, long aid, AcceptAttestationRequest? request, CancellationToken ct) =>
        TypedResults.Ok(await service.AcceptAsync(id, aid, request, ct));

    private static async Task<Ok<AttestationDto>> Return(AttestationService service, long id, long aid, ReturnAttestationRequest request, CancellationToken ct) =>
        TypedResults.Ok(await service.ReturnAsync(id, aid, request, ct));

    private static async Task<FileContentHttpResult> Download(AttestationService service, HttpResponse response, long id, long aid, long attachmentId, CancellationToken ct)
    {
        var file = await service.DownloadAsync(id, aid, attachmentId, ct);
        AttachmentDownload.SetHeaders(response);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static DateOnly? Date(IFormCollection form, string field, Dictionary<string, string[]> errors)
    {
        var text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = ["日付は yyyy-MM-dd の形で入力してください。"];
        return null;
    }

    private static long? BasedOn(IFormCollection form, Dictionary<string, string[]> errors)
    {
        var text = form["basedOnId"].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors["basedOnId"] = ["再提出の元の番号が正しくありません。"];
        return null;
    }
}
