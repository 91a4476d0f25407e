using System.Globalization;
using System.Text.Json;

namespace Itaku.Web.Features.Provisions;

/// <summary>Reading the schema once, up front: every keyword known, every pattern compiled, every <c>$ref</c> resolved.</summary>
public sealed partial class JsonSchemaValidator
{
    private void Prepare(JsonElement schema, string location)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"{location}: a schema must be an object or a boolean.");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var at = $"{location}/{keyword.Name}";
            switch (keyword.Name)
            {
                case "properties" or "patternProperties" or "$defs":
                    foreach (var member in keyword.Value.EnumerateObject())
                    {
                        if (keyword.Name == "patternProperties")
                        {
                            Compile(member.Name);
                        }

                        Prepare(member.Value, $"{at}/{member.Name}");
                    }

                    break;
                case "allOf" or "anyOf" or "oneOf":
                    var i = 0;
                    foreach (var sub in keyword.Value.EnumerateArray())
                    {
                        Prepare(sub, $"{at}/{i++}");
                    }

                    break;
                case "additionalProperties" or "items" or "not" or "if" or "then" or "else":
                    Prepare(keyword.Value, at);
                    break;
                case "pattern":
                    Compile(keyword.Value.GetString()!);
                    break;
                case "$ref":
                    Resolve(keyword.Value.GetString()!);
                    break;
                case "type":
                    var names = keyword.Value.ValueKind == JsonValueKind.Array
                        ? keyword.Value.EnumerateArray().Select(t => t.GetString()).ToList()
                        : [keyword.Value.GetString()];
                    if (names.Any(n => n is null || !TypeNames.Contains(n)))
                    {
                        throw new NotSupportedException($"{at}: unknown type {keyword.Value.GetRawText()}.");
                    }

                    break;
                default:
                    if (!Assertions.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"{location}: JSON Schema keyword '{keyword.Name}' is not supported by {nameof(JsonSchemaValidator)}.");
                    }

                    break;
            }
        }
    }

    /// <summary>Resolves <c>#</c> or a JSON pointer <c>#/$defs/key</c> within the same schema.</summary>
    private void Resolve(string reference)
    {
        if (_references.ContainsKey(reference))
        {
            return;
        }

        if (!reference.StartsWith('#') || (reference.Length > 1 && reference[1] != '/'))
        {
            throw new NotSupportedException($"$ref '{reference}': only JSON pointers into the same schema (#/...) are supported.");
        }

        var target = _root;
        if (reference.Length > 1)
        {
            foreach (var token in Uri.UnescapeDataString(reference[2..]).Split('/'))
            {
                var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out var next))
                {
                    target = next;
                }
                else if (target.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < target.GetArrayLength())
                {
                    target = target[index];
                }
                else
                {
                    throw new NotSupportedException($"$ref '{reference}' does not resolve.");
                }
            }
        }

        _references[reference] = target;
    }

    private void Compile(string pattern)
    {
        if (!_patterns.ContainsKey(pattern))
        {
            _patterns[pattern] = EcmaPattern.Compile(pattern, RegexTimeout);
        }
    }
}
