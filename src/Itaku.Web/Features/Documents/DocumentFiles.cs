using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Features.Documents;

/// <summary>What the API and the pages share about document files: the snapshot's own CSP, uploads, file names.</summary>
public static class DocumentFiles
{
    /// <summary>
    /// The snapshot carries its styles inline (it must be self-contained), so it is served under a CSP that
    /// allows exactly that and nothing else: no script, no fetch, sandboxed, not framable.
    /// </summary>
    public const string HtmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Reads an uploaded file to check against the recorded documents; 400 keyed "file" when missing, empty or too large.</summary>
    public static async Task<byte[]> ReadUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw new RequestValidationException("file", "確認するファイルを選んでください。");
        }

        if (file.Length > DocumentService.MaxVerifyBytes)
        {
            throw new RequestValidationException("file", $"ファイルは {DocumentService.MaxVerifyBytes / 1024 / 1024} MB 以内にしてください。");
        }

        using var buffer = new MemoryStream((int)file.Length);
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>A download name from the document number, without characters file systems refuse.</summary>
    public static string FileName(string number, string extension)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var name = new string(number.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return (name.Length == 0 ? "document" : name) + "." + extension;
    }
}
