using System.IO.Compression;
using System.Text;

namespace Itaku.Web.Features.Attestations;

/// <summary>
/// Decides a file's type from its bytes, never from its name or the browser's claim, and accepts
/// it only when the name's extension agrees: an executable renamed <c>.pdf</c> is refused, and a
/// downloaded attachment is served as what it really is.
/// </summary>
public static class AttachmentTypes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The accepted types and the extensions each may carry.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Extensions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [".docx"],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [".xlsx"],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [".pptx"],
        ["text/plain"] = [".txt"],
        ["text/csv"] = [".csv"],
    };

    /// <summary>What the <c>accept</c> attribute of a file input offers.</summary>
    public static string AcceptAttribute => string.Join(',', Extensions.Values.SelectMany(e => e));

    /// <summary>The content type for <paramref name="content"/> named <paramref name="fileName"/>, or null when the two do not agree or the type is not accepted.</summary>
    public static string? Detect(ReadOnlySpan<byte> content, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = Sniff(content, extension);
        return type is not null && Extensions[type].Contains(extension) ? type : null;
    }

    private static string? Sniff(ReadOnlySpan<byte> c, string extension)
    {
        if (c.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (c.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (c.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (c.StartsWith("PK\u0003\u0004"u8))
        {
            return OfficeOpenXml(c.ToArray());
        }

        // Executables (PE, ELF, Mach-O) and scripts are never text evidence, whatever their bytes decode to.
        if (c.StartsWith("MZ"u8) || c.StartsWith("\u007FELF"u8) || c.StartsWith("#!"u8)
            || c.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || c.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]))
        {
            return null;
        }

        return IsUtf8Text(c) ? (extension == ".csv" ? "text/csv" : "text/plain") : null;
    }

    /// <summary>A zip with <c>[Content_Types].xml</c>; the main part's folder says which Office document it is. Only the directory is read, nothing is inflated.</summary>
    private static string? OfficeOpenXml(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (!names.Contains("[Content_Types].xml", StringComparer.Ordinal))
            {
                return null;
            }

            return names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                : names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool IsUtf8Text(ReadOnlySpan<byte> c)
    {
        if (c.Contains((byte)0))
        {
            return false;
        }

        try
        {
            StrictUtf8.GetCharCount(c);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
