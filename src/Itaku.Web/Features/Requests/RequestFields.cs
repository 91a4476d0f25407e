using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Itaku.Web.Features.Requests;

/// <summary>
/// Checks and normalises a request's fields against its kind: known names only, values of the right
/// type (dates as <c>yyyy-MM-dd</c>, counts ≥ 1, lines as a list), lengths bounded. A draft may leave
/// fields empty; submitting needs every required one. Errors are keyed <c>fields.name</c>.
/// </summary>
public static class RequestFields
{
    private const int MaxLines = 200;

    public static JsonObject Normalize(RequestKind kind, JsonObject? input, bool complete, Dictionary<string, string[]> errors)
    {
        var output = new JsonObject();
        input ??= [];
        foreach (var (name, _) in input)
        {
            if (!kind.Fields.Any(f => f.Name == name))
            {
                errors[$"fields.{name}"] = ["この申請にはない項目です。"];
            }
        }

        foreach (var field in kind.Fields)
        {
            var key = $"fields.{field.Name}";
            var value = input[field.Name];
            var (normalized, error) = field.Type switch
            {
                RequestFieldType.Date => Date(value),
                RequestFieldType.Count => Count(value),
                RequestFieldType.Lines => Lines(value),
                _ => Text(value, field.MaxLength),
            };
            if (error is not null)
            {
                errors[key] = [$"{field.Ja}：{error}"];
            }
            else if (normalized is null)
            {
                if (complete && field.Required)
                {
                    errors[key] = [$"{field.Ja}を入力してください。"];
                }
            }
            else
            {
                output[field.Name] = normalized;
            }
        }

        foreach (var (from, to) in kind.Ordered)
        {
            if (output[from] is JsonValue f && output[to] is JsonValue t
                && string.CompareOrdinal(f.GetValue<string>(), t.GetValue<string>()) > 0)
            {
                errors[$"fields.{to}"] = [$"{kind.Fields.First(x => x.Name == to).Ja}は{kind.Fields.First(x => x.Name == from).Ja}以降の日付にしてください。"];
            }
        }

        return output;
    }

    /// <summary>A field's value for display: lines joined by newlines, everything else as written.</summary>
    public static string Display(JsonObject fields, RequestField field) => fields[field.Name] switch
    {
        JsonArray lines => string.Join("\n", lines.Select(l => l?.GetValue<string>())),
        JsonValue v => v.ToString(),
        _ => "",
    };

    private static (JsonNode? Value, string? Error) Text(JsonNode? value, int max)
    {
        if (value is null)
        {
            return (null, null);
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return (null, "文字列で入力してください。");
        }

        var s = value.GetValue<string>().Trim();
        return s.Length == 0 ? (null, null)
            : s.Length > max ? (null, $"{max}文字以内で入力してください。")
            : (JsonValue.Create(s), null);
    }

    private static (JsonNode? Value, string? Error) Date(JsonNode? value)
    {
        var (text, error) = Text(value, 10);
        if (text is null)
        {
            return (null, error is null ? null : "日付（yyyy-MM-dd）で入力してください。");
        }

        return DateOnly.TryParseExact(text.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
            : (null, "日付（yyyy-MM-dd）で入力してください。");
    }

    private static (JsonNode? Value, string? Error) Count(JsonNode? value)
    {
        if (value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim().Length == 0))
        {
            return (null, null);
        }

        var ok = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.AsValue().TryGetValue<int>(out var n) ? n : (int?)null,
            JsonValueKind.String => int.TryParse(value.GetValue<string>().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            _ => null,
        };
        return ok is >= 1 and <= 100_000 ? (JsonValue.Create(ok.Value), null) : (null, "1以上の整数で入力してください。");
    }

    private static (JsonNode? Value, string? Error) Lines(JsonNode? value)
    {
        IEnumerable<JsonNode?> items = value switch
        {
            null => [],
            JsonArray a => a,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)),
            _ => [JsonValue.Create(0)],
        };
        var lines = new JsonArray();
        foreach (var item in items)
        {
            if (item is null || item.GetValueKind() != JsonValueKind.String)
            {
                return (null, "文字列の一覧で入力してください。");
            }

            var s = item.GetValue<string>().Trim();
            if (s.Length > 200)
            {
                return (null, "1行200文字以内で入力してください。");
            }

            if (s.Length > 0)
            {
                lines.Add(s);
            }
        }

        return lines.Count == 0 ? (null, null) : lines.Count > MaxLines ? (null, $"{MaxLines}行以内で入力してください。") : (lines, null);
    }
}
