using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Itaku.Web.Pages.Contracts;

/// <summary>The compliance matrix on its own, laid out for A4 paper, and its CSV download.</summary>
public sealed class ComplianceModel(ContractService contracts, ContractObligationService obligations, IStringLocalizer<SharedResource> l) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;
    public ContractObligationsDto Obligations { get; private set; } = null!;
    private Dictionary<long, string> _names = [];

    public string Name(long organizationId) => _names.TryGetValue(organizationId, out var n) ? n : $"#{organizationId}";

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        Obligations = await obligations.ListAsync(id, ct);
        _names = await contracts.PartyNamesAsync([Contract.ClientDepartmentId, Contract.ContractorId], ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(long id, CancellationToken ct)
    {
        var (name, content) = await obligations.CsvAsync(id, k => l[k], ct);
        return File(content, "text/csv; charset=utf-8", name);
    }
}
