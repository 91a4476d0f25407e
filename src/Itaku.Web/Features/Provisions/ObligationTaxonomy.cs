using System.Text.Json;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// The one list of obligation keys every provision set points at (obligations.json,
/// docs/obligations.md). Loaded once at start-up; a broken taxonomy stops the application, since
/// no set could be checked against it.
/// </summary>
public sealed class ObligationTaxonomy
{
    private readonly Dictionary<string, ObligationDefinition> _byKey;

    public ObligationTaxonomy(IEnumerable<ObligationDefinition> definitions)
    {
        All = definitions.ToList();
        _byKey = All.ToDictionary(d => d.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<ObligationDefinition> All { get; }

    public bool Contains(string key) => _byKey.ContainsKey(key);

    public ObligationDefinition? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Reads the taxonomy, refusing it unless it passes its schema and every key is unique.</summary>
    public static ObligationTaxonomy Load(string json, JsonSchemaValidator schema)
    {
        using var document = JsonDocument.Parse(json, ProvisionSetReader.Parsing);
        var errors = schema.Validate(document.RootElement).ToList();
        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                    && !seen.TryAdd(key.GetString()!, i))
                {
                    errors.Add(new($"$[{i}].key", $"キー \"{key.GetString()}\" が重複しています（$[{seen[key.GetString()!]}] と同じ）。"));
                }

                i++;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{ShippedProvisions.TaxonomyFile} is invalid:\n" + string.Join("\n", errors.Select(e => $"  {e.Path}: {e.Message}")));
        }

        return new ObligationTaxonomy(document.RootElement.Deserialize<List<ObligationDefinition>>(ProvisionSetReader.Json)!);
    }
}
