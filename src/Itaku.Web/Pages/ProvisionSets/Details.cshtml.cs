using Itaku.Web.Features.Provisions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.ProvisionSets;

public sealed class DetailsModel(ProvisionSetService provisionSets) : PageModel
{
    public ProvisionSetDto Set { get; private set; } = null!;

    /// <summary>Set after a redirect from the import page: "imported" or "unchanged".</summary>
    public string? Outcome { get; private set; }

    public async Task OnGetAsync(long id, string? outcome, CancellationToken ct)
    {
        Set = await provisionSets.GetAsync(id, ct);
        Outcome = outcome;
    }
}
