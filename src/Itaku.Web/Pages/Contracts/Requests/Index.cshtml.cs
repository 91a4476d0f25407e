using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts.Requests;

/// <summary>A contract's requests; the contractor's 責任者/監督者 starts new ones here.</summary>
public sealed class IndexModel(ContractService contracts, RequestService requests, IAuthorizationService authorization) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;
    public List<RequestSummaryDto> Requests { get; private set; } = [];
    public RequestPageAccess Access { get; private set; } = new(false, false);

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        Requests = await requests.ListAsync(id, null, null, ct);
        Access = await RequestPageAccess.ForAsync(contracts, authorization, User, id, ct);
    }
}
