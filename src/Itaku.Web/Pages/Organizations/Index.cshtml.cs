using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages.Organizations;

public sealed class IndexModel(OrganizationService organizations) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public IReadOnlyList<OrganizationDto> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public Dictionary<long, string> Names { get; private set; } = [];
    public List<OrganizationDto> ClientBodies { get; private set; } = [];
    public bool CanCreate => User.IsInRole(nameof(GlobalRole.SystemAdmin));

    public async Task OnGetAsync(string? cursor, CancellationToken ct) => await LoadAsync(cursor, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanCreate)
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            try
            {
                await organizations.CreateAsync(new CreateOrganizationRequest(Input.Kind, Input.Name, Input.ParentId, Input.Address, Input.Representative), ct);
                return RedirectToPage();
            }
            catch (RequestValidationException e)
            {
                ModelState.AddErrors(e);
            }
        }

        await LoadAsync(null, ct);
        return Page();
    }

    private async Task LoadAsync(string? cursor, CancellationToken ct)
    {
        var page = await organizations.ListAsync(null, cursor, Cursor.MaxLimit, ct);
        Items = page.Items;
        NextCursor = page.NextCursor;
        var bodies = await organizations.Visible().Where(o => o.Kind == OrganizationKind.ClientBody).OrderBy(o => o.Name).ToListAsync(ct);
        ClientBodies = bodies.Select(o => o.ToDto()).ToList();
        Names = bodies.ToDictionary(o => o.Id, o => o.Name);
    }

    public sealed class OrganizationInput
    {
        [Required(ErrorMessage = "種別を指定してください。")]
        public OrganizationKind Kind { get; set; } = OrganizationKind.Contractor;

        [Required(ErrorMessage = "名称を入力してください。"), StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string Name { get; set; } = "";

        public long? ParentId { get; set; }

        [StringLength(400, ErrorMessage = "所在地は400文字以内で入力してください。")]
        public string? Address { get; set; }

        [StringLength(200, ErrorMessage = "代表者は200文字以内で入力してください。")]
        public string? Representative { get; set; }
    }
}
