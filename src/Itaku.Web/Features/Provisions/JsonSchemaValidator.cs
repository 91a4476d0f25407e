using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// A JSON Schema draft 2020-12 validator for the subset our provision schemas use: <c>type</c>,
/// <c>enum</c>, <c>const</c>, <c>required</c>, <c>properties</c>, <c>patternProperties</c>,
/// <c>additionalProperties</c>, string length and <c>pattern</c>, <c>items</c> with
/// <c>minItems</c>/<c>maxItems</c>, <c>minimum</c>/<c>maximum</c>, <c>$ref</c> within the same
/// document, <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>/<c>not</c> and <c>if</c>/<c>then</c>/<c>else</c>.
/// No JSON Schema library can be restored here, and this subset is small enough to own.
/// </summary>
/// <remarks>
/// It reports every error, each at the JSON path of the value at fault, because an administrator
/// fixing a file needs the whole list at once. A schema keyword outside the subset makes the
/// constructor throw: a schema must never be half-checked in silence. Patterns are read as
/// ECMA-262 patterns (<see cref="EcmaPattern"/>).
/// </remarks>
public sealed partial class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "format"];

    private static readonly HashSet<string> Assertions =
        ["type", "enum", "const", "required", "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"];

    private static readonly HashSet<string> TypeNames = ["object", "array", "string", "number", "integer", "boolean", "null"];
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _references = new(StringComparer.Ordinal);

    public JsonSchemaValidator(JsonElement schema)
    {
        _root = schema.Clone();
        Prepare(_root, "#");
    }

    public static JsonSchemaValidator Parse(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return new JsonSchemaValidator(document.RootElement);
    }

    /// <summary>Every error of <paramref name="instance"/>, in document order as far as the schema allows; empty when valid.</summary>
    public IReadOnlyList<JsonSchemaError> Validate(JsonElement instance)
    {
        var errors = new List<JsonSchemaError>();
        Check(_root, instance, "$", errors);
        return errors;
    }

    /// <summary>Appends a member name to a path: <c>$.articles</c>, or <c>$['$schema']</c> for names that are not plain (RFC 9535).</summary>
    public static string Append(string path, string name) =>
        IsPlainName(name) ? $"{path}.{name}" : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private void Check(JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new(path, "ここに値を置くことはできません。"));
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(_references[reference.GetString()!], instance, path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !JsonTypes.Matches(type, instance))
        {
            errors.Add(new(path, $"型が違います。{JsonTypes.Expected(type)}が必要ですが、{JsonTypes.Name(instance)}です。"));
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, instance)))
        {
            errors.Add(new(path, $"使えない値です。使える値: {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}"));
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add(new(path, $"値は {constant.GetRawText()} でなければなりません。"));
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, instance, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, instance, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, instance.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, instance, path, errors);
                break;
        }

        CheckCombinations(schema, instance, path, errors);
    }

    private void CheckObject(JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!instance.TryGetProperty(name, out _))
                {
                    errors.Add(new(Append(path, name), "必須の項目がありません。"));
                }
            }
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasPatterns = schema.TryGetProperty("patternProperties", out var patterns);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var member in instance.EnumerateObject())
        {
            var at = Append(path, member.Name);
            var matched = false;
            if (hasProperties && properties.TryGetProperty(member.Name, out var sub))
            {
                matched = true;
                Check(sub, member.Value, at, errors);
            }

            if (hasPatterns)
            {
                foreach (var pattern in patterns.EnumerateObject().Where(p => Matches(p.Name, member.Name)))
                {
                    matched = true;
                    Check(pattern.Value, member.Value, at, errors);
                }
            }

            if (!matched && hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    var allowed = hasProperties ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
                    errors.Add(new(at, allowed.Count == 0 ? "この項目は使えません。" : $"この項目は使えません。使える項目: {string.Join(", ", allowed)}"));
                }
                else
                {
                    Check(additional, member.Value, at, errors);
                }
            }
        }
    }

    private void CheckArray(JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        var count = instance.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32())
        {
            errors.Add(new(path, $"{min.GetInt32()}件以上必要です（現在 {count} 件）。"));
        }

        if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32())
        {
            errors.Add(new(path, $"{max.GetInt32()}件以内にしてください（現在 {count} 件）。"));
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray())
            {
                Check(items, item, Index(path, i++), errors);
            }
        }
    }

    private void CheckString(JsonElement schema, string value, string path, List<JsonSchemaError> errors)
    {
        // Lengths count characters (code points), as JSON Schema does, not UTF-16 units.
        var length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            errors.Add(new(path, min.GetInt32() == 1 ? "空にはできません。" : $"{min.GetInt32()}文字以上にしてください。"));
        }

        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            errors.Add(new(path, $"{max.GetInt32()}文字以内にしてください（現在 {length} 文字）。"));
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Matches(pattern.GetString()!, value))
        {
            errors.Add(new(path, $"形式が正しくありません（パターン {pattern.GetString()} に合いません）。"));
        }
    }

    private static void CheckNumber(JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        var value = instance.GetDouble();
        if (schema.TryGetProperty("minimum", out var min) && value < min.GetDouble())
        {
            errors.Add(new(path, $"{min.GetRawText()} 以上にしてください。"));
        }

        if (schema.TryGetProperty("maximum", out var max) && value > max.GetDouble())
        {
            errors.Add(new(path, $"{max.GetRawText()} 以下にしてください。"));
        }
    }

    private void CheckCombinations(JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var sub in all.EnumerateArray())
            {
                Check(sub, instance, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any))
        {
            var attempts = any.EnumerateArray().Select(s => Collect(s, instance, path)).ToList();
            if (!attempts.Any(a => a.Count == 0))
            {
                errors.Add(new(path, "どの候補（anyOf）にも当てはまりません。最も近い候補との違いを続けて示します。"));
                errors.AddRange(attempts.MinBy(a => a.Count)!);
            }
        }

        if (schema.TryGetProperty("oneOf", out var one))
        {
            var attempts = one.EnumerateArray().Select(s => Collect(s, instance, path)).ToList();
            var passed = attempts.Count(a => a.Count == 0);
            if (passed == 0)
            {
                errors.Add(new(path, "どの候補（oneOf）にも当てはまりません。最も近い候補との違いを続けて示します。"));
                errors.AddRange(attempts.MinBy(a => a.Count)!);
            }
            else if (passed > 1)
            {
                errors.Add(new(path, $"候補（oneOf）のうち {passed} 個に当てはまります。1つだけに当てはまるようにしてください。"));
            }
        }

        if (schema.TryGetProperty("not", out var not) && Collect(not, instance, path).Count == 0)
        {
            // "not": {"required": [...]} forbids members: name each one present, where it is.
            var forbidden = not.ValueKind == JsonValueKind.Object && not.EnumerateObject().All(k => k.Name == "required" || Annotations.Contains(k.Name))
                && not.TryGetProperty("required", out var names) && instance.ValueKind == JsonValueKind.Object
                ? names.EnumerateArray().Select(n => n.GetString()!).ToList()
                : null;
            if (forbidden is { Count: > 0 })
            {
                errors.AddRange(forbidden.Select(n => new JsonSchemaError(Append(path, n), "この項目はここでは指定できません（ほかの項目の値との組み合わせで使えません）。")));
            }
            else
            {
                errors.Add(new(path, "この値は条件（not）に当てはまってはいけません。"));
            }
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            var branch = Collect(condition, instance, path).Count == 0 ? "then" : "else";
            if (schema.TryGetProperty(branch, out var sub))
            {
                Check(sub, instance, path, errors);
            }
        }
    }

    private List<JsonSchemaError> Collect(JsonElement schema, JsonElement instance, string path)
    {
        var errors = new List<JsonSchemaError>();
        Check(schema, instance, path, errors);
        return errors;
    }

    private bool Matches(string pattern, string value)
    {
        try
        {
            return _patterns[pattern].IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_' || name[0] > 0x7f)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 0x7f);
}
