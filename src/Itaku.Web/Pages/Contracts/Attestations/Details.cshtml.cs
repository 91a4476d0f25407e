using Itaku.Web.Features.Attestations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts.Attestations;

/// <summary>One attestation: its statement and attachments; the Owner accepts or returns it here, the Responsible resubmits a returned one.</summary>
public sealed class DetailsModel(ContractService contracts, AttestationService attestations, IAuthorizationService authorization, ObligationTaxonomy taxonomy) : PageModel
{
    [BindProperty]
    public DecisionInput Input { get; set; } = new();

    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public AttestationDto Attestation { get; private set; } = null!;
    public string Description { get; private set; } = "";
    public bool CanDecide { get; private set; }
    public bool CanResubmit { get; private set; }

    public async Task OnGetAsync(long id, long aid, CancellationToken ct) => await LoadAsync(id, aid, ct);

    /// <summary>The page's download link: the API takes bearer tokens only, a signed-in browser comes here.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(long id, long aid, long attachmentId, CancellationToken ct)
    {
        var file = await attestations.DownloadAsync(id, aid, attachmentId, ct);
        AttachmentDownload.SetHeaders(Response);
        return File(file.Content, file.ContentType, file.FileName);
    }

    public Task<IActionResult> OnPostAcceptAsync(long id, long aid, CancellationToken ct) =>
        DecideAsync(id, aid, () => attestations.AcceptAsync(id, aid, new AcceptAttestationRequest(Input.Comment), ct), "comment", ct);

    public Task<IActionResult> OnPostReturnAsync(long id, long aid, CancellationToken ct) =>
        DecideAsync(id, aid, () => attestations.ReturnAsync(id, aid, new ReturnAttestationRequest(Input.Reason), ct), "reason", ct);

    private async Task<IActionResult> DecideAsync(long id, long aid, Func<Task<AttestationDto>> decide, string field, CancellationToken ct)
    {
        try
        {
            await decide();
            return RedirectToPage(new { id, aid });
        }
        catch (RequestValidationException e)
        {
            ModelState.AddErrors(e);
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError(field == "reason" ? "Input.Reason" : "Input.Comment", e.Message);
        }

        await LoadAsync(id, aid, ct);
        return Page();
    }

    private async Task LoadAsync(long id, long aid, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Attestation = await attestations.GetAsync(id, aid, ct);
        Description = taxonomy.Find(Attestation.ObligationKey)?.Description.Current ?? Attestation.ObligationKey;
        CanDecide = Attestation.Status == AttestationStatus.Submitted && (await authorization.AuthorizeAsync(User, access, ContractOperations.DecideAttestation)).Succeeded;
        CanResubmit = Attestation.Status == AttestationStatus.Returned && (await authorization.AuthorizeAsync(User, access, ContractOperations.Attest)).Succeeded;
    }

    public sealed class DecisionInput
    {
        public string? Comment { get; set; }
        public string? Reason { get; set; }
    }
}
