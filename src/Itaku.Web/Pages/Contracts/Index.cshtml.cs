using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages.Contracts;

public sealed class IndexModel(ContractService contracts) : PageModel
{
    public IReadOnlyList<ContractDto> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public ContractStatus? Status { get; private set; }
    public bool CanCreate => User.IsInRole(nameof(GlobalRole.SystemAdmin)) || User.IsInRole(nameof(GlobalRole.ClientStaff));
    private Dictionary<long, string> _names = [];

    public string Name(long organizationId) => _names.TryGetValue(organizationId, out var n) ? n : $"#{organizationId}";

    public async Task OnGetAsync(ContractStatus? status, string? cursor, CancellationToken ct)
    {
        Status = status;
        var page = await contracts.ListAsync(status, cursor, 100, ct);
        Items = page.Items;
        NextCursor = page.NextCursor;
        var ids = Items.SelectMany(c => new[] { c.ClientDepartmentId, c.ContractorId }).Distinct().ToList();
        // Names of the contract's own parties are shown even to contractor staff, who otherwise see only their organisation.
        _names = await contracts.PartyNamesAsync(ids, ct);
    }
}
