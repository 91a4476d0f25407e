using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Pages.Contracts;

public sealed class EditModel(ContractService contracts, OrganizationService organizations) : ContractFormModel(contracts, organizations)
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Id = id;
        await Contracts.RequireAsync(id, ContractOperations.Manage, ct);
        Input = ContractInput.From(await Contracts.GetAsync(id, ct));
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Id = id;
        return await SubmitAsync(r => Contracts.UpdateAsync(id, r, ct), ct);
    }
}
