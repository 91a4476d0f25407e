using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Itaku.Web.Pages.Shared;

internal static class PageModelExtensions
{
    /// <summary>Shows a service's field errors (camelCase, as in the API) next to the page's <c>Input.Field</c>.</summary>
    public static void AddErrors(this ModelStateDictionary modelState, RequestValidationException e, string prefix = "Input")
    {
        foreach (var (field, messages) in e.Errors)
        {
            var key = field.Length == 0 ? "" : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var m in messages)
            {
                modelState.AddModelError(key, m);
            }
        }
    }
}
