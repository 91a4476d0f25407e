using System.Text;
using System.Text.RegularExpressions;

namespace Itaku.Web.Tests.Notifications;

/// <summary>
/// Reads a received message the way a mail client would, for assertions: unfolded headers with RFC 2047
/// encoded-words decoded, and the text body decoded from base64 or quoted-printable per its charset.
/// </summary>
public sealed partial class MailText
{
    private MailText(Dictionary<string, string> rawHeaders, string body)
    {
        RawHeaders = rawHeaders;
        Body = body;
    }

    /// <summary>Headers as sent (unfolded, encoded-words still encoded), by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> RawHeaders { get; }

    public string Body { get; }

    public string Subject => DecodeWords(RawHeaders.GetValueOrDefault("subject", ""));

    public string Header(string name) => DecodeWords(RawHeaders.GetValueOrDefault(name.ToLowerInvariant(), ""));

    public static MailText Parse(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = data[..split];
        var rawBody = data[(split + 4)..];

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += line; // unfold: the CRLF goes, the white space stays
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            last = line[..colon].Trim().ToLowerInvariant();
            headers[last] = line[(colon + 1)..].Trim();
        }

        var type = headers.GetValueOrDefault("content-type", "text/plain; charset=us-ascii");
        var charset = Regex.Match(type, @"charset=""?(?<c>[^"";\s]+)", RegexOptions.IgnoreCase).Groups["c"].Value;
        var encoding = Encoding.GetEncoding(charset.Length == 0 ? "us-ascii" : charset);
        var bytes = headers.GetValueOrDefault("content-transfer-encoding", "7bit").ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(string.Concat(rawBody.Split("\r\n"))),
            "quoted-printable" => QuotedPrintable(rawBody, underscoreIsSpace: false),
            _ => Encoding.Latin1.GetBytes(rawBody),
        };
        return new MailText(headers, encoding.GetString(bytes));
    }

    /// <summary>RFC 2047: adjacent encoded-words are joined (their bytes, before the charset is applied).</summary>
    public static string DecodeWords(string value)
    {
        var result = new StringBuilder();
        var pending = new List<byte>();
        Encoding? pendingEncoding = null;
        var position = 0;
        foreach (Match m in EncodedWord().Matches(value))
        {
            var between = value[position..m.Index];
            if (pendingEncoding is not null && between.Trim().Length > 0)
            {
                result.Append(pendingEncoding.GetString(pending.ToArray()));
                pending.Clear();
                pendingEncoding = null;
            }

            if (pendingEncoding is null)
            {
                result.Append(between);
            }

            var encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
            if (pendingEncoding is not null && !Equals(pendingEncoding, encoding))
            {
                result.Append(pendingEncoding.GetString(pending.ToArray()));
                pending.Clear();
            }

            pendingEncoding = encoding;
            var text = m.Groups["text"].Value;
            pending.AddRange(string.Equals(m.Groups["enc"].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(text)
                : QuotedPrintable(text, underscoreIsSpace: true));
            position = m.Index + m.Length;
        }

        if (pendingEncoding is not null)
        {
            result.Append(pendingEncoding.GetString(pending.ToArray()));
        }

        result.Append(value[position..]);
        return result.ToString();
    }

    private static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>();
        text = text.Replace("=\r\n", "", StringComparison.Ordinal); // soft line breaks
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(underscoreIsSpace && c == '_' ? (byte)' ' : (byte)c);
            }
        }

        return bytes.ToArray();
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
