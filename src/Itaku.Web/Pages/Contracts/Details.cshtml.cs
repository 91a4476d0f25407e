using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages.Contracts;

public sealed class DetailsModel(ContractService contracts, UserService users, ContractObligationService obligations, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public MemberInput Input { get; set; } = new();

    public ContractDto Contract { get; private set; } = null!;
    public List<MemberDto> Members { get; private set; } = [];
    public List<SubcontractorDto> Subcontractors { get; private set; } = [];
    public List<UserDto> Candidates { get; private set; } = [];
    public bool CanManage { get; private set; }
    public ContractObligationsDto Obligations { get; private set; } = null!;
    private Dictionary<long, string> _names = [];

    public string Name(long organizationId) => _names.TryGetValue(organizationId, out var n) ? n : $"#{organizationId}";

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAddAsync(long id, CancellationToken ct)
    {
        try
        {
            await contracts.AddMemberAsync(id, new AddMemberRequest(Input.UserId, Input.Role), ct);
            return RedirectToPage(new { id });
        }
        catch (RequestValidationException e)
        {
            ModelState.AddErrors(e);
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("Input.UserId", e.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, Guid userId, CancellationToken ct)
    {
        try
        {
            await contracts.RemoveMemberAsync(id, userId, ct);
            return RedirectToPage(new { id });
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        Members = await contracts.ListMembersAsync(id, ct);
        Subcontractors = await contracts.ListSubcontractorsAsync(id, ct);
        Obligations = await obligations.ListAsync(id, ct);
        _names = await contracts.PartyNamesAsync([Contract.ClientDepartmentId, Contract.ContractorId], ct);
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        // The same rule the service enforces, not a copy of it.
        CanManage = (await authorization.AuthorizeAsync(User, access, ContractOperations.Manage)).Succeeded;
        if (CanManage)
        {
            // Candidates: client-side staff, and the staff of this contract's contractor.
            var memberIds = Members.Select(m => m.UserId).ToHashSet();
            var contractorId = Contract.ContractorId;
            var subcontractorIds = Subcontractors.Select(s => s.OrganizationId).ToList();
            var all = await users.Visible()
                .Where(u => u.Role != GlobalRole.ContractorStaff || u.OrganizationId == contractorId || subcontractorIds.Contains(u.OrganizationId))
                .OrderBy(u => u.DisplayName).Take(500).ToListAsync(ct);
            Candidates = all.Where(u => !memberIds.Contains(u.Id)).Select(u => u.ToDto(DateTimeOffset.UtcNow)).ToList();
        }
    }

    public sealed class MemberInput
    {
        public Guid? UserId { get; set; }
        public ContractRole? Role { get; set; }
    }
}
