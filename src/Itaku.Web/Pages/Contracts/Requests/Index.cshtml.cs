using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts.Requests;

/// <summary>A contract's requests; the contractor's 責任者/監督者 starts new ones here.</summary>
public sealed class IndexModel(ContractService contracts, RequestService requests, IAuthorizationService authorization, ProvisionCitations basis) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;
    public List<RequestSummaryDto> Requests { get; private set; } = [];
    public RequestPageAccess Access { get; private set; } = new(false, false);

    /// <summary>The kinds the contract's provision set calls for, with the articles that do.</summary>
    public IReadOnlyDictionary<string, string> Basis { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        Requests = await requests.ListAsync(id, null, null, ct);
        Access = await RequestPageAccess.ForAsync(contracts, authorization, User, id, ct);
        Basis = await basis.ForRequestKindsAsync(id, ct);
    }
}
