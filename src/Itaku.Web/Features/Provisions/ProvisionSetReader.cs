using System.Text.Json;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// Reads a provision-set file as the loader must: parse it, check it against
/// provision-set.schema.json, then check the three rules the schema cannot express (article
/// numbers unique, every key in the taxonomy, a key at most once per article). Every error is
/// reported, each keyed by its JSON path, so one upload shows the administrator everything to fix.
/// </summary>
public sealed class ProvisionSetReader(ObligationTaxonomy taxonomy, JsonSchemaValidator schema)
{
    /// <summary>Past this many errors the file is clearly not a provision set; the rest are left out of the answer.</summary>
    public const int MaxErrors = 500;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A member named twice is refused: which of the two values would count is anyone's guess.</summary>
    internal static readonly JsonDocumentOptions Parsing = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public ObligationTaxonomy Taxonomy => taxonomy;

    /// <summary>Every error of <paramref name="json"/> (empty when it is a valid set, which is then in <paramref name="document"/>).</summary>
    public IReadOnlyList<JsonSchemaError> Check(string json, out ProvisionSetDocument? document)
    {
        document = null;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, Parsing);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"（{line + 1}行目付近）" : "";
            return [new("$", $"JSON として読み取れません{where}。構文の誤りか、同じ項目名の重複があります。")];
        }

        using (parsed)
        {
            var errors = schema.Validate(parsed.RootElement).Concat(CheckRules(parsed.RootElement)).ToList();
            if (errors.Count == 0)
            {
                document = parsed.RootElement.Deserialize<ProvisionSetDocument>(Json);
            }

            return errors;
        }
    }

    /// <summary>The set in <paramref name="json"/>; otherwise a <see cref="RequestValidationException"/> with every error keyed by its JSON path.</summary>
    public ProvisionSetDocument Read(string json)
    {
        var errors = Check(json, out var document);
        return errors.Count == 0 ? document! : throw new RequestValidationException(ByPath(errors));
    }

    /// <summary>A set that passed the checks when it was stored (a provision set row, a contract's snapshot).</summary>
    public static ProvisionSetDocument Deserialize(string json) => JsonSerializer.Deserialize<ProvisionSetDocument>(json, Json)!;

    /// <summary>Errors grouped by path, in the order found, at most <see cref="MaxErrors"/>.</summary>
    public static Dictionary<string, string[]> ByPath(IReadOnlyList<JsonSchemaError> errors)
    {
        var result = errors.Take(MaxErrors)
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        if (errors.Count > MaxErrors)
        {
            result["$"] = [.. result.GetValueOrDefault("$") ?? [], $"誤りが多すぎるため、最初の {MaxErrors} 件だけを示します（全 {errors.Count} 件）。"];
        }

        return result;
    }

    private IEnumerable<JsonSchemaError> CheckRules(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("articles", out var articles) || articles.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var article in articles.EnumerateArray())
        {
            var at = JsonSchemaValidator.Index("$.articles", i);
            if (article.ValueKind == JsonValueKind.Object)
            {
                if (article.TryGetProperty("number", out var number) && number.ValueKind == JsonValueKind.String && !numbers.TryAdd(number.GetString()!, i))
                {
                    yield return new($"{at}.number", $"条番号 \"{number.GetString()}\" が重複しています（$.articles[{numbers[number.GetString()!]}] と同じ）。");
                }

                if (article.TryGetProperty("obligations", out var obligations) && obligations.ValueKind == JsonValueKind.Array)
                {
                    foreach (var error in CheckKeys(obligations, $"{at}.obligations"))
                    {
                        yield return error;
                    }
                }
            }

            i++;
        }
    }

    private IEnumerable<JsonSchemaError> CheckKeys(JsonElement obligations, string path)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var j = 0;
        foreach (var obligation in obligations.EnumerateArray())
        {
            if (obligation.ValueKind == JsonValueKind.Object && obligation.TryGetProperty("key", out var element) && element.ValueKind == JsonValueKind.String)
            {
                var key = element.GetString()!;
                var at = $"{JsonSchemaValidator.Index(path, j)}.key";
                if (!taxonomy.Contains(key))
                {
                    yield return new(at, $"義務キー \"{key}\" は義務分類（obligations.json）にありません。");
                }

                if (!keys.TryAdd(key, j))
                {
                    yield return new(at, $"義務キー \"{key}\" はこの条で既に使われています（obligations[{keys[key]}]）。1つにまとめ、複数の項は clause に書いてください。");
                }
            }

            j++;
        }
    }
}
