using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// The one rule for JSON that Itaku reads: an object names each property once. The serializer enforces it
/// for typed bodies (<c>AllowDuplicateProperties = false</c>, see WebExtensions); free objects
/// (<see cref="JsonObject"/> request and notice fields) are parsed here, where the framework's own
/// converter would defer the check and throw an ArgumentException (a 500) when the object is first used.
/// Provision sets use <c>JsonDocumentOptions.AllowDuplicateProperties = false</c> (ProvisionSetReader).
/// </summary>
public static class JsonInput
{
    /// <summary>Key of <see cref="Exception.Data"/> holding the duplicate's path inside the object being read.</summary>
    public const string InnerPath = "Itaku.JsonInput.InnerPath";

    public static string Duplicate(string field) => $"'{field}' が2回以上指定されています。同じ名前の項目は1回だけ指定してください。";

    /// <summary>The first property named twice in <paramref name="element"/> or any object inside it, as a relative path (<c>a</c>, <c>x.y</c>, <c>list[2].k</c>).</summary>
    public static string? FirstDuplicate(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!seen.Add(property.Name))
                    {
                        return at;
                    }

                    if (FirstDuplicate(property.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstDuplicate(item, $"{path}[{i++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Reads a free JSON object, refusing duplicate property names at any depth (a JsonException the API answers with 400).</summary>
    public sealed class UniqueObjectConverter : JsonConverter<JsonObject>
    {
        public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException();
            }

            using var document = JsonDocument.ParseValue(ref reader);
            if (FirstDuplicate(document.RootElement) is { } duplicate)
            {
                throw new JsonException(Duplicate(duplicate)) { Data = { [InnerPath] = duplicate } };
            }

            return JsonObject.Create(document.RootElement.Clone());
        }

        public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);
    }
}
