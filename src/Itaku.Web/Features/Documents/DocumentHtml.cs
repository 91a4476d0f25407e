using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Itaku.Web.Features.Documents;

/// <summary>
/// Renders an official document as one self-contained HTML file in the shape of a Japanese official
/// letter: number and date top right, addressee top left, sender right, subject centred, body, 記,
/// numbered items, attachments, 以上. No external reference at all (inline CSS, a CSP that forbids
/// fetching anything) so that the file prints and hashes the same anywhere, for ever. Every value goes
/// through <see cref="HtmlEncoder"/>; Japanese stays as text so the file is readable as source.
/// </summary>
public static class DocumentHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // A4 portrait with the margins of a printed letter; IPAex first since that is what the server prints with.
    private const string Style = """
        @page { size: A4 portrait; margin: 25mm 20mm 20mm 25mm; }
        html { background: white; color: black; }
        body { margin: 0 auto; max-width: 165mm; font-family: "IPAexMincho", "IPA明朝", "Noto Serif CJK JP", "Yu Mincho", "Hiragino Mincho ProN", serif; font-size: 10.5pt; line-height: 1.8; }
        @media screen { body { padding: 20mm 16mm; } }
        .number, .date { text-align: right; margin: 0; }
        .addressee { margin: 2em 0 1em; }
        .sender { margin: 1em 0 2em auto; width: fit-content; max-width: 60%; }
        .addressee p, .sender p { margin: 0; }
        h1 { text-align: center; font-family: "IPAexGothic", "IPAゴシック", "Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans", sans-serif; font-size: 14pt; font-weight: normal; margin: 2em 0 1.5em; letter-spacing: 0.1em; }
        .body p { margin: 0 0 0.5em; text-indent: 1em; }
        .ki { text-align: center; margin: 1.5em 0 1em; }
        ol.items { margin: 0; padding-left: 2.5em; }
        ol.items > li { margin: 0 0 0.8em; break-inside: avoid; }
        .label { font-family: "IPAexGothic", "IPAゴシック", "Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans", sans-serif; }
        .value { margin: 0 0 0 1em; white-space: normal; overflow-wrap: anywhere; }
        table.attachments { border-collapse: collapse; margin: 0.3em 0 0 1em; font-size: 9pt; }
        table.attachments th, table.attachments td { border: 0.5pt solid black; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
        table.attachments td.size { text-align: right; white-space: nowrap; }
        table.attachments td.hash { font-family: "IPAexGothic", monospace; overflow-wrap: anywhere; font-size: 8pt; }
        .ijo { text-align: right; margin: 1.5em 0 0; }
        """;

    /// <summary>Everything printed on the document, after numbering and dating.</summary>
    public sealed record Content(
        string Number,
        string Date,
        string Subject,
        string Addressee,
        string Sender,
        IReadOnlyList<string> Paragraphs,
        IReadOnlyList<DocumentField> Fields,
        IReadOnlyList<DocumentAttachment> Attachments);

    public static string Render(Content c)
    {
        var h = new StringBuilder(4096);
        h.Append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        h.Append("<meta name=\"generator\" content=\"Itaku\">\n");
        h.Append("<title>").Append(E(c.Subject)).Append('（').Append(E(c.Number)).Append("）</title>\n");
        h.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        h.Append("<p class=\"number\">").Append(E(c.Number)).Append("</p>\n");
        h.Append("<p class=\"date\">").Append(E(c.Date)).Append("</p>\n");
        h.Append("<div class=\"addressee\">").Append(Lines(c.Addressee)).Append("</div>\n");
        h.Append("<div class=\"sender\">").Append(Lines(c.Sender)).Append("</div>\n");
        h.Append("<h1>").Append(E(c.Subject)).Append("</h1>\n");
        if (c.Paragraphs.Count > 0)
        {
            h.Append("<div class=\"body\">\n");
            foreach (var p in c.Paragraphs)
            {
                h.Append("<p>").Append(Breaks(p)).Append("</p>\n");
            }

            h.Append("</div>\n");
        }

        h.Append("<p class=\"ki\">記</p>\n<ol class=\"items\">\n");
        foreach (var f in c.Fields)
        {
            h.Append("<li><div class=\"label\">").Append(E(f.Label)).Append("</div><div class=\"value\">").Append(Breaks(f.Value)).Append("</div></li>\n");
        }

        if (c.Attachments.Count > 0)
        {
            h.Append("<li><div class=\"label\">添付書類</div>\n<table class=\"attachments\">\n<thead><tr><th>ファイル名</th><th>大きさ（バイト）</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
            foreach (var a in c.Attachments)
            {
                h.Append("<tr><td>").Append(E(a.Name)).Append("</td><td class=\"size\">")
                    .Append(a.Size.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"hash\">")
                    .Append(E(a.Sha256)).Append("</td></tr>\n");
            }

            h.Append("</tbody>\n</table></li>\n");
        }

        h.Append("</ol>\n<p class=\"ijo\">以上</p>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static string E(string value) => Encoder.Encode(value);

    /// <summary>Each line of a multi-line value as its own paragraph (addressee, sender).</summary>
    private static string Lines(string value) =>
        string.Concat(Split(value).Select(l => "<p>" + E(l) + "</p>"));

    /// <summary>A multi-line value with its line breaks kept.</summary>
    private static string Breaks(string value) => string.Join("<br>", Split(value).Select(E));

    private static IEnumerable<string> Split(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim('\n').Split('\n');
}
