using Microsoft.AspNetCore.Http;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// One shape for every validation problem: field keys in camelCase as in the JSON (the built-in
/// minimal-API validation keys them by C# property name, e.g. "EndDate", "WorkLocations[0].Address"),
/// and a Japanese title.
/// </summary>
internal static class ProblemDetailsConventions
{
    public static void Apply(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails validation)
        {
            return;
        }

        validation.Title = "入力内容に誤りがあります。";
        var rekeyed = validation.Errors.ToDictionary(kv => CamelPath(kv.Key), kv => kv.Value);
        validation.Errors.Clear();
        foreach (var (key, messages) in rekeyed)
        {
            validation.Errors[key] = validation.Errors.TryGetValue(key, out var existing) ? [.. existing, .. messages] : messages;
        }
    }

    /// <summary>"WorkLocations[0].Address" → "workLocations[0].address"; "line 2" and "$.a.b" stay as they are.</summary>
    private static string CamelPath(string key) =>
        key.Contains(' ', StringComparison.Ordinal) || key.StartsWith('$')
            ? key
            : string.Join('.', key.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));
}
