using System.Text.Json;

namespace Itaku.Web.Features.Provisions;

/// <summary>JSON types as JSON Schema names them, and as the error messages name them (Japanese, with the schema name).</summary>
internal static class JsonTypes
{
    public static bool Matches(JsonElement type, JsonElement instance) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => IsType(t.GetString()!, instance))
        : IsType(type.GetString()!, instance);

    private static bool IsType(string name, JsonElement instance) => name switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    /// <summary>In 2020-12, 1.0 is an integer: what counts is the value, not how it is written.</summary>
    private static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out var d) ? decimal.Truncate(d) == d : number.TryGetDouble(out var x) && Math.Floor(x) == x;

    public static string Expected(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join("または", type.EnumerateArray().Select(t => JapaneseType(t.GetString()!)))
        : JapaneseType(type.GetString()!);

    private static string JapaneseType(string name) => name switch
    {
        "object" => "オブジェクト（object）",
        "array" => "配列（array）",
        "string" => "文字列（string）",
        "number" => "数値（number）",
        "integer" => "整数（integer）",
        "boolean" => "真偽値（boolean）",
        _ => "null",
    };

    public static string Name(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => JapaneseType("object"),
        JsonValueKind.Array => JapaneseType("array"),
        JsonValueKind.String => JapaneseType("string"),
        JsonValueKind.Number => JapaneseType("number"),
        JsonValueKind.True or JsonValueKind.False => JapaneseType("boolean"),
        _ => "null",
    };
}
