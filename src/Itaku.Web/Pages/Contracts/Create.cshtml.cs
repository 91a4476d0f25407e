using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Pages.Contracts;

[Authorize(Policy = Policies.ClientStaff)]
public sealed class CreateModel(ContractService contracts, OrganizationService organizations, CurrentUser current, TimeProvider time, ProvisionSetService provisionSets)
    : ContractFormModel(contracts, organizations)
{
    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        Input.StartDate = today;
        Input.EndDate = today.AddYears(1).AddDays(-1);
        if (Departments.Any(d => d.Id == current.OrganizationId))
        {
            Input.ClientDepartmentId = current.OrganizationId;
        }

        Input.ProvisionSetId = await provisionSets.DefaultIdAsync(ct);
    }

    protected override async Task LoadMoreChoicesAsync(CancellationToken ct) =>
        ProvisionSets = (await provisionSets.ListAsync(null, null, Cursor.MaxLimit, ct)).Items;

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SubmitAsync(r => Contracts.CreateAsync(r with { Status = ContractStatus.Draft }, ct), ct);
}
