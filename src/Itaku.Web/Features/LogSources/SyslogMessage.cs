using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Itaku.Web.Features.LogSources;

/// <summary>Parses one syslog message (RFC 5424, else RFC 3164) into the JSON object stored as the event.</summary>
public static class SyslogMessage
{
    private static readonly string[] Severities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    public static (byte[] Json, DateTime EventTime) Parse(string raw, DateTime receivedAt, TimeZoneInfo localZone)
    {
        var facility = -1;
        var severity = -1;
        var rest = raw;
        if (raw.StartsWith('<') && raw.IndexOf('>', StringComparison.Ordinal) is > 1 and <= 4 and var close
            && int.TryParse(raw.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pri) && pri <= 191)
        {
            facility = pri / 8;
            severity = pri % 8;
            rest = raw[(close + 1)..];
        }

        var fields = rest.StartsWith("1 ", StringComparison.Ordinal) ? Rfc5424(rest[2..]) : Rfc3164(rest, receivedAt, localZone);
        var eventTime = fields.Time ?? receivedAt;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", eventTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("format", fields.Format);
            if (facility >= 0)
            {
                w.WriteNumber("facility", facility);
                w.WriteString("severity", Severities[severity]);
            }

            Optional(w, "hostname", fields.Host);
            Optional(w, "app", fields.App);
            Optional(w, "procid", fields.ProcId);
            Optional(w, "msgid", fields.MsgId);
            Optional(w, "structuredData", fields.StructuredData);
            w.WriteString("message", fields.Message);
            w.WriteString("raw", raw);
            w.WriteEndObject();
        }

        return (buffer.ToArray(), eventTime);
    }

    private sealed record Fields(string Format, DateTime? Time, string? Host, string? App, string? ProcId, string? MsgId, string? StructuredData, string Message);

    /// <summary>TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]; "-" is nil.</summary>
    private static Fields Rfc5424(string s)
    {
        var parts = s.Split(' ', 6);
        if (parts.Length < 6)
        {
            return new Fields("rfc5424", null, null, null, null, null, null, s);
        }

        DateTime? time = DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.UtcDateTime : null;
        var (sd, message) = SplitStructuredData(parts[5]);
        return new Fields("rfc5424", time, Nil(parts[1]), Nil(parts[2]), Nil(parts[3]), Nil(parts[4]), sd, message.TrimStart('\uFEFF'));
    }

    private static (string? Sd, string Message) SplitStructuredData(string s)
    {
        if (s.StartsWith('-'))
        {
            return (null, s.Length > 2 ? s[2..] : "");
        }

        // One or more [id param="value"] elements; a ']' inside a quoted value is escaped as \].
        var i = 0;
        while (i < s.Length && s[i] == '[')
        {
            var inQuotes = false;
            for (i++; i < s.Length; i++)
            {
                if (s[i] == '\\')
                {
                    i++;
                }
                else if (s[i] == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (s[i] == ']' && !inQuotes)
                {
                    i++;
                    break;
                }
            }
        }

        return (s[..i], i < s.Length ? s[(i + 1)..] : "");
    }

    /// <summary>"Mmm dd hh:mm:ss HOSTNAME TAG: MSG" — no year or zone: the receive year and the office's zone.</summary>
    private static Fields Rfc3164(string s, DateTime receivedAt, TimeZoneInfo zone)
    {
        if (s.Length >= 16 && DateTime.TryParseExact(s[..15].Replace("  ", " 0", StringComparison.Ordinal), "MMM dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var year = TimeZoneInfo.ConvertTimeFromUtc(receivedAt, zone).Year;
            var withYear = new DateTime(year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified);
            var utc = TimeZoneInfo.ConvertTimeToUtc(withYear, zone);
            var rest = s[16..];
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var host = space > 0 ? rest[..space] : null;
            var afterHost = space > 0 ? rest[(space + 1)..] : rest;
            var colon = afterHost.IndexOf(": ", StringComparison.Ordinal);
            var tag = colon > 0 && colon <= 48 ? afterHost[..colon] : null;
            var message = tag is null ? afterHost : afterHost[(colon + 2)..];
            string? procId = null;
            if (tag is not null && tag.EndsWith(']') && tag.IndexOf('[', StringComparison.Ordinal) is > 0 and var bracket)
            {
                procId = tag[(bracket + 1)..^1];
                tag = tag[..bracket];
            }

            return new Fields("rfc3164", utc, host, tag, procId, null, null, message);
        }

        return new Fields("rfc3164", null, null, null, null, null, null, s);
    }

    private static string? Nil(string s) => s == "-" ? null : s;

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>UTF-8 decode that never throws: a syslog line is not guaranteed to be valid UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
