using Itaku.Web.Features.Attestations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Pages.Contracts.Attestations;

/// <summary>A contract's attestations; its Responsible submits new ones here (a returned one is answered with a new submission).</summary>
public sealed class IndexModel(ContractService contracts, AttestationService attestations, IAuthorizationService authorization, IOptions<AttachmentSettings> settings) : PageModel
{
    [BindProperty]
    public SubmitInput Input { get; set; } = new();

    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public List<AttestationDto> Items { get; private set; } = [];
    public List<AttestableObligationDto> Attestable { get; private set; } = [];
    public bool CanSubmit { get; private set; }
    public AttachmentSettings Limits => settings.Value;

    public string Describe(string key) => Attestable.FirstOrDefault(o => o.Key == key)?.Description ?? key;

    public async Task OnGetAsync(long id, string? key, long? basedOn, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input.ObligationKey = key;
        if (basedOn is { } previous && Items.FirstOrDefault(a => a.Id == previous && a.Status == AttestationStatus.Returned) is { } returned)
        {
            Input.BasedOnId = returned.Id;
            Input.ObligationKey = returned.ObligationKey;
            Input.Statement = returned.Statement;
            Input.ValidFrom = returned.ValidFrom;
            Input.ValidUntil = returned.ValidUntil;
        }
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var files = Input.Files.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
                var created = await attestations.SubmitAsync(id, new AttestationSubmission(Input.ObligationKey, Input.Statement, Input.ValidFrom, Input.ValidUntil, Input.BasedOnId), files, ct);
                return RedirectToPage("Details", new { id, aid = created.Id });
            }
            catch (RequestValidationException e)
            {
                ModelState.AddErrors(e);
            }
            catch (ConflictException e)
            {
                ModelState.AddModelError("", e.Message);
            }
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Items = await attestations.ListAsync(id, null, ct);
        Attestable = await attestations.AttestableAsync(id, ct);
        CanSubmit = (await authorization.AuthorizeAsync(User, access, ContractOperations.Attest)).Succeeded;
    }

    public sealed class SubmitInput
    {
        public string? ObligationKey { get; set; }
        public string? Statement { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public long? BasedOnId { get; set; }
        public List<IFormFile> Files { get; set; } = [];
    }
}
