using System.Globalization;
using System.Text.Json;
using Itaku.Web.Infrastructure.Audit;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// The bytes an audit event is hashed as: compact JSON with a fixed field order, so the same row always
/// gives the same leaf and an edited row no longer matches its ledger entry.
/// </summary>
public static class AuditEntry
{
    public static byte[] Serialize(AuditEvent e)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteString("time", DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("action", e.Action);
            w.WriteString("actor", e.Actor);
            Optional(w, "actorId", e.ActorId?.ToString());
            w.WriteString("subjectType", e.SubjectType);
            Optional(w, "subjectId", e.SubjectId);
            if (e.ContractId is { } contractId)
            {
                w.WriteNumber("contractId", contractId);
            }

            Optional(w, "ip", e.IpAddress);
            if (e.Details is not null)
            {
                w.WritePropertyName("details");
                w.WriteRawValue(e.Details, skipInputValidation: false);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
