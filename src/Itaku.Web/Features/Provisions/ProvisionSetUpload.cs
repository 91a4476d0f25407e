using System.Text;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// Reads an uploaded set file (API body or form file) with a size limit, as strict UTF-8 text.
/// The shipped sets are about 45 kB; 1 MB leaves room for any municipality's document.
/// </summary>
public static class ProvisionSetUpload
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAsync(Stream body, long? declaredLength, CancellationToken ct)
    {
        if (declaredLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new RequestValidationException("$", "UTF-8 のテキストとして読み取れません。特記事項セットは UTF-8 の JSON ファイルにしてください。");
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"特記事項セットのファイルは {MaxBytes / 1024 / 1024} MB 以内にしてください。", StatusCodes.Status413PayloadTooLarge);
}
