using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages;

/// <summary>
/// The home page is the dashboard: the caller's contracts with their overdue and due-soon counts
/// (sortable, filterable by department and contractor), and what is owed next.
/// </summary>
public sealed class IndexModel(DashboardService dashboard, CurrentUser current) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Contractor { get; set; }

    [BindProperty(SupportsGet = true)]
    public DashboardSort Sort { get; set; } = DashboardSort.Overdue;

    [BindProperty(SupportsGet = true)]
    public bool Reverse { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Closed { get; set; }

    public DashboardDto Dashboard { get; private set; } = null!;

    public bool ContractorSide => current.Role == GlobalRole.ContractorStaff;

    public async Task OnGetAsync(CancellationToken ct) =>
        Dashboard = await dashboard.GetAsync(Department, Contractor, Closed, Sort, Reverse, ct);

    /// <summary>The link that sorts by <paramref name="sort"/>, or reverses the order when it already does.</summary>
    public string SortLink(DashboardSort sort) =>
        Url.Page("/Index", new { Department, Contractor, Closed = Closed ? true : (bool?)null, Sort = sort, Reverse = sort == Sort && !Reverse ? true : (bool?)null })!;
}
