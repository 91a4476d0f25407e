using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Features.Users;

internal static class IdentityErrors
{
    /// <summary>Groups Identity's errors under the request field they concern.</summary>
    public static Dictionary<string, string[]> ByField(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
