using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.ProvisionSets;

/// <summary>
/// The Owner's decision on one obligation of a contract: not applicable (with the reason) or
/// applicable again. The contract page posts its row forms here; on an error this page shows it.
/// </summary>
public sealed class ApplicabilityModel(ContractObligationService obligations, ContractService contracts) : PageModel
{
    [BindProperty]
    public ApplicabilityInput Input { get; set; } = new();

    public ContractDto Contract { get; private set; } = null!;
    public ContractObligationDto Obligation { get; private set; } = null!;

    public async Task OnGetAsync(long id, string key, CancellationToken ct)
    {
        await LoadAsync(id, key, ct);
        Input = new ApplicabilityInput { Applicable = Obligation.Applicable, Reason = Obligation.Reason };
    }

    public async Task<IActionResult> OnPostAsync(long id, string key, CancellationToken ct)
    {
        var request = new ApplicabilityRequest(Input.Applicable, Input.Applicable ? null : Input.Reason);
        var validation = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), validation, validateAllProperties: true))
        {
            foreach (var v in validation)
            {
                ModelState.AddModelError("Input." + v.MemberNames.FirstOrDefault(), v.ErrorMessage ?? "");
            }
        }
        else
        {
            try
            {
                await obligations.SetApplicabilityAsync(id, key, request, ct);
                return Redirect($"/Contracts/{id}#obligations");
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

        await LoadAsync(id, key, ct);
        return Page();
    }

    /// <summary>Only those who may decide see the form: 404 outside the caller's contracts, 403 for readers.</summary>
    private async Task LoadAsync(long id, string key, CancellationToken ct)
    {
        await contracts.RequireAsync(id, ContractOperations.Manage, ct);
        Contract = await contracts.GetAsync(id, ct);
        Obligation = (await obligations.ListAsync(id, ct)).Items.FirstOrDefault(o => o.Key == key)
            ?? throw new NotFoundException("この契約の特記事項に、その義務はありません。");
    }

    public sealed class ApplicabilityInput
    {
        public bool Applicable { get; set; } = true;

        /// <summary>Checked by <see cref="ApplicabilityRequest"/>, like the API's.</summary>
        public string? Reason { get; set; }
    }
}
