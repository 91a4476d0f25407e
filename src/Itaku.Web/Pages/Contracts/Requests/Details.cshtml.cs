using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Requests;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts.Requests;

/// <summary>One request: its content, earlier revisions, and the actions the caller may take.</summary>
public sealed class DetailsModel(ContractService contracts, RequestService requests, IAuthorizationService authorization, ProvisionCitations basis) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;
    public RequestDto Item { get; private set; } = null!;
    public RequestPageAccess Access { get; private set; } = new(false, false);

    /// <summary>The kinds the contract's provision set calls for, with the articles that do.</summary>
    public IReadOnlyDictionary<string, string> Basis { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(long id, long requestId, CancellationToken ct)
    {
        await LoadAsync(id, requestId, ct);
        PdfRefresh.WhilePending(Response, Item.Documents.Select(d => d.PdfStatus));
    }

    public Task<IActionResult> OnPostSubmitAsync(long id, long requestId, CancellationToken ct) =>
        ActAsync(id, requestId, () => requests.SubmitAsync(id, requestId, ct), ct);

    public Task<IActionResult> OnPostWithdrawAsync(long id, long requestId, CancellationToken ct) =>
        ActAsync(id, requestId, () => requests.WithdrawAsync(id, requestId, ct), ct);

    public Task<IActionResult> OnPostReturnAsync(long id, long requestId, string? reason, CancellationToken ct) =>
        ActAsync(id, requestId, () => requests.ReturnAsync(id, requestId, new ReasonRequest(reason), ct), ct);

    public Task<IActionResult> OnPostRejectAsync(long id, long requestId, string? reason, CancellationToken ct) =>
        ActAsync(id, requestId, () => requests.RejectAsync(id, requestId, new ReasonRequest(reason), ct), ct);

    public Task<IActionResult> OnPostApproveAsync(long id, long requestId, string? conditions, DateOnly? validFrom, DateOnly? validUntil, CancellationToken ct) =>
        ActAsync(id, requestId, () => requests.ApproveAsync(id, requestId, new ApproveRequest(conditions, validFrom, validUntil), ct), ct);

    private async Task<IActionResult> ActAsync(long id, long requestId, Func<Task<RequestDto>> action, CancellationToken ct)
    {
        try
        {
            await action();
            return RedirectToPage(new { id, requestId });
        }
        catch (RequestValidationException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("", m);
            }
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }

        await LoadAsync(id, requestId, ct);
        return Page();
    }

    private async Task LoadAsync(long id, long requestId, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        Item = await requests.GetAsync(id, requestId, ct);
        Access = await RequestPageAccess.ForAsync(contracts, authorization, User, id, ct);
        Basis = await basis.ForRequestKindsAsync(id, ct);
    }
}
