using Microsoft.AspNetCore.Http.Features;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// Reads a multipart/form-data body by hand (after the caller's right is checked) with its own size
/// limit. A body that is not a form, is truncated, or whose boundary does not match is a 400 saying so —
/// the framework reports those as exceptions of the stream (IOException, InvalidDataException).
/// </summary>
public static class FormInput
{
    public const string Unreadable = "送信内容（multipart/form-data）を読み取れません。途中で切れているか、区切り文字（boundary）が本文と合っていません。";

    public static async Task<IFormCollection> ReadAsync(HttpRequest request, long limit, string tooLarge, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (!request.HasFormContentType)
        {
            throw new RequestValidationException("$", "multipart/form-data で送ってください。");
        }

        try
        {
            // The multipart limit follows the caller's too (the framework's default is 128 MB).
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit }));
            return await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new RequestValidationException("files", tooLarge);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestValidationException("files", tooLarge);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            throw new RequestValidationException("$", Unreadable);
        }
    }
}
