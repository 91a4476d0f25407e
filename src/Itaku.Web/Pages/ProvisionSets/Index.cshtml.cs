using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.ProvisionSets;

/// <summary>Every provision set and version in the database; anyone signed in may read them, administrators import.</summary>
public sealed class IndexModel(ProvisionSetService provisionSets) : PageModel
{
    public IReadOnlyList<ProvisionSetSummaryDto> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public bool CanImport => User.IsInRole(nameof(GlobalRole.SystemAdmin));

    public async Task OnGetAsync(string? cursor, CancellationToken ct)
    {
        var page = await provisionSets.ListAsync(null, cursor, Cursor.MaxLimit, ct);
        Items = page.Items;
        NextCursor = page.NextCursor;
    }
}
